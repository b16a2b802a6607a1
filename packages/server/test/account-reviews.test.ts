// Accounts whose creator left (issue 17): flagged for review when a role is revoked or a mandate
// ends, the company's access managers told by mail in their language, cleared by a rotation or a
// confirmation; never disabled.
import { randomUUID } from 'node:crypto';
import { makeCertificate, privateKey, type Made } from '@chaman/domain/test-support';
import * as jose from 'jose';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../src/db/sql.js';
import { CREATE_ACCOUNT } from './support/chaman.js';
import { databaseKinds } from './support/databases.js';
import { APPOINT, enterpriseNumber, registerEmployer, signUp, type Caller } from './support/people.js';
import { startTestServer, type TestServer } from './support/server.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const REVIEW = `query($c: String!) { restAccount(clientId: $c) { id status review { reason since } } }`;

describe.each(databaseKinds)('accounts whose creator left, on %s', (kind) => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let n = 300;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    server = await startTestServer(kind, { WEBHOOK_ALLOW_PRIVATE: 'true' });
  });
  afterAll(async () => {
    await server.stop();
    await receiver.close();
  });

  async function createAccount(by: Caller, companyId: string): Promise<{ id: string; clientId: string; made: Made }> {
    const made = makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true) });
    const a = (await by.q(CREATE_ACCOUNT, { input: { companyId, name: `payroll ${randomUUID().slice(0, 8)}`, permissionCodes: ['demo-consult'], certificate: { name: 'c', content: made.certPem } } }))
      .createRestAccount;
    return { id: a.id, clientId: a.clientId, made };
  }
  const tokenStatus = async (a: { clientId: string; made: Made }) => {
    const tokenUrl = `${server.url}/REST/oauth/v5/token`;
    const assertion = await new jose.SignJWT({}).setProtectedHeader({ alg: 'ES384' }).setIssuer(a.clientId).setSubject(a.clientId).setAudience(tokenUrl).setIssuedAt().setExpirationTime('5m').setJti(randomUUID()).sign(await jose.importPKCS8(a.made.keyPem, 'ES384'));
    return (await fetch(tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, client_assertion: assertion }) })).status;
  };
  const mailsTo = (email: string) => server.app.db.all<{ subject: string; text_body: string; language: string }>(sql`SELECT subject, text_body, language FROM mail_outbox WHERE recipient = ${email} AND kind = 'restAccountReview' ORDER BY created_at`);

  async function company() {
    const i = n++;
    const chief = await signUp(server, `chief-review-${i}@example.be`);
    const companyId = await registerEmployer(chief, i, `Review ${i}`);
    await chief.q(APPOINT('appointChiefAccessManager'), { companyId, email: chief.email });
    return { chief, companyId, i };
  }

  it("revoking a person's Chaman access flags what they created or added a certificate to; managers are mailed in their language; the account keeps working; a confirmation clears it", async () => {
    const { chief, companyId, i } = await company();
    await chief.q(`mutation { setLanguage(language: "fr") { language } }`);
    const employee = await signUp(server, `employee-review-${i}@example.be`);
    const role = (await chief.q(APPOINT('grantChamanAccess'), { companyId, email: employee.email })).grantChamanAccess;
    const made = await createAccount(employee, companyId);
    const byChief = await createAccount(chief, companyId);
    // The employee adds a certificate to the chief's account: it is theirs to review too.
    const extra = makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true) });
    await employee.q(`mutation($id: ID!, $pem: String!) { addRestAccountCertificate(input: { accountId: $id, certificate: { name: "extra", content: $pem } }) { id } }`, { id: byChief.id, pem: extra.certPem });
    const untouched = await createAccount(chief, companyId);
    expect((await chief.q(REVIEW, { c: made.clientId })).restAccount.review).toBeNull();
    const { secret } = (
      await chief.q(`mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret } }`, { i: { companyId, url: receiver.url, events: ['rest-account.review-required'] } })
    ).createWebhook;

    await chief.q(`mutation($id: ID!) { revokeRole(input: { roleAssignmentId: $id }) { status } }`, { id: role.id });
    for (const a of [made, byChief]) {
      const account = (await chief.q(REVIEW, { c: a.clientId })).restAccount;
      expect(account).toMatchObject({ status: 'ACTIVE', review: { reason: `created by someone who no longer has access: ${employee.email} (role revoked)`, since: expect.any(String) } });
      // Not disabled: payroll goes on.
      expect(await tokenStatus(a)).toBe(200);
    }
    expect((await chief.q(REVIEW, { c: untouched.clientId })).restAccount.review).toBeNull();
    // The company's webhook hears of each flagged account (signatures checked by standardwebhooks).
    const mine = (r: { body: string }) => r.body.includes('rest-account.review-required') && (r.body.includes(`"${made.clientId}"`) || r.body.includes(`"${byChief.clientId}"`));
    const headers = (r: { headers: Record<string, unknown> }) => ({ 'webhook-id': String(r.headers['webhook-id']), 'webhook-timestamp': String(r.headers['webhook-timestamp']), 'webhook-signature': String(r.headers['webhook-signature']) });
    const events = (await receiver.waitFor(2, mine)).map((r) => new StandardWebhook(secret).verify(r.body, headers(r)) as { type: string; data: { clientId: string; reason: string } });
    expect(events.map((e) => e.data.clientId).sort()).toEqual([made.clientId, byChief.clientId].sort());
    expect(events[0]!.data.reason).toBe(`created by someone who no longer has access: ${employee.email} (role revoked)`);
    const mails = await mailsTo(chief.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ language: 'fr', subject: `Chaman : 2 compte(s) REST de Review ${i} à vérifier` });
    expect(mails[0]!.text_body).toContain(made.clientId);
    expect(mails[0]!.text_body).toContain(byChief.clientId);

    const confirmed = (await chief.q(`mutation($id: ID!) { confirmRestAccountReview(id: $id) { review { reason } } }`, { id: made.id })).confirmRestAccountReview;
    expect(confirmed.review).toBeNull();
    // Rotating the certificate clears it too.
    const next = makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true) });
    await chief.q(`mutation($id: ID!, $pem: String!) { addRestAccountCertificate(input: { accountId: $id, certificate: { name: "next", content: $pem } }) { id } }`, { id: byChief.id, pem: next.certPem });
    expect((await chief.q(REVIEW, { c: byChief.clientId })).restAccount.review).toBeNull();
    const log = (await chief.q(`query($id: ID!) { company(id: $id) { auditLog(first: 20) { nodes { action details } } } }`, { id: companyId })).company.auditLog.nodes as { action: string; details: unknown }[];
    expect(log.filter((e) => e.action === 'rest-account.review-flagged')).toHaveLength(2);
    expect(log.filter((e) => e.action === 'rest-account.review-cleared').map((e) => JSON.stringify(e.details))).toEqual([expect.stringContaining('certificate-added'), expect.stringContaining('confirmed')]);
  });

  it('a person who keeps another role that uses Chaman leaves nothing to review', async () => {
    const { chief, companyId, i } = await company();
    const manager = await signUp(server, `manager-review-${i}@example.be`);
    await chief.q(APPOINT('appointAccessManager'), { companyId, email: manager.email });
    const chaman = (await chief.q(APPOINT('grantChamanAccess'), { companyId, email: manager.email })).grantChamanAccess;
    const made = await createAccount(manager, companyId);
    await chief.q(`mutation($id: ID!) { revokeRole(input: { roleAssignmentId: $id }) { status } }`, { id: chaman.id });
    expect((await chief.q(REVIEW, { c: made.clientId })).restAccount.review).toBeNull();
  });

  it("ending a mandate flags the accounts the provider's people made for the mandator", async () => {
    const { chief: boss, companyId: mandator } = await company();
    const { chief: sec, companyId: provider, i } = await company();
    const worker = await signUp(server, `worker-review-${i}@example.be`);
    await sec.q(APPOINT('grantChamanAccess'), { companyId: provider, email: worker.email });
    const mandate = (await boss.q(`mutation($c: ID!, $p: String!) { createMandate(input: { companyId: $c, providerEnterpriseNumber: $p }) { id } }`, { c: mandator, p: enterpriseNumber(i) })).createMandate;
    await sec.q(`mutation($m: ID!) { acceptMandate(input: { mandateId: $m }) { status } }`, { m: mandate.id });
    const made = await createAccount(worker, mandator);
    const own = await createAccount(boss, mandator);
    await boss.q(`mutation($m: ID!) { endMandate(input: { mandateId: $m }) { status } }`, { m: mandate.id });
    expect((await boss.q(REVIEW, { c: made.clientId })).restAccount.review.reason).toBe(`created by someone who no longer has access: Review ${i} (${enterpriseNumber(i)}) (mandate ended)`);
    expect((await boss.q(REVIEW, { c: own.clientId })).restAccount.review).toBeNull();
    expect(await mailsTo(boss.email)).toHaveLength(1);
    // Only an access manager of the company confirms.
    const employee = await signUp(server, `employee2-review-${i}@example.be`);
    await boss.q(APPOINT('grantChamanAccess'), { companyId: mandator, email: employee.email });
    expect((await employee.fails(`mutation($id: ID!) { confirmRestAccountReview(id: $id) { id } }`, { id: made.id })).code).toBe('FORBIDDEN');
  });
});
