import { randomUUID } from 'node:crypto';
import { makeCertificate, privateKey, type KeySpec, type Made } from '@chaman/domain/test-support';
import * as jose from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateClient } from '../src/oauth/client-authentication.js';
import { companyWithChief, CREATE_ACCOUNT } from './support/chaman.js';
import { databaseKinds } from './support/databases.js';
import type { Caller } from './support/people.js';
import { startTestServer, type TestServer } from './support/server.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

interface Account {
  id: string;
  clientId: string;
  made: Made;
}

describe.each(databaseKinds)('the OAuth token endpoint on %s', (kind) => {
  let server: TestServer;
  let chief: Caller;
  let companyId: string;
  let tokenUrl: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    ({ chief, companyId } = await companyWithChief(server, 'oauth'));
    tokenUrl = `${server.url}/REST/oauth/v5/token`;
  });
  afterAll(async () => server.stop());

  async function account(key: KeySpec, options: { permissions?: string[]; notAfter?: Date } = {}): Promise<Account> {
    const made = makeCertificate({ key, keyPem: privateKey(key, true), ...(options.notAfter ? { notAfter: options.notAfter } : {}) });
    const a = (
      await chief.q(CREATE_ACCOUNT, {
        input: { companyId, name: `acc ${randomUUID()}`, permissionCodes: options.permissions ?? ['dimona-declaration', 'demo-consult'], certificate: { name: `cert ${randomUUID().slice(0, 8)}`, content: made.certPem } },
      })
    ).createRestAccount;
    return { id: a.id, clientId: a.clientId, made };
  }

  const algOf = (key: KeySpec) => (key.startsWith('rsa') ? 'RS256' : key === 'ec:P-384' ? 'ES384' : 'ES512');

  async function assertion(a: Account, key: KeySpec, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}, pem = a.made.keyPem) {
    const alg = (header.alg as string) ?? algOf(key);
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: a.clientId, sub: a.clientId, aud: tokenUrl, iat: now, exp: now + 300, jti: randomUUID(), ...claims };
    for (const [k, v] of Object.entries(payload)) if (v === undefined) delete (payload as Record<string, unknown>)[k];
    return new jose.CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg, ...header })
      .sign(await jose.importPKCS8(pem, alg));
  }

  async function token(form: Record<string, string>) {
    const r = await fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
    return { status: r.status, body: (await r.json()) as Record<string, string>, headers: r.headers };
  }
  const grant = (clientAssertion: string, extra: Record<string, string> = {}) =>
    token({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, client_assertion: clientAssertion, ...extra });

  it.each(['rsa:2048', 'ec:P-384'] as const)('gives a token to openid-client 6 (PrivateKeyJwt) for a %s certificate; it verifies against the JWKS', async (key) => {
    const a = await account(key);
    const config = await client.discovery(new URL(server.url), a.clientId, undefined, client.PrivateKeyJwt(await jose.importPKCS8(a.made.keyPem, algOf(key))), {
      algorithm: 'oauth2',
      execute: [client.allowInsecureRequests],
    });
    const tokens = await client.clientCredentialsGrant(config, { scope: 'scope:dimona:declaration:declarant' });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.scope).toBe('scope:dimona:declaration:declarant');
    const jwks = jose.createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jose.jwtVerify(tokens.access_token, jwks, { issuer: server.url });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(payload).toMatchObject({ sub: a.clientId, client_id: a.clientId, scope: 'scope:dimona:declaration:declarant', enterprise_number: expect.stringMatching(/^\d{10}$/) });
    expect(payload.exp! - payload.iat!).toBe(600);
    // No scope asked: all of the account's.
    const all = await grant(await assertion(a, key));
    expect(all.status).toBe(200);
    expect(all.body.scope!.split(' ').sort()).toEqual(['scope:demo:consult', 'scope:dimona:declaration:declarant']);
    expect(all.headers.get('cache-control')).toBe('no-store');
  });

  it('publishes RFC 8414 metadata', async () => {
    const m = await (await fetch(`${server.url}/.well-known/oauth-authorization-server`)).json();
    expect(m).toMatchObject({
      issuer: server.url,
      token_endpoint: tokenUrl,
      jwks_uri: `${server.url}/.well-known/jwks.json`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    });
  });

  describe('refusals, each with its reason, recorded for the account', () => {
    let a: Account;
    beforeAll(async () => {
      a = await account('rsa:2048');
    });

    it.each([
      ['an expired assertion', { exp: Math.floor(Date.now() / 1000) - 120 }, {}, /the assertion expired/],
      ['a far-future exp', { exp: Math.floor(Date.now() / 1000) + 7200 }, {}, /s ahead of the server time .* at most 3600 s/],
      ['a wrong aud', { aud: 'https://elsewhere.example/token' }, {}, /^aud must be http:\/\/127\.0\.0\.1:\d+\/REST\/oauth\/v5\/token .*got "https:\/\/elsewhere/],
      ['a wrong sub', { sub: 'self_service_expeditor_999999' }, {}, /sub must equal iss/],
      ['a missing jti', { jti: undefined }, {}, /jti is required/],
      // PostgreSQL cannot store NUL: refused as a bad claim, not a 500.
      ['a jti with a NUL character', { jti: 'a\u0000b' }, {}, /without control characters/],
      // Which certificates the account has is not said to a caller who proved none of their keys.
      ['a kid of no certificate of the account', {}, { kid: 'not-a-certificate' }, /^no valid certificate of client "self_service_expeditor_\d+" verifies the signature \(alg RS256\)/],
    ])('%s', async (_name, claims, header, message) => {
      const r = await grant(await assertion(a, 'rsa:2048', claims, header));
      expect(r.status).toBe(401);
      expect(r.body.error).toBe('invalid_client');
      expect(r.body.error_description).toMatch(message);
    });

    it('a wrong iss: an unknown client', async () => {
      const r = await grant(await assertion(a, 'rsa:2048', { iss: 'self_service_expeditor_999999', sub: 'self_service_expeditor_999999' }));
      // The same answer as a known client whose signature does not verify: nobody learns which client IDs exist.
      expect(r.body).toEqual({
        error: 'invalid_client',
        error_description:
          'no valid certificate of client "self_service_expeditor_999999" verifies the signature (alg RS256); check the private key and the alg, and see the account\'s token attempts in Chaman',
      });
    });

    it('a reused jti', async () => {
      const jwt = await assertion(a, 'rsa:2048');
      expect((await grant(jwt)).status).toBe(200);
      const again = await grant(jwt);
      expect(again.body.error).toBe('invalid_client');
      expect(again.body.error_description).toMatch(/was already used; each assertion is single-use/);
    });

    it('the same assertion sent 20 times at once: one token, 19 replays, each attempt recorded', async () => {
      const b = await account('rsa:2048');
      const jwt = await assertion(b, 'rsa:2048');
      // Distinct assertions in flight at the same time share the recorder's transactions.
      const others = await Promise.all(Array.from({ length: 10 }, () => assertion(b, 'rsa:2048')));
      const responses = await Promise.all([...Array.from({ length: 20 }, () => grant(jwt)), ...others.map((o) => grant(o))]);
      const same = responses.slice(0, 20);
      expect(same.filter((r) => r.status === 200)).toHaveLength(1);
      expect(same.filter((r) => r.status === 401 && /was already used/.test(r.body.error_description ?? ''))).toHaveLength(19);
      expect(responses.slice(20).every((r) => r.status === 200)).toBe(true);
      const attempts = (await chief.q(`query($c: String!) { restAccount(clientId: $c) { tokenAttempts(first: 100) { outcome reason } } }`, { c: b.clientId })).restAccount
        .tokenAttempts as { outcome: string; reason: string }[];
      expect(attempts.filter((t) => t.outcome === 'granted')).toHaveLength(11);
      expect(attempts.filter((t) => t.outcome === 'invalid_client' && /was already used/.test(t.reason))).toHaveLength(19);
    });

    it('alg none, and HS256 signed with the public key', async () => {
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: a.clientId, sub: a.clientId, aud: tokenUrl, exp: now + 300, jti: randomUUID() };
      const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const none = `${b64({ alg: 'none' })}.${b64(claims)}.`;
      expect((await grant(none)).body.error_description).toMatch(/alg "none" is not accepted/);
      const hs = await new jose.SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(a.made.certPem));
      expect((await grant(hs)).body.error_description).toMatch(/alg "HS256" is not accepted/);
    });

    it('a key that is not on the account, and an algorithm that does not fit the key', async () => {
      const other = privateKey('rsa:2048', true);
      const r = await grant(await assertion(a, 'rsa:2048', {}, {}, other));
      expect(r.body.error_description).toBe(`no valid certificate of client "${a.clientId}" verifies the signature (alg RS256); check the private key and the alg, and see the account's token attempts in Chaman`);
      const ec = privateKey('ec:P-384', true);
      const r2 = await grant(await assertion(a, 'ec:P-384', {}, { alg: 'ES384' }, ec));
      expect(r2.body.error_description).toMatch(/^no valid certificate of client "self_service_expeditor_\d+" verifies the signature \(alg ES384\)/);
      // The account's people see why, counted for the caller's IP.
      const unproven = (await chief.q(`query($c: String!) { restAccount(clientId: $c) { unprovenTokenAttempts { ip count lastOutcome lastReason } } }`, { c: a.clientId })).restAccount
        .unprovenTokenAttempts;
      expect(unproven).toEqual([{ ip: '127.0.0.1', count: expect.any(Number), lastOutcome: 'invalid_client', lastReason: expect.stringMatching(/^alg ES384 does not fit the key of any certificate of .* \(RSA\)/) }]);
    });

    it('a scope not granted, a wrong grant type, a missing parameter', async () => {
      const r = await grant(await assertion(a, 'rsa:2048'), { scope: 'scope:dimona:declaration:consult' });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ error: 'invalid_scope', error_description: expect.stringContaining('scope scope:dimona:declaration:consult is not granted to this account; granted:') });
      const g = await token({ grant_type: 'password', client_assertion_type: JWT_BEARER, client_assertion: await assertion(a, 'rsa:2048') });
      expect(g.body).toEqual({ error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials; got "password"' });
      const m = await token({ grant_type: 'client_credentials' });
      expect(m.body.error).toBe('invalid_request');
    });

    it('a disabled account', async () => {
      const d = await account('ec:P-384');
      await chief.q('mutation($id: ID!) { disableRestAccount(input: { accountId: $id }) { id } }', { id: d.id });
      const r = await grant(await assertion(d, 'ec:P-384'));
      expect(r.body.error_description).toBe(`the account ${d.clientId} is disabled; enable it in Chaman`);
    });

    it('an expired certificate', async () => {
      const e = await account('ec:P-384', { notAfter: new Date(Date.now() + 2500) });
      await new Promise((r) => setTimeout(r, 3000));
      const r = await grant(await assertion(e, 'ec:P-384'));
      expect(r.body.error_description).toMatch(/^certificate "cert .*" of self_service_expeditor_\d+ is not valid now/);
    });

    it('shows every attempt on the account, with its reason', async () => {
      const attempts = (await chief.q(`query($c: String!) { restAccount(clientId: $c) { tokenAttempts(first: 50) { outcome reason ip } } }`, { c: a.clientId })).restAccount.tokenAttempts;
      const outcomes = attempts.map((t: { outcome: string }) => t.outcome);
      expect(outcomes).toContain('granted');
      expect(outcomes).toContain('invalid_client');
      expect(outcomes).toContain('invalid_scope');
      expect(attempts.find((t: { reason: string }) => /aud must be/.test(t.reason))).toMatchObject({ ip: '127.0.0.1' });
    });
  });

  it('takes a certificate as valid from its notBefore through its notAfter, both included (RFC 5280), and not a millisecond beyond', async () => {
    const a = await account('ec:P-384');
    const [certificate] = (await chief.q(`query($c: String!) { restAccount(clientId: $c) { certificates { notBefore notAfter } } }`, { c: a.clientId })).restAccount.certificates;
    const context = { db: server.app.db, audiences: [tokenUrl, server.url] };
    // Authenticated as at `at`: the assertion is dated then, and never spent (no recorder here).
    const authenticatedAt = async (at: Date) => {
      const iat = Math.floor(at.getTime() / 1000);
      const form = new Map([
        ['client_assertion_type', JWT_BEARER],
        ['client_assertion', await assertion(a, 'ec:P-384', { iat, exp: iat + 300 })],
      ]);
      const outcome = await authenticateClient(context, form, at);
      return outcome.ok ? 'valid' : outcome.error.oauth.description;
    };
    const notBefore = new Date(certificate.notBefore);
    const notAfter = new Date(certificate.notAfter);
    expect(await authenticatedAt(notBefore)).toBe('valid');
    expect(await authenticatedAt(notAfter)).toBe('valid');
    expect(await authenticatedAt(new Date(notBefore.getTime() - 1))).toMatch(/^certificate "cert .*" of self_service_expeditor_\d+ is not valid now/);
    expect(await authenticatedAt(new Date(notAfter.getTime() + 1))).toMatch(/^certificate "cert .*" of self_service_expeditor_\d+ is not valid now/);
  });

  it('during a rotation both certificates get tokens; after removal only the new one does', async () => {
    const a = await account('rsa:2048');
    const next = makeCertificate({ key: 'ec:P-521', keyPem: privateKey('ec:P-521', true) });
    const before = await grant(await assertion(a, 'rsa:2048'));
    expect(before.status).toBe(200);
    const added = (await chief.q(`mutation($id: ID!, $pem: String!) { addRestAccountCertificate(input: { accountId: $id, certificate: { name: "next", content: $pem } }) { certificates { id name } } }`, { id: a.id, pem: next.certPem })).addRestAccountCertificate;
    const during = await grant(await assertion(a, 'rsa:2048'));
    expect(during.status).toBe(200);
    // One certificate or two: a token costs the same statements (one read, then one transaction).
    expect(Number(during.headers.get('x-sql-statements'))).toBe(Number(before.headers.get('x-sql-statements')));
    expect(Number(before.headers.get('x-sql-statements'))).toBeGreaterThan(0);
    expect(Number(before.headers.get('x-sql-statements'))).toBeLessThanOrEqual(kind === 'sqlite' ? 5 : 6);
    expect((await grant(await assertion(a, 'ec:P-521', {}, {}, next.keyPem))).status).toBe(200);
    const old = added.certificates.find((c: { name: string }) => c.name !== 'next');
    await chief.q(`mutation($id: ID!, $c: ID!) { removeRestAccountCertificate(input: { accountId: $id, certificateId: $c }) { id } }`, { id: a.id, c: old.id });
    const refused = await grant(await assertion(a, 'rsa:2048'));
    expect(refused.body.error_description).toMatch(/^no valid certificate of client "self_service_expeditor_\d+" verifies the signature \(alg RS256\)/);
    expect((await grant(await assertion(a, 'ec:P-521', {}, {}, next.keyPem))).status).toBe(200);
  });

  it('introspects tokens (RFC 7662) for authenticated clients, and rotates its own keys', async () => {
    const a = await account('ec:P-384');
    const issued = (await grant(await assertion(a, 'ec:P-384'))).body.access_token!;
    const introspect = async (t: string) =>
      (await fetch(`${server.url}/REST/oauth/v5/introspect`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: t, client_assertion_type: JWT_BEARER, client_assertion: await assertion(a, 'ec:P-384') }),
      })).json();
    expect(await introspect(issued)).toMatchObject({ active: true, client_id: a.clientId, token_type: 'Bearer' });
    expect(await introspect(`${issued}x`)).toEqual({ active: false });
    // Server key rotation: the old key stays published, so tokens it signed still verify.
    await server.app.keys.rotate();
    const jwks = jose.createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
    await jose.jwtVerify(issued, jwks, { issuer: server.url });
    const fresh = (await grant(await assertion(a, 'ec:P-384'))).body.access_token!;
    const { protectedHeader } = await jose.jwtVerify(fresh, jose.createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`)), { issuer: server.url });
    expect(protectedHeader.kid).not.toBe(jose.decodeProtectedHeader(issued).kid);
    // A disabled account's tokens are no longer active.
    const b = await account('ec:P-384');
    const bToken = (await grant(await assertion(b, 'ec:P-384'))).body.access_token!;
    await chief.q('mutation($id: ID!) { disableRestAccount(input: { accountId: $id }) { id } }', { id: b.id });
    expect(await introspect(bToken)).toEqual({ active: false });
  });
});

describe('token endpoint rate limits', () => {
  it('answers 429 with Retry-After past the limit per client IP', async () => {
    const server = await startTestServer('sqlite', { TOKEN_RATE_LIMIT_PER_IP: '3' });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const r = await fetch(`${server.url}/REST/oauth/v5/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
        statuses.push(r.status);
        retryAfter ??= r.headers.get('retry-after');
      }
      expect(statuses).toEqual([400, 400, 400, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
  });

  it('answers 429 with Retry-After past the limit per client, and records no attempt for it', async () => {
    const server = await startTestServer('sqlite', { TOKEN_RATE_LIMIT_PER_CLIENT: '2' });
    try {
      const { chief, companyId } = await companyWithChief(server, 'oauth-limit');
      const made = makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true) });
      const { clientId } = (await chief.q(CREATE_ACCOUNT, { input: { companyId, name: 'limited', permissionCodes: ['demo-consult'], certificate: { name: 'c', content: made.certPem } } })).createRestAccount;
      const key = await jose.importPKCS8(made.keyPem, 'ES384');
      const tokenUrl = `${server.url}/REST/oauth/v5/token`;
      const answers = [];
      for (let i = 0; i < 3; i++) {
        const assertion = await new jose.SignJWT({}).setProtectedHeader({ alg: 'ES384' }).setIssuer(clientId).setSubject(clientId).setAudience(tokenUrl).setIssuedAt().setExpirationTime('5m').setJti(randomUUID()).sign(key);
        const r = await fetch(tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, client_assertion: assertion }),
        });
        answers.push({ status: r.status, retryAfter: r.headers.get('retry-after'), body: (await r.json()) as Record<string, string> });
      }
      expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
      expect(answers[2]!.body).toEqual({ error: 'slow_down', error_description: expect.stringMatching(new RegExp(`^too many token requests for ${clientId}; retry in \\d+ s$`)) });
      expect(Number(answers[2]!.retryAfter)).toBeGreaterThan(0);
      const attempts = (await chief.q(`query($c: String!) { restAccount(clientId: $c) { tokenAttempts(first: 10) { outcome } } }`, { c: clientId })).restAccount.tokenAttempts;
      expect(attempts.map((t: { outcome: string }) => t.outcome)).toEqual(['granted', 'granted']);
    } finally {
      await server.stop();
    }
  });
});
