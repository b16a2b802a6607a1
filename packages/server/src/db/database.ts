import BetterSqlite3, { type Database as SqliteConnection, type Statement } from 'better-sqlite3';
import type { Pool } from 'pg';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { DatabaseConfig } from '../config.js';
import { openDataSource, SQLITE_BUSY_TIMEOUT_MS } from './data-source.js';
import type { Dialect, Sql } from './sql.js';
import { countStatement } from './statement-counter.js';

/** Runs statements built with `sql`. */
export interface Reader {
  readonly dialect: Dialect;
  /** The rows, as objects keyed by column. */
  all<T = Record<string, unknown>>(query: Sql): Promise<T[]>;
  /** The first row, if any. */
  one<T = Record<string, unknown>>(query: Sql): Promise<T | undefined>;
  /**
   * The rows as arrays of values in the order of the SELECT list: for big pages, where building an
   * object per row, column by column, costs about a quarter of the statement on SQLite.
   */
  arrays(query: Sql): Promise<unknown[][]>;
}

/** A transaction: reads see its own writes; everything commits together or not at all. */
export interface Tx extends Reader {
  /** Runs a statement that returns no rows; answers how many rows it changed. */
  run(query: Sql): Promise<number>;
  /** TypeORM's manager for this transaction, for entity inserts and updates. */
  readonly em: EntityManager;
}

/** Distinct statements kept prepared: the hot paths have a few dozen; IN-lists add one per length. */
const MAX_PREPARED = 500;

/** better-sqlite3 binds no booleans. */
const bindable = (params: unknown[]) => params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));

/**
 * Reads outside transactions on SQLite: a read-only connection of its own, so that a read never
 * runs inside the writer's open transaction (TypeORM's driver has one connection for the whole
 * process) and sees only committed rows, as READ COMMITTED does on PostgreSQL. WAL mode lets it
 * read while the writer writes. Statements are prepared once.
 */
function sqliteReader(file: string): { read: (query: Sql, arrays: boolean) => unknown[]; close: () => void } {
  const connection: SqliteConnection = new BetterSqlite3(file, { readonly: true, fileMustExist: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
  const prepared = [new Map<string, Statement>(), new Map<string, Statement>()] as const;
  return {
    read(query, arrays) {
      countStatement();
      const { text, params } = query.render('sqlite');
      const statements = prepared[arrays ? 1 : 0];
      let statement = statements.get(text);
      if (!statement) {
        if (statements.size >= MAX_PREPARED) statements.clear();
        statement = connection.prepare(text).raw(arrays);
        statements.set(text, statement);
      }
      return statement.all(...bindable(params));
    },
    close: () => connection.close(),
  };
}

/**
 * Reads outside transactions on PostgreSQL: the pool's connections, as named statements, parsed
 * and planned once per connection (about half the time of an unnamed one for the small queries
 * of the hot paths). Each statement sees what was committed when it started (READ COMMITTED).
 */
function postgresReader(ds: DataSource): (query: Sql, arrays: boolean) => Promise<unknown[]> {
  const pool = (ds.driver as unknown as { master: Pool }).master;
  const names = new Map<string, string>();
  return async (query, arrays) => {
    countStatement();
    const { text, params } = query.render('postgres');
    let name = names.get(text);
    if (!name && names.size < MAX_PREPARED) {
      name = `chaman_${names.size}`;
      names.set(text, name);
    }
    const config = { name, text, values: params };
    const result = arrays ? await pool.query({ ...config, rowMode: 'array' }) : await pool.query(config);
    return result.rows as unknown[];
  };
}

/** The query runner's transaction bookkeeping, which TypeORM keeps protected. */
type TransactionState = { isTransactionActive: boolean; transactionDepth: number };

class Transaction implements Tx {
  constructor(
    readonly dialect: Dialect,
    private readonly runner: QueryRunner,
  ) {}
  get em(): EntityManager {
    return this.runner.manager;
  }
  private async query(query: Sql) {
    const { text, params } = query.render(this.dialect);
    return this.runner.query(text, this.dialect === 'sqlite' ? bindable(params) : params, true) as Promise<{ records: unknown[]; affected?: number }>;
  }
  async all<T>(query: Sql): Promise<T[]> {
    return (await this.query(query)).records as T[];
  }
  async one<T>(query: Sql): Promise<T | undefined> {
    return (await this.all<T>(query))[0];
  }
  async arrays(query: Sql): Promise<unknown[][]> {
    return (await this.all<Record<string, unknown>>(query)).map((row) => Object.values(row));
  }
  async run(query: Sql): Promise<number> {
    return (await this.query(query)).affected ?? 0;
  }
}

/**
 * The database: reads outside transactions (`all`, `one`, `arrays`) and units of work (`transact`).
 * Every statement of the server goes through one of the two, written with `sql`.
 */
export class Db implements Reader {
  readonly dialect: Dialect;
  private readonly read: (query: Sql, arrays: boolean) => unknown[] | Promise<unknown[]>;
  private readonly closeReader: () => void;
  private writers: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly ds: DataSource,
    config: DatabaseConfig,
  ) {
    if (config.kind === 'sqlite') {
      this.dialect = 'sqlite';
      const reader = sqliteReader(config.file);
      this.read = reader.read;
      this.closeReader = reader.close;
    } else {
      this.dialect = 'postgres';
      this.read = postgresReader(ds);
      this.closeReader = () => {};
    }
  }

  /** Opens the database, brings its schema up to date, and opens the readers. */
  static async open(config: DatabaseConfig): Promise<Db> {
    return new Db(await openDataSource(config), config);
  }

  async all<T = Record<string, unknown>>(query: Sql): Promise<T[]> {
    return (await this.read(query, false)) as T[];
  }

  async one<T = Record<string, unknown>>(query: Sql): Promise<T | undefined> {
    return (await this.all<T>(query))[0];
  }

  async arrays(query: Sql): Promise<unknown[][]> {
    return (await this.read(query, true)) as unknown[][];
  }

  /**
   * Runs `work` in one transaction and commits it, or rolls it back when `work` throws.
   *
   * SQLite: TypeORM's better-sqlite3 driver has a single connection for the whole process, so two
   * interleaved transactions would mix their statements: writers queue here, and each transaction
   * opens with BEGIN IMMEDIATE, taking the write lock at once (waiting up to the busy timeout for
   * other processes) instead of failing with SQLITE_BUSY on its first write. PostgreSQL: READ
   * COMMITTED, on a connection of the pool.
   */
  transact<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.dialect === 'postgres') {
      return this.ds.transaction('READ COMMITTED', (em) => work(new Transaction('postgres', em.queryRunner!)));
    }
    const run = this.writers.then(() => this.immediate(work));
    this.writers = run.catch(() => undefined);
    return run;
  }

  private async immediate<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const runner = this.ds.createQueryRunner();
    const state = runner as unknown as TransactionState;
    await runner.query('BEGIN IMMEDIATE');
    // Tell TypeORM a transaction is open, so that save() inside `work` uses savepoints rather than
    // trying to BEGIN again.
    state.isTransactionActive = true;
    state.transactionDepth = 1;
    try {
      const result = await work(new Transaction('sqlite', runner));
      await runner.query('COMMIT');
      return result;
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      state.isTransactionActive = false;
      state.transactionDepth = 0;
    }
  }

  async close(): Promise<void> {
    this.closeReader();
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
