// The attacks of issue 17 on the token service, each refused over real HTTP with real certificates,
// on SQLite and PostgreSQL.
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, randomUUID, sign, type JsonWebKey } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { assertionRefusedFromMs } from '@chaman/domain';
import { craftCertificate, makeCertificate, privateKey, type KeySpec, type Made } from '@chaman/domain/test-support';
import * as jose from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../src/db/database.js';
import { sql } from '../src/db/sql.js';
import { decryptPrivateKey, KEY_ENCRYPTION_KEY_FILE_NAME, keyEncryptionKeyInDataDir, keyEncryptionKeyOf } from '../src/oauth/key-encryption.js';
import { oauthRepository } from '../src/oauth/oauth.repository.js';
import { ServerKeys } from '../src/oauth/server-keys.js';
import { purgeTokenRecords } from '../src/oauth/token-records.js';
import { companyWithChief, CREATE_ACCOUNT, UPLOAD } from './support/chaman.js';
import { createTestDatabase, databaseKinds } from './support/databases.js';
import { gql, spawnServer, waitUntilHealthy } from './support/process.js';
import type { Caller } from './support/people.js';
import { startTestServer, type TestServer } from './support/server.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Account {
  id: string;
  clientId: string;
  made: Made;
}

describe.each(databaseKinds)('the token service hardened, on %s', (kind) => {
  let server: TestServer;
  let chief: Caller;
  let companyId: string;
  let tokenUrl: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    ({ chief, companyId } = await companyWithChief(server, 'hardened'));
    tokenUrl = `${server.url}/REST/oauth/v5/token`;
  });
  afterAll(async () => server.stop());

  async function account(key: KeySpec = 'ec:P-384', owner = { chief, companyId }): Promise<Account> {
    const made = makeCertificate({ key, keyPem: privateKey(key, true) });
    const a = (
      await owner.chief.q(CREATE_ACCOUNT, {
        input: { companyId: owner.companyId, name: `acc ${randomUUID()}`, permissionCodes: ['demo-consult'], certificate: { name: `cert ${randomUUID().slice(0, 8)}`, content: made.certPem } },
      })
    ).createRestAccount;
    return { id: a.id, clientId: a.clientId, made };
  }

  const algOf = (pem: string) => (createPrivateKey(pem).asymmetricKeyType === 'rsa' ? 'RS256' : 'ES384');

  async function assertion(a: { clientId: string; made: { keyPem: string } }, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}, pem = a.made.keyPem) {
    const alg = algOf(pem);
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: a.clientId, sub: a.clientId, aud: tokenUrl, iat: now, exp: now + 300, jti: randomUUID(), ...claims };
    return new jose.CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg, ...header }).sign(await jose.importPKCS8(pem, alg));
  }

  async function post(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
    const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form) });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  }
  const grant = (clientAssertion: string) => post('/REST/oauth/v5/token', { grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, client_assertion: clientAssertion });

  describe('RSA public exponent and duplicate extensions', () => {
    it('refuses a certificate with e = 1, with which an assertion made without any private key obtained a token', async () => {
      const crafted = await craftCertificate(makeCertificate({ key: 'rsa:2048', keyPem: privateKey('rsa:2048', true) }), { rsaExponent: 1 });
      const r = await server.graphql(UPLOAD, { companyId, name: 'e is one', content: crafted.certPem }, { authorization: `Bearer ${chief.token}` });
      const violations = r.body.errors?.[0]?.extensions?.violations as { code: string; params: unknown }[];
      expect(violations).toEqual([{ code: 'certificate/rsa-exponent', message: expect.any(String), params: { exponent: '1', minimum: 65537 } }]);
    });

    it('a certificate stored with e = 1 before the policy refused it verifies no assertion: a forgery made without the private key gets no token', async () => {
      const a = await account('rsa:2048');
      // As an older version stored it: the public key's exponent is 1.
      const jwk = createPublicKey(createPrivateKey(a.made.keyPem)).export({ format: 'jwk' });
      await server.app.db.transact((tx) =>
        tx.run(sql`UPDATE certificate SET jwk = ${JSON.stringify({ kty: 'RSA', n: jwk.n, e: 'AQ' })} WHERE id IN (SELECT certificate_id FROM rest_account_certificate WHERE account_id = ${a.id})`),
      );
      // With e = 1, s^e mod n = s: the "signature" is the PKCS#1 v1.5 encoding of the digest, no key needed.
      const now = Math.floor(Date.now() / 1000);
      const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const input = `${b64({ alg: 'RS256' })}.${b64({ iss: a.clientId, sub: a.clientId, aud: tokenUrl, iat: now, exp: now + 300, jti: randomUUID() })}`;
      const digestInfo = Buffer.concat([Buffer.from('3031300d060960864801650304020105000420', 'hex'), createHash('sha256').update(input).digest()]);
      const forged = Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(256 - digestInfo.length - 3, 0xff), Buffer.from([0]), digestInfo]);
      const r = await grant(`${input}.${forged.toString('base64url')}`);
      expect(r.status).toBe(401);
      expect(r.body.error_description).toMatch(/^no valid certificate of client "self_service_expeditor_\d+" verifies the signature/);
    });

    it('refuses a certificate with two keyUsage extensions (the first one won)', async () => {
      const crafted = await craftCertificate(makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true) }), { secondKeyUsage: [5, 0x20] });
      const r = await server.graphql(UPLOAD, { companyId, name: 'two key usages', content: crafted.certPem }, { authorization: `Bearer ${chief.token}` });
      const violations = r.body.errors?.[0]?.extensions?.violations as { code: string }[];
      expect(violations.map((v) => v.code)).toEqual(['certificate/malformed']);
    });
  });

  describe('what a caller who proved no key learns', () => {
    const generic = (clientId: string, alg = 'ES384') =>
      `no valid certificate of client "${clientId}" verifies the signature (alg ${alg}); check the private key and the alg, and see the account's token attempts in Chaman`;

    it('an unknown client ID, a known one, a disabled one and one whose certificate expired get the same answer to a wrong key', async () => {
      const stranger = { made: { keyPem: privateKey('ec:P-384', true) } };
      const known = await account();
      const disabled = await account();
      await chief.q('mutation($id: ID!) { disableRestAccount(input: { accountId: $id }) { id } }', { id: disabled.id });
      const answers = [];
      for (const clientId of [known.clientId, disabled.clientId, 'self_service_expeditor_987654321']) {
        answers.push(await grant(await assertion({ clientId, ...stranger })));
        // A kid does not make the server say which certificates exist either.
        answers.push(await grant(await assertion({ clientId, ...stranger }, {}, { kid: 'AA:BB' })));
      }
      for (const [i, r] of answers.entries()) {
        const clientId = [known.clientId, disabled.clientId, 'self_service_expeditor_987654321'][Math.floor(i / 2)]!;
        expect(r).toEqual({ status: 401, body: { error: 'invalid_client', error_description: generic(clientId) } });
      }
      // Nothing names a certificate, a key type, a date or a state.
      const text = JSON.stringify(answers);
      for (const word of ['cert ', 'disabled', 'P-384', 'EC', 'RSA', 'valid now', 'unknown', 'no REST account']) expect(text).not.toContain(word);
      // Whoever proves a key of the account is told everything.
      const own = await grant(await assertion(disabled));
      expect(own.body.error_description).toBe(`the account ${disabled.clientId} is disabled; enable it in Chaman`);
    });

    it('60+ junk requests do not push a real attempt out of the history: they are counted per client and source IP', async () => {
      const victim = await account();
      expect((await grant(await assertion(victim))).status).toBe(200);
      const junkKey = privateKey('ec:P-384', true);
      for (let batch = 0; batch < 7; batch++) {
        await Promise.all(Array.from({ length: 10 }, async () => grant(await assertion(victim, {}, {}, junkKey))));
      }
      const { tokenAttempts, unprovenTokenAttempts } = (
        await chief.q(
          `query($c: String!) { restAccount(clientId: $c) { tokenAttempts(first: 50) { outcome reason } unprovenTokenAttempts { ip count firstAt lastAt lastOutcome lastReason } } }`,
          { c: victim.clientId },
        )
      ).restAccount;
      expect(tokenAttempts).toEqual([{ outcome: 'granted', reason: expect.stringMatching(/^certificate "cert /) }]);
      expect(unprovenTokenAttempts).toEqual([
        {
          ip: '127.0.0.1',
          count: 70,
          firstAt: expect.any(String),
          lastAt: expect.any(String),
          lastOutcome: 'invalid_client',
          lastReason: expect.stringMatching(new RegExp(`^the signature does not verify with the key of any certificate of ${victim.clientId} \\(tried: "cert `)),
        },
      ]);
      expect(Date.parse(unprovenTokenAttempts[0].firstAt)).toBeLessThanOrEqual(Date.parse(unprovenTokenAttempts[0].lastAt));
    });
  });

  describe('the reason of each attempt, as a code and params', () => {
    const ATTEMPTS = `query($c: String!) {
      restAccount(clientId: $c) { tokenAttempts(first: 10) { outcome reason reasonCode reasonParams } unprovenTokenAttempts { lastReason lastReasonCode lastReasonParams } }
    }`;

    it('a grant, an expired assertion, a replay, a disabled account and a wrong key each leave their code and params beside the sentence', async () => {
      const a = await account();
      const granted = await assertion(a);
      expect((await grant(granted)).status).toBe(200);
      expect((await grant(granted)).status).toBe(401);
      const exp = Math.floor(Date.now() / 1000) - 600;
      expect((await grant(await assertion(a, { exp, iat: exp - 60 })))).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
      await grant(await assertion(a, {}, {}, privateKey('ec:P-384', true)));
      await chief.q('mutation($id: ID!) { disableRestAccount(input: { accountId: $id }) { id } }', { id: a.id });
      await grant(await assertion(a));

      const { tokenAttempts, unprovenTokenAttempts } = (await chief.q(ATTEMPTS, { c: a.clientId })).restAccount;
      const jti = (JSON.parse(Buffer.from(granted.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;
      expect(tokenAttempts).toEqual([
        { outcome: 'invalid_client', reason: `the account ${a.clientId} is disabled; enable it in Chaman`, reasonCode: 'assertion/account-disabled', reasonParams: { clientId: a.clientId } },
        {
          outcome: 'invalid_client',
          reason: expect.stringMatching(/^the assertion expired: exp /),
          reasonCode: 'assertion/expired',
          reasonParams: { exp, now: expect.any(Number), leeway: 60 },
        },
        { outcome: 'invalid_client', reason: `jti "${jti}" was already used; each assertion is single-use`, reasonCode: 'assertion/jti-used', reasonParams: { jti } },
        { outcome: 'granted', reason: expect.stringMatching(/^certificate "cert /), reasonCode: 'oauth/granted', reasonParams: { certificate: expect.stringMatching(/^cert /) } },
      ]);
      const certificate = tokenAttempts[3].reasonParams.certificate as string;
      expect(tokenAttempts[3].reason).toBe(`certificate "${certificate}"`);
      expect(tokenAttempts[1].reasonParams.now - exp).toBeGreaterThan(600 - 5);
      // The caller with someone else's key is told nothing; the owners get what was tried, as a code.
      expect(unprovenTokenAttempts).toEqual([
        {
          lastReason: `the signature does not verify with the key of any certificate of ${a.clientId} (tried: "${certificate}")`,
          lastReasonCode: 'oauth/signature-unverified',
          lastReasonParams: { clientId: a.clientId, alg: 'ES384', tried: `"${certificate}"` },
        },
      ]);
    });

    it('an alg no certificate of the account can make is recorded as such, with the keys it has', async () => {
      const a = await account();
      await grant(await assertion(a, {}, {}, privateKey('rsa:2048', true)));
      const { unprovenTokenAttempts } = (await chief.q(ATTEMPTS, { c: a.clientId })).restAccount;
      expect(unprovenTokenAttempts).toEqual([
        { lastReason: expect.stringMatching(/^alg RS256 does not fit the key of any certificate/), lastReasonCode: 'oauth/alg-fits-no-key', lastReasonParams: { clientId: a.clientId, alg: 'RS256', keys: 'EC P-384' } },
      ]);
    });
  });

  describe('replays, audiences and critical headers', () => {
    it('the same assertion twice in its last accepted second, with a purge between: one token', async () => {
      const a = await account();
      // Early in a second, so that both requests fall in the same one.
      while (Date.now() % 1000 > 300) await sleep(10);
      const exp = Math.floor(Date.now() / 1000) - 60; // accepted through this second only (60 s leeway)
      const jwt = await assertion(a, { iat: exp - 30, exp });
      const first = await grant(jwt);
      // The purge runs at the last millisecond in which the assertion is still accepted.
      await purgeTokenRecords(server.app.db, assertionRefusedFromMs(exp) - 1);
      expect(await oauthRepository.jtiSpent(server.app.db, a.clientId, JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()).jti, assertionRefusedFromMs(exp) - 1)).toBe(true);
      const second = await grant(jwt);
      expect(first.status).toBe(200);
      expect(second.status).toBe(401);
      expect(second.body.error_description).toMatch(/was already used|the assertion expired/);
      // Once refused by its exp, the jti may go.
      await purgeTokenRecords(server.app.db, assertionRefusedFromMs(exp));
      expect(await oauthRepository.jtiSpent(server.app.db, a.clientId, JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()).jti, assertionRefusedFromMs(exp))).toBe(false);
    });

    it('an aud array naming another audience is refused; one holding only ours is accepted', async () => {
      const a = await account();
      const refused = await grant(await assertion(a, { aud: [tokenUrl, 'https://other.example/token'] }));
      expect(refused.status).toBe(401);
      expect(refused.body.error_description).toMatch(/aud must be .* as a string or an array holding only those; got \[/);
      expect((await grant(await assertion(a, { aud: [tokenUrl, server.url] }))).status).toBe(200);
    });

    it('an unknown crit header parameter is refused (RFC 7515, 4.1.11)', async () => {
      const a = await account();
      // jose will not sign a header with an extension it does not know: signed by hand.
      const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const input = `${b64({ alg: 'ES384', crit: ['http://example.invalid/must-understand'], 'http://example.invalid/must-understand': true })}.${b64({ iss: a.clientId, sub: a.clientId, aud: tokenUrl, iat: now, exp: now + 300, jti: randomUUID() })}`;
      const signature = sign('sha384', Buffer.from(input), { key: createPrivateKey(a.made.keyPem), dsaEncoding: 'ieee-p1363' });
      const r = await grant(`${input}.${signature.toString('base64url')}`);
      expect(r.status).toBe(401);
      expect(r.body.error_description).toMatch(/^the header's crit \["http:\/\/example.invalid\/must-understand"\] names extensions this server does not understand/);
    });

    it("introspection answers active: false for another company's tokens", async () => {
      const mine = await account();
      const other = await companyWithChief(server, 'other');
      const theirs = await account('ec:P-384', other);
      const token = (await grant(await assertion(theirs))).body.access_token as string;
      const introspect = async (by: Account) =>
        (await post('/REST/oauth/v5/introspect', { token, client_assertion_type: JWT_BEARER, client_assertion: await assertion(by) })).body;
      expect(await introspect(mine)).toEqual({ active: false });
      expect(await introspect(theirs)).toMatchObject({ active: true, client_id: theirs.clientId });
    });
  });
});

describe.each(databaseKinds)('TRUST_PROXY on %s: only the address the last trusted proxy saw', (kind) => {
  // The client wrote 203.0.113.77; the one proxy in front (here the test itself, on 127.0.0.1) appended the address it saw.
  const forwarded = { 'x-forwarded-for': '203.0.113.77, 127.0.0.1' };

  async function ipsSeen(env: Record<string, string>): Promise<{ ips: string[]; statuses: number[] }> {
    const server = await startTestServer(kind, env);
    try {
      const { chief, companyId } = await companyWithChief(server, 'proxy');
      const made = makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true) });
      const { clientId } = (await chief.q(CREATE_ACCOUNT, { input: { companyId, name: 'proxied', permissionCodes: ['demo-consult'], certificate: { name: 'c', content: made.certPem } } })).createRestAccount;
      const key = await jose.importPKCS8(made.keyPem, 'ES384');
      const tokenUrl = `${server.url}/REST/oauth/v5/token`;
      const statuses: number[] = [];
      // The client varies what it writes, as one bypassing a per-IP limit would.
      for (const spoofed of ['203.0.113.77', '203.0.113.78', '203.0.113.79', '203.0.113.80']) {
        const assertion = await new jose.SignJWT({}).setProtectedHeader({ alg: 'ES384' }).setIssuer(clientId).setSubject(clientId).setAudience(tokenUrl).setIssuedAt().setExpirationTime('5m').setJti(randomUUID()).sign(key);
        const r = await fetch(tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwarded['x-forwarded-for'].replace('203.0.113.77', spoofed) },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, client_assertion: assertion }),
        });
        statuses.push(r.status);
      }
      const attempts = (await chief.q(`query($c: String!) { restAccount(clientId: $c) { tokenAttempts { ip } } }`, { c: clientId })).restAccount.tokenAttempts;
      return { ips: [...new Set(attempts.map((a: { ip: string }) => a.ip))] as string[], statuses };
    } finally {
      await server.stop();
    }
  }

  it('TRUST_PROXY=true is one hop: the proxy-appended 127.0.0.1, not what the client wrote; the per-IP limit holds', async () => {
    const { ips, statuses } = await ipsSeen({ TRUST_PROXY: 'true', TOKEN_RATE_LIMIT_PER_IP: '3' });
    expect(ips).toEqual(['127.0.0.1']);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('a number of hops, or the proxies by address or CIDR', async () => {
    expect((await ipsSeen({ TRUST_PROXY: '1' })).ips).toEqual(['127.0.0.1']);
    // Two proxies: the one at the socket and the one that wrote 127.0.0.1; the client is the next address.
    expect((await ipsSeen({ TRUST_PROXY: '2' })).ips.sort()).toEqual(['203.0.113.77', '203.0.113.78', '203.0.113.79', '203.0.113.80']);
    expect((await ipsSeen({ TRUST_PROXY: '127.0.0.0/8' })).ips).toHaveLength(4);
    // The socket's address is not a trusted proxy: X-Forwarded-For is ignored.
    expect((await ipsSeen({ TRUST_PROXY: '10.0.0.1' })).ips).toEqual(['127.0.0.1']);
  });
});

describe.each(databaseKinds)('token-signing keys encrypted at rest, on %s', (kind) => {
  it('the database holds no usable private key: no row, whatever its table, is a PEM or JWK private key; the stored one decrypts only with the key-encryption key', async () => {
    const server = await startTestServer(kind);
    try {
      const { chief, companyId } = await companyWithChief(server, 'kek');
      const made = makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true) });
      const { clientId } = (await chief.q(CREATE_ACCOUNT, { input: { companyId, name: 'kek', permissionCodes: ['demo-consult'], certificate: { name: 'c', content: made.certPem } } })).createRestAccount;
      const tokenUrl = `${server.url}/REST/oauth/v5/token`;
      const assertion = await new jose.SignJWT({}).setProtectedHeader({ alg: 'ES384' }).setIssuer(clientId).setSubject(clientId).setAudience(tokenUrl).setIssuedAt().setExpirationTime('5m').setJti(randomUUID()).sign(await jose.importPKCS8(made.keyPem, 'ES384'));
      const issued = await fetch(tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, client_assertion: assertion }) });
      const accessToken = ((await issued.json()) as { access_token: string }).access_token;
      await server.app.keys.rotate();

      const tables: { name: string }[] = await server.app.ds.query(
        kind === 'sqlite' ? `SELECT name FROM sqlite_master WHERE type = 'table'` : `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`,
      );
      const values: string[] = [];
      for (const { name } of tables) {
        for (const row of (await server.app.ds.query(`SELECT * FROM "${name}"`)) as Record<string, unknown>[]) {
          for (const value of Object.values(row)) if (typeof value === 'string' && value.length > 20) values.push(value);
        }
      }
      expect(values.length).toBeGreaterThan(50);
      const usable = values.filter((value) => {
        if (/PRIVATE KEY/.test(value)) return true;
        try {
          const parsed = JSON.parse(value) as Record<string, unknown>;
          if (parsed && typeof parsed === 'object' && 'd' in parsed) {
            createPrivateKey({ key: parsed as never, format: 'jwk' });
            return true;
          }
        } catch {
          // not a JWK
        }
        return false;
      });
      expect(usable).toEqual([]);
      // What is stored does decrypt, with the key-encryption key made in the server's data folder, into the key that signed the token.
      const kek = keyEncryptionKeyInDataDir(server.db.dataDir);
      const rows: { kid: string; private_jwk: string }[] = await server.app.ds.query('SELECT kid, private_jwk FROM server_key');
      expect(rows).toHaveLength(2);
      const signer = rows.find((r) => r.kid === jose.decodeProtectedHeader(accessToken).kid)!;
      expect(signer.private_jwk).toMatch(/^kek1\./);
      const privateJwk = JSON.parse(decryptPrivateKey(kek, signer.kid, signer.private_jwk)) as JsonWebKey;
      const publicJwk = createPublicKey(createPrivateKey({ key: privateJwk as never, format: 'jwk' })).export({ format: 'jwk' });
      await jose.jwtVerify(accessToken, await jose.importJWK({ ...publicJwk, alg: 'ES256' }, 'ES256'));
      // Another key-encryption key gets nothing out of it.
      expect(() => decryptPrivateKey(keyEncryptionKeyOf(randomBytes(32)), signer.kid, signer.private_jwk)).toThrow(/another key-encryption key/);
    } finally {
      await server.stop();
    }
  });

  it('keys stored in clear by an older version are encrypted at the next start, once; rotate-key keeps working', async () => {
    const server = await startTestServer(kind);
    try {
      // As an older version stored it: the private JWK in clear, the newest key.
      const { privateKey: key, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const clear = JSON.stringify(key.export({ format: 'jwk' }));
      await server.app.db.transact((tx) =>
        tx.run(sql`INSERT INTO server_key (kid, alg, private_jwk, public_jwk, created_at) VALUES ('legacy', 'ES256', ${clear}, ${JSON.stringify({ ...publicKey.export({ format: 'jwk' }), kid: 'legacy', alg: 'ES256', use: 'sig' })}, ${Date.now() + 1000})`),
      );
      const kek = keyEncryptionKeyInDataDir(server.db.dataDir);
      const keys = new ServerKeys(server.app.db, 600, kek);
      await keys.init();
      const stored = async () => ((await server.app.ds.query(`SELECT private_jwk FROM server_key WHERE kid = 'legacy'`)) as { private_jwk: string }[])[0]!.private_jwk;
      const encrypted = await stored();
      expect(encrypted).toMatch(/^kek1\./);
      expect(decryptPrivateKey(kek, 'legacy', encrypted)).toBe(clear);
      // The legacy key still signs (it is the newest), now read through its encryption.
      expect((await keys.signingKey()).kid).toBe('legacy');
      // A second start changes nothing.
      await new ServerKeys(server.app.db, 600, kek).init();
      expect(await stored()).toBe(encrypted);
      // pnpm rotate-key, with the server's configuration: a new encrypted key, the old one retired.
      const serverDir = new URL('..', import.meta.url).pathname;
      const databaseUrl = kind === 'sqlite' ? `sqlite:${server.db.location}` : server.db.location;
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/rotate-key.ts'], { cwd: serverDir, env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: databaseUrl, DATA_DIR: server.db.dataDir }, stdio: 'pipe' });
      const after: { kid: string; private_jwk: string; retired_at: unknown }[] = await server.app.ds.query('SELECT kid, private_jwk, retired_at FROM server_key');
      const active = after.filter((r) => r.retired_at === null);
      expect(active).toHaveLength(1);
      expect(active[0]!.kid).not.toBe('legacy');
      expect(after.every((r) => r.private_jwk.startsWith('kek1.'))).toBe(true);
      expect(() => decryptPrivateKey(kek, active[0]!.kid, active[0]!.private_jwk)).not.toThrow();
    } finally {
      await server.stop();
    }
  });

  it('two instances started together without KEY_ENCRYPTION_KEY share the one made in the data folder', async () => {
    const db = await createTestDatabase(kind);
    // The schema first (two processes do not create a SQLite schema together); no signing key, no key-encryption key yet.
    await (await Db.open(db.config)).close();
    const env = { DATABASE_URL: kind === 'sqlite' ? `sqlite:${db.location}` : db.location, DATA_DIR: db.dataDir, LOG_LEVEL: 'error' };
    const [a, b] = await Promise.all([spawnServer(env), spawnServer(env)]);
    try {
      // Had each made its own, the second would not decrypt the signing key the first stored, and would stop.
      await Promise.all([waitUntilHealthy(a!, 150_000), waitUntilHealthy(b!, 150_000)]);
      const jwks = await Promise.all([a!, b!].map(async (p) => (await fetch(`${p.url}/.well-known/jwks.json`)).json()));
      expect(jwks[0]).toEqual(jwks[1]);
      expect(readdirSync(db.dataDir).filter((f) => f.startsWith(KEY_ENCRYPTION_KEY_FILE_NAME))).toEqual([KEY_ENCRYPTION_KEY_FILE_NAME]);
      expect(statSync(join(db.dataDir, KEY_ENCRYPTION_KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    } finally {
      for (const p of [a!, b!]) {
        p.child.kill('SIGTERM');
        await p.exited;
      }
      await db.drop();
    }
  }, 240_000);
});

describe.each(databaseKinds)('the assertion debugger (debugClientAssertion) on %s', (kind) => {
  let server: TestServer;
  let chief: Caller;
  let companyId: string;
  let tokenUrl: string;
  const DEBUG = `query($a: String!, $s: String) { debugClientAssertion(assertion: $a, scope: $s) { ok clientId steps { name ok reason params message } } }`;
  type Diagnosis = { ok: boolean; clientId: string | null; steps: { name: string; ok: boolean; reason: string | null; params: Record<string, unknown> | null; message: string }[] };

  beforeAll(async () => {
    server = await startTestServer(kind);
    ({ chief, companyId } = await companyWithChief(server, 'debugger'));
    tokenUrl = `${server.url}/REST/oauth/v5/token`;
  });
  afterAll(async () => server.stop());

  async function account(): Promise<Account> {
    const made = makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true) });
    const a = (
      await chief.q(CREATE_ACCOUNT, { input: { companyId, name: `dbg ${randomUUID()}`, permissionCodes: ['demo-consult'], certificate: { name: `cert ${randomUUID().slice(0, 8)}`, content: made.certPem } } })
    ).createRestAccount;
    return { id: a.id, clientId: a.clientId, made };
  }
  async function assertion(a: { clientId: string }, pem: string, claims: Record<string, unknown> = {}) {
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: a.clientId, sub: a.clientId, aud: tokenUrl, iat: now, exp: now + 300, jti: randomUUID(), ...claims };
    return new jose.CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'ES384' }).sign(await jose.importPKCS8(pem, 'ES384'));
  }
  const debug = async (a: string, headers: Record<string, string> = {}, scope?: string) => {
    const r = await server.graphql<{ debugClientAssertion: Diagnosis }>(DEBUG, { a, s: scope ?? null }, headers);
    expect(r.body.errors).toBeUndefined();
    return r.body.data!.debugClientAssertion;
  };
  const step = (d: Diagnosis, name: string) => d.steps.find((s) => s.name === name)!;
  const grant = async (jwt: string) =>
    (await fetch(tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, client_assertion: jwt }) })).status;

  it('judges every step it can, in order, and spends no jti: the same assertion then obtains a token', async () => {
    const a = await account();
    const jwt = await assertion(a, a.made.keyPem);
    const d = await debug(jwt);
    expect(d.steps.map((s) => s.name)).toEqual(['format', 'header', 'iss-sub', 'aud', 'exp', 'nbf-iat', 'jti', 'client', 'signature', 'account', 'scope']);
    expect(d).toMatchObject({ ok: true, clientId: a.clientId });
    expect(d.steps.every((s) => s.ok && s.reason === null)).toBe(true);
    expect(step(d, 'signature').message).toMatch(/^the signature verifies with certificate "cert /);
    expect(step(d, 'scope').message).toBe("scope granted: scope:demo:consult (all the account's; none was asked)");
    expect(await grant(jwt)).toBe(200);
    // Once spent, the debugger says so (read, not written).
    expect(step(await debug(jwt), 'jti')).toMatchObject({ ok: false, reason: 'assertion/jti-used' });
  });

  it('explains an expired assertion with a wrong audience: both failures, and the steps after them still judged', async () => {
    const a = await account();
    const now = Math.floor(Date.now() / 1000);
    const d = await debug(await assertion(a, a.made.keyPem, { aud: 'https://elsewhere.example/token', iat: now - 900, exp: now - 600 }));
    expect(d.ok).toBe(false);
    expect(d.steps.filter((s) => !s.ok).map((s) => [s.name, s.reason])).toEqual([
      ['aud', 'assertion/aud'],
      ['exp', 'assertion/expired'],
    ]);
    expect(step(d, 'exp')).toMatchObject({ params: { exp: now - 600, now: expect.any(Number), leeway: 60 }, message: expect.stringMatching(/^the assertion expired: exp \d+ is 6\d\d s before the server time/) });
    expect(step(d, 'aud').params).toMatchObject({ expected: tokenUrl, issuer: server.url });
    expect(step(d, 'signature').ok).toBe(true);
    expect(step(d, 'account').ok).toBe(true);
  });

  it("tells nobody else about the account: an unknown client ID and a known one look the same to a caller with a wrong key; the company's people see why", async () => {
    const a = await account();
    await chief.q('mutation($id: ID!) { disableRestAccount(input: { accountId: $id }) { id } }', { id: a.id });
    const stranger = privateKey('ec:P-384', true);
    const known = await debug(await assertion(a, stranger));
    const unknown = await debug(await assertion({ clientId: 'self_service_expeditor_987654321' }, stranger));
    // Alike but for the client ID (and the times and jti of each assertion, in the claim steps' messages).
    const shape = (d: Diagnosis) =>
      d.steps.map((s, i) => ({ ...s, message: i < 7 ? '' : s.message.replace(d.clientId!, 'X'), params: JSON.parse(JSON.stringify(s.params ?? {}).replaceAll(d.clientId!, 'X')) }));
    expect(shape(known)).toEqual(shape(unknown));
    expect(step(known, 'client')).toMatchObject({ ok: false, reason: 'assertion/not-shown' });
    expect(step(known, 'account').reason).toBe('assertion/not-shown');
    expect(step(known, 'signature').message).toMatch(/^no valid certificate of client "self_service_expeditor_\d+" verifies the signature/);
    expect(JSON.stringify(known)).not.toMatch(/cert |disabled|P-384/);
    // The company's signed-in people see every detail.
    const mine = await debug(await assertion(a, stranger), { authorization: `Bearer ${chief.token}` });
    expect(step(mine, 'signature').message).toMatch(/^the signature does not verify with the key of any certificate of .* \(tried: "cert /);
    expect(step(mine, 'account')).toMatchObject({ ok: false, reason: 'assertion/account-disabled' });
    // So does a caller whose assertion the account's key verifies, signed in or not.
    const holder = await debug(await assertion(a, a.made.keyPem));
    expect(step(holder, 'account')).toMatchObject({ ok: false, message: `the account ${a.clientId} is disabled; enable it in Chaman` });
    // Another company's people are strangers to it.
    const other = await companyWithChief(server, 'stranger');
    const theirs = await debug(await assertion(a, stranger), { authorization: `Bearer ${other.chief.token}` });
    expect(step(theirs, 'client').reason).toBe('assertion/not-shown');
  });

  it('is refused over GET, before it runs', async () => {
    const a = await account();
    const jwt = await assertion(a, a.made.keyPem);
    const url = `${server.url}/graphql?query=${encodeURIComponent(DEBUG)}&variables=${encodeURIComponent(JSON.stringify({ a: jwt }))}`;
    const r = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    const body = (await r.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'request/post-only', params: { field: 'debugClientAssertion' } });
    // Not spent either.
    expect(await grant(jwt)).toBe(200);
  });
});

describe('the assertion debugger in a server process', () => {
  it('keeps no assertion in its request logs (over POST, or over GET, refused) and is limited per client IP', async () => {
    const db = await createTestDatabase('sqlite');
    const p = await spawnServer({ DATABASE_URL: `sqlite:${db.location}`, DATA_DIR: db.dataDir, LOG_LEVEL: 'trace' });
    try {
      await waitUntilHealthy(p, 150_000);
      const query = `query($a: String!) { debugClientAssertion(assertion: $a) { ok } }`;
      const now = Math.floor(Date.now() / 1000);
      const jwt = await new jose.SignJWT({ jti: randomUUID() }).setProtectedHeader({ alg: 'ES384' }).setIssuer('self_service_expeditor_1').setSubject('self_service_expeditor_1').setAudience(`${p.url}/REST/oauth/v5/token`).setIssuedAt(now).setExpirationTime(now + 300).sign(await jose.importPKCS8(privateKey('ec:P-384', true), 'ES384'));
      const get = await fetch(`${p.url}/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify({ a: jwt }))}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect(((await get.json()) as { errors: { extensions: { reason: string } }[] }).errors[0]!.extensions.reason).toBe('request/post-only');
      const answers: (string | undefined)[] = [];
      for (let i = 0; i < 31; i++) {
        const r = await gql(p.url, query, { a: jwt });
        answers.push((r.errors?.[0] as { extensions?: { code?: string } } | undefined)?.extensions?.code);
      }
      expect(answers.slice(0, 30).every((c) => c === undefined)).toBe(true);
      expect(answers[30]).toBe('RATE_LIMITED');
      await sleep(300);
      const log = p.output();
      expect(log).toMatch(/"url":"\/graphql"/);
      for (const part of jwt.split('.')) expect(log).not.toContain(part);
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
      await db.drop();
    }
  }, 240_000);
});
