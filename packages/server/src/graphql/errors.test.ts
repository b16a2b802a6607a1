import { describe, expect, it } from 'vitest';
import { createFormatError, MAX_MESSAGE_LENGTH } from './errors.js';

describe('formatError', () => {
  const formatError = createFormatError({ hideSuggestions: true });

  it('cuts long messages and string params of refusals, and leaves the rest as they are', () => {
    const formatted = formatError({
      message: 'x'.repeat(1_000_000),
      extensions: { code: 'BAD_USER_INPUT', reason: 'rest-account/name', params: { name: 'n'.repeat(50_000), max: 100 } },
    });
    expect(formatted.message).toHaveLength(MAX_MESSAGE_LENGTH);
    expect(formatted.message.endsWith('…')).toBe(true);
    const params = formatted.extensions?.params as { name: string; max: number };
    expect(params.name).toHaveLength(MAX_MESSAGE_LENGTH);
    expect(params.max).toBe(100);
    expect(formatted.extensions?.reason).toBe('rest-account/name');
    expect(formatError({ message: 'short', extensions: { code: 'NOT_FOUND' } })).toEqual({ message: 'short', extensions: { code: 'NOT_FOUND' } });
  });

  it('hides field suggestions when asked, and unexpected errors always', () => {
    expect(formatError({ message: 'Cannot query field "serverInf" on type "Query". Did you mean "serverInfo"?', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }).message).toBe(
      'Cannot query field "serverInf" on type "Query".',
    );
    expect(formatError({ message: 'SQLITE_ERROR: no such table', extensions: {} }).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });
});
