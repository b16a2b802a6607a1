import { makeCertificate } from '@chaman/domain/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountLists1764000005000 } from '../src/db/migrations/1764000005000-account-lists.js';
import { companyWithChief, CREATE_ACCOUNT, UPLOAD } from './support/chaman.js';
import { databaseKinds } from './support/databases.js';
import { APPOINT, signUp, type Caller } from './support/people.js';
import { startTestServer, type TestServer } from './support/server.js';

const ACCOUNTS = `query($id: ID!, $first: Int, $health: AccountHealth, $status: RestAccountStatus) {
  company(id: $id) { restAccounts(first: $first, health: $health, status: $status) {
    nodes { clientId name health status permissions { code } certificates { name notAfter } }
    pageInfo { hasNextPage endCursor } } } }`;

describe.each(databaseKinds)('REST accounts on %s', (kind) => {
  let server: TestServer;
  let chief: Caller;
  let companyId: string;
  beforeAll(async () => {
    server = await startTestServer(kind);
    ({ chief, companyId } = await companyWithChief(server, 'rest'));
  });
  afterAll(async () => server.stop());

  it('lists the permission catalogue, in the asked language', async () => {
    const en = (await chief.q(`{ permissions { code scope name description } }`)).permissions;
    expect(en.map((p: { scope: string }) => p.scope)).toContain('scope:dimona:declaration:declarant');
    expect(en.find((p: { code: string }) => p.code === 'dimona-consult').name).toBe('Dimona: consult');
    const fr = (await chief.q(`{ permissions(language: FR) { code name } }`)).permissions;
    expect(fr.find((p: { code: string }) => p.code === 'dimona-consult').name).toBe('Dimona : consulter');
  });

  it("follows the seed: Add a Web service account, REST, name, permissions, certificate, Validate -> self_service_expeditor_X", async () => {
    const made = makeCertificate({ key: 'rsa:2048' });
    const a = (
      await chief.q(CREATE_ACCOUNT, {
        input: { companyId, name: 'Payroll', permissionCodes: ['dimona-declaration', 'dimona-consult'], certificate: { name: 'payroll cert', content: made.certPem } },
      })
    ).createRestAccount;
    expect(a).toMatchObject({ name: 'Payroll', type: 'REST', status: 'ACTIVE', health: 'OK', certificates: [{ name: 'payroll cert' }] });
    expect(a.clientId).toMatch(/^self_service_expeditor_\d+$/);
    expect(a.permissions.map((p: { code: string }) => p.code)).toEqual(['dimona-consult', 'dimona-declaration']);
    // One certificate may serve several accounts.
    const certId = (await chief.q(`query($id: ID!) { company(id: $id) { certificates(first: 10) { nodes { id name restAccounts { clientId } } } } }`, { id: companyId }))
      .company.certificates.nodes.find((c: { name: string }) => c.name === 'payroll cert');
    expect(certId.restAccounts).toEqual([{ clientId: a.clientId }]);
    const b = (await chief.q(CREATE_ACCOUNT, { input: { companyId, name: 'Payroll test', permissionCodes: ['demo-consult'], certificateId: certId.id } })).createRestAccount;
    expect(Number(b.clientId.split('_').at(-1))).toBeGreaterThan(Number(a.clientId.split('_').at(-1)));
    const found = (await chief.q(`query($c: String!) { restAccount(clientId: $c) { name company { id } } }`, { c: b.clientId })).restAccount;
    expect(found).toEqual({ name: 'Payroll test', company: { id: companyId } });
  });

  it('refuses: unknown permission, none, duplicate name, no certificate, two, rejected, and creates nothing', async () => {
    const made = makeCertificate({ key: 'ec:P-384' });
    const input = (over: Record<string, unknown>) => ({ input: { companyId, name: 'Refusals', permissionCodes: ['demo-consult'], certificate: { name: 'c', content: made.certPem }, ...over } });
    const before = (await chief.q(ACCOUNTS, { id: companyId, first: 100 })).company.restAccounts.nodes.length;
    expect(await chief.fails(CREATE_ACCOUNT, input({ permissionCodes: ['nope'] }))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('"nope"') });
    expect(await chief.fails(CREATE_ACCOUNT, input({ permissionCodes: [] }))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('at least one') });
    expect(await chief.fails(CREATE_ACCOUNT, input({ name: 'payroll' }))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('named "payroll"') });
    expect(await chief.fails(CREATE_ACCOUNT, input({ certificate: null }))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { reason: 'rest-account/certificate-choice' } });
    const existing = (await chief.q(UPLOAD, { companyId, name: 'x', content: makeCertificate({ key: 'ec:P-384' }).certPem })).uploadCertificate;
    expect(await chief.fails(CREATE_ACCOUNT, input({ certificateId: existing.id }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    const rejected = await chief.fails(CREATE_ACCOUNT, input({ certificate: { name: 'weak', content: makeCertificate({ key: 'rsa:1024' }).certPem } }));
    expect(rejected).toMatchObject({ code: 'CERTIFICATE_REJECTED' });
    expect(await chief.fails(CREATE_ACCOUNT, input({ name: '' }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await chief.q(ACCOUNTS, { id: companyId, first: 100 })).company.restAccounts.nodes.length).toBe(before);
    // The refused upload stored no certificate either.
    const certs = (await chief.q(`query($id: ID!) { company(id: $id) { certificates(first: 100) { nodes { name } } } }`, { id: companyId })).company.certificates.nodes;
    expect(certs.map((c: { name: string }) => c.name)).not.toContain('weak');
  });

  it('refuses a Chaman user of another company, and lets the Chaman user of this one in', async () => {
    const other = await companyWithChief(server, 'stranger');
    const made = makeCertificate({ key: 'ec:P-384' });
    const e = await other.chief.fails(CREATE_ACCOUNT, { input: { companyId, name: 'x', permissionCodes: ['demo-consult'], certificate: { name: 'c', content: made.certPem } } });
    expect(e.code).toBe('NOT_FOUND');
    const it = await signUp(server, `it-${kind}@rest.be`);
    await chief.q(APPOINT('grantChamanAccess'), { companyId, email: it.email });
    const a = (await it.q(CREATE_ACCOUNT, { input: { companyId, name: 'By IT', permissionCodes: ['demo-consult'], certificate: { name: 'it', content: made.certPem } } })).createRestAccount;
    expect(a.status).toBe('ACTIVE');
  });

  it('goes through its lifecycle, each step audited', async () => {
    const first = makeCertificate({ key: 'ec:P-384', notAfter: new Date(Date.now() + 10 * 86_400_000) });
    const a = (await chief.q(CREATE_ACCOUNT, { input: { companyId, name: 'Lifecycle', permissionCodes: ['demo-consult'], certificate: { name: 'first', content: first.certPem } } })).createRestAccount;
    expect(a.health).toBe('EXPIRING');
    const inputType = (m: string) => (['disableRestAccount', 'enableRestAccount', 'deleteRestAccount'].includes(m) ? 'RestAccountInput' : `${m[0]!.toUpperCase()}${m.slice(1)}Input`);
    const q = (m: string, input: Record<string, unknown>) => chief.q(`mutation($input: ${inputType(m)}!) { ${m}(input: $input) { name status health permissions { code } certificates { id name } } }`, { input: { accountId: a.id, ...input } });
    expect((await q('renameRestAccount', { name: 'Lifecycle 2' })).renameRestAccount.name).toBe('Lifecycle 2');
    expect((await q('setRestAccountPermissions', { permissionCodes: ['dimona-consult', 'demo-consult'] })).setRestAccountPermissions.permissions).toEqual([{ code: 'demo-consult' }, { code: 'dimona-consult' }]);
    const second = makeCertificate({ key: 'rsa:2048' });
    const added = (await q('addRestAccountCertificate', { certificate: { name: 'second', content: second.certPem } })).addRestAccountCertificate;
    expect(added.health).toBe('OK');
    expect(added.certificates.map((c: { name: string }) => c.name)).toEqual(['second', 'first']);
    const removed = (await q('removeRestAccountCertificate', { certificateId: added.certificates[1].id })).removeRestAccountCertificate;
    expect(removed.certificates.map((c: { name: string }) => c.name)).toEqual(['second']);
    expect((await chief.fails(`mutation($input: RemoveRestAccountCertificateInput!) { removeRestAccountCertificate(input: $input) { id } }`, { input: { accountId: a.id, certificateId: removed.certificates[0].id } })).extensions.reason).toBe('rest-account/last-certificate');
    expect((await q('disableRestAccount', {})).disableRestAccount).toMatchObject({ status: 'DISABLED', health: 'DISABLED' });
    expect((await q('enableRestAccount', {})).enableRestAccount.status).toBe('ACTIVE');
    // Up to 5 certificates.
    for (let i = 0; i < 4; i++) await q('addRestAccountCertificate', { certificate: { name: `extra ${i}`, content: makeCertificate({ key: 'ec:P-384' }).certPem } });
    expect((await chief.fails(`mutation($input: AddRestAccountCertificateInput!) { addRestAccountCertificate(input: $input) { id } }`, { input: { accountId: a.id, certificate: { name: 'sixth', content: makeCertificate({ key: 'ec:P-384' }).certPem } } })).extensions.reason).toBe('rest-account/too-many-certificates');
    const deleted = (await q('deleteRestAccount', {})).deleteRestAccount;
    expect(deleted.name).toBe('Lifecycle 2');
    const log = (await chief.q(`query($id: ID!) { company(id: $id) { auditLog(first: 30) { nodes { action } } } }`, { id: companyId })).company.auditLog.nodes.map((e: { action: string }) => e.action);
    for (const action of ['rest-account.created', 'rest-account.renamed', 'rest-account.permissions-changed', 'rest-account.certificate-added', 'rest-account.certificate-removed', 'rest-account.disabled', 'rest-account.enabled', 'rest-account.deleted']) {
      expect(log).toContain(action);
    }
    // Its client ID is never handed out again.
    const next = (await chief.q(CREATE_ACCOUNT, { input: { companyId, name: 'After delete', permissionCodes: ['demo-consult'], certificate: { name: 'n', content: makeCertificate({ key: 'ec:P-384' }).certPem } } })).createRestAccount;
    expect(Number(next.clientId.split('_').at(-1))).toBeGreaterThan(Number(a.clientId.split('_').at(-1)));
  });

  it('filters by health and status, and lists what needs rotating', async () => {
    const { chief: c, companyId: co } = await companyWithChief(server, 'health');
    const mk = (name: string, days: number) =>
      c.q(CREATE_ACCOUNT, { input: { companyId: co, name, permissionCodes: ['demo-consult'], certificate: { name, content: makeCertificate({ key: 'ec:P-384', notAfter: new Date(Date.now() + days * 86_400_000) }).certPem } } });
    await mk('healthy', 200);
    await mk('soon', 5);
    const off = (await mk('off', 200)).createRestAccount;
    await c.q(`mutation($id: ID!) { disableRestAccount(input: { accountId: $id }) { id } }`, { id: off.id });
    const names = async (health: string | null, status: string | null = null) =>
      (await c.q(ACCOUNTS, { id: co, first: 50, health, status })).company.restAccounts.nodes.map((n: { name: string }) => n.name);
    expect(await names('OK')).toEqual(['healthy']);
    expect(await names('EXPIRING')).toEqual(['soon']);
    expect(await names('DISABLED')).toEqual(['off']);
    expect(await names('EXPIRED')).toEqual([]);
    expect(await names(null, 'ACTIVE')).toEqual(['soon', 'healthy']);
    const expiring = (await c.q(`query($id: ID!) { expiringCertificates(companyId: $id, withinDays: 30) { certificate { name expiresInDays } accounts { name } } }`, { id: co })).expiringCertificates;
    expect(expiring).toEqual([{ certificate: { name: 'soon', expiresInDays: 4 }, accounts: [{ name: 'soon' }] }]);
  });

  it('loads a page of accounts with certificates and permissions in a fixed number of SQL statements (1, 10, 100)', async () => {
    const { chief: c, companyId: co } = await companyWithChief(server, 'count');
    const cert = (await c.q(UPLOAD, { companyId: co, name: 'shared', content: makeCertificate({ key: 'ec:P-384' }).certPem })).uploadCertificate;
    for (let i = 0; i < 100; i++) {
      await c.q(CREATE_ACCOUNT, { input: { companyId: co, name: `acc ${i}`, permissionCodes: ['demo-consult', 'dimona-consult'], certificateId: cert.id } });
    }
    const counts: number[] = [];
    for (const first of [1, 10, 100]) {
      const r = await server.graphql(ACCOUNTS, { id: co, first }, { authorization: `Bearer ${c.token}` });
      expect((r.body.data as any).company.restAccounts.nodes).toHaveLength(first);
      counts.push(Number(r.response.headers.get('x-sql-statements')));
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts).size, `statements for pages of 1, 10, 100: ${counts.join(', ')}`).toBe(1);
  }, 120_000);

  it('answers a page as it answers each account on its own, and a repeated query as its first run, errors included', async () => {
    const { chief: c, companyId: co } = await companyWithChief(server, 'same');
    const other = await companyWithChief(server, 'same-other');
    const ec = (name: string, days: number) => ({ name, content: makeCertificate({ key: 'ec:P-384', notAfter: new Date(Date.now() + days * 86_400_000) }).certPem });
    const shared = (await c.q(UPLOAD, { companyId: co, ...ec('shared', 200) })).uploadCertificate;
    await c.q(CREATE_ACCOUNT, { input: { companyId: co, name: 'two certs', permissionCodes: ['dimona-declaration', 'demo-consult'], certificateId: shared.id } });
    const two = (await c.q(CREATE_ACCOUNT, { input: { companyId: co, name: 'rotating', permissionCodes: ['demo-consult'], certificate: ec('old', 10) } })).createRestAccount;
    await c.q(`mutation($input: AddRestAccountCertificateInput!) { addRestAccountCertificate(input: $input) { id } }`, { input: { accountId: two.id, certificateId: shared.id } });
    const off = (await c.q(CREATE_ACCOUNT, { input: { companyId: co, name: 'off', permissionCodes: ['dimona-consult', 'demo-consult'], certificateId: shared.id } })).createRestAccount;
    await c.q(`mutation($id: ID!) { disableRestAccount(input: { accountId: $id }) { id } }`, { id: off.id });
    await c.q(CREATE_ACCOUNT, { input: { companyId: co, name: 'expiring', permissionCodes: ['dimona-consult'], certificate: ec('soon', 5) } });

    const fields = 'clientId name status health permissions { code scope name } certificates { id name notAfter expiresInDays }';
    const PAGE = `query Page($id: ID!) { company(id: $id) { restAccounts(first: 10) { nodes { ${fields} } pageInfo { hasNextPage } } } }`;
    const ONE = `query One($c: String!) { restAccount(clientId: $c) { ${fields} } }`;
    const french = { authorization: `Bearer ${c.token}`, 'accept-language': 'fr-BE' };
    // The first run goes through graphql-js, later ones through the compiled query.
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push((await server.graphql(PAGE, { id: co }, french)).body);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
    const nodes = (runs[0] as any).data.company.restAccounts.nodes;
    expect(nodes.map((n: { name: string; health: string }) => `${n.name}: ${n.health}`)).toEqual(['expiring: EXPIRING', 'off: DISABLED', 'rotating: OK', 'two certs: OK']);
    expect(nodes[3].permissions.map((p: { code: string }) => p.code)).toEqual(['demo-consult', 'dimona-declaration']);
    expect(nodes[2].certificates.map((x: { name: string }) => x.name)).toEqual(['shared', 'old']);
    expect(nodes[1].permissions.find((p: { code: string }) => p.code === 'dimona-consult').name).toBe('Dimona : consulter');
    for (const node of nodes) {
      for (let i = 0; i < 2; i++) expect((await server.graphql(ONE, { c: node.clientId }, french)).body).toEqual({ data: { restAccount: node } });
    }

    // Another company's page (not visible: null), a bad argument, a bad variable: the same on every run.
    for (const [query, variables, errors] of [
      [PAGE, { id: other.companyId }, 0],
      [`query Bad($id: ID!) { company(id: $id) { restAccounts(first: 0) { nodes { id } } } }`, { id: co }, 1],
      [`query Var($id: ID!, $n: Int) { company(id: $id) { restAccounts(first: $n) { nodes { id } } } }`, { id: co, n: 'ten' }, 1],
    ] as const) {
      const answers = [];
      for (let i = 0; i < 3; i++) {
        const r = await server.graphql(query, variables, french);
        answers.push({ status: r.status, body: r.body });
      }
      expect((answers[0]!.body as { errors?: unknown[] }).errors ?? []).toHaveLength(errors);
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    }
  });

  it("keeps each account's lists on its row equal to its link rows, through every change and the migration that fills them", async () => {
    const { chief: c, companyId: co } = await companyWithChief(server, 'lists');
    const ec = (name: string) => ({ name, content: makeCertificate({ key: 'ec:P-384' }).certPem });
    const a = (await c.q(CREATE_ACCOUNT, { input: { companyId: co, name: 'a', permissionCodes: ['dimona-consult', 'demo-consult'], certificate: ec('a1') } })).createRestAccount;
    const b = (await c.q(CREATE_ACCOUNT, { input: { companyId: co, name: 'b', permissionCodes: ['demo-consult'], certificate: ec('b1') } })).createRestAccount;
    await c.q(`mutation($input: SetRestAccountPermissionsInput!) { setRestAccountPermissions(input: $input) { id } }`, { input: { accountId: a.id, permissionCodes: ['dimona-declaration'] } });
    for (const name of ['a2', 'a3']) {
      await c.q(`mutation($input: AddRestAccountCertificateInput!) { addRestAccountCertificate(input: $input) { id } }`, { input: { accountId: a.id, certificate: ec(name) } });
    }
    const a1 = (await c.q(`query($c: String!) { restAccount(clientId: $c) { certificates { id name } } }`, { c: a.clientId })).restAccount.certificates.find((x: { name: string }) => x.name === 'a1');
    await c.q(`mutation($input: RemoveRestAccountCertificateInput!) { removeRestAccountCertificate(input: $input) { id } }`, { input: { accountId: a.id, certificateId: a1.id } });

    const ds = server.app.ds;
    const p = kind === 'postgres' ? '$1' : '?';
    const lists = async () => {
      const rows: { id: string; permission_codes: string; certificate_ids: string }[] = await ds.query(
        `SELECT id, permission_codes, certificate_ids FROM rest_account WHERE company_id = ${p} ORDER BY id`, [co]);
      for (const row of rows) {
        const perms: { permission_code: string }[] = await ds.query(`SELECT permission_code FROM rest_account_permission WHERE account_id = ${p} ORDER BY permission_code`, [row.id]);
        const certs: { certificate_id: string }[] = await ds.query(`SELECT certificate_id FROM rest_account_certificate WHERE account_id = ${p} ORDER BY certificate_id`, [row.id]);
        expect(row.permission_codes).toBe(perms.map((x) => x.permission_code).join(','));
        expect(row.certificate_ids).toBe(certs.map((x) => x.certificate_id).join(','));
      }
      return rows;
    };
    const before = await lists();
    expect(before.find((r) => r.id === a.id)!.permission_codes).toBe('dimona-declaration');
    expect(before.find((r) => r.id === a.id)!.certificate_ids.split(',')).toHaveLength(2);
    expect(before.find((r) => r.id === b.id)!.permission_codes).toBe('demo-consult');
    const PAGE = `query($id: ID!) { company(id: $id) { restAccounts(first: 10) { nodes { name health permissions { code } certificates { name } } } } }`;
    const page = await c.q(PAGE, { id: co });
    expect(page.company.restAccounts.nodes.find((n: { name: string }) => n.name === 'a').certificates.map((x: { name: string }) => x.name).sort()).toEqual(['a2', 'a3']);

    // The migration that added the columns fills them from the link rows.
    const migration = new AccountLists1764000005000();
    const runner = ds.createQueryRunner();
    try {
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await lists()).toEqual(before);
    expect(await c.q(PAGE, { id: co })).toEqual(page);

    // Changes of one account at the same time: one after the other (the row is locked on
    // PostgreSQL), so the limit of five certificates holds and the lists stay right.
    const adds = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        server.graphql(`mutation($input: AddRestAccountCertificateInput!) { addRestAccountCertificate(input: $input) { id } }`, { input: { accountId: b.id, certificate: ec(`b${i + 2}`) } }, { authorization: `Bearer ${c.token}` }),
      ),
    );
    expect(adds.filter((r) => !r.body.errors).length).toBe(4);
    expect(adds.filter((r) => r.body.errors?.[0]?.extensions?.code === 'CONFLICT').length).toBe(4);
    expect((await lists()).find((r) => r.id === b.id)!.certificate_ids.split(',')).toHaveLength(5);
  });

  it('lets a mandated provider manage the accounts, and the audit log says through whom', async () => {
    const mandator = await companyWithChief(server, 'mandator');
    const provider = await companyWithChief(server, 'provider');
    const providerEn = (await provider.chief.q(`query($id: ID!) { company(id: $id) { enterpriseNumber } }`, { id: provider.companyId })).company.enterpriseNumber;
    const m = (await mandator.chief.q(`mutation($c: ID!, $p: String!) { createMandate(input: { companyId: $c, providerEnterpriseNumber: $p }) { id } }`, { c: mandator.companyId, p: providerEn })).createMandate;
    await provider.chief.q(`mutation($m: ID!) { acceptMandate(input: { mandateId: $m }) { id } }`, { m: m.id });
    const a = (await provider.chief.q(CREATE_ACCOUNT, { input: { companyId: mandator.companyId, name: 'By provider', permissionCodes: ['demo-consult'], certificate: { name: 'p', content: makeCertificate({ key: 'ec:P-384' }).certPem } } })).createRestAccount;
    expect(a.status).toBe('ACTIVE');
    const log = (await mandator.chief.q(`query($id: ID!) { company(id: $id) { auditLog(first: 1, action: "rest-account.created") { nodes { actorEmail viaCompanyName } } } }`, { id: mandator.companyId })).company.auditLog.nodes;
    expect(log).toEqual([{ actorEmail: provider.chief.email, viaCompanyName: expect.stringContaining('provider') }]);
  });
});
