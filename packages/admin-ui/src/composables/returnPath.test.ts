import { describe, expect, it } from 'vitest';
import { returnPath } from './returnPath';

describe('returnPath', () => {
  it.each([
    ['/chaman/certificates', '/chaman/certificates'],
    ['/chaman/accounts/self_service_expeditor_1?tab=certificates#top', '/chaman/accounts/self_service_expeditor_1?tab=certificates#top'],
    ['/', '/'],
    ['/a/../access', '/access'],
  ])('keeps the same-origin path %s', (next, kept) => {
    expect(returnPath(next)).toBe(kept);
  });

  it.each([
    'https://evil.example',
    'https://evil.example/chaman',
    '//evil.example',
    '//evil.example/chaman',
    '/\\evil.example',
    '\\\\evil.example',
    '/\tevil',
    'javascript:alert(1)',
    'chaman',
    '',
    '/sign-in?next=/access',
    '/sign-up',
    undefined,
    ['/access'],
  ])('ignores %j', (next) => {
    expect(returnPath(next)).toBeNull();
  });
});
