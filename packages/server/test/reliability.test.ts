import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCertificate } from '@chaman/domain/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { enterpriseNumber, PASSWORD } from './support/people.js';
import { sqliteIntegrity as integrity } from './support/databases.js';
import { gql, spawnServer, TEST_KEY_ENCRYPTION_KEY, waitUntilHealthy, type ServerProcess } from './support/process.js';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A company with a chief and a certificate on a running server; returns what writers need. */
async function setUp(url: string, n: number) {
  const email = `crash-${n}@x.be`;
  const token = (await gql(url, 'mutation($i: SignUpInput!) { signUp(input: $i) { token } }', { i: { email, password: PASSWORD, firstName: 'C', lastName: 'C' } })).data.signUp.token;
  const companyId = (await gql(url, 'mutation($i: RegisterEmployerInput!) { registerEmployer(input: $i) { id } }', { i: { enterpriseNumber: enterpriseNumber(500 + n), name: `Crash ${n}` } }, token)).data.registerEmployer.id;
  await gql(url, 'mutation($c: ID!, $e: String!) { appointChiefAccessManager(input: { companyId: $c, email: $e }) { id } }', { c: companyId, e: email }, token);
  const certificateId = (await gql(url, 'mutation($c: ID!, $pem: String!) { uploadCertificate(input: { companyId: $c, name: "c", content: $pem }) { id } }', { c: companyId, pem: makeCertificate({ key: 'ec:P-384' }).certPem }, token)).data.uploadCertificate.id;
  return { token, companyId, certificateId };
}

/** Creates accounts, 6 at a time, until stopped; returns the client IDs the server acknowledged. */
function writeLoad(url: string, ctx: { token: string; companyId: string; certificateId: string }, prefix: string) {
  const acknowledged: string[] = [];
  let running = true;
  let i = 0;
  const worker = async () => {
    while (running) {
      const name = `${prefix}-${i++}`;
      try {
        const r = await gql(url, 'mutation($i: CreateRestAccountInput!) { createRestAccount(input: $i) { clientId } }', { i: { companyId: ctx.companyId, name, permissionCodes: ['demo-consult'], certificateId: ctx.certificateId } }, ctx.token);
        if (r.data?.createRestAccount) acknowledged.push(r.data.createRestAccount.clientId);
      } catch {
        return; // the server is gone
      }
    }
  };
  const workers = Array.from({ length: 6 }, worker);
  return { acknowledged, stop: async () => { running = false; await Promise.all(workers); } };
}

async function clientIds(url: string, token: string, companyId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let after: string | null = null;
  do {
    const page: any = await gql(url, 'query($id: ID!, $after: String) { company(id: $id) { restAccounts(first: 100, after: $after) { nodes { clientId } pageInfo { hasNextPage endCursor } } } }', { id: companyId, after }, token);
    for (const n of page.data.company.restAccounts.nodes) ids.add(n.clientId);
    after = page.data.company.restAccounts.pageInfo.hasNextPage ? page.data.company.restAccounts.pageInfo.endCursor : null;
  } while (after);
  return ids;
}

describe('crashes', () => {
  it('kill -9 under write load, three times: every acknowledged write is there, the file is intact, the server restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaman-crash-'));
    dirs.push(dir);
    const file = join(dir, 'chaman.sqlite');
    let server: ServerProcess = await spawnServer({ DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'error' });
    await waitUntilHealthy(server);
    const ctx = await setUp(server.url, 1);
    const all: string[] = [];
    for (let run = 0; run < 3; run++) {
      const load = writeLoad(server.url, ctx, `run${run}`);
      await new Promise((r) => setTimeout(r, 1500));
      server.child.kill('SIGKILL');
      await server.exited;
      await load.stop();
      all.push(...load.acknowledged);
      expect(load.acknowledged.length).toBeGreaterThan(0);
      server = await spawnServer({ DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'error' });
      await waitUntilHealthy(server);
      const present = await clientIds(server.url, ctx.token, ctx.companyId);
      expect(all.filter((id) => !present.has(id))).toEqual([]);
    }
    server.child.kill('SIGTERM');
    await server.exited;
    expect(integrity(file)).toBe('ok');
    console.log(`crash runs survived: 3; acknowledged writes kept: ${all.length}/${all.length}`);
  }, 120_000);
});

describe('backups', () => {
  it('pnpm backup copies the database online under writes, and pnpm restore brings it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaman-backup-'));
    dirs.push(dir);
    const file = join(dir, 'chaman.sqlite');
    // The backup holds the token-signing keys encrypted: the restored database needs the same key-encryption key.
    const kek = { KEY_ENCRYPTION_KEY: TEST_KEY_ENCRYPTION_KEY };
    const server = await spawnServer({ DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'error', ...kek });
    await waitUntilHealthy(server);
    const ctx = await setUp(server.url, 2);
    const load = writeLoad(server.url, ctx, 'backup');
    await new Promise((r) => setTimeout(r, 800));
    const before = [...load.acknowledged];
    const backupFile = join(dir, 'backup.sqlite');
    const said = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', backupFile], { cwd: serverDir, env: { ...process.env, DATABASE_URL: `sqlite:${file}` }, stdio: 'pipe' }).toString();
    expect(said).toMatch(/keep the key-encryption key/);
    await load.stop();
    server.child.kill('SIGTERM');
    await server.exited;
    expect(existsSync(backupFile)).toBe(true);
    expect(integrity(backupFile)).toBe('ok');

    const restored = join(dir, 'restored', 'chaman.sqlite');
    execFileSync('mkdir', ['-p', join(dir, 'restored')]);
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/restore.ts', backupFile], { cwd: serverDir, env: { ...process.env, DATABASE_URL: `sqlite:${restored}` }, stdio: 'pipe' });
    // Without the key-encryption key the restored database's signing key cannot be used: the server says so and stops.
    const without = await spawnServer({ DATABASE_URL: `sqlite:${restored}`, LOG_LEVEL: 'error' });
    expect((await without.exited).code).toBe(1);
    expect(without.output()).toMatch(/was encrypted with another key-encryption key .* start the server with the KEY_ENCRYPTION_KEY it was encrypted with/);
    const again = await spawnServer({ DATABASE_URL: `sqlite:${restored}`, LOG_LEVEL: 'error', ...kek });
    try {
      await waitUntilHealthy(again);
      const present = await clientIds(again.url, ctx.token, ctx.companyId);
      // Everything acknowledged before the backup started is in it.
      expect(before.filter((id) => !present.has(id))).toEqual([]);
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  }, 120_000);
});
