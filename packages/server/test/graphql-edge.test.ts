import { readdirSync, readFileSync } from 'node:fs';
import { RequestErrors } from '@chaman/domain';
import { parse, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraphQLSchema } from '../src/graphql/schema.js';
import { MAX_COST, queryCost } from '../src/graphql/plugins/query-cost.js';
import { companyWithChief } from './support/chaman.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.js';
import { APPOINT, enterpriseNumber, signUp } from './support/people.js';
import { spawnServer, waitUntilHealthy, type ServerProcess } from './support/process.js';
import { startTestServer, type TestServer } from './support/server.js';

/** Certificates -> accounts -> certificates -> ...: 250 bytes that once made 250,000 objects. */
const NESTED_LISTS = `query($id: ID!, $first: Int) { company(id: $id) { certificates(first: $first) { nodes { restAccounts { certificates {
  restAccounts { certificates { restAccounts { certificates { id name subject issuer } } } } } } } } } }`;

describe.each(databaseKinds)('GraphQL edge on %s', (kind) => {
  describe('refusals in production, first run and compiled runs alike', () => {
    let db: TestDatabase;
    let server: ServerProcess;
    beforeAll(async () => {
      db = await createTestDatabase(kind);
      const url = db.config.kind === 'sqlite' ? `sqlite:${db.location}` : db.location;
      server = await spawnServer({ NODE_ENV: 'production', EMPLOYER_APPROVAL: 'automatic', DATABASE_URL: url, LOG_LEVEL: 'info' });
      await waitUntilHealthy(server);
    });
    afterAll(async () => {
      server.child.kill('SIGTERM');
      await server.exited;
      await db.drop();
    });

    const post = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
      const r = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: r.status, body: (await r.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
    };

    it('answers each refused query three times with the same status, code and body, and logs no unexpected error', async () => {
      const shim = { db, graphql: (q: string, v?: Record<string, unknown>, h?: Record<string, string>) => post(q, v, h?.authorization?.slice(7)) };
      const chief = await signUp(shim as never, 'chief-edge@example.be');
      const r = await chief.q<{ registerEmployer: { id: string } }>(`mutation($i: RegisterEmployerInput!) { registerEmployer(input: $i) { id } }`, {
        i: { enterpriseNumber: enterpriseNumber(7), name: 'Edge' },
      });
      const companyId = r.registerEmployer.id;
      await chief.q(APPOINT('appointChiefAccessManager'), { companyId, email: chief.email });
      const user = await signUp(shim as never, 'user-edge@example.be');
      await chief.q(APPOINT('grantChamanAccess'), { companyId, email: user.email });
      const stranger = await signUp(shim as never, 'stranger-edge@example.be');

      const refusals: [string, string, Record<string, unknown>, string | undefined, string][] = [
        ['NOT_FOUND', `query($c: ID!) { expiringCertificates(companyId: $c) { certificate { id } } }`, { c: companyId }, stranger.token, 'NOT_FOUND'],
        ['FORBIDDEN', `query($c: ID!) { company(id: $c) { auditLog(first: 5) { nodes { id } } } }`, { c: companyId }, user.token, 'FORBIDDEN'],
        ['BAD_USER_INPUT', `query($c: ID!) { expiringCertificates(companyId: $c, withinDays: 5000) { certificate { id } } }`, { c: companyId }, chief.token, 'BAD_USER_INPUT'],
        ['UNAUTHENTICATED', `query($c: ID!) { expiringCertificates(companyId: $c) { certificate { id } } }`, { c: companyId }, undefined, 'UNAUTHENTICATED'],
        ['a validation error', `{ serverInf { version } }`, {}, undefined, 'GRAPHQL_VALIDATION_FAILED'],
        ['a bad variable', `query($n: Int) { company(id: "x") { restAccounts(first: $n) { nodes { id } } } }`, { n: 'many' }, chief.token, 'BAD_USER_INPUT'],
        ['a costly query', NESTED_LISTS, { id: companyId, first: 100 }, chief.token, 'BAD_USER_INPUT'],
      ];
      for (const [name, query, variables, token, code] of refusals) {
        const runs = [await post(query, variables, token), await post(query, variables, token), await post(query, variables, token)];
        expect(runs[0]!.body.errors?.[0]?.extensions?.code, name).toBe(code);
        expect(runs[1], name).toEqual(runs[0]);
        expect(runs[2], name).toEqual(runs[0]);
      }
      // Field suggestions stay hidden in production.
      expect((await post('{ serverInf { version } }')).body.errors?.[0]?.message).not.toMatch(/Did you mean/);
      expect(server.output()).not.toContain('unexpected GraphQL error');
    });
  });

  describe('hostile requests', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(kind);
    });
    afterAll(async () => server.stop());

    it('refuses nested lists whose cost, with the variables, is over the maximum, before running them', async () => {
      const { chief, companyId } = await companyWithChief(server, 'cost');
      const refused = await server.graphql(NESTED_LISTS, { id: companyId, first: 100 }, { authorization: `Bearer ${chief.token}` });
      expect(refused.status).toBe(400);
      expect(refused.body.data).toBeUndefined();
      const e = refused.body.errors?.[0];
      expect(e?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: RequestErrors.tooCostly, params: { maxCost: MAX_COST } });
      expect((e?.extensions?.params as { cost: number }).cost).toBeGreaterThan(MAX_COST);
      // No statement ran but the credential's: the query was refused before execution.
      const baseline = await server.graphql('{ serverInfo { version } }', {}, { authorization: `Bearer ${chief.token}` });
      expect(refused.response.headers.get('x-sql-statements')).toBe(baseline.response.headers.get('x-sql-statements'));

      // The same document with a small page is allowed: the cost depends on the variables.
      const PAGED = `query($id: ID!, $first: Int) { company(id: $id) { restAccounts(first: $first) { nodes { certificates { restAccounts { certificates { id name } } } } } } }`;
      const small = await server.graphql(PAGED, { id: companyId, first: 2 }, { authorization: `Bearer ${chief.token}` });
      expect(small.body.errors).toBeUndefined();
      const large = await server.graphql(PAGED, { id: companyId, first: 100 }, { authorization: `Bearer ${chief.token}` });
      expect(large.body.errors?.[0]?.extensions?.reason).toBe(RequestErrors.tooCostly);
      // Sent again (compiled if it had run), still refused.
      const again = await server.graphql(PAGED, { id: companyId, first: 100 }, { authorization: `Bearer ${chief.token}` });
      expect(again.body).toEqual(large.body);
    });

    it('refuses variables nested deeper than 64 levels, without a crash', async () => {
      const query = 'query($c: String!) { restAccount(clientId: $c) { id } }';
      const deep = '['.repeat(200_000) + ']'.repeat(200_000);
      const body = `{"query":${JSON.stringify(query)},"variables":{"c":"x","extra":${deep}}}`;
      const r = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(r.status).toBe(400);
      const json = (await r.json()) as { errors: { extensions: Record<string, unknown> }[] };
      expect(json.errors[0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: RequestErrors.variablesTooDeep, params: { maxDepth: 64 } });
      let nested: unknown = 'x';
      for (let i = 0; i < 60; i++) nested = [nested];
      const fine = await server.graphql(query, { c: 'x', extra: nested });
      expect(fine.body).toEqual({ data: { restAccount: null } });
    });

    it('bounds every message that leaves the server, however long the input it quotes', async () => {
      const r = await server.graphql('query($n: Int) { company(id: "x") { restAccounts(first: $n) { nodes { id } } } }', { n: 'y'.repeat(500_000) });
      expect(r.status).toBe(400);
      const e = r.body.errors![0]!;
      expect(e.extensions?.code).toBe('BAD_USER_INPUT');
      expect(e.message.length).toBeLessThanOrEqual(1000);
      expect(e.message).toMatch(/^Variable "\$n" got invalid value "yyy.*…$/);
      expect(JSON.stringify(r.body).length).toBeLessThan(2000);
    });

    it.each([
      ['NUL characters', 'query($s: String!) { restAccount(clientId: $s) { id } }', { s: 'a\u0000b' }, { code: 'BAD_USER_INPUT', reason: RequestErrors.nulCharacter, params: {} }],
      ['too many tokens', `{ serverInfo { ${'version '.repeat(4000)} } }`, {}, { code: 'BAD_USER_INPUT', reason: RequestErrors.tooManyTokens, params: { maxTokens: 3000 } }],
      ['too deep', `{ me { ${'memberships { company { '.repeat(8)}id${' } }'.repeat(8)} } }`, {}, { code: 'GRAPHQL_VALIDATION_FAILED', reason: RequestErrors.tooDeep, params: { maxDepth: 12 } }],
      ['too many aliases', `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: serverInfo { version }`).join(' ')} }`, {}, { code: 'GRAPHQL_VALIDATION_FAILED', reason: RequestErrors.tooManyAliases, params: { maxAliases: 15 } }],
      ['too many directives', `{ serverInfo { version ${'@include(if: true) '.repeat(40)} } }`, {}, { code: 'GRAPHQL_VALIDATION_FAILED', reason: RequestErrors.tooManyDirectives, params: { maxDirectives: 20 } }],
    ])('refuses %s with a code, a reason and params', async (_name, query, variables, extensions) => {
      const r = await server.graphql(query, variables);
      expect(r.status).toBe(400);
      expect(r.body.data ?? null).toBeNull();
      expect(r.body.errors?.[0]?.extensions).toEqual(extensions);
      expect((await server.graphql('{ serverInfo { version } }')).body.data).toBeTruthy();
    });
  });
});

describe('query cost', () => {
  const adminUiDir = new URL('../../admin-ui/src/graphql/', import.meta.url);
  /** What the admin UI sends with each of its operations, or would in the worst case. */
  const typicalVariables: Record<string, Record<string, unknown>> = {
    AuditLog: { id: 'c', after: null, action: null, actorEmail: null },
  };

  it('keeps every query of the admin UI and the integrator read under the maximum', async () => {
    const schema = await buildGraphQLSchema();
    const costs: Record<string, number> = {};
    for (const file of readdirSync(adminUiDir).filter((f) => f.endsWith('.graphql'))) {
      const document = parse(readFileSync(new URL(file, adminUiDir), 'utf8'));
      for (const op of document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')) {
        const name = op.name!.value;
        costs[name] = queryCost(schema, document, typicalVariables[name] ?? { id: 'c', companyId: 'c', clientId: 'x', language: 'EN' }, name);
      }
    }
    const READ = `query Read($id: ID!, $first: Int) { company(id: $id) { restAccounts(first: $first) {
      nodes { clientId name health permissions { code } certificates { name notAfter } } pageInfo { hasNextPage endCursor } } } }`;
    costs.IntegratorRead = queryCost(schema, parse(READ), { id: 'c', first: 100 }, 'Read');
    console.log('query costs:', costs);
    expect(Object.keys(costs).length).toBeGreaterThan(20);
    for (const [name, cost] of Object.entries(costs)) expect(cost, name).toBeLessThan(MAX_COST);
  });

  it('multiplies nested lists by their page sizes, literal, variable or default', async () => {
    const schema = await buildGraphQLSchema();
    const cost = (query: string, variables: Record<string, unknown> = {}) => queryCost(schema, parse(query), variables, undefined);
    expect(cost('{ company(id: "c") { restAccounts(first: 10) { nodes { id name } } } }')).toBe(
      cost('{ company(id: "c") { restAccounts(first: 1) { nodes { id name } } } }') + 9 * 3,
    );
    const variable = 'query($n: Int = 7) { company(id: "c") { restAccounts(first: $n) { nodes { id } } } }';
    expect(cost(variable, { n: 10 })).toBe(cost('{ company(id: "c") { restAccounts(first: 10) { nodes { id } } } }'));
    expect(cost(variable)).toBe(cost('{ company(id: "c") { restAccounts(first: 7) { nodes { id } } } }'));
    // The schema's default page size (50) when none is given.
    expect(cost('{ company(id: "c") { restAccounts { nodes { id } } } }')).toBe(cost('{ company(id: "c") { restAccounts(first: 50) { nodes { id } } } }'));
    // A list without a page size counts its documented maximum: an account has at most 5 certificates.
    expect(cost('{ restAccount(clientId: "x") { certificates { id } } }')).toBe(1 + 5 * 2);
    expect(cost(NESTED_LISTS, { id: 'c', first: 1 })).toBeGreaterThan(MAX_COST);
  });
});
