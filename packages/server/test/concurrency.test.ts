import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { makeCertificate } from '@chaman/domain/test-support';
import * as jose from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.js';
import { enterpriseNumber, PASSWORD } from './support/people.js';
import { gql, spawnServer, waitUntilHealthy, type ServerProcess } from './support/process.js';

describe.each(databaseKinds)('two server processes on one %s database', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('200 concurrent mutations (100 account creations, 50 role grants, 50 token requests) across both: all answered, client IDs unique, audit one to one, nothing lost', async () => {
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
    const made = makeCertificate({ key: 'ec:P-384' });
    const cert = await gql(b.url, 'mutation($c: ID!, $pem: String!) { uploadCertificate(input: { companyId: $c, name: "shared", content: $pem }) { id } }', { c: companyId, pem: made.certPem }, token);
    const certificateId = cert.data.uploadCertificate.id as string;
    const tokenAccount = (await gql(a.url, 'mutation($i: CreateRestAccountInput!) { createRestAccount(input: $i) { clientId } }', { i: { companyId, name: 'token client', permissionCodes: ['demo-consult'], certificateId } }, token)).data.createRestAccount.clientId as string;
    const key = await jose.importPKCS8(made.keyPem, 'ES384');
    const assertions = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        new jose.SignJWT({}).setProtectedHeader({ alg: 'ES384' }).setIssuer(tokenAccount).setSubject(tokenAccount)
          .setAudience(`${i % 2 ? a.url : b.url}/REST/oauth/v5/token`).setIssuedAt().setExpirationTime('5m').setJti(randomUUID()).sign(key),
      ),
    );

    const creations = Array.from({ length: 100 }, (_, i) =>
      gql(i % 2 ? a.url : b.url, 'mutation($i: CreateRestAccountInput!) { createRestAccount(input: $i) { clientId } }', {
        i: { companyId, name: `acc-${i}`, permissionCodes: ['demo-consult'], certificateId },
      }, token),
    );
    const grants = Array.from({ length: 50 }, (_, i) =>
      gql(i % 2 ? b.url : a.url, 'mutation($c: ID!, $e: String!) { grantChamanAccess(input: { companyId: $c, email: $e }) { id } }', { c: companyId, e: `user${i}@conc.be` }, token),
    );
    const tokens = assertions.map((assertion, i) =>
      fetch(`${i % 2 ? a.url : b.url}/REST/oauth/v5/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }),
      }).then((r) => r.status),
    );
    const [results, granted, tokenStatuses] = await Promise.all([Promise.all(creations), Promise.all(grants), Promise.all(tokens)]);
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect(granted.filter((r) => r.errors)).toEqual([]);
    expect(tokenStatuses).toEqual(Array(50).fill(200));
    const clientIds = [...results.map((r) => r.data.createRestAccount.clientId as string), tokenAccount];
    expect(new Set(clientIds).size).toBe(101);

    const listed: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await gql(a.url, 'query($id: ID!, $after: String) { company(id: $id) { restAccounts(first: 100, after: $after) { nodes { clientId } pageInfo { hasNextPage endCursor } } } }', { id: companyId, after }, token);
      listed.push(...page.data.company.restAccounts.nodes.map((n: { clientId: string }) => n.clientId));
      after = page.data.company.restAccounts.pageInfo.hasNextPage ? page.data.company.restAccounts.pageInfo.endCursor : null;
    } while (after);
    expect(listed.sort()).toEqual([...clientIds].sort());
    const count = async (action: string) => {
      let n = 0;
      let cursor: string | null = null;
      do {
        const page: any = await gql(b.url, 'query($id: ID!, $a: String, $after: String) { company(id: $id) { auditLog(first: 100, action: $a, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }', { id: companyId, a: action, after: cursor }, token);
        n += page.data.company.auditLog.nodes.length;
        cursor = page.data.company.auditLog.pageInfo.hasNextPage ? page.data.company.auditLog.pageInfo.endCursor : null;
      } while (cursor);
      return n;
    };
    expect(await count('rest-account.created')).toBe(101);
    expect(await count('role.appointed')).toBe(51);
    const attempts = await gql(a.url, 'query($c: String!) { restAccount(clientId: $c) { tokenAttempts(first: 100) { outcome } } }', { c: tokenAccount }, token);
    expect(attempts.data.restAccount.tokenAttempts.filter((t: { outcome: string }) => t.outcome === 'granted')).toHaveLength(50);
  }, 180_000);
});
