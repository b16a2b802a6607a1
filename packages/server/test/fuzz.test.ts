import { makeCertificate } from '@chaman/domain/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyWithChief, CREATE_ACCOUNT } from './support/chaman.js';
import { databaseKinds } from './support/databases.js';
import type { Caller } from './support/people.js';
import { startTestServer, type TestServer } from './support/server.js';

describe.each(databaseKinds)('fuzzing the GraphQL API on %s', (kind) => {
  let server: TestServer;
  let attacker: Caller;
  let attackerCompany: string;
  let victim: { companyId: string; accountId: string; certificateId: string; clientId: string };
  beforeAll(async () => {
    server = await startTestServer(kind, { RATE_LIMIT_SIGN_UP_PER_IP: '100000', RATE_LIMIT_SIGN_IN_PER_IP: '100000' });
    const a = await companyWithChief(server, 'fuzz-a');
    attacker = a.chief;
    attackerCompany = a.companyId;
    const b = await companyWithChief(server, 'fuzz-b');
    const account = (await b.chief.q(CREATE_ACCOUNT, { input: { companyId: b.companyId, name: 'victim', permissionCodes: ['demo-consult'], certificate: { name: 'v', content: makeCertificate({ key: 'ec:P-384' }).certPem } } })).createRestAccount;
    victim = { companyId: b.companyId, accountId: account.id, certificateId: account.certificates[0].id, clientId: account.clientId };
  });
  afterAll(async () => server.stop());

  async function victimSnapshot(): Promise<string> {
    const p = kind === 'postgres' ? '$1' : '?';
    const ds = server.app.ds;
    return JSON.stringify(
      await Promise.all([
        ds.query(`SELECT id, name, status FROM rest_account WHERE company_id = ${p} ORDER BY id`, [victim.companyId]),
        ds.query(`SELECT id, name FROM certificate WHERE company_id = ${p} ORDER BY id`, [victim.companyId]),
        ds.query(`SELECT id, status FROM role_assignment WHERE company_id = ${p} ORDER BY id`, [victim.companyId]),
        ds.query(`SELECT count(*) AS n FROM audit_entry WHERE company_id = ${p}`, [victim.companyId]),
      ]),
    );
  }

  /** Sends an operation; asserts no 500 and that every error carries a code; returns the codes. */
  async function send(query: string, variables: Record<string, unknown>): Promise<string[]> {
    const r = await server.graphql(query, variables, { authorization: `Bearer ${attacker.token}` });
    expect(r.status).toBeLessThan(500);
    for (const e of r.body.errors ?? []) {
      expect(e.extensions?.code, JSON.stringify(e)).toBeTruthy();
      expect(e.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    }
    return (r.body.errors ?? []).map((e) => e.extensions!.code!);
  }

  const text = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ maxLength: 100, unit: 'grapheme' }), fc.constantFrom('', ' ', '0203.201.340', '0'.repeat(10), 'BE0203201340', '\u0000', "'; DROP TABLE company; --"));
  const anyId = fc.oneof(fc.uuid(), fc.string({ maxLength: 60 }), fc.constantFrom('', '0', '-1', 'null'));

  it('answers random input to every kind of operation with a coded refusal or a result, never a 500, never changing another company', async () => {
    const before = await victimSnapshot();
    await fc.assert(
      fc.asyncProperty(text, text, async (en, name) => {
        await send('mutation($i: RegisterEmployerInput!) { registerEmployer(input: $i) { id } }', { i: { enterpriseNumber: en, name } });
      }),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(text, fc.oneof(text, fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b).toString('base64'))), async (name, content) => {
        await send('mutation($c: ID!, $n: String!, $content: String!) { uploadCertificate(input: { companyId: $c, name: $n, content: $content }) { id } }', { c: attackerCompany, n: name, content });
      }),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(anyId, text, fc.array(text, { maxLength: 4 }), async (id, name, codes) => {
        await send('mutation($i: CreateRestAccountInput!) { createRestAccount(input: $i) { id } }', { i: { companyId: id, name, permissionCodes: codes, certificateId: victim.certificateId } });
        await send('mutation($i: RenameRestAccountInput!) { renameRestAccount(input: $i) { id } }', { i: { accountId: id, name } });
        await send('mutation($i: RevokeRoleInput!) { revokeRole(input: $i) { id } }', { i: { roleAssignmentId: id } });
        await send('query($c: String!) { restAccount(clientId: $c) { id } }', { c: name });
      }),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.string({ maxLength: 40 }), async (first, after) => {
        await send('query($id: ID!, $first: Int, $after: String) { company(id: $id) { restAccounts(first: $first, after: $after) { nodes { id } } } }', { id: attackerCompany, first, after });
      }),
      { numRuns: 60 },
    );
    // Every id of the other company, under every mutation that takes one.
    const mutations = [
      ['renameRestAccount(input: { accountId: $id, name: "x" })', victim.accountId],
      ['disableRestAccount(input: { accountId: $id })', victim.accountId],
      ['deleteRestAccount(input: { accountId: $id })', victim.accountId],
      ['setRestAccountPermissions(input: { accountId: $id, permissionCodes: ["demo-consult", "dimona-consult"] })', victim.accountId],
      ['renameCertificate(input: { certificateId: $id, name: "x" })', victim.certificateId],
      ['deleteCertificate(input: { certificateId: $id })', victim.certificateId],
    ] as const;
    for (const [m, id] of mutations) expect(await send(`mutation($id: ID!) { ${m} { id } }`, { id })).toEqual(['NOT_FOUND']);
    expect(await victimSnapshot()).toBe(before);
  }, 240_000);
});
