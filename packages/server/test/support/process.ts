import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startSmtpSink } from './smtp.js';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));

/** The key-encryption key of the servers this test process starts in production mode. */
export const TEST_KEY_ENCRYPTION_KEY = randomBytes(32).toString('base64');

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the server as its own process (from source, through tsx), as an operator would. In
 * production mode without an SMTP_URL of the test's, it gets one: an SMTP server of its own that
 * keeps what it receives until the process exits; and employers are approved automatically unless
 * the test says otherwise (production's default needs operators).
 */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = env.PORT ?? String(await freePort());
  const sink = env.NODE_ENV === 'production' && env.SMTP_URL === undefined ? await startSmtpSink() : null;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      ADMIN_UI_DIR: '',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...(sink ? { SMTP_URL: sink.url } : {}),
      // Processes of one test that share a database share this key-encryption key.
      ...(env.NODE_ENV === 'production' ? { EMPLOYER_APPROVAL: 'automatic', ...(env.KEY_ENCRYPTION_KEY_FILE ? {} : { KEY_ENCRYPTION_KEY: TEST_KEY_ENCRYPTION_KEY }) } : {}),
      ...env,
      PORT: port,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => void (sink?.close() ?? Promise.resolve()).then(() => resolve({ code, signal }))),
  );
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}

/** Resolves once /healthz answers 200; rejects if the process exits first or after `ms`. */
export async function waitUntilHealthy(p: ServerProcess, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  let exited = false;
  void p.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`server exited before it was healthy:\n${p.output()}`);
    try {
      const r = await fetch(`${p.url}/healthz`);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server not healthy after ${ms} ms:\n${p.output()}`);
}

/** A GraphQL request to a server process, as an integrator sends it (Bearer token when given). */
export async function gql(url: string, query: string, variables: Record<string, unknown>, token?: string) {
  const r = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await r.json()) as { data?: any; errors?: { message: string }[] };
}
