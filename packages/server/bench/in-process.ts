// pnpm --filter @chaman/server bench:in-process -- [--db sqlite|postgres] [--requests 3000] [--in-flight 1] [--profile DIR] [--metrics]
// The server and the read's ceiling in this one process, driven by Fastify's inject: no sockets and
// no load generator sharing the cores, so the figures are steadier than `pnpm bench`'s and a CPU
// profile shows the server alone. It measures the integrator read against its ceiling (alternately,
// three rounds) and the token endpoint (20 requests in flight, so that group commit works as under
// load). --profile DIR writes read.cpuprofile and token.cpuprofile (open them in Chrome DevTools).
// --metrics serves GET /metrics (METRICS_TOKEN), so that what recording them costs can be compared.
// Run with NODE_ENV=production, as `pnpm bench:in-process` does: graphql-js and Fastify skip their
// development checks then.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { makeCertificate } from '@chaman/domain/test-support';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { Db } from '../src/db/database.js';
import { TOKEN_PATH } from '../src/oauth/oauth.routes.js';
import { createTestDatabase, type DatabaseKind } from '../test/support/databases.js';
import { startSmtpSink } from '../test/support/smtp.js';
import { createCeiling } from './ceiling.js';
import { seed } from './seed.js';
import { READ, tokenRequestBodies } from './workload.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const kind = arg('db', 'sqlite') as DatabaseKind;
const requests = Number(arg('requests', '3000'));
const inFlight = Number(arg('in-flight', '1'));
const profileDir = arg('profile', '');
if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`--db ${kind}: use sqlite or postgres (with TEST_POSTGRES_URL)`);

const made = makeCertificate({ key: 'rsa:2048', cn: 'bench.example' });
const db = await createTestDatabase(kind);
const seedDb = await Db.open(db.config);
const seeded = await seed(seedDb.ds, (work) => seedDb.transact((tx) => work(tx.em)), { companies: 100, accounts: 10_000, certificatePem: made.certPem, progress: () => {} });
await seedDb.close();

const publicUrl = 'http://127.0.0.1:4000';
const app = await createApp(
  loadConfig({
    NODE_ENV: 'production',
    // Required in production; the load sends no mail.
    SMTP_URL: (await startSmtpSink()).url,
    KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    EMPLOYER_APPROVAL: 'automatic',
    LOG_LEVEL: 'error',
    ADMIN_UI_DIR: '',
    PUBLIC_URL: publicUrl,
    DATABASE_URL: kind === 'sqlite' ? `sqlite:${db.location}` : db.location,
    TOKEN_RATE_LIMIT_PER_IP: '10000000',
    TOKEN_RATE_LIMIT_PER_CLIENT: '10000000',
    ...(process.argv.includes('--metrics') ? { METRICS_TOKEN: 'bench-metrics-token-0123456789abcdef' } : {}),
  }),
);
const ceiling = await createCeiling();

/** Runs `count` requests, `parallel` at a time; returns microseconds per request (and the CPU profile). */
async function measure(fastify: FastifyInstance, next: () => InjectOptions, count: number, parallel: number, profile?: string): Promise<number> {
  const one = async () => {
    const r = await fastify.inject(next());
    if (r.statusCode !== 200 || r.body.includes('"errors"')) throw new Error(`${r.statusCode} ${r.body.slice(0, 300)}`);
  };
  const session = profile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: parallel }, async () => {
    for (let i = 0; i < count / parallel; i++) await one();
  }));
  const micros = ((performance.now() - started) * 1000) / count;
  if (session) {
    const { profile: result } = await session.post('Profiler.stop');
    writeFileSync(profile!, JSON.stringify(result));
    session.disconnect();
  }
  return micros;
}

try {
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const signIn = await app.fastify.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ query: 'mutation($i: SignInInput!) { signIn(input: $i) { token } }', variables: { i: { email: seeded.email, password: seeded.password } } }),
  });
  const token = (signIn.json() as { data: { signIn: { token: string } } }).data.signIn.token;
  const read = (id: string, authorization?: string) => () => ({
    method: 'POST' as const,
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    payload: JSON.stringify({ query: READ, variables: { id, first: 50 } }),
  });
  const serverRead = read(seeded.firstCompanyId, `Bearer ${token}`);
  const ceilingRead = read('x');
  console.log(`In one process, ${kind}, 10,000 accounts${process.argv.includes('--metrics') ? ', metrics recorded' : ''}; integrator read, ${inFlight} in flight:`);
  // Warm-up: JIT compilation, the document caches, the compiled query.
  await measure(ceiling, ceilingRead, 500, inFlight);
  await measure(app.fastify, serverRead, 500, inFlight);
  for (let round = 1; round <= 3; round++) {
    const bare = await measure(ceiling, ceilingRead, requests, inFlight);
    const ours = await measure(app.fastify, serverRead, requests, inFlight, round === 3 && profileDir ? join(profileDir, 'read.cpuprofile') : undefined);
    console.log(`  round ${round}: server ${(ours / 1000).toFixed(3)} ms a read, ceiling ${(bare / 1000).toFixed(3)} ms: ratio ${(bare / ours).toFixed(2)}`);
  }

  const bodies = tokenRequestBodies(made.keyPem, seeded.clientIds, `${publicUrl}${TOKEN_PATH}`, requests * 2 + 1000);
  let n = 0;
  const tokenRequest = () => ({ method: 'POST' as const, url: TOKEN_PATH, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: bodies[n++]! });
  await measure(app.fastify, tokenRequest, 1000, 20);
  for (let round = 1; round <= 2; round++) {
    const micros = await measure(app.fastify, tokenRequest, requests, 20, round === 2 && profileDir ? join(profileDir, 'token.cpuprofile') : undefined);
    console.log(`  token endpoint, 20 in flight, round ${round}: ${micros.toFixed(0)} µs a request (${(1e6 / micros).toFixed(0)} a second)`);
  }
} finally {
  await app.close();
  await ceiling.close();
  await db.drop();
}
