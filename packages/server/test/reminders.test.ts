import { makeCertificate, privateKey } from '@chaman/domain/test-support';
import type { ParsedMail } from 'mailparser';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_ACCOUNT } from './support/chaman.js';
import { databaseKinds, sharedDatabaseUrl } from './support/databases.js';
import { APPOINT, callerFor, enterpriseNumber, PASSWORD, proveEmail, registerEmployer, type Caller } from './support/people.js';
import { gql, spawnServer, waitUntilHealthy, type ServerProcess } from './support/process.js';
import { startTestServer, type TestServer } from './support/server.js';
import { startSmtpSink, type SmtpSink } from './support/smtp.js';
import { startWebhookReceiver, type Received, type WebhookReceiver } from './support/webhook-receiver.js';

const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token person { id } } }`;
const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id } } }`;

let next = 700;

async function person(server: TestServer, email: string, language: string, firstName: string): Promise<Caller> {
  const r = await server.graphql<{ signUp: { token: string; person: { id: string } } }>(SIGN_UP, { input: { email, password: PASSWORD, firstName, lastName: 'Test', language } });
  if (!r.body.data) throw new Error(JSON.stringify(r.body.errors));
  await proveEmail(server, email);
  return callerFor(server, r.body.data.signUp.token, r.body.data.signUp.person.id, email);
}

const to = (m: ParsedMail) => (m.to as { text: string }).text;
const reminders = (sink: SmtpSink, certificate: string) => sink.mails.filter((m) => String(m.text).includes(`"${certificate}"`) || String(m.text).includes(`« ${certificate} »`) || String(m.text).includes(`„${certificate}“`));

describe.each(databaseKinds)('expiry reminders on %s', (kind) => {
  let server: TestServer;
  let sink: SmtpSink;
  let receiver: WebhookReceiver;
  let offsetMs = 0;
  beforeAll(async () => {
    sink = await startSmtpSink();
    receiver = await startWebhookReceiver();
    server = await startTestServer(kind, { SMTP_URL: sink.url, WEBHOOK_ALLOW_PRIVATE: 'true' }, { now: () => new Date(Date.now() + offsetMs) });
  });
  afterAll(async () => {
    await server?.stop();
    await sink?.close();
    await receiver?.close();
  });

  /** A company with a chief (nl), a Chaman user (fr), one who turned reminders off, and a mandated provider's access manager (de). */
  async function company(label: string) {
    const n = next++;
    const slug = label.replace(/\W+/g, '-').toLowerCase();
    const chief = await person(server, `chief-${slug}-${n}@example.be`, 'nl', 'Els');
    const companyId = await registerEmployer(chief, n, `${label} ${n}`);
    await chief.q(APPOINT('appointChiefAccessManager'), { companyId, email: chief.email });
    const user = await person(server, `user-${slug}-${n}@example.be`, 'fr', 'Luc');
    await chief.q(APPOINT('grantChamanAccess'), { companyId, email: user.email });
    const quiet = await person(server, `quiet-${slug}-${n}@example.be`, 'en', 'Quinn');
    await chief.q(APPOINT('grantChamanAccess'), { companyId, email: quiet.email });
    expect((await quiet.q(`mutation { setExpiryReminders(enabled: false) { id } }`)).setExpiryReminders.id).toBe(quiet.id);
    expect((await quiet.q(`{ me { expiryReminders } }`)).me.expiryReminders).toBe(false);
    expect((await user.q(`{ me { expiryReminders } }`)).me.expiryReminders).toBe(true);
    const providerChief = await person(server, `provider-${slug}-${n}@example.be`, 'de', 'Jonas');
    const providerId = await registerEmployer(providerChief, n + 5000, `Provider ${label} ${n}`);
    await providerChief.q(APPOINT('appointChiefAccessManager'), { companyId: providerId, email: providerChief.email });
    const mandate = (await chief.q(`mutation($c: ID!, $p: String!) { createMandate(input: { companyId: $c, providerEnterpriseNumber: $p }) { id } }`, { c: companyId, p: enterpriseNumber(n + 5000) })).createMandate;
    await providerChief.q(`mutation($m: ID!) { acceptMandate(input: { mandateId: $m }) { id } }`, { m: mandate.id });
    return { chief, user, quiet, providerChief, companyId, name: `${label} ${n}` };
  }

  async function account(chief: Caller, companyId: string, name: string, certificate: { name: string; pem: string } | { id: string }) {
    const choice = 'id' in certificate ? { certificateId: certificate.id } : { certificate: { name: certificate.name, content: certificate.pem } };
    return (await chief.q(CREATE_ACCOUNT, { input: { companyId, name, permissionCodes: ['demo-consult'], ...choice } })).createRestAccount as { id: string; clientId: string; certificates: { id: string }[] };
  }

  it('a certificate ending in 5 days gets the 7-day reminder once, by mail to each person in their language and by webhook; then the 1-day and the expired ones', async () => {
    const c = await company(`Remind ${kind}`);
    const { secret } = (await c.chief.q(CREATE_WEBHOOK, { input: { companyId: c.companyId, url: receiver.url, events: ['certificate.expiring', 'certificate.expired'] } })).createWebhook;
    const certName = `payroll-${kind}-${next}`;
    const made = makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true), notAfter: new Date(Date.now() + 5 * DAY) });
    const payroll = await account(c.chief, c.companyId, 'Payroll', { name: certName, pem: made.certPem });
    const dimona = await account(c.chief, c.companyId, 'Dimona', { id: payroll.certificates[0]!.id });

    // Twice: each stage goes once, whatever the number of scans.
    expect(await server.app.expiryScanner.scanNow()).toBeGreaterThanOrEqual(1);
    expect(await server.app.expiryScanner.scanNow()).toBe(0);
    await sink.waitFor(1);
    const deadline = Date.now() + 10_000;
    while (reminders(sink, certName).length < 3 && Date.now() < deadline) await sleep(100);
    await sleep(1500);
    const sent = reminders(sink, certName);
    expect(sent.map(to).sort()).toEqual([c.chief.email, c.user.email, c.providerChief.email].sort());
    const byTo = (email: string) => sent.find((m) => to(m) === email)!;
    expect(byTo(c.chief.email).subject).toBe(`Het certificaat "${certName}" van ${c.name} verloopt over 5 dagen`);
    expect(byTo(c.user.email).subject).toBe(`Le certificat « ${certName} » de ${c.name} expire dans 5 jours`);
    expect(byTo(c.providerChief.email).subject).toBe(`Das Zertifikat „${certName}“ von ${c.name} läuft in 5 Tagen ab`);
    const text = String(byTo(c.chief.email).text);
    expect(text).toContain('Beste Els,');
    for (const a of [payroll, dimona]) {
      expect(text).toContain(`(${a.clientId}): ${server.url}/chaman/accounts/${a.clientId}`);
      expect(String(byTo(c.chief.email).html)).toContain(a.clientId);
    }
    expect(text).toContain('voeg het toe aan elk van deze accounts');

    const mine = (r: Received) => r.body.includes(payroll.certificates[0]!.id);
    const [hook] = await receiver.waitFor(1, mine);
    const payload = new StandardWebhook(secret).verify(hook!.body, {
      'webhook-id': String(hook!.headers['webhook-id']),
      'webhook-timestamp': String(hook!.headers['webhook-timestamp']),
      'webhook-signature': String(hook!.headers['webhook-signature']),
    }) as { type: string; data: Record<string, unknown> };
    expect(payload.type).toBe('certificate.expiring');
    expect(payload.data).toEqual({
      certificateId: payroll.certificates[0]!.id,
      certificateName: certName,
      notAfter: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      daysLeft: 5,
      stage: 7,
      accounts: [
        { clientId: dimona.clientId, name: 'Dimona' },
        { clientId: payroll.clientId, name: 'Payroll' },
      ],
    });

    // 4.5 days later it is inside the 1-day stage, then it ends: one reminder each.
    offsetMs = 4.5 * DAY;
    try {
      await server.app.expiryScanner.scanNow();
      offsetMs = 5.5 * DAY;
      await server.app.expiryScanner.scanNow();
      await server.app.expiryScanner.scanNow();
      await receiver.waitFor(3, mine);
      const end = Date.now() + 10_000;
      while (reminders(sink, certName).length < 9 && Date.now() < end) await sleep(100);
    } finally {
      offsetMs = 0;
    }
    await sleep(1500);
    const stages = receiver.received.filter(mine).map((r) => JSON.parse(r.body) as { type: string; data: { stage: number; daysLeft: number } });
    expect(stages.map((p) => [p.type, p.data.stage, p.data.daysLeft])).toEqual([
      ['certificate.expiring', 7, 5],
      ['certificate.expiring', 1, 1],
      ['certificate.expired', 0, 0],
    ]);
    const all = reminders(sink, certName);
    expect(all).toHaveLength(9);
    expect(all.filter((m) => to(m) === c.chief.email).map((m) => m.subject)).toEqual([
      `Het certificaat "${certName}" van ${c.name} verloopt over 5 dagen`,
      `Het certificaat "${certName}" van ${c.name} verloopt over 1 dag`,
      `Het certificaat "${certName}" van ${c.name} is verlopen`,
    ]);
  });

  it('a certificate no active account uses gets no reminder; one starting to be used inside a stage gets that stage only', async () => {
    const c = await company(`Unused ${kind}`);
    const certName = `spare-${kind}-${next}`;
    const made = makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true), notAfter: new Date(Date.now() + 20 * DAY) });
    const a = await account(c.chief, c.companyId, 'Spare', { name: certName, pem: made.certPem });
    await c.chief.q(`mutation($id: ID!) { disableRestAccount(input: { accountId: $id }) { id } }`, { id: a.id });
    await server.app.expiryScanner.scanNow();
    await sleep(1500);
    expect(reminders(sink, certName)).toEqual([]);

    // Used again, 20 days before its end: inside the 30-day stage, which is sent, and only it.
    await c.chief.q(`mutation($id: ID!) { enableRestAccount(input: { accountId: $id }) { id } }`, { id: a.id });
    await server.app.expiryScanner.scanNow();
    const deadline = Date.now() + 10_000;
    while (reminders(sink, certName).length < 3 && Date.now() < deadline) await sleep(100);
    await sleep(1000);
    expect(reminders(sink, certName).map((m) => m.subject).filter((s) => s?.startsWith('Het')).sort()).toEqual([`Het certificaat "${certName}" van ${c.name} verloopt over 20 dagen`]);
    expect(reminders(sink, certName)).toHaveLength(3);

    // Deleted: no more reminders, whatever the stage.
    await c.chief.q(`mutation($id: ID!) { deleteRestAccount(input: { accountId: $id }) { id } }`, { id: a.id });
    offsetMs = 10 * DAY;
    try {
      expect(await server.app.expiryScanner.scanNow()).toBe(0);
    } finally {
      offsetMs = 0;
    }
  });

  it("a company's shared address receives reminders once proven by the mailed link; access managers only", async () => {
    const c = await company(`Shared ${kind}`);
    const shared = `certificates-${kind}-${next}@shared.example`;
    const refused = await c.user.fails(`mutation($c: ID!, $e: String) { setCompanyNotificationEmail(companyId: $c, email: $e) { id } }`, { c: c.companyId, e: shared });
    expect(refused.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'access/not-allowed' });
    const bad = await c.chief.fails(`mutation($c: ID!, $e: String) { setCompanyNotificationEmail(companyId: $c, email: $e) { id } }`, { c: c.companyId, e: 'not an address' });
    expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'access/email-format' });
    await c.chief.q(`mutation($c: ID!, $e: String) { setCompanyNotificationEmail(companyId: $c, email: $e) { id } }`, { c: c.companyId, e: shared });
    const seen = (await c.chief.q(`query($id: ID!) { company(id: $id) { notificationEmail notificationEmailVerified } }`, { id: c.companyId })).company;
    expect(seen).toEqual({ notificationEmail: shared, notificationEmailVerified: false });
    expect((await c.user.q(`query($id: ID!) { company(id: $id) { notificationEmail } }`, { id: c.companyId })).company.notificationEmail).toBeNull();

    // Not proven yet: a reminder does not go there.
    const first = `first-${kind}-${next}`;
    await account(c.chief, c.companyId, 'First', { name: first, pem: makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true), notAfter: new Date(Date.now() + 3 * DAY) }).certPem });
    await server.app.expiryScanner.scanNow();
    const proof = await (async () => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const m = sink.mails.find((x) => to(x) === shared);
        if (m) return m;
        if (Date.now() > deadline) throw new Error('no proof mail');
        await sleep(100);
      }
    })();
    // In the language of whoever set it.
    expect(proof.subject).toBe(`Bevestig ${shared} voor de certificaatherinneringen van ${c.name}`);
    const link = String(proof.text).match(/(http\S+\/verify-email\?token=(chn_\S+))/);
    expect(link?.[1]?.startsWith(`${server.url}/verify-email?token=chn_`)).toBe(true);
    await sleep(1000);
    expect(reminders(sink, first).map(to)).not.toContain(shared);

    // Proven signed out, once.
    const token = decodeURIComponent(link![2]!);
    expect((await server.graphql(`mutation($t: String!) { verifyNotificationEmail(token: $t) }`, { t: token })).body.data).toEqual({ verifyNotificationEmail: true });
    const again = await server.graphql(`mutation($t: String!) { verifyNotificationEmail(token: $t) }`, { t: token });
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'access/verification-token-invalid', params: { cause: 'used' } });
    expect((await c.chief.q(`query($id: ID!) { company(id: $id) { notificationEmailVerified } }`, { id: c.companyId })).company.notificationEmailVerified).toBe(true);

    const second = `second-${kind}-${next}`;
    await account(c.chief, c.companyId, 'Second', { name: second, pem: makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true), notAfter: new Date(Date.now() + 3 * DAY) }).certPem });
    await server.app.expiryScanner.scanNow();
    const deadline = Date.now() + 10_000;
    while (!reminders(sink, second).some((m) => to(m) === shared) && Date.now() < deadline) await sleep(100);
    const mail = reminders(sink, second).find((m) => to(m) === shared)!;
    expect(mail.subject).toBe(`Het certificaat "${second}" van ${c.name} verloopt over 3 dagen`);
    expect(String(mail.text).startsWith('Beste,')).toBe(true);
    const actions = (await c.chief.q(`query($id: ID!) { company(id: $id) { auditLog(first: 50) { nodes { action } } } }`, { id: c.companyId })).company.auditLog.nodes.map((n: { action: string }) => n.action);
    expect(actions).toEqual(expect.arrayContaining(['company.notification-email-set', 'company.notification-email-proven']));
  });
});

describe.each(databaseKinds)('reminders with two server processes on one %s database', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('each stage is sent once, by mail and webhook, across restarts', async () => {
    const shared = await sharedDatabaseUrl(kind, 'chaman-reminders-');
    cleanups.push(shared.remove);
    const url = shared.url;
    const sink = await startSmtpSink();
    cleanups.push(() => sink.close());
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.close());
    const env = { DATABASE_URL: url, SMTP_URL: sink.url, NODE_ENV: 'production', LOG_LEVEL: 'warn', WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_ALLOW_HTTP: 'true' };
    const stop = async (p: ServerProcess) => {
      p.child.kill('SIGTERM');
      await p.exited;
    };

    // The data, through one process; the certificates end in 5 days.
    const first = await spawnServer(env);
    await waitUntilHealthy(first, 60_000);
    const email = `chief-rem-two-${kind}@example.be`;
    const token = (await gql(first.url, SIGN_UP, { input: { email, password: PASSWORD, firstName: 'Two', lastName: 'Scans' } })).data.signUp.token as string;
    const companyId = (await gql(first.url, 'mutation($i: RegisterEmployerInput!) { registerEmployer(input: $i) { id } }', { i: { enterpriseNumber: enterpriseNumber(66), name: 'Two scans' } }, token)).data.registerEmployer.id as string;
    await gql(first.url, APPOINT('appointChiefAccessManager'), { companyId, email }, token);
    await gql(first.url, CREATE_WEBHOOK, { input: { companyId, url: receiver.url, events: ['certificate.expiring'] } }, token);
    const names = Array.from({ length: 6 }, (_, i) => `two-${kind}-${i}`);
    for (const name of names) {
      const pem = makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true), notAfter: new Date(Date.now() + 5 * DAY) }).certPem;
      const r = await gql(first.url, CREATE_ACCOUNT, { input: { companyId, name, permissionCodes: ['demo-consult'], certificate: { name, content: pem } } }, token);
      expect(r.errors).toBeUndefined();
    }
    // Its scan at start found nothing: the certificates came after it.
    await stop(first);
    const isReminder = (m: ParsedMail) => String(m.subject).includes('expires in 5 days');
    expect(sink.mails.filter(isReminder)).toEqual([]);

    // Two processes start together: both scan at start.
    for (let round = 0; round < 2; round++) {
      // Spawned one after the other (each picks its own free port), then both start at once.
      const a = await spawnServer(env);
      const b = await spawnServer(env);
      cleanups.push(() => stop(a), () => stop(b));
      await Promise.all([waitUntilHealthy(a, 90_000), waitUntilHealthy(b, 90_000)]);
      const deadline = Date.now() + 30_000;
      while (sink.mails.filter(isReminder).length < names.length && Date.now() < deadline) await sleep(100);
      await receiver.waitFor(names.length, () => true, 30_000);
      await sleep(3000);
      await Promise.all([stop(a), stop(b)]);
    }
    expect(sink.mails.filter(isReminder).map((m) => m.subject).sort()).toEqual(names.map((n) => `The certificate "${n}" of Two scans expires in 5 days`).sort());
    const events = receiver.received.map((r) => JSON.parse(r.body) as { type: string; data: { certificateName: string; stage: number } });
    expect(events.map((e) => e.data.certificateName).sort()).toEqual([...names].sort());
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(names.length);
  }, 300_000);
});
