import type { Database, Statement } from 'better-sqlite3';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { countStatement } from './statement-counter.js';

/** Runs a read and returns its rows as objects keyed by column, or as arrays of values (`arrays`). */
type Reader = (sql: string, params: readonly unknown[], arrays: boolean) => Promise<unknown[]>;

/** Distinct statements kept prepared: the hot paths have a few dozen; IN-lists add one per length. */
const MAX_PREPARED = 500;

const readers = new WeakMap<DataSource, Reader>();

function createReader(ds: DataSource): Reader {
  if (ds.options.type === 'postgres') {
    const pool = (ds.driver as unknown as { master: Pool }).master;
    const names = new Map<string, string>();
    return async (sql, params, arrays) => {
      countStatement();
      // A named statement is parsed and planned once per connection, then only bound and run:
      // about half the time of an unnamed one for the small queries of the hot paths.
      let name = names.get(sql);
      if (!name && names.size < MAX_PREPARED) {
        name = `chaman_${names.size}`;
        names.set(sql, name);
      }
      const config = { name, text: sql, values: params as unknown[] };
      const result = arrays ? await pool.query({ ...config, rowMode: 'array' }) : await pool.query(config);
      return result.rows as unknown[];
    };
  }
  const db = (ds.driver as unknown as { databaseConnection: Database }).databaseConnection;
  // A statement answers with objects or with arrays (raw), set once: one cache for each.
  const prepared = [new Map<string, Statement>(), new Map<string, Statement>()] as const;
  return async (sql, params, arrays) => {
    countStatement();
    const statements = prepared[arrays ? 1 : 0];
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= MAX_PREPARED) statements.clear();
      statement = db.prepare(sql).raw(arrays);
      statements.set(sql, statement);
    }
    return statement.all(...params);
  };
}

/**
 * A read outside any transaction, as a prepared statement (positional parameters: `$1` on
 * PostgreSQL, `?` on SQLite). For the paths every request takes (authentication, access, the
 * integrator's pages, the token endpoint); writes and reads inside a transaction go through
 * `transact` and TypeORM. On SQLite it runs on TypeORM's one connection, as `ds.query` does.
 */
export function select<T = Record<string, unknown>>(ds: DataSource, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  return readerOf(ds)(sql, params, false) as Promise<T[]>;
}

/**
 * `select`, with each row as an array of its values in the order of the SELECT list: for the
 * biggest read of the hot path (a page of accounts), where building an object per row, column by
 * column, costs about a quarter of the statement on SQLite.
 */
export function selectArrays(ds: DataSource, sql: string, params: readonly unknown[] = []): Promise<unknown[][]> {
  return readerOf(ds)(sql, params, true) as Promise<unknown[][]>;
}

function readerOf(ds: DataSource): Reader {
  let reader = readers.get(ds);
  if (!reader) {
    reader = createReader(ds);
    readers.set(ds, reader);
  }
  return reader;
}
