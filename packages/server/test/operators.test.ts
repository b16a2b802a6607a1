import { makeCertificate } from '@chaman/domain/test-support';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSource, openDataSource } from '../src/db/data-source.js';
import { migrations } from '../src/db/migrations/index.js';
import { CREATE_ACCOUNT, UPLOAD } from './support/chaman.js';
import { createTestDatabase, databaseKinds } from './support/databases.js';
import { APPOINT, enterpriseNumber, signUp, type Caller } from './support/people.js';
import { startTestServer, type TestServer } from './support/server.js';
import { startSmtpSink, type SmtpSink } from './support/smtp.js';

const OPERATOR = 'ops@chaman.example';
const UNPROVEN_OPERATOR = 'ops2@chaman.example';

const REGISTER = `mutation($n: String!, $name: String!) { registerEmployer(input: { enterpriseNumber: $n, name: $name }) { id registrationStatus rejectionReason registeredBy { email } } }`;
const COMPANY = `query($id: ID!) { company(id: $id) { id registrationStatus rejectionReason registeredBy { email } viewerAllowedActions } }`;
const QUEUE = `query($first: Int, $after: String) { pendingEmployers(first: $first, after: $after) {
  nodes { id enterpriseNumber name createdAt registrationStatus registeredBy { email firstName lastName } }
  pageInfo { hasNextPage endCursor } } }`;
const APPROVE = `mutation($id: ID!) { approveEmployer(id: $id) { id registrationStatus rejectionReason registeredBy { email } } }`;
const REJECT = `mutation($id: ID!, $reason: String!) { rejectEmployer(id: $id, reason: $reason) { id registrationStatus rejectionReason } }`;
const AUDIT = `query($id: ID!, $action: String) { company(id: $id) { auditLog(first: 10, action: $action) { nodes { action actorEmail details } } } }`;

let nextNumber = 7000;

describe.each(databaseKinds)('platform operators approve employers, on %s', (kind) => {
  let server: TestServer;
  let operator: Caller;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startTestServer(kind, { EMPLOYER_APPROVAL: 'operator', OPERATOR_EMAILS: `${OPERATOR.toUpperCase()}, ${UNPROVEN_OPERATOR}`, SMTP_URL: sink.url });
    // signUp proves the email through the mailed link: an operator is one with a proven listed email.
    operator = await signUp(server, OPERATOR, 'Olga', 'Operator');
  });
  afterAll(async () => {
    await server.stop();
    await sink.close();
  });

  it('mails the decision to the registrant, in their language, with the reason of a rejection', async () => {
    const n = enterpriseNumber(nextNumber++);
    const email = `registrant-${n}@example.be`;
    const r = await server.graphql<{ signUp: { token: string } }>(`mutation($input: SignUpInput!) { signUp(input: $input) { token } }`, {
      input: { email, password: 'correct horse battery staple', firstName: 'Rita', lastName: 'Registrant', language: 'fr' },
    });
    const registrant = { q: async (query: string, variables: Record<string, unknown>) => (await server.graphql(query, variables, { authorization: `Bearer ${r.body.data!.signUp.token}` })).body.data as any };
    const id = (await registrant.q(REGISTER, { n, name: 'Rejetée SA' })).registerEmployer.id;
    await operator.q(REJECT, { id, reason: 'Le numéro appartient à une autre entreprise' });
    // Other tests' mails arrive at the same sink, and the registrant's confirmation mail: wait for the decision.
    const to = (m: { to?: unknown; subject?: string }) => JSON.stringify(m.to ?? '').includes(email) && !!m.subject?.includes('Rejetée SA');
    while (!sink.mails.some(to)) await sink.waitFor(sink.mails.length + 1, 20_000);
    const mail = sink.mails.find(to)!;
    expect(mail.subject).toBe("L'enregistrement de Rejetée SA dans Chaman a été refusé");
    expect(mail.text).toContain('Le numéro appartient à une autre entreprise');
    expect(String(mail.html)).toContain('<html lang="fr">');
  });

  it("refuses the takeover: a registrant of someone else's number gets a PENDING company and can do nothing with it", async () => {
    const n = enterpriseNumber(nextNumber++);
    const attacker = await signUp(server, `attacker-${n}@example.be`);
    const registered = (await attacker.q(REGISTER, { n, name: 'Not mine NV' })).registerEmployer;
    expect(registered).toMatchObject({ registrationStatus: 'PENDING', rejectionReason: null, registeredBy: null });
    const id = registered.id;

    // He sees it, and nothing else is allowed.
    expect((await attacker.q(COMPANY, { id })).company).toMatchObject({ registrationStatus: 'PENDING', viewerAllowedActions: ['view-company'] });
    const refused = [
      await attacker.fails(APPOINT('appointChiefAccessManager'), { companyId: id, email: attacker.email }),
      await attacker.fails(APPOINT('grantChamanAccess'), { companyId: id, email: attacker.email }),
      await attacker.fails(UPLOAD, { companyId: id, name: 'mine', content: makeCertificate({ key: 'ec:P-384' }).certPem }),
      await attacker.fails(CREATE_ACCOUNT, {
        input: { companyId: id, name: 'all', permissionCodes: ['dimona-declaration'], certificate: { name: 'c', content: makeCertificate({ key: 'ec:P-384' }).certPem } },
      }),
      await attacker.fails(`query($id: ID!) { company(id: $id) { restAccounts(first: 5) { nodes { clientId } } } }`, { id }),
    ];
    for (const r of refused) {
      expect(r.code).toBe('FORBIDDEN');
      expect(r.extensions.reason).toBe('company/awaiting-approval');
    }
    // No REST account exists, so there is no client to ask the token endpoint for a token.
    const accounts = await server.app.ds.query(`SELECT count(*) AS n FROM rest_account WHERE company_id = ${kind === 'postgres' ? '$1' : '?'}`, [id]);
    expect(Number(accounts[0].n)).toBe(0);

    // The real company is told the number awaits approval, not that it is registered.
    const real = await signUp(server, `real-${n}@example.be`);
    const again = await real.fails(REGISTER, { n, name: 'The real NV' });
    expect(again.code).toBe('CONFLICT');
    expect(again.extensions.reason).toBe('company/awaiting-approval');
    expect((again.extensions.params as Record<string, unknown>).enterpriseNumber).toBeTruthy();
  });

  it('shows operators the queue with who registered when; an approval makes the company usable, audited', async () => {
    const n = enterpriseNumber(nextNumber++);
    const registrant = await signUp(server, `registrant-${n}@example.be`, 'Rita', 'Registrant');
    const before = Date.now();
    const id = (await registrant.q(REGISTER, { n, name: 'Waiting NV' })).registerEmployer.id;

    expect((await operator.q(`{ me { platformOperator } }`)).me.platformOperator).toBe(true);
    expect((await registrant.q(`{ me { platformOperator } }`)).me.platformOperator).toBe(false);
    const queued = [];
    let after: string | null = null;
    do {
      const page: any = (await operator.q(QUEUE, { first: 1, after })).pendingEmployers;
      queued.push(...page.nodes);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    const mine = queued.find((c: { id: string }) => c.id === id);
    expect(mine).toMatchObject({
      enterpriseNumber: n,
      name: 'Waiting NV',
      registrationStatus: 'PENDING',
      registeredBy: { email: registrant.email, firstName: 'Rita', lastName: 'Registrant' },
    });
    expect(new Date(mine.createdAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    // Oldest first, each once.
    expect(queued.map((c: { id: string }) => c.id)).toEqual([...queued.map((c: { id: string }) => c.id)].sort());

    const approved = (await operator.q(APPROVE, { id })).approveEmployer;
    expect(approved).toMatchObject({ registrationStatus: 'APPROVED', registeredBy: { email: registrant.email } });
    expect((await operator.q(QUEUE, { first: 100 })).pendingEmployers.nodes.map((c: { id: string }) => c.id)).not.toContain(id);
    const twice = await operator.fails(APPROVE, { id });
    expect([twice.code, twice.extensions.reason]).toEqual(['CONFLICT', 'company/not-pending']);

    // Now the registrant manages it as any legal representative would.
    await registrant.q(APPOINT('appointChiefAccessManager'), { companyId: id, email: registrant.email });
    expect((await registrant.q(COMPANY, { id })).company).toMatchObject({ registrationStatus: 'APPROVED', registeredBy: null });
    const log = (await registrant.q(AUDIT, { id, action: 'company.approved' })).company.auditLog.nodes;
    expect(log).toEqual([expect.objectContaining({ action: 'company.approved', actorEmail: OPERATOR })]);
  });

  it('rejects with a reason the registrant reads; the number may then be registered again', async () => {
    const n = enterpriseNumber(nextNumber++);
    const registrant = await signUp(server, `impostor-${n}@example.be`);
    const id = (await registrant.q(REGISTER, { n, name: 'Impostor NV' })).registerEmployer.id;

    for (const reason of ['   ', 'x'.repeat(501)]) {
      const bad = await operator.fails(REJECT, { id, reason });
      expect([bad.code, bad.extensions.reason]).toEqual(['BAD_USER_INPUT', 'company/rejection-reason']);
    }
    const rejected = (await operator.q(REJECT, { id, reason: 'You do not represent this enterprise' })).rejectEmployer;
    expect(rejected).toMatchObject({ registrationStatus: 'REJECTED', rejectionReason: 'You do not represent this enterprise' });
    expect((await operator.fails(APPROVE, { id })).extensions.reason).toBe('company/not-pending');

    expect((await registrant.q(COMPANY, { id })).company).toMatchObject({
      registrationStatus: 'REJECTED',
      rejectionReason: 'You do not represent this enterprise',
      viewerAllowedActions: ['view-company'],
    });
    const refused = await registrant.fails(APPOINT('appointChiefAccessManager'), { companyId: id, email: registrant.email });
    expect([refused.code, refused.extensions.reason]).toEqual(['FORBIDDEN', 'company/registration-rejected']);

    const real = await signUp(server, `owner-${n}@example.be`);
    const second = (await real.q(REGISTER, { n, name: 'Real NV' })).registerEmployer;
    expect(second.id).not.toBe(id);
    expect(second.registrationStatus).toBe('PENDING');
    // While the new registration waits, a third is refused.
    expect((await registrant.fails(REGISTER, { n, name: 'Impostor NV' })).extensions.reason).toBe('company/awaiting-approval');
    await operator.q(APPROVE, { id: second.id });
    const third = await registrant.fails(REGISTER, { n, name: 'Impostor NV' });
    expect([third.code, third.extensions.reason]).toEqual(['CONFLICT', 'company/already-registered']);
    const log = await server.app.ds.query(`SELECT action FROM audit_entry WHERE company_id = ${kind === 'postgres' ? '$1' : '?'}`, [id]);
    expect(log.map((r: { action: string }) => r.action).sort()).toEqual(['company.registered', 'company.rejected']);
  });

  it('refuses the queue and the decisions to everyone else, listed but unproven emails included', async () => {
    const n = enterpriseNumber(nextNumber++);
    const registrant = await signUp(server, `someone-${n}@example.be`);
    const id = (await registrant.q(REGISTER, { n, name: 'Someone NV' })).registerEmployer.id;
    const unproven = await signUp(server, UNPROVEN_OPERATOR, 'Ann', 'Peeters', { prove: false });
    expect((await unproven.q(`{ me { platformOperator emailVerified } }`)).me).toEqual({ platformOperator: false, emailVerified: false });

    for (const caller of [registrant, unproven]) {
      for (const [query, variables] of [
        [QUEUE, {}],
        [APPROVE, { id }],
        [REJECT, { id, reason: 'no' }],
      ] as const) {
        const r = await caller.fails(query, variables);
        expect([r.code, r.extensions.reason]).toEqual(['FORBIDDEN', 'access/not-an-operator']);
      }
    }
    expect((await unproven.fails(QUEUE, {})).message).toContain('not proven');
    const anonymous = await server.graphql(QUEUE, {});
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // Unknown or malformed ids are NOT_FOUND, for operators only.
    expect((await operator.fails(APPROVE, { id: '00000000-0000-7000-8000-000000000000' })).code).toBe('NOT_FOUND');
    expect((await operator.fails(APPROVE, { id: 'nope' })).code).toBe('NOT_FOUND');
    expect((await registrant.q(COMPANY, { id })).company.registrationStatus).toBe('PENDING');
  });
});

describe.each(databaseKinds)('the migration to employer approval, on %s', (kind) => {
  it('approves the existing companies and keeps each number unique among the registrations not rejected', async () => {
    const db = await createTestDatabase(kind);
    try {
      const base = createDataSource(db.config);
      // The schema as it was right before this migration, whatever migrations come after it.
      const before = migrations.filter((m) => Number(/\d+$/.exec(m.name)![0]) < 1764000011000);
      const earlier = new DataSource({ ...base.options, migrations: before });
      await earlier.initialize();
      await earlier.runMigrations({ transaction: 'all' });
      const p = (i: number) => (kind === 'postgres' ? `$${i}` : '?');
      await earlier.query(`INSERT INTO person (id, email, first_name, last_name, password_hash, created_at) VALUES (${p(1)}, 'old@example.be', 'Old', 'Timer', 'x', 1)`, ['00000000-0000-7000-8000-000000000001']);
      await earlier.query(
        `INSERT INTO company (id, enterprise_number, name, nsso_number, created_at, created_by) VALUES (${p(1)}, ${p(2)}, 'Old NV', '000000196', 1, ${p(3)})`,
        ['00000000-0000-7000-8000-000000000002', enterpriseNumber(1), '00000000-0000-7000-8000-000000000001'],
      );
      await earlier.query(`INSERT INTO role_assignment (id, company_id, role, email, person_id, status, created_at, created_by) VALUES (${p(1)}, ${p(2)}, 'LEGAL_REPRESENTATIVE', 'old@example.be', ${p(3)}, 'ACTIVE', 1, ${p(4)})`, [
        '00000000-0000-7000-8000-000000000003',
        '00000000-0000-7000-8000-000000000002',
        '00000000-0000-7000-8000-000000000001',
        '00000000-0000-7000-8000-000000000001',
      ]);
      await earlier.destroy();

      const ds = await openDataSource(db.config);
      try {
        const rows = await ds.query(`SELECT id, registration_status, rejection_reason FROM company`);
        expect(rows).toEqual([{ id: '00000000-0000-7000-8000-000000000002', registration_status: 'APPROVED', rejection_reason: null }]);
        // The roles that pointed at the company still do (SQLite rebuilt the table).
        expect((await ds.query(`SELECT company_id FROM role_assignment`))[0].company_id).toBe('00000000-0000-7000-8000-000000000002');
        const insert = (id: string, status: string) =>
          ds.query(
            `INSERT INTO company (id, enterprise_number, name, nsso_number, created_at, created_by, registration_status) VALUES (${p(1)}, ${p(2)}, 'Again NV', ${p(3)}, 2, ${p(4)}, ${p(5)})`,
            [id, enterpriseNumber(1), `00000${id.slice(-4)}`, '00000000-0000-7000-8000-000000000001', status],
          );
        await expect(insert('00000000-0000-7000-8000-000000000004', 'PENDING')).rejects.toThrow();
        // A status is always given: no insert becomes APPROVED by leaving it out.
        await expect(
          ds.query(`INSERT INTO company (id, enterprise_number, name, nsso_number, created_at, created_by) VALUES ('00000000-0000-7000-8000-000000000009', '0000000297', 'x', '000000999', 1, '00000000-0000-7000-8000-000000000001')`),
        ).rejects.toThrow();
        await insert('00000000-0000-7000-8000-000000000005', 'REJECTED');
        await ds.query(`UPDATE company SET registration_status = 'REJECTED' WHERE id = '00000000-0000-7000-8000-000000000002'`);
        await insert('00000000-0000-7000-8000-000000000006', 'PENDING');
        await expect(insert('00000000-0000-7000-8000-000000000007', 'APPROVED')).rejects.toThrow();
        if (kind === 'sqlite') {
          expect(await ds.query('PRAGMA foreign_key_check')).toEqual([]);
          const schema: { sql: string | null }[] = await ds.query(`SELECT sql FROM sqlite_master`);
          expect(schema.filter((t) => t.sql?.includes('temporary_'))).toEqual([]);
        }
      } finally {
        await ds.destroy();
      }
    } finally {
      await db.drop();
    }
  });
});
