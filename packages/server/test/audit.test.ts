import { makeCertificate } from '@chaman/domain/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyWithChief, CREATE_ACCOUNT } from './support/chaman.js';
import { databaseKinds } from './support/databases.js';
import { APPOINT, signUp } from './support/people.js';
import { startTestServer, type TestServer } from './support/server.js';

const LOG = `query($id: ID!, $from: DateTime, $to: DateTime, $action: String, $after: String, $first: Int!) {
  company(id: $id) { auditLog(first: $first, after: $after, from: $from, to: $to, action: $action) { nodes { id at action details } pageInfo { hasNextPage endCursor } } }
}`;

interface Entry {
  id: string;
  at: string;
  action: string;
  details: string;
}

const pause = () => new Promise((r) => setTimeout(r, 5));

describe.each(databaseKinds)('the audit log on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => server.stop());

  it('keeps the names a sentence needs: who acted, whom it concerns, the certificate and the account', async () => {
    const { chief, companyId } = await companyWithChief(server, 'names');
    await signUp(server, 'amy@names.be', 'Amy', 'Manager');
    await chief.q(APPOINT('appointAccessManager'), { companyId, email: 'amy@names.be' });
    const first = makeCertificate({ key: 'ec:P-384' });
    const account = (await chief.q(CREATE_ACCOUNT, { input: { companyId, name: 'Payroll', permissionCodes: ['demo-consult'], certificate: { name: 'payroll 2025', content: first.certPem } } })).createRestAccount;
    const added = (
      await chief.q(`mutation($input: AddRestAccountCertificateInput!) { addRestAccountCertificate(input: $input) { certificates { id name } } }`, {
        input: { accountId: account.id, certificate: { name: 'payroll 2026', content: makeCertificate({ key: 'ec:P-384' }).certPem } },
      })
    ).addRestAccountCertificate;
    const old = added.certificates.find((c: { name: string }) => c.name === 'payroll 2025');
    await chief.q(`mutation($input: RemoveRestAccountCertificateInput!) { removeRestAccountCertificate(input: $input) { id } }`, { input: { accountId: account.id, certificateId: old.id } });

    const log: Entry[] = (await chief.q(LOG, { id: companyId, first: 20 })).company.auditLog.nodes;
    const details = (action: string) => JSON.parse(log.find((e) => e.action === action)!.details);
    expect(details('role.appointed')).toMatchObject({ role: 'ACCESS_MANAGER', email: 'amy@names.be', personName: 'Amy Manager', actorName: 'Ann Peeters' });
    expect(details('rest-account.created')).toMatchObject({ name: 'Payroll', clientId: account.clientId, certificateName: 'payroll 2025', actorName: 'Ann Peeters' });
    expect(details('rest-account.certificate-added')).toMatchObject({ account: 'Payroll', clientId: account.clientId, certificateName: 'payroll 2026' });
    expect(details('rest-account.certificate-removed')).toMatchObject({ account: 'Payroll', clientId: account.clientId, certificateId: old.id, certificateName: 'payroll 2025' });
    expect(details('company.registered')).toMatchObject({ actorName: 'Ann Peeters' });
  });

  it('keeps the names of both companies of a mandate', async () => {
    const mandator = await companyWithChief(server, 'mandator');
    const provider = await companyWithChief(server, 'provider');
    const number = (await provider.chief.q(`query($id: ID!) { company(id: $id) { enterpriseNumber name } }`, { id: provider.companyId })).company;
    const mandate = (
      await mandator.chief.q(`mutation($input: CreateMandateInput!) { createMandate(input: $input) { id } }`, {
        input: { companyId: mandator.companyId, providerEnterpriseNumber: number.enterpriseNumber },
      })
    ).createMandate;
    await provider.chief.q(`mutation($id: ID!) { acceptMandate(input: { mandateId: $id }) { id } }`, { id: mandate.id });
    const mandatorName = (await mandator.chief.q(`query($id: ID!) { company(id: $id) { name } }`, { id: mandator.companyId })).company.name;
    for (const action of ['mandate.created', 'mandate.accepted']) {
      const entry: Entry = (await mandator.chief.q(LOG, { id: mandator.companyId, first: 1, action })).company.auditLog.nodes[0];
      expect(JSON.parse(entry.details)).toMatchObject({ mandatorName, providerName: number.name });
    }
  });

  it('filters by time: from is included, to is not, and both combine with the pages', async () => {
    const { chief, companyId } = await companyWithChief(server, 'times');
    for (const who of ['a', 'b', 'c', 'd']) {
      await pause();
      await chief.q(APPOINT('grantChamanAccess'), { companyId, email: `${who}@times.be` });
    }
    const all: Entry[] = (await chief.q(LOG, { id: companyId, first: 50 })).company.auditLog.nodes;
    expect(all.length).toBeGreaterThanOrEqual(6);
    const times = [...new Set(all.map((e) => e.at))].sort();
    const from = times[1]!;
    const to = times.at(-2)!;
    const expected = all.filter((e) => e.at >= from && e.at < to).map((e) => e.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);

    const ranged: Entry[] = (await chief.q(LOG, { id: companyId, first: 50, from, to })).company.auditLog.nodes;
    expect(ranged.map((e) => e.id)).toEqual(expected);
    expect((await chief.q(LOG, { id: companyId, first: 50, from })).company.auditLog.nodes.map((e: Entry) => e.id)).toEqual(all.filter((e) => e.at >= from).map((e) => e.id));
    expect((await chief.q(LOG, { id: companyId, first: 50, to })).company.auditLog.nodes.map((e: Entry) => e.id)).toEqual(all.filter((e) => e.at < to).map((e) => e.id));
    // An empty range, and a range after everything.
    expect((await chief.q(LOG, { id: companyId, first: 50, from: to, to: from })).company.auditLog.nodes).toEqual([]);
    expect((await chief.q(LOG, { id: companyId, first: 50, from: new Date(Date.parse(times.at(-1)!) + 1).toISOString() })).company.auditLog.nodes).toEqual([]);

    // Page by page within the range, one entry at a time: the same entries, in the same order.
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const page: { nodes: Entry[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = (await chief.q(LOG, { id: companyId, first: 1, from, to, after })).company.auditLog;
      paged.push(...page.nodes.map((e) => e.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(paged).toEqual(expected);
  });
});
