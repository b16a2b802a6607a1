// What run.ts and compare.ts share: the command line, the load generator, the processes they start,
// signing in, counting statements, and RESULTS.md (whose comparison section survives a rewrite).
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { startSmtpSink } from '../test/support/smtp.js';

export const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};

export interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Seconds of load before each measurement, discarded: JIT compilation, caches and pools warm up. */
export const WARM_UP_SECONDS = 2;

export async function load(url: string, requests: autocannon.Request[], options: { seconds: number; connections: number; warmUpSeconds?: number }): Promise<Load> {
  await autocannon({ url, connections: options.connections, duration: options.warmUpSeconds ?? WARM_UP_SECONDS, requests });
  const r = await autocannon({ url, connections: options.connections, duration: options.seconds, requests });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx + r.timeouts };
}

/** The better of several loads of the same thing (the machine's speed drifts: keep its best moment). */
export const best = (loads: Load[]) => loads.reduce((a, b) => (b.rps > a.rps ? b : a));

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export function startProcess(cwd: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

export async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Production requires SMTP_URL: the servers under load get this SMTP server (the load sends no mail). */
const mailSink = await startSmtpSink();
/** Production requires a key-encryption key: one for every server of this run, which share databases. */
const keyEncryptionKey = randomBytes(32).toString('base64');

/** The environment of a Chaman server under load: no admin UI, quiet logs, rate limits out of the way. */
export const serverEnv = (options: { port: number; publicUrl: string; databaseUrl: string; nodeEnv: string }): Record<string, string> => ({
  PORT: String(options.port),
  SMTP_URL: mailSink.url,
  KEY_ENCRYPTION_KEY: keyEncryptionKey,
  PUBLIC_URL: options.publicUrl,
  DATABASE_URL: options.databaseUrl,
  NODE_ENV: options.nodeEnv,
  // The seeded employers are approved; production would otherwise want OPERATOR_EMAILS.
  EMPLOYER_APPROVAL: 'automatic',
  LOG_LEVEL: 'error',
  ADMIN_UI_DIR: '',
  TOKEN_RATE_LIMIT_PER_IP: '10000000',
  TOKEN_RATE_LIMIT_PER_CLIENT: '10000000',
  RATE_LIMIT_SIGN_IN_PER_IP: '1000',
});

/** Signs the seeded chief in at `url`: the headers of their GraphQL requests. */
export async function signIn(url: string, email: string, password: string): Promise<Record<string, string>> {
  const r = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($i: SignInInput!) { signIn(input: $i) { token } }', variables: { i: { email, password } } }),
  });
  const body = (await r.json()) as { data?: { signIn: { token: string } }; errors?: unknown };
  if (!body.data) throw new Error(`sign-in at ${url} failed: ${JSON.stringify(body.errors)}`);
  return { 'content-type': 'application/json', authorization: `Bearer ${body.data.signIn.token}` };
}

/**
 * A GraphQL request to a server outside production: its answer and the statements it cost (the
 * x-sql-statements header, which the server sends only outside production).
 */
export async function graphqlWithStatements(url: string, headers: Record<string, string>, query: string, variables: Record<string, unknown>) {
  const r = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await r.json()) as { data?: unknown; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return { data: body.data, statements: Number(r.headers.get('x-sql-statements')) };
}

const RESULTS = new URL('./RESULTS.md', import.meta.url);
const COMPARISON_START = '<!-- comparison: written by `pnpm bench -- --baseline`, kept when run.ts rewrites the rest -->';
const COMPARISON_END = '<!-- end of comparison -->';

function comparisonSection(text: string): string {
  const start = text.indexOf(COMPARISON_START);
  const end = text.indexOf(COMPARISON_END);
  return start >= 0 && end > start ? text.slice(start, end + COMPARISON_END.length) : '';
}

/** Rewrites RESULTS.md with run.ts's figures, keeping the comparison section where it was last put. */
export function writeMainResults(text: string): void {
  const kept = existsSync(RESULTS) ? comparisonSection(readFileSync(RESULTS, 'utf8')) : '';
  writeFileSync(RESULTS, kept ? `${text.trimEnd()}\n\n${kept}\n` : text);
}

/** Replaces RESULTS.md's comparison section with `section` (appended the first time). */
export function writeComparison(section: string): void {
  const text = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
  const wrapped = `${COMPARISON_START}\n${section.trim()}\n${COMPARISON_END}`;
  const old = comparisonSection(text);
  writeFileSync(RESULTS, old ? text.replace(old, () => wrapped) : `${text.trimEnd()}\n\n${wrapped}\n`);
}
