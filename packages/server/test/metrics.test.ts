import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCertificate, privateKey, type Made } from '@chaman/domain/test-support';
import * as jose from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOperationNames, clientOperationsModule, MODULE_FILE } from '../scripts/client-operations.js';
import { companyWithChief, CREATE_ACCOUNT, UPLOAD } from './support/chaman.js';
import { databaseKinds } from './support/databases.js';
import { signUp, type Caller } from './support/people.js';
import { freePort } from './support/process.js';
import { startTestServer, type TestServer } from './support/server.js';

const TOKEN = 'metrics-0123456789abcdef0123456789abcdef';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const DAY = 86_400_000;

/** The samples of a Prometheus text exposition: name and labels to value. */
function parseExposition(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const samples = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

/** The value of the sample with exactly these labels (and any others), or 0 when there is none. */
function valueOf(text: string, name: string, labels: Record<string, string> = {}): number {
  const matching = parseExposition(text).filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return matching.reduce((sum, s) => sum + s.value, 0);
}

async function scrape(url: string, token: string | null = TOKEN): Promise<string> {
  const r = await fetch(`${url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return r.text();
}

describe('the operation names the GraphQL metrics know', () => {
  it('are those of the admin UI documents (run `pnpm --filter @chaman/server client-operations` when this fails)', () => {
    const names = clientOperationNames();
    expect(names).toContain('Me');
    expect(readFileSync(MODULE_FILE, 'utf8')).toBe(clientOperationsModule(names));
  });
});

describe.each(databaseKinds)('metrics on %s', (kind) => {
  describe('without METRICS_TOKEN or METRICS_PORT', () => {
    let server: TestServer;
    let uiDir: string;
    beforeAll(async () => {
      // With an admin UI, whose index.html answers every other page path.
      uiDir = mkdtempSync(join(tmpdir(), 'chaman-ui-'));
      writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Chaman</title>');
      server = await startTestServer(kind, { ADMIN_UI_DIR: uiDir });
    });
    afterAll(async () => {
      await server.stop();
      rmSync(uiDir, { recursive: true, force: true });
    });

    it('answers /metrics with 404, with a token or without (not the admin UI page)', async () => {
      expect((await fetch(`${server.url}/audit`)).status).toBe(200);
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    });
  });

  describe('with METRICS_TOKEN, on the main port', () => {
    let server: TestServer;
    let chief: Caller;
    let companyId: string;

    beforeAll(async () => {
      // An SMTP server nobody listens on: the mails stay in the outbox, as when the relay is down.
      server = await startTestServer(kind, { METRICS_TOKEN: TOKEN, SMTP_URL: `smtp://127.0.0.1:${await freePort()}` });
      ({ chief, companyId } = await companyWithChief(server, 'metrics'));
    });
    afterAll(async () => server.stop());

    it('answers 401 without the token, with a wrong one or another scheme, and says nothing more', async () => {
      const wrong = [undefined, `Bearer ${TOKEN.slice(0, -1)}x`, `Bearer ${TOKEN}x`, 'Bearer short', `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}`, TOKEN];
      for (const authorization of wrong) {
        const r = await fetch(`${server.url}/metrics`, authorization ? { headers: { authorization } } : {});
        expect(r.status).toBe(401);
        expect(await r.text()).toBe('');
      }
    });

    it('shows the process metrics, and HTTP requests by route pattern and status, never by raw URL', async () => {
      await fetch(`${server.url}/REST/oauth/v5/token/${randomUUID()}`);
      const text = await scrape(server.url);
      expect(valueOf(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(valueOf(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
      expect(valueOf(text, 'chaman_http_request_duration_seconds_count', { method: 'POST', route: '/graphql', status_code: '200' })).toBeGreaterThan(0);
      expect(valueOf(text, 'chaman_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
      expect(text).not.toContain('/REST/oauth/v5/token/');
      const after = await scrape(server.url);
      // The previous scrape, answered 200, is itself a request of the /metrics route.
      expect(valueOf(after, 'chaman_http_request_duration_seconds_count', { method: 'GET', route: '/metrics', status_code: '200' })).toBe(
        valueOf(text, 'chaman_http_request_duration_seconds_count', { method: 'GET', route: '/metrics', status_code: '200' }) + 1,
      );
    });

    it('counts GraphQL operations by the admin UI names and outcome; any other name is `other`', async () => {
      const before = await scrape(server.url);
      const ops = (text: string, operation: string, outcome: string) => valueOf(text, 'chaman_graphql_operations_total', { operation, outcome });
      expect((await chief.q('query Me { me { id } }')).me.id).toBe(chief.id);
      const refused = await chief.fails('mutation RenameCertificate($input: RenameCertificateInput!) { renameCertificate(input: $input) { id } }', {
        input: { certificateId: randomUUID(), name: 'renamed' },
      });
      expect(refused.code).toBe('NOT_FOUND');
      await chief.q('query Exfiltrate { __typename }');
      await chief.q('{ __typename }');
      const after = await scrape(server.url);
      expect(ops(after, 'Me', 'ok')).toBe(ops(before, 'Me', 'ok') + 1);
      expect(ops(after, 'RenameCertificate', 'NOT_FOUND')).toBe(ops(before, 'RenameCertificate', 'NOT_FOUND') + 1);
      expect(ops(after, 'other', 'ok')).toBe(ops(before, 'other', 'ok') + 2);
      expect(after).not.toContain('Exfiltrate');
      expect(valueOf(after, 'chaman_graphql_operation_duration_seconds_count', { operation: 'Me' })).toBe(valueOf(before, 'chaman_graphql_operation_duration_seconds_count', { operation: 'Me' }) + 1);
    });

    it('counts token requests: granted, and refused by OAuth error code', async () => {
      const made = makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true) });
      const account = (
        await chief.q(CREATE_ACCOUNT, {
          input: { companyId, name: `acc ${randomUUID()}`, permissionCodes: ['dimona-declaration'], certificate: { name: `cert ${randomUUID().slice(0, 8)}`, content: made.certPem } },
        })
      ).createRestAccount as { clientId: string };
      const tokenUrl = `${server.url}/REST/oauth/v5/token`;
      const request = async (clientId: string) => {
        const now = Math.floor(Date.now() / 1000);
        const payload = { iss: clientId, sub: clientId, aud: tokenUrl, iat: now, exp: now + 300, jti: randomUUID() };
        const assertion = await new jose.CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
          .setProtectedHeader({ alg: 'ES384' })
          .sign(await jose.importPKCS8(made.keyPem, 'ES384'));
        const body = new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, client_assertion: assertion });
        return fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      };
      const before = await scrape(server.url);
      expect(valueOf(before, 'chaman_token_requests_total', { outcome: 'invalid_client' })).toBe(0);
      expect((await request(account.clientId)).status).toBe(200);
      expect((await request('self_service_expeditor_999999')).status).toBe(401);
      const malformed = await fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
      expect(malformed.status).toBe(400);
      const after = await scrape(server.url);
      const outcome = (text: string, name: string) => valueOf(text, 'chaman_token_requests_total', { outcome: name });
      expect(outcome(after, 'granted')).toBe(outcome(before, 'granted') + 1);
      expect(outcome(after, 'invalid_client')).toBe(outcome(before, 'invalid_client') + 1);
      expect(outcome(after, 'invalid_request')).toBe(outcome(before, 'invalid_request') + 1);
      expect(valueOf(after, 'chaman_http_request_duration_seconds_count', { route: '/REST/oauth/v5/token', status_code: '200' })).toBe(
        valueOf(before, 'chaman_http_request_duration_seconds_count', { route: '/REST/oauth/v5/token', status_code: '200' }) + 1,
      );
    });

    it('shows the mail waiting in the outbox by kind, and how old the oldest is', async () => {
      const before = await scrape(server.url);
      expect(valueOf(before, 'chaman_outbox_depth', { kind: 'passwordReset' })).toBe(0);
      expect(valueOf(before, 'chaman_outbox_oldest_age_seconds', { kind: 'passwordReset' })).toBe(0);
      const r = await server.graphql('mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }', { email: chief.email });
      expect(r.body.data).toEqual({ requestPasswordReset: true });
      const after = await scrape(server.url);
      expect(valueOf(after, 'chaman_outbox_depth', { kind: 'passwordReset' })).toBe(1);
      // Every person's verification mail since the start still waits: no SMTP server answers.
      expect(valueOf(after, 'chaman_outbox_depth', { kind: 'verification' })).toBeGreaterThanOrEqual(1);
      expect(valueOf(after, 'chaman_outbox_oldest_age_seconds', { kind: 'verification' })).toBeGreaterThan(0);
    });

    it('shows the certificates used by active REST accounts by days left, each once', async () => {
      const buckets = ['expired', 'lt_7d', 'lt_14d', 'lt_30d', 'lt_60d', 'ge_60d'];
      const count = (text: string) => Object.fromEntries(buckets.map((expiry) => [expiry, valueOf(text, 'chaman_certificates_in_use', { expiry })]));
      const before = count(await scrape(server.url));
      const now = Date.now();
      const certificate = (notAfter: Date): Made => makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true), notBefore: new Date(now - DAY), notAfter });
      const createAccount = async (content: { certificate: { name: string; content: string } } | { certificateId: string }) =>
        (await chief.q(CREATE_ACCOUNT, { input: { companyId, name: `acc ${randomUUID()}`, permissionCodes: ['dimona-declaration'], ...content } })).createRestAccount as {
          id: string;
          certificates: { id: string }[];
        };
      const upload = (made: Made) => ({ certificate: { name: `cert ${randomUUID().slice(0, 8)}`, content: made.certPem } });

      // Ends in a few seconds: expired by the time of the scrape.
      const ending = new Date(Math.ceil((Date.now() + 4000) / 1000) * 1000);
      await createAccount(upload(certificate(ending)));
      await createAccount(upload(certificate(new Date(now + 5 * DAY))));
      // One certificate used by two active accounts counts once.
      const shared = await createAccount(upload(certificate(new Date(now + 20 * DAY))));
      await createAccount({ certificateId: shared.certificates[0]!.id });
      await createAccount(upload(certificate(new Date(now + 100 * DAY))));
      // Not counted: a certificate no account uses, and one whose only account is disabled.
      await chief.q(UPLOAD, { companyId, name: 'unused', content: certificate(new Date(now + 3 * DAY)).certPem });
      const disabled = await createAccount(upload(certificate(new Date(now + 3 * DAY))));
      await chief.q('mutation($input: RestAccountInput!) { disableRestAccount(input: $input) { id } }', { input: { accountId: disabled.id } });

      await new Promise((resolve) => setTimeout(resolve, Math.max(0, ending.getTime() + 100 - Date.now())));
      const after = count(await scrape(server.url));
      expect(after).toEqual({
        expired: before.expired! + 1,
        lt_7d: before.lt_7d! + 1,
        lt_14d: before.lt_14d,
        lt_30d: before.lt_30d! + 1,
        lt_60d: before.lt_60d,
        ge_60d: before.ge_60d! + 1,
      });
    });

    it('refuses a person’s own bearer token: the metrics token is the only key', async () => {
      const person = await signUp(server, `metrics-${randomUUID().slice(0, 8)}@example.be`);
      const r = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${person.token}` } });
      expect(r.status).toBe(401);
    });
  });

  describe('with METRICS_PORT', () => {
    let server: TestServer;
    let metricsUrl: string;
    beforeAll(async () => {
      const port = await freePort();
      metricsUrl = `http://127.0.0.1:${port}`;
      server = await startTestServer(kind, { METRICS_PORT: String(port) });
    });
    afterAll(async () => server.stop());

    it('serves /metrics on its own port, not on the main one', async () => {
      expect((await server.graphql('query Me { me { id } }')).status).toBe(200);
      const text = await scrape(metricsUrl, null);
      expect(valueOf(text, 'chaman_graphql_operations_total', { operation: 'Me', outcome: 'ok' })).toBe(1);
      expect(valueOf(text, 'chaman_token_requests_total', { outcome: 'granted' })).toBe(0);
      expect(text).toContain('# TYPE chaman_certificates_in_use gauge');
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${metricsUrl}/graphql`)).status).toBe(404);
      expect((await fetch(`${metricsUrl}/metrics`, { method: 'POST' })).status).toBe(404);
    });

    it('exposes every metric and label value the alert rules of the README use', async () => {
      const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
      const rules = /```yaml\n(groups:[\s\S]*?)```/.exec(readme)?.[1] ?? '';
      const expressions = [...rules.matchAll(/^\s*expr: (.+)$/gm)].map((m) => m[1]!);
      expect(expressions.length).toBeGreaterThanOrEqual(4);
      const text = await scrape(metricsUrl, null);
      for (const expression of expressions) {
        for (const [, name] of expression.matchAll(/\b(chaman_\w+)/g)) expect(text, expression).toContain(`# TYPE ${name} `);
      }
      expect(text).toContain('chaman_certificates_in_use{expiry="lt_7d"} 0');
      expect(text).toContain('chaman_certificates_in_use{expiry="expired"} 0');
      expect(text).toContain('chaman_token_requests_total{outcome="granted"} 0');
    });
  });

  describe('with METRICS_PORT and METRICS_TOKEN', () => {
    let server: TestServer;
    let metricsUrl: string;
    beforeAll(async () => {
      const port = await freePort();
      metricsUrl = `http://127.0.0.1:${port}`;
      server = await startTestServer(kind, { METRICS_PORT: String(port), METRICS_TOKEN: TOKEN });
    });
    afterAll(async () => server.stop());

    it('asks for the token on the metrics port too, and serves nothing on the main one', async () => {
      expect((await fetch(`${metricsUrl}/metrics`)).status).toBe(401);
      expect((await fetch(`${metricsUrl}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      await scrape(metricsUrl);
      expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    });
  });
});
