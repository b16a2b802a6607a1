import { randomUUID } from 'node:crypto';
import { makeCertificate, privateKey } from '@chaman/domain/test-support';
import * as jose from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyWithChief, CREATE_ACCOUNT, UPLOAD } from './support/chaman.js';
import { databaseKinds } from './support/databases.js';
import type { Caller } from './support/people.js';
import { startTestServer, type TestServer } from './support/server.js';

// What the admin UI's web service channels page asks: a page, searched, with its count.
const PAGE = `query($id: ID!, $first: Int, $after: String, $search: String) {
  company(id: $id) { restAccounts(first: $first, after: $after, search: $search) {
    nodes { clientId name health permissions { code } certificates { name notAfter } }
    pageInfo { hasNextPage endCursor } } } }`;
const COUNTED = `query($id: ID!, $first: Int, $after: String, $search: String, $health: AccountHealth) {
  company(id: $id) { restAccounts(first: $first, after: $after, search: $search, health: $health) {
    totalCount nodes { clientId name } pageInfo { hasNextPage endCursor } } } }`;

describe.each(databaseKinds)('the web service channels page on %s', (kind) => {
  let server: TestServer;
  let chief: Caller;
  let companyId: string;
  /** 105 accounts "acc 000" ... "acc 104", the newest last, all sharing one certificate. */
  const clientIds: string[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind);
    ({ chief, companyId } = await companyWithChief(server, 'channels'));
    const cert = (await chief.q(UPLOAD, { companyId, name: 'shared', content: makeCertificate({ key: 'ec:P-384' }).certPem })).uploadCertificate;
    for (let i = 0; i < 105; i++) {
      const name = i === 7 ? 'Payroll 100%_Done' : i === 8 ? 'Payroll 100 Done' : `acc ${String(i).padStart(3, '0')}`;
      const a = (await chief.q(CREATE_ACCOUNT, { input: { companyId, name, permissionCodes: ['demo-consult'], certificateId: cert.id } })).createRestAccount;
      clientIds.push(a.clientId);
    }
  }, 180_000);
  afterAll(async () => server.stop());

  const page = async (variables: Record<string, unknown>) => (await chief.q(COUNTED, { id: companyId, ...variables })).company.restAccounts;

  it('reaches the 101st account through the pages, and counts them all on every page', async () => {
    const first = await page({ first: 100 });
    expect(first.nodes).toHaveLength(100);
    expect(first.totalCount).toBe(105);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await page({ first: 100, after: first.pageInfo.endCursor });
    expect(second.totalCount).toBe(105);
    expect(second.pageInfo.hasNextPage).toBe(false);
    // Newest first: the oldest five are on the second page, the very first account among them.
    expect(second.nodes.map((n: { clientId: string }) => n.clientId)).toEqual(clientIds.slice(0, 5).reverse());
  });

  it('searches by name or client ID, case-insensitively, with its own count and pages', async () => {
    const byName = await page({ first: 50, search: '  ACC 10' });
    expect(byName.nodes.map((n: { name: string }) => n.name)).toEqual(['acc 104', 'acc 103', 'acc 102', 'acc 101', 'acc 100']);
    expect(byName.totalCount).toBe(5);
    const target = clientIds[0]!;
    const byClientId = await page({ first: 50, search: target.toUpperCase() });
    // self_service_expeditor_<n> is contained in the client IDs <n>0, <n>00 ... of later accounts too, if any.
    expect(byClientId.nodes.map((n: { clientId: string }) => n.clientId)).toContain(target);
    expect(byClientId.nodes.every((n: { clientId: string }) => n.clientId.includes(target))).toBe(true);
    expect(byClientId.totalCount).toBe(byClientId.nodes.length);
    const paged = await page({ first: 2, search: 'acc 10' });
    expect(paged.nodes).toHaveLength(2);
    const rest = await page({ first: 2, search: 'acc 10', after: paged.pageInfo.endCursor });
    expect(rest.nodes.map((n: { name: string }) => n.name)).toEqual(['acc 102', 'acc 101']);
    expect(rest.totalCount).toBe(5);
    expect((await page({ first: 50, search: 'nothing like it' })).totalCount).toBe(0);
    expect((await page({ first: 50, search: '   ' })).totalCount).toBe(105);
    expect((await page({ first: 50, search: 'x'.repeat(101) })).nodes).toEqual([]);
  });

  it('takes %, _ and ! in a search literally', async () => {
    expect((await page({ first: 50, search: '100%_' })).nodes.map((n: { name: string }) => n.name)).toEqual(['Payroll 100%_Done']);
    expect((await page({ first: 50, search: '100%' })).nodes.map((n: { name: string }) => n.name)).toEqual(['Payroll 100%_Done']);
    // "_" is not "any character": "acc_0" would match every "acc 0.." with it.
    expect((await page({ first: 50, search: 'acc_0' })).totalCount).toBe(0);
    expect((await page({ first: 50, search: '!' })).totalCount).toBe(0);
    expect((await page({ first: 50, search: 'payroll 100' })).totalCount).toBe(2);
  });

  it('combines a search with a health filter', async () => {
    expect((await page({ first: 50, search: 'payroll', health: 'OK' })).totalCount).toBe(2);
    expect((await page({ first: 50, search: 'payroll', health: 'DISABLED' })).totalCount).toBe(0);
  });

  it('reads a searched page in as many statements as a page, whatever its size; the count is one more, only when asked', async () => {
    const statements = async (query: string, variables: Record<string, unknown>) => {
      const r = await server.graphql(query, { id: companyId, ...variables }, { authorization: `Bearer ${chief.token}` });
      expect(r.body.errors).toBeUndefined();
      return Number(r.response.headers.get('x-sql-statements'));
    };
    const plain = await statements(PAGE, { first: 10 });
    const searched = [1, 10, 100].map((first) => statements(PAGE, { first, search: 'acc' }));
    expect(await Promise.all(searched)).toEqual([plain, plain, plain]);
    expect(await statements(COUNTED, { first: 10, search: 'acc' })).toBe(plain + 1);
  });

  it('counts the certificates of the company', async () => {
    await chief.q(UPLOAD, { companyId, name: 'second', content: makeCertificate({ key: 'ec:P-384' }).certPem });
    const r = await chief.q(`query($id: ID!) { company(id: $id) { certificates(first: 1) { totalCount nodes { name } pageInfo { hasNextPage } } } }`, { id: companyId });
    expect(r.company.certificates).toEqual({ totalCount: 2, nodes: [{ name: 'second' }], pageInfo: { hasNextPage: true } });
  });

  it('says when each certificate of an account last obtained a token, and only through that account', async () => {
    const keyPem = privateKey('ec:P-384', true);
    const made = makeCertificate({ key: 'ec:P-384', keyPem });
    const unused = makeCertificate({ key: 'ec:P-384' });
    const a = (await chief.q(CREATE_ACCOUNT, { input: { companyId, name: `used ${randomUUID()}`, permissionCodes: ['demo-consult'], certificate: { name: 'used', content: made.certPem } } }))
      .createRestAccount;
    await chief.q(`mutation($input: AddRestAccountCertificateInput!) { addRestAccountCertificate(input: $input) { id } }`, {
      input: { accountId: a.id, certificate: { name: 'unused', content: unused.certPem } },
    });
    const tokenUrl = `${server.url}/REST/oauth/v5/token`;
    const request = async (form: Record<string, string> = {}) => {
      const now = Math.floor(Date.now() / 1000);
      const assertion = await new jose.CompactSign(
        new TextEncoder().encode(JSON.stringify({ iss: a.clientId, sub: a.clientId, aud: tokenUrl, iat: now, exp: now + 300, jti: randomUUID() })),
      )
        .setProtectedHeader({ alg: 'ES384' })
        .sign(await jose.importPKCS8(keyPem, 'ES384'));
      return fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion, ...form }),
      });
    };
    const uses = async (clientId: string) =>
      (await chief.q(`query($c: String!) { restAccount(clientId: $c) { certificateUses { certificate { name } lastUsedAt } } }`, { c: clientId })).restAccount.certificateUses;
    expect(await uses(a.clientId)).toEqual([
      { certificate: { name: expect.any(String) }, lastUsedAt: null },
      { certificate: { name: expect.any(String) }, lastUsedAt: null },
    ]);
    // A refused request with the certificate is no use of it.
    expect((await request({ scope: 'scope:not-granted' })).status).toBe(400);
    expect((await uses(a.clientId)).every((u: { lastUsedAt: string | null }) => u.lastUsedAt === null)).toBe(true);
    const before = Date.now();
    expect((await request()).status).toBe(200);
    const after = await uses(a.clientId);
    const used = after.find((u: { certificate: { name: string } }) => u.certificate.name === 'used');
    expect(new Date(used.lastUsedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(after.find((u: { certificate: { name: string } }) => u.certificate.name === 'unused').lastUsedAt).toBeNull();
    // Another account sharing nothing still says never.
    expect((await uses(clientIds[0]!))[0].lastUsedAt).toBeNull();
  });

  it('judges a chain as the admin UI does: each certificate must sign the one before it, up to the leaf', async () => {
    const ca = (keyPem?: string) =>
      makeCertificate({ key: 'ec:P-384', cn: 'Channels CA', keyUsage: 'critical,keyCertSign,cRLSign', basicConstraints: 'critical,CA:TRUE', ...(keyPem ? { keyPem } : {}) });
    const real = ca(privateKey('ec:P-384', true));
    const impostor = ca(privateKey('ec:P-384', true));
    const leaf = makeCertificate({ key: 'ec:P-384', cn: 'leaf.channels.be', issuer: real });
    const refused = await chief.fails(UPLOAD, { companyId, name: 'impostor chain', content: leaf.certPem + impostor.certPem });
    expect(refused).toMatchObject({
      code: 'CERTIFICATE_REJECTED',
      extensions: { violations: [{ code: 'certificate/chain', params: { position: 2, signed: false } }] },
    });
    const create = await chief.fails(CREATE_ACCOUNT, {
      input: { companyId, name: 'impostor', permissionCodes: ['demo-consult'], certificate: { name: 'impostor chain', content: leaf.certPem + impostor.certPem } },
    });
    expect(create).toMatchObject({ code: 'CERTIFICATE_REJECTED' });
    const accepted = (await chief.q(UPLOAD, { companyId, name: 'real chain', content: leaf.certPem + real.certPem })).uploadCertificate;
    expect(accepted).toMatchObject({ name: 'real chain', subject: expect.stringContaining('leaf.channels.be') });
  });
});
