import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config.js';

export type DatabaseKind = 'sqlite' | 'postgres';

/** The databases the integration suites run on: SQLite always, PostgreSQL when TEST_POSTGRES_URL is set. */
export const databaseKinds: DatabaseKind[] = process.env.TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase {
  config: DatabaseConfig;
  /** For SQLite, the file; for PostgreSQL, the URL of the fresh database. */
  location: string;
  /** A folder of its own for the server's files (DATA_DIR), removed with the database. */
  dataDir: string;
  drop(): Promise<void>;
}

/** A fresh, empty database: a file in a new temp dir, or a new PostgreSQL database dropped afterwards. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'chaman-test-'));
    const file = join(dir, 'chaman.sqlite');
    return {
      config: { kind: 'sqlite', file },
      location: file,
      dataDir: dir,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = process.env.TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error('TEST_POSTGRES_URL is not set');
  const name = `chaman_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'chaman-test-data-'));
  return {
    config: { kind: 'postgres', url: url.toString() },
    location: url.toString(),
    dataDir,
    drop: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** SQLite's own check of a database file: "ok" when it is intact. */
export function sqliteIntegrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

/**
 * The text of the newest mail of `kind` in the outbox of a server's database, read with a
 * connection of its own (for servers running in another process); null when there is none.
 */
export async function newestMailText(db: Pick<TestDatabase, 'config' | 'location'>, recipient: string, kind: string): Promise<string | null> {
  const query = 'SELECT text_body FROM mail_outbox WHERE recipient = $1 AND kind = $2 ORDER BY created_at DESC, id DESC LIMIT 1';
  if (db.config.kind === 'sqlite') {
    const file = new Database(db.location, { readonly: true });
    try {
      const row = file.prepare(query.replace(/\$\d/g, '?')).get(recipient, kind) as { text_body: string } | undefined;
      return row?.text_body ?? null;
    } finally {
      file.close();
    }
  }
  const client = new pg.Client({ connectionString: db.location });
  await client.connect();
  try {
    const r = await client.query<{ text_body: string }>(query, [recipient, kind]);
    return r.rows[0]?.text_body ?? null;
  } finally {
    await client.end();
  }
}

/**
 * A DATABASE_URL that several server processes can share (a SQLite file in a temp dir, or a fresh
 * PostgreSQL database), and how to remove it afterwards.
 */
export async function sharedDatabaseUrl(kind: DatabaseKind, prefix: string): Promise<{ url: string; remove: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    return { url: `sqlite:${join(dir, 'chaman.sqlite')}`, remove: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const db = await createTestDatabase('postgres');
  return { url: db.location, remove: () => db.drop() };
}
