import { makeCertificate, privateKey } from '@chaman/domain/test-support';
import * as jose from 'jose';
import { randomUUID } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../src/db/sql.js';
import { companyWithChief, CREATE_ACCOUNT } from './support/chaman.js';
import { databaseKinds, sharedDatabaseUrl } from './support/databases.js';
import { APPOINT, enterpriseNumber, PASSWORD, signUp, type Caller } from './support/people.js';
import { gql, spawnServer, waitUntilHealthy, type ServerProcess } from './support/process.js';
import { startTestServer, type TestServer } from './support/server.js';
import { startSmtpSink, type SmtpSink } from './support/smtp.js';
import { startWebhookReceiver, typesOf, type Received, type WebhookReceiver } from './support/webhook-receiver.js';

const CREATE = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret webhook { id url events enabled companyId } } }`;
const DELIVERIES = `query($id: ID!) { company(id: $id) { webhooks { id url enabled failingSince disabledReason deliveries(first: 50) { nodes { id messageId eventType status attempts lastResponseCode lastError payload } } } } }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Checks the request's signature as a receiver would, with the standardwebhooks package; answers the payload. */
function verified(secret: string, r: Received): { type: string; timestamp: string; data: Record<string, any> } {
  const headers = { 'webhook-id': String(r.headers['webhook-id']), 'webhook-timestamp': String(r.headers['webhook-timestamp']), 'webhook-signature': String(r.headers['webhook-signature']) };
  return new StandardWebhook(secret).verify(r.body, headers) as never;
}

async function newAccount(chief: Caller, companyId: string, name = `acc ${randomUUID().slice(0, 8)}`) {
  const made = makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true) });
  const account = (await chief.q(CREATE_ACCOUNT, { input: { companyId, name, permissionCodes: ['demo-consult'], certificate: { name: `cert ${name}`, content: made.certPem } } })).createRestAccount;
  return { ...account, made };
}

describe.each(databaseKinds)('webhooks on %s', (kind) => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let sink: SmtpSink;
  let offsetMs = 0;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sink = await startSmtpSink();
    server = await startTestServer(kind, { SMTP_URL: sink.url, WEBHOOK_ALLOW_PRIVATE: 'true' }, { now: () => new Date(Date.now() + offsetMs) });
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
    await sink?.close();
  });

  it('an access manager registers an endpoint (secret shown once); account changes arrive signed, by the Standard Webhooks specification, without secrets', async () => {
    const { chief, companyId } = await companyWithChief(server, `wh-${kind}`);
    const created = (await chief.q(CREATE, { input: { companyId, url: receiver.url, events: ['rest-account.created', 'rest-account.updated', 'rest-account.deleted', 'rest-account.certificate-added'] } })).createWebhook;
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.webhook).toMatchObject({ url: receiver.url, enabled: true, companyId, events: ['rest-account.created', 'rest-account.updated', 'rest-account.deleted', 'rest-account.certificate-added'] });
    // The secret is never read back.
    const listed = (await chief.q(`query($id: ID!) { company(id: $id) { webhooks { id url } } }`, { id: companyId })).company.webhooks;
    expect(listed).toEqual([{ id: created.webhook.id, url: receiver.url }]);

    const before = receiver.received.length;
    const account = await newAccount(chief, companyId, `Payroll ${kind}`);
    await chief.q(`mutation($id: ID!) { renameRestAccount(input: { accountId: $id, name: "Payroll 2" }) { id } }`, { id: account.id });
    await chief.q(`mutation($id: ID!) { deleteRestAccount(input: { accountId: $id }) { id } }`, { id: account.id });
    const got = (await receiver.waitFor(before + 3)).slice(before);
    const payloads = got.map((r) => verified(created.secret, r));
    expect(payloads.map((p) => p.type)).toEqual(['rest-account.created', 'rest-account.updated', 'rest-account.deleted']);
    expect(payloads[0]!.data).toMatchObject({ accountId: account.id, clientId: account.clientId, name: `Payroll ${kind}`, permissions: ['demo-consult'] });
    expect(payloads[1]!.data).toMatchObject({ clientId: account.clientId, change: 'renamed', before: `Payroll ${kind}`, after: 'Payroll 2' });
    expect(new Date(payloads[0]!.timestamp).getTime()).toBeGreaterThan(Date.now() - 60_000);
    for (const r of got) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(String(r.headers['webhook-id'])).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(r.body).not.toContain('whsec_');
      expect(r.body).not.toContain('BEGIN');
    }
    // A signature made with another secret is refused by the receiver's check.
    expect(() => verified(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, got[0]!)).toThrow();

    const log = (await chief.q(DELIVERIES, { id: companyId })).company.webhooks[0].deliveries.nodes;
    expect(log.map((d: { eventType: string; status: string; attempts: number; lastResponseCode: number }) => [d.eventType, d.status, d.attempts, d.lastResponseCode])).toEqual([
      ['rest-account.deleted', 'SENT', 1, 200],
      ['rest-account.updated', 'SENT', 1, 200],
      ['rest-account.created', 'SENT', 1, 200],
    ]);
    const audit = (await chief.q(`query($id: ID!) { company(id: $id) { auditLog(first: 50, action: "webhook.created") { nodes { action details } } } }`, { id: companyId })).company.auditLog.nodes;
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0].details)).not.toContain('whsec_');
  });

  it('a failed delivery is retried within 30 s with the same webhook-id, then logged as sent with its attempts', async () => {
    const { chief, companyId } = await companyWithChief(server, `retry-${kind}`);
    const { secret } = (await chief.q(CREATE, { input: { companyId, url: receiver.url, events: ['rest-account.created'] } })).createWebhook;
    receiver.answers.push(500);
    const account = await newAccount(chief, companyId);
    const mine = (r: Received) => r.body.includes(account.clientId);
    const [first, second] = await receiver.waitFor(2, mine, 30_000);
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(second!.at - first!.at).toBeLessThanOrEqual(30_000);
    expect(verified(secret, second!).data.clientId).toBe(account.clientId);
    await sleep(300);
    const [delivery] = (await chief.q(DELIVERIES, { id: companyId })).company.webhooks[0].deliveries.nodes;
    expect(delivery).toMatchObject({ status: 'SENT', attempts: 2, lastResponseCode: 200, lastError: null, messageId: first!.headers['webhook-id'] });

    // Redelivered on request, with the same id again.
    const again = (await chief.q(`mutation($d: ID!) { redeliverWebhook(deliveryId: $d) { id status } }`, { d: delivery.id })).redeliverWebhook;
    expect(again.status).toBe('PENDING');
    const all = await receiver.waitFor(3, mine);
    expect(all[2]!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    const pending = await chief.fails(`mutation($d: ID!) { redeliverWebhook(deliveryId: $d) { id } }`, { d: delivery.id }).catch(() => null);
    // Either still pending (CONFLICT) or already sent again: never an error of another kind.
    if (pending) expect(pending.extensions).toMatchObject({ code: 'CONFLICT', reason: 'webhook/delivery-pending' });
  }, 60_000);

  it('rotation: the new and the old secret both sign for 24 hours; the test event reaches only that endpoint', async () => {
    const { chief, companyId } = await companyWithChief(server, `rotate-${kind}`);
    const created = (await chief.q(CREATE, { input: { companyId, url: receiver.url, events: ['rest-account.created'] } })).createWebhook;
    const rotated = (await chief.q(`mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret webhook { id } } }`, { id: created.webhook.id })).rotateWebhookSecret;
    expect(rotated.secret).not.toBe(created.secret);
    const test = (await chief.q(`mutation($id: ID!) { sendTestWebhook(id: $id) { id eventType status messageId } }`, { id: created.webhook.id })).sendTestWebhook;
    expect(test).toMatchObject({ eventType: 'webhook.test', status: 'PENDING' });
    const [r] = await receiver.waitFor(1, (x) => x.headers['webhook-id'] === test.messageId);
    expect(String(r!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verified(rotated.secret, r!).type).toBe('webhook.test');
    expect(verified(created.secret, r!).data).toEqual({ webhookId: created.webhook.id, message: 'A test event sent from Chaman' });
    const actions = (await chief.q(`query($id: ID!) { company(id: $id) { auditLog(first: 50) { nodes { action } } } }`, { id: companyId })).company.auditLog.nodes.map((n: { action: string }) => n.action);
    expect(actions).toEqual(expect.arrayContaining(['webhook.created', 'webhook.secret-rotated', 'webhook.test-sent']));
  });

  it('refuses bad events, more than 10 endpoints, and people who do not manage access; update and delete are audited', async () => {
    const { chief, companyId } = await companyWithChief(server, `rules-${kind}`);
    const empty = await chief.fails(CREATE, { input: { companyId, url: receiver.url, events: [] } });
    expect(empty.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'webhook/events-empty' });
    const unknown = await chief.fails(CREATE, { input: { companyId, url: receiver.url, events: ['rest-account.created', 'everything'] } });
    expect(unknown.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'webhook/unknown-event', params: { events: 'everything' } });
    const format = await chief.fails(CREATE, { input: { companyId, url: 'ftp://example.com/x', events: ['role.changed'] } });
    expect(format.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'webhook/url-format' });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await chief.q(CREATE, { input: { companyId, url: `${receiver.url}?n=${i}`, events: ['role.changed'] } })).createWebhook.webhook.id);
    const eleventh = await chief.fails(CREATE, { input: { companyId, url: receiver.url, events: ['role.changed'] } });
    expect(eleventh.extensions).toMatchObject({ code: 'CONFLICT', reason: 'webhook/too-many', params: { count: 10, max: 10 } });

    const updated = (await chief.q(`mutation($id: ID!) { updateWebhook(id: $id, input: { enabled: false, events: ["mandate.changed"] }) { enabled events url } }`, { id: ids[0] })).updateWebhook;
    expect(updated).toEqual({ enabled: false, events: ['mandate.changed'], url: `${receiver.url}?n=0` });
    expect((await chief.q(`mutation($id: ID!) { deleteWebhook(id: $id) { id } }`, { id: ids[1] })).deleteWebhook.id).toBe(ids[1]);
    const actions = (await chief.q(`query($id: ID!) { company(id: $id) { auditLog(first: 50) { nodes { action } } } }`, { id: companyId })).company.auditLog.nodes.map((n: { action: string }) => n.action);
    expect(actions.filter((a: string) => a.startsWith('webhook.'))).toEqual(['webhook.deleted', 'webhook.updated', ...Array(10).fill('webhook.created')]);

    // A Chaman user (no access management) may not.
    const email = `user-${kind}@rules.example`;
    await chief.q(APPOINT('grantChamanAccess'), { companyId, email });
    const user = await signUp(server, email, 'U', 'Ser');
    const refused = await user.fails(CREATE, { input: { companyId, url: receiver.url, events: ['role.changed'] } });
    expect(refused.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'access/not-allowed', params: { action: 'manage-notifications' } });
  });

  it('role, mandate and certificate events come from the changes that cause them', async () => {
    const { chief, companyId } = await companyWithChief(server, `events-${kind}`);
    const { secret } = (await chief.q(CREATE, { input: { companyId, url: receiver.url, events: ['role.changed', 'mandate.changed', 'rest-account.certificate-added', 'rest-account.certificate-removed'] } })).createWebhook;
    await chief.q(APPOINT('appointAccessManager'), { companyId, email: `am-${kind}@events.example` });
    const provider = await companyWithChief(server, `provider-${kind}`);
    const number = (await provider.chief.q(`query($id: ID!) { company(id: $id) { enterpriseNumber } }`, { id: provider.companyId })).company.enterpriseNumber;
    await chief.q(`mutation($c: ID!, $p: String!) { createMandate(input: { companyId: $c, providerEnterpriseNumber: $p }) { id } }`, { c: companyId, p: number });
    const account = await newAccount(chief, companyId);
    const second = makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true) });
    const added = (await chief.q(`mutation($id: ID!, $pem: String!) { addRestAccountCertificate(input: { accountId: $id, certificate: { name: "second", content: $pem } }) { certificates { id name } } }`, { id: account.id, pem: second.certPem })).addRestAccountCertificate;
    const secondId = added.certificates.find((c: { name: string }) => c.name === 'second').id;
    await chief.q(`mutation($id: ID!, $c: ID!) { removeRestAccountCertificate(input: { accountId: $id, certificateId: $c }) { id } }`, { id: account.id, c: secondId });
    const signedForMe = (r: Received) => {
      try {
        verified(secret, r);
        return true;
      } catch {
        return false;
      }
    };
    const got = await receiver.waitFor(4, signedForMe);
    const payloads = got.map((r) => verified(secret, r));
    expect(payloads.map((p) => p.type).sort()).toEqual(['mandate.changed', 'rest-account.certificate-added', 'rest-account.certificate-removed', 'role.changed']);
    expect(payloads.find((p) => p.type === 'role.changed')!.data).toMatchObject({ role: 'ACCESS_MANAGER', email: `am-${kind}@events.example`, status: 'PENDING', change: 'appointed' });
    expect(payloads.find((p) => p.type === 'mandate.changed')!.data).toMatchObject({ mandatorId: companyId, providerId: provider.companyId, status: 'PENDING', change: 'created' });
    expect(payloads.find((p) => p.type === 'rest-account.certificate-added')!.data).toMatchObject({ clientId: account.clientId, certificateId: secondId, certificateName: 'second' });
    expect(payloads.find((p) => p.type === 'rest-account.certificate-removed')!.data).toMatchObject({ clientId: account.clientId, certificateId: secondId });
  });

  it('a burst of 20 refused token requests for one client is announced once (token.refusals)', async () => {
    const { chief, companyId } = await companyWithChief(server, `burst-${kind}`);
    const { secret } = (await chief.q(CREATE, { input: { companyId, url: receiver.url, events: ['token.refusals'] } })).createWebhook;
    const account = await newAccount(chief, companyId);
    const tokenUrl = `${server.url}/REST/oauth/v5/token`;
    // Signed with a key the account does not have: refused (invalid_client), recorded on the account.
    const stranger = privateKey('ec:P-384', true);
    const refusedRequest = async () => {
      const now = Math.floor(Date.now() / 1000);
      const jwt = await new jose.CompactSign(new TextEncoder().encode(JSON.stringify({ iss: account.clientId, sub: account.clientId, aud: tokenUrl, iat: now, exp: now + 300, jti: randomUUID() })))
        .setProtectedHeader({ alg: 'ES384' })
        .sign(await jose.importPKCS8(stranger, 'ES384'));
      const r = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: jwt }),
      });
      expect(r.status).toBe(401);
    };
    for (let i = 0; i < 19; i++) await refusedRequest();
    await sleep(3000);
    const mine = (r: Received) => r.body.includes('token.refusals') && r.body.includes(account.clientId);
    expect(receiver.received.filter(mine)).toHaveLength(0);
    for (let i = 0; i < 6; i++) await refusedRequest();
    const [event] = await receiver.waitFor(1, mine);
    expect(verified(secret, event!).data).toMatchObject({ accountId: account.id, clientId: account.clientId, windowMinutes: 5 });
    expect(verified(secret, event!).data.refusals).toBeGreaterThanOrEqual(20);
    // More refusals within the hour announce nothing more.
    for (let i = 0; i < 5; i++) await refusedRequest();
    await sleep(3000);
    expect(receiver.received.filter(mine)).toHaveLength(1);
  }, 60_000);

  it('no redirect is followed; an endpoint failing for 24 hours is disabled and its access managers mailed', async () => {
    const { chief, companyId } = await companyWithChief(server, `fail-${kind}`);
    const elsewhere = receiver.received.filter((r) => r.body === '').length;
    await chief.q(CREATE, { input: { companyId, url: receiver.url, events: ['rest-account.created'] } });
    receiver.answers.push(302, 500, 500, 500);
    const account = await newAccount(chief, companyId);
    const mine = (r: Received) => r.body.includes(account.clientId);
    await receiver.waitFor(1, mine);
    await sleep(500);
    let [hook] = (await chief.q(DELIVERIES, { id: companyId })).company.webhooks;
    expect(hook.deliveries.nodes[0]).toMatchObject({ status: 'PENDING', attempts: 1, lastResponseCode: 302, lastError: expect.stringContaining('redirects are not followed') });
    expect(hook.failingSince).not.toBeNull();
    expect(receiver.received.filter((r) => r.body === '').length).toBe(elsewhere);

    // A day later (the server's clock), the next failure disables it.
    offsetMs += 25 * 3_600_000;
    try {
      await receiver.waitFor(2, mine, 15_000);
      const deadline = Date.now() + 10_000;
      do {
        [hook] = (await chief.q(DELIVERIES, { id: companyId })).company.webhooks;
        if (!hook.enabled) break;
        await sleep(200);
      } while (Date.now() < deadline);
      // The mail to its owners is written at the server's time too: it leaves by that clock.
      const mailDeadline = Date.now() + 10_000;
      while (!sink.mails.some((m) => m.subject?.includes('was disabled') && (m.to as { text: string }).text === chief.email) && Date.now() < mailDeadline) await sleep(100);
    } finally {
      offsetMs -= 25 * 3_600_000;
    }
    expect(hook).toMatchObject({ enabled: false, disabledReason: 'every delivery failed for 24 hours' });
    expect(hook.deliveries.nodes[0]).toMatchObject({ status: 'FAILED', attempts: 2, lastResponseCode: 500 });
    const mail = sink.mails.find((m) => m.subject?.includes('was disabled') && (m.to as { text: string }).text === chief.email);
    expect(mail?.text).toContain(receiver.url);
    expect((await chief.q(`query($id: ID!) { company(id: $id) { auditLog(first: 5, action: "webhook.disabled") { nodes { action actorId } } } }`, { id: companyId })).company.auditLog.nodes).toEqual([{ action: "webhook.disabled", actorId: null }]);
  }, 60_000);
});

describe.each(databaseKinds)('webhook URLs without WEBHOOK_ALLOW_PRIVATE, on %s', (kind) => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
  });

  it('refuses loopback, private, link-local and metadata addresses at registration', async () => {
    const { chief, companyId } = await companyWithChief(server, `ssrf-${kind}`);
    for (const [url, address] of [
      [receiver.url, '127.0.0.1'],
      ['http://localhost:9/x', null],
      ['http://10.0.0.8/hook', '10.0.0.8'],
      ['http://192.168.1.20/hook', '192.168.1.20'],
      ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
      ['http://[::1]:8080/x', '::1'],
      ['http://[fd00:ec2::254]/x', 'fd00:ec2::254'],
      ['http://[::ffff:127.0.0.1]/x', null],
      ['http://0x7f000001/x', '127.0.0.1'],
    ] as const) {
      const e = await chief.fails(CREATE, { input: { companyId, url, events: ['role.changed'] } });
      expect(e.extensions, url).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'webhook/url-private-address' });
      if (address) expect(e.extensions.params, url).toMatchObject({ address });
    }
    const unresolvable = await chief.fails(CREATE, { input: { companyId, url: 'https://no-such-host.invalid/x', events: ['role.changed'] } });
    expect(unresolvable.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'webhook/url-unresolvable' });
  });

  it('checks again at each delivery: an endpoint whose host now points at a private address gets nothing', async () => {
    const { chief, companyId } = await companyWithChief(server, `rebind-${kind}`);
    const { webhook } = (await chief.q(CREATE, { input: { companyId, url: 'http://93.184.216.34/hook', events: ['rest-account.created'] } })).createWebhook;
    // As if the host's DNS had been changed to point inside after registration.
    await server.app.db.transact((tx) => tx.run(sql`UPDATE webhook SET url = ${receiver.url} WHERE id = ${webhook.id}`));
    await newAccount(chief, companyId);
    const deadline = Date.now() + 10_000;
    let delivery: { status: string; attempts: number; lastError: string | null } | undefined;
    while (Date.now() < deadline) {
      delivery = (await chief.q(DELIVERIES, { id: companyId })).company.webhooks[0].deliveries.nodes[0];
      if (delivery && delivery.attempts > 0) break;
      await sleep(100);
    }
    expect(delivery).toMatchObject({ status: 'PENDING', attempts: 1, lastError: expect.stringContaining('127.0.0.1, a loopback address') });
    expect(receiver.received).toEqual([]);
  });
});

describe('webhook URLs in production', () => {
  it('must be https unless WEBHOOK_ALLOW_HTTP=true', async () => {
    const strict = await startTestServer('sqlite', { NODE_ENV: 'production' });
    try {
      const { chief, companyId } = await companyWithChief(strict, 'https-only');
      const e = await chief.fails(CREATE, { input: { companyId, url: 'http://93.184.216.34/hook', events: ['role.changed'] } });
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'webhook/url-scheme' });
      expect((await chief.q(CREATE, { input: { companyId, url: 'https://93.184.216.34/hook', events: ['role.changed'] } })).createWebhook.webhook.url).toBe('https://93.184.216.34/hook');
    } finally {
      await strict.stop();
    }
    const relaxed = await startTestServer('sqlite', { NODE_ENV: 'production', WEBHOOK_ALLOW_HTTP: 'true' });
    try {
      const { chief, companyId } = await companyWithChief(relaxed, 'http-allowed');
      expect((await chief.q(CREATE, { input: { companyId, url: 'http://93.184.216.34/hook', events: ['role.changed'] } })).createWebhook.webhook.url).toBe('http://93.184.216.34/hook');
    } finally {
      await relaxed.stop();
    }
  });
});

describe.each(databaseKinds)('two server processes on one %s database', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('deliver each of 40 events exactly once', async () => {
    const shared = await sharedDatabaseUrl(kind, 'chaman-webhooks-');
    cleanups.push(shared.remove);
    const url = shared.url;
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.close());
    const env = { DATABASE_URL: url, NODE_ENV: 'production', LOG_LEVEL: 'warn', WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_ALLOW_HTTP: 'true' };
    const stop = (p: ServerProcess) => async () => {
      p.child.kill('SIGTERM');
      await p.exited;
    };
    const a = await spawnServer(env);
    cleanups.push(stop(a));
    await waitUntilHealthy(a);
    const b = await spawnServer(env);
    cleanups.push(stop(b));
    await waitUntilHealthy(b);

    const email = `chief-wh-two-${kind}@example.be`;
    const token = (await gql(a.url, `mutation($input: SignUpInput!) { signUp(input: $input) { token } }`, { input: { email, password: PASSWORD, firstName: 'Two', lastName: 'Hooks' } })).data.signUp.token as string;
    const companyId = (await gql(b.url, 'mutation($i: RegisterEmployerInput!) { registerEmployer(input: $i) { id } }', { i: { enterpriseNumber: enterpriseNumber(77), name: 'Two hooks' } }, token)).data.registerEmployer.id as string;
    await gql(a.url, APPOINT('appointChiefAccessManager'), { companyId, email }, token);
    const created = await gql(b.url, CREATE, { input: { companyId, url: receiver.url, events: ['role.changed'] } }, token);
    const secret = created.data.createWebhook.secret as string;

    const invitees = Array.from({ length: 40 }, (_, i) => `wh-two-${i}@invitee.example`);
    const granted = await Promise.all(invitees.map((e, i) => gql(i % 2 ? a.url : b.url, APPOINT('grantChamanAccess'), { companyId, email: e }, token)));
    expect(granted.filter((r) => r.errors)).toEqual([]);
    await receiver.waitFor(40, () => true, 30_000);
    // Long enough for a second delivery by the other process, if one were claimed twice.
    await sleep(2500);
    const ids = receiver.received.map((r) => String(r.headers['webhook-id']));
    expect(new Set(ids).size).toBe(ids.length);
    expect(receiver.received.map((r) => verified(secret, r).data.email).sort()).toEqual([...invitees].sort());
    expect(typesOf(receiver.received).every((t) => t === 'role.changed')).toBe(true);
  }, 120_000);
});
