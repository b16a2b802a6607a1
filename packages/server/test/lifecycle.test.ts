import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteIntegrity as integrity } from './support/databases.js';
import { spawnServer, waitUntilHealthy } from './support/process.js';

const dirs: string[] = [];
function tempDbUrl(): { url: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'chaman-life-'));
  dirs.push(dir);
  const file = join(dir, 'data', 'chaman.sqlite');
  return { url: `sqlite:${file}`, file };
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the server process', () => {
  it('refuses a bad setting with one line naming the variable, and exits 2', async () => {
    const p = await spawnServer({ PORT: '4000', DATABASE_URL: 'mysql://localhost/x' });
    const { code } = await p.exited;
    expect(code).toBe(2);
    const lines = p.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^chaman: configuration error: DATABASE_URL="mysql:\/\/localhost\/x" is not supported/);
  });

  it('creates the SQLite file and its folder on first start', async () => {
    const { url, file } = tempDbUrl();
    const p = await spawnServer({ DATABASE_URL: url });
    await waitUntilHealthy(p);
    expect(existsSync(file)).toBe(true);
    p.child.kill('SIGTERM');
    expect((await p.exited).code).toBe(0);
  });

  it('on SIGTERM under load, answers every request it accepted, exits 0 and leaves an intact database', async () => {
    const { url, file } = tempDbUrl();
    const p = await spawnServer({ DATABASE_URL: url });
    await waitUntilHealthy(p);
    const requests = Array.from({ length: 40 }, () =>
      fetch(`${p.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ serverInfo { version } }' }),
        signal: AbortSignal.timeout(15_000),
      }).then(
        async (r) => ({ status: r.status, body: await r.text() }),
        (error: Error) => ({ status: 0, body: String((error.cause as Error | undefined)?.message ?? error.message) }),
      ),
    );
    await new Promise((r) => setTimeout(r, 20));
    p.child.kill('SIGTERM');
    const results = await Promise.all(requests);
    const { code } = await p.exited;
    expect(results.filter((r) => /abort|timeout/i.test(r.body)), p.output()).toEqual([]);
    expect(code).toBe(0);
    for (const r of results) {
      // Answered in full; or, arriving after shutdown began, refused before any work with a 503
      // (keep-alive connection) or never accepted (listener closed): a client can retry both.
      if (r.status === 0) expect(r.body).toMatch(/ECONNREFUSED|ECONNRESET|other side closed|socket/i);
      else expect([200, 503]).toContain(r.status);
      if (r.status === 200) expect(JSON.parse(r.body)).toMatchObject({ data: { serverInfo: {} } });
    }
    expect(results.some((r) => r.status === 200)).toBe(true);
    expect(p.output()).toContain('shutting down');
    expect(integrity(file)).toBe('ok');
  });

  it('survives SIGTERM at any moment of its start-up: the database stays intact and the next start works', async () => {
    const { url, file } = tempDbUrl();
    for (const delay of [50, 300, 600, 900, 1200]) {
      const p = await spawnServer({ DATABASE_URL: url });
      await new Promise((r) => setTimeout(r, delay));
      p.child.kill('SIGTERM');
      const { code, signal } = await p.exited;
      // Before Node has run our code the default action applies (killed by the signal); after, we exit 0.
      expect(code === 0 || signal === 'SIGTERM', `delay ${delay}: code ${code} signal ${signal}`).toBe(true);
      if (existsSync(file)) expect(integrity(file)).toBe('ok');
    }
    const p = await spawnServer({ DATABASE_URL: url });
    await waitUntilHealthy(p);
    p.child.kill('SIGTERM');
    expect((await p.exited).code).toBe(0);
    expect(integrity(file)).toBe('ok');
  });
});
