import type { Database, Statement } from 'better-sqlite3';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { countStatement } from './statement-counter.js';

type Reader = (sql: string, params: readonly unknown[]) => Promise<Record<string, unknown>[]>;

/** Distinct statements kept prepared: the hot paths have a few dozen; IN-lists add one per length. */
const MAX_PREPARED = 500;

const readers = new WeakMap<DataSource, Reader>();

function createReader(ds: DataSource): Reader {
  if (ds.options.type === 'postgres') {
    const pool = (ds.driver as unknown as { master: Pool }).master;
    const names = new Map<string, string>();
    return async (sql, params) => {
      countStatement();
      // A named statement is parsed and planned once per connection, then only bound and run:
      // about half the time of an unnamed one for the small queries of the hot paths.
      let name = names.get(sql);
      if (!name && names.size < MAX_PREPARED) {
        name = `chaman_${names.size}`;
        names.set(sql, name);
      }
      const result = await pool.query({ name, text: sql, values: params as unknown[] });
      return result.rows as Record<string, unknown>[];
    };
  }
  const db = (ds.driver as unknown as { databaseConnection: Database }).databaseConnection;
  const statements = new Map<string, Statement>();
  return async (sql, params) => {
    countStatement();
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= MAX_PREPARED) statements.clear();
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement.all(...params) as Record<string, unknown>[];
  };
}

/**
 * A read outside any transaction, as a prepared statement (positional parameters: `$1` on
 * PostgreSQL, `?` on SQLite). For the paths every request takes (authentication, access, the
 * integrator's pages, the token endpoint); writes and reads inside a transaction go through
 * `transact` and TypeORM. On SQLite it runs on TypeORM's one connection, as `ds.query` does.
 */
export function select<T = Record<string, unknown>>(ds: DataSource, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  let reader = readers.get(ds);
  if (!reader) {
    reader = createReader(ds);
    readers.set(ds, reader);
  }
  return reader(sql, params) as Promise<T[]>;
}
