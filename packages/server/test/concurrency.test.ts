import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCertificate } from '@chaman/domain/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.js';
import { enterpriseNumber, PASSWORD } from './support/people.js';
import { spawnServer, waitUntilHealthy, type ServerProcess } from './support/process.js';

async function gql(url: string, query: string, variables: Record<string, unknown>, token?: string) {
  const r = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await r.json()) as { data?: any; errors?: { message: string }[] };
}

describe.each(databaseKinds)('two server processes on one %s database', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('create 100 REST accounts concurrently: 100 accounts, 100 distinct client IDs, 100 audit entries, nothing lost', async () => {
    let db: TestDatabase;
    let url: string;
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'chaman-conc-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      url = `sqlite:${join(dir, 'chaman.sqlite')}`;
    } else {
      db = await createTestDatabase('postgres');
      cleanups.push(() => db.drop());
      url = db.location;
    }
    // The first process creates the schema; the second starts once it is there.
    const a = await spawnServer({ DATABASE_URL: url, LOG_LEVEL: 'warn' });
    const stop = (p: ServerProcess) => async () => {
      p.child.kill('SIGTERM');
      await p.exited;
    };
    cleanups.push(stop(a));
    await waitUntilHealthy(a);
    const b = await spawnServer({ DATABASE_URL: url, LOG_LEVEL: 'warn' });
    cleanups.push(stop(b));
    await waitUntilHealthy(b);

    const signUp = await gql(a.url, 'mutation($i: SignUpInput!) { signUp(input: $i) { token } }', {
      i: { email: `conc-${kind}@x.be`, password: PASSWORD, firstName: 'C', lastName: 'C' },
    });
    const token = signUp.data.signUp.token as string;
    const company = await gql(b.url, 'mutation($i: RegisterEmployerInput!) { registerEmployer(input: $i) { id } }', { i: { enterpriseNumber: enterpriseNumber(77), name: 'Conc' } }, token);
    const companyId = company.data.registerEmployer.id as string;
    await gql(a.url, 'mutation($c: ID!, $e: String!) { appointChiefAccessManager(input: { companyId: $c, email: $e }) { id } }', { c: companyId, e: `conc-${kind}@x.be` }, token);
    const cert = await gql(b.url, 'mutation($c: ID!, $pem: String!) { uploadCertificate(input: { companyId: $c, name: "shared", content: $pem }) { id } }', { c: companyId, pem: makeCertificate({ key: 'ec:P-384' }).certPem }, token);
    const certificateId = cert.data.uploadCertificate.id as string;

    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        gql(i % 2 ? a.url : b.url, 'mutation($i: CreateRestAccountInput!) { createRestAccount(input: $i) { clientId } }', {
          i: { companyId, name: `acc-${i}`, permissionCodes: ['demo-consult'], certificateId },
        }, token),
      ),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    const clientIds = results.map((r) => r.data.createRestAccount.clientId as string);
    expect(new Set(clientIds).size).toBe(100);

    const listed: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await gql(a.url, 'query($id: ID!, $after: String) { company(id: $id) { restAccounts(first: 100, after: $after) { nodes { clientId } pageInfo { hasNextPage endCursor } } } }', { id: companyId, after }, token);
      listed.push(...page.data.company.restAccounts.nodes.map((n: { clientId: string }) => n.clientId));
      after = page.data.company.restAccounts.pageInfo.hasNextPage ? page.data.company.restAccounts.pageInfo.endCursor : null;
    } while (after);
    expect(listed.sort()).toEqual([...clientIds].sort());
    const audit = await gql(b.url, 'query($id: ID!) { company(id: $id) { auditLog(first: 100, action: "rest-account.created") { nodes { id } pageInfo { hasNextPage } } } }', { id: companyId }, token);
    expect(audit.data.company.auditLog.nodes).toHaveLength(100);
    expect(audit.data.company.auditLog.pageInfo.hasNextPage).toBe(false);
  }, 180_000);
});
