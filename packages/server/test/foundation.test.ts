import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildClientSchema, getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printSchemaFile } from '../src/graphql/print-schema.js';
import { databaseKinds } from './support/databases.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('schema.graphql', () => {
  it('is up to date with the resolvers (run `pnpm --filter @chaman/server schema` when this fails)', async () => {
    const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(await printSchemaFile());
  });
});

describe.each(databaseKinds)('foundation on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers /healthz with 200 {"status":"ok"}', async () => {
    const r = await fetch(`${server.url}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok' });
  });

  it('answers { __typename } over POST and GET', async () => {
    const post = await server.graphql('{ __typename }');
    expect(post.status).toBe(200);
    expect(post.body).toEqual({ data: { __typename: 'Query' } });
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers introspection (the playground) the same when the query has been compiled', async () => {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push((await server.graphql(getIntrospectionQuery({ descriptions: true }))).body);
    expect(runs[0]!.errors).toBeUndefined();
    expect(buildClientSchema(runs[0]!.data as never).getType('RestAccount')).toBeDefined();
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  });

  it('gives every response a request id, and echoes a well-formed one', async () => {
    const r = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(r.headers.get('x-request-id')).toBe('abc-123');
    const other = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'bad id; drop' } });
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports a syntax error with its code, not a crash', async () => {
    const r = await server.graphql('{ serverInfo { ');
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const r = await fetch(`${server.url}/REST/nothing`);
    expect(r.status).toBe(404);
    expect(await r.json()).toMatchObject({ error: 'not_found' });
  });

  it('serves the server clock and version', async () => {
    const r = await server.graphql<{ serverInfo: { version: string; now: string } }>('{ serverInfo { version now } }');
    expect(r.body.data?.serverInfo.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Math.abs(Date.parse(r.body.data!.serverInfo.now) - Date.now())).toBeLessThan(5000);
  });
});

describe('healthz when the database is gone', () => {
  it('answers 503', async () => {
    const server = await startTestServer('sqlite');
    try {
      await server.app.db.close();
      const r = await fetch(`${server.url}/healthz`);
      expect(r.status).toBe(503);
      expect(await r.json()).toEqual({ status: 'unavailable' });
    } finally {
      await server.app.fastify.close();
      await server.db.drop();
    }
  });
});

describe('the admin UI', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chaman-ui-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Chaman</title><div id="app"></div>');
    writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
    server = await startTestServer('sqlite', { ADMIN_UI_DIR: dir });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is served at / and at every client-side route', async () => {
    for (const path of ['/', '/companies/1/accounts', '/playground']) {
      const r = await fetch(`${server.url}${path}`);
      expect(r.status, path).toBe(200);
      expect(await r.text()).toContain('<title>Chaman</title>');
      expect(r.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves hashed assets with a long cache, and a 404 for missing ones', async () => {
    const r = await fetch(`${server.url}/assets/app-abc123.js`);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
  });

  it('does not answer API paths or non-GET requests with the page', async () => {
    expect((await fetch(`${server.url}/.well-known/nothing`)).status).toBe(404);
    expect((await fetch(`${server.url}/somewhere`, { method: 'DELETE' })).status).toBe(404);
  });
});

describe('migrations on SQLite', () => {
  it('create the schema once, leave an intact file, and are a no-op on the next start', async () => {
    const server = await startTestServer('sqlite');
    const file = server.db.location;
    await server.app.close();
    const db = new Database(file);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const applied = db.prepare('SELECT name FROM migrations').all();
    db.close();
    expect(applied.length).toBeGreaterThan(0);
    await server.db.drop();
  });
});
