import { describe, expect, it } from 'vitest';
import { algorithmFitsKey, assertionRefusedFromMs, AssertionReasons, checkAssertionClaims, CLOCK_SKEW_SECONDS, grantScopes } from './oauth.js';

const now = 1_800_000_000;
const ctx = { audiences: ['https://c.example/REST/oauth/v5/token', 'https://c.example'], now };
const good = { iss: 'self_service_expeditor_1', sub: 'self_service_expeditor_1', aud: ctx.audiences[0], exp: now + 300, iat: now, jti: 'x' };

describe('checkAssertionClaims', () => {
  it('accepts a proper assertion, aud as a string or an array, or the issuer', () => {
    expect(checkAssertionClaims({ alg: 'RS256' }, good, ctx)).toBeNull();
    expect(checkAssertionClaims({ alg: 'ES384' }, { ...good, aud: [ctx.audiences[1]] }, ctx)).toBeNull();
    expect(checkAssertionClaims({ alg: 'ES384' }, { ...good, aud: [...ctx.audiences] }, ctx)).toBeNull();
  });
  it('refuses an aud array that also names another audience, and an empty one', () => {
    for (const aud of [['https://other.example/token', ctx.audiences[0]], [ctx.audiences[0], 'x'], [], [ctx.audiences[0], 7]]) {
      const e = checkAssertionClaims({ alg: 'RS256' }, { ...good, aud }, ctx);
      expect(e).toMatchObject({ error: 'invalid_client', step: 'aud', reason: AssertionReasons.aud });
      expect(e?.description).toMatch(/as a string or an array holding only those/);
    }
  });
  it('refuses any crit header parameter: the server understands no extension (RFC 7515, 4.1.11)', () => {
    for (const crit of [['exp'], ['http://example.invalid/ext'], 'b64', []]) {
      const e = checkAssertionClaims({ alg: 'RS256', crit, 'http://example.invalid/ext': true }, good, ctx);
      expect(e).toMatchObject({ error: 'invalid_client', step: 'header', reason: AssertionReasons.crit });
    }
  });
  it('an assertion is refused by its exp from the millisecond after its last accepted second', () => {
    const exp = now;
    const lastAccepted = exp + CLOCK_SKEW_SECONDS;
    expect(checkAssertionClaims({ alg: 'RS256' }, { ...good, exp }, { ...ctx, now: lastAccepted })).toBeNull();
    expect(checkAssertionClaims({ alg: 'RS256' }, { ...good, exp }, { ...ctx, now: lastAccepted + 1 })?.reason).toBe(AssertionReasons.expired);
    // The token endpoint compares floor(ms / 1000): the whole last second is accepted.
    expect(assertionRefusedFromMs(exp)).toBe((lastAccepted + 1) * 1000);
  });
  it.each([
    [{ alg: 'none' }, good, /alg "none" is not accepted/],
    [{ alg: 'HS256' }, good, /alg "HS256"/],
    [{ alg: 'RS256' }, { ...good, sub: 'other' }, /sub must equal iss/],
    [{ alg: 'RS256' }, { ...good, aud: 'https://elsewhere' }, /^aud must be https:\/\/c.example\/REST\/oauth\/v5\/token .*got "https:\/\/elsewhere"/],
    [{ alg: 'RS256' }, { ...good, exp: undefined }, /exp is required/],
    [{ alg: 'RS256' }, { ...good, exp: now - 61 }, /expired/],
    [{ alg: 'RS256' }, { ...good, exp: now + 3601 }, /3601 s ahead .* at most 3600 s/],
    [{ alg: 'RS256' }, { ...good, iat: now + 61 }, /iat .* in the future/],
    [{ alg: 'RS256' }, { ...good, nbf: now + 120 }, /nbf .* in the future/],
    [{ alg: 'RS256' }, { ...good, jti: undefined }, /jti is required/],
    [{ alg: 'RS256' }, { ...good, jti: 'a\u0000b' }, /without control characters; got "a\\u0000b"/],
  ])('refuses %j %j', (header, claims, message) => {
    const e = checkAssertionClaims(header, claims as Record<string, unknown>, ctx);
    expect(e?.error).toBe('invalid_client');
    expect(e?.description).toMatch(message);
  });
  it('allows 60 s of clock skew', () => {
    expect(checkAssertionClaims({ alg: 'RS256' }, { ...good, exp: now - 59, iat: now + 59 }, ctx)).toBeNull();
  });
});

describe('keys and scopes', () => {
  it('fits algorithms to keys', () => {
    expect(algorithmFitsKey('PS256', { keyAlgorithm: 'RSA', curve: null })).toBe(true);
    expect(algorithmFitsKey('ES384', { keyAlgorithm: 'RSA', curve: null })).toBe(false);
    expect(algorithmFitsKey('ES384', { keyAlgorithm: 'EC', curve: 'P-384' })).toBe(true);
    expect(algorithmFitsKey('ES512', { keyAlgorithm: 'EC', curve: 'P-384' })).toBe(false);
  });
  it('grants all scopes when none is asked, refuses one not granted', () => {
    expect(grantScopes(undefined, ['a', 'b'])).toEqual({ scopes: ['a', 'b'] });
    expect(grantScopes('b', ['a', 'b'])).toEqual({ scopes: ['b'] });
    expect(grantScopes('a c', ['a', 'b'])).toMatchObject({ error: 'invalid_scope', description: expect.stringContaining('scope c is not granted') });
  });
});
