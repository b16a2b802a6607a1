import { connect } from 'node:net';
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, signUp } from './support/people.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('GraphQL over HTTP (graphql-http audits)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => server.stop());

  it('passes every MUST audit, and lists the SHOULD results', async () => {
    const audits = serverAudits({ url: `${server.url}/graphql`, fetchFn: fetch });
    const results = [];
    for (const audit of audits) results.push({ ...(await audit.fn()), name: audit.name });
    const must = results.filter((r) => r.name.startsWith('MUST'));
    expect(must.filter((r) => r.status !== 'ok').map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`)).toEqual([]);
    expect(results.filter((r) => r.status === 'error')).toEqual([]);
    const should = results.filter((r) => !r.name.startsWith('MUST'));
    console.log(`graphql-http audits: ${must.length} MUST passed; SHOULD/MAY: ${should.filter((r) => r.status === 'ok').length} ok, ${should.filter((r) => r.status === 'warn').length} warnings`);
    for (const r of should.filter((r) => r.status !== 'ok')) console.log(`  ${r.status}: ${r.name}`);
  });
});

describe('hostile input', () => {
  let server: TestServer;
  let production: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    production = await startTestServer('sqlite', { NODE_ENV: 'production', EMPLOYER_APPROVAL: 'automatic' });
  });
  afterAll(async () => {
    await server.stop();
    await production.stop();
  });

  const stillServes = async (s: TestServer) => expect((await s.graphql('{ serverInfo { version } }')).body.data).toBeTruthy();

  it.each([
    ['too deep', `{ me { ${'memberships { company { '.repeat(8)}id${' } }'.repeat(8)} } }`, /depth/i],
    ['too many aliases', `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: serverInfo { version }`).join(' ')} }`, /alias/i],
    ['too many directives', `{ serverInfo { version ${'@include(if: true) '.repeat(40)} } }`, /directive/i],
    [
      'too costly',
      `{ company(id: "x") { restAccounts { nodes { ${'...F '.repeat(400)} } } } } fragment F on RestAccount { id name clientId status health certificates { id name subject issuer notAfter restAccounts { id name clientId } } permissions { code scope name } }`,
      /cost/i,
    ],
    ['too many tokens', `{ serverInfo { ${'version '.repeat(4000)} } }`, /token/i],
  ])('refuses a query %s, and keeps serving', async (_name, query, message) => {
    const r = await server.graphql(query);
    expect(r.body.data ?? null).toBeNull();
    expect(r.body.errors?.[0]?.message).toMatch(message);
    await stillServes(server);
  });

  it('refuses batches and bodies over 1 MB (413)', async () => {
    const batch = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(batch.status).toBe(400);
    const big = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, variables: { x: 'y'.repeat(1_100_000) } }),
    });
    expect(big.status).toBe(413);
    await stillServes(server);
  });

  it('gives no field suggestions and no stack traces in production', async () => {
    const dev = await server.graphql('{ serverInf { version } }');
    expect(dev.body.errors?.[0]?.message).toMatch(/Did you mean/);
    const prod = await production.graphql('{ serverInf { version } }');
    expect(prod.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect(JSON.stringify(prod.body)).not.toMatch(/stacktrace|at .*\.js:\d+/);
  });

  it('drops a request that does not arrive in time', async () => {
    const slow = await startTestServer('sqlite', { REQUEST_TIMEOUT_SECONDS: '1' });
    try {
      const port = Number(new URL(slow.url).port);
      const closed = await new Promise<{ ms: number; data: string }>((resolve) => {
        const started = Date.now();
        let data = '';
        const socket = connect(port, '127.0.0.1', () => socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"qu'));
        socket.on('data', (d) => (data += d));
        socket.on('close', () => resolve({ ms: Date.now() - started, data }));
      });
      expect(closed.ms).toBeLessThan(10_000);
      expect(closed.data).toMatch(/^HTTP\/1.1 408|^$/);
      await stillServes(slow);
    } finally {
      await slow.stop();
    }
  });
});

describe('web security', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => server.stop());

  it('sends security headers with a Content-Security-Policy', async () => {
    const r = await fetch(`${server.url}/graphql?query=%7B__typename%7D`, { headers: { 'apollo-require-preflight': 'true' } });
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('strict-transport-security')).toBeNull();
  });

  it('refuses cross-site simple requests (CSRF) and opens no CORS', async () => {
    const simple = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"mutation { signOut }"}' });
    expect(simple.status).toBe(400);
    const get = await fetch(`${server.url}/graphql?query=%7B__typename%7D`);
    expect(get.status).toBe(400);
    const cors = await fetch(`${server.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(cors.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('marks the session cookie Secure behind https', async () => {
    const https = await startTestServer('sqlite', { PUBLIC_URL: 'https://chaman.example' });
    try {
      await signUp(https, 'secure@x.be');
      const r = await https.graphql('mutation($i: SignInInput!) { signIn(input: $i) { token } }', { i: { email: 'secure@x.be', password: PASSWORD } });
      expect(r.response.headers.get('set-cookie')).toMatch(/; Secure$/);
      expect(r.response.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    } finally {
      await https.stop();
    }
  });
});
