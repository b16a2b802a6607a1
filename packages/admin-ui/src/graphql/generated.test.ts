import { readFileSync } from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../codegen';

describe('generated GraphQL documents', () => {
  it('match the server schema and the .graphql operations (run `pnpm --filter @chaman/admin-ui codegen` when this fails)', async () => {
    const [output] = await generate({ ...config, cwd: new URL('../..', import.meta.url).pathname, silent: true }, false);
    expect(output?.content).toBe(readFileSync(new URL('./generated.ts', import.meta.url), 'utf8'));
  }, 30_000);
});
