import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * Runs `work` in one database transaction and commits it, or rolls it back when `work` throws.
 * Every write in the server goes through here, on both databases.
 *
 * SQLite: TypeORM's better-sqlite3 driver has a single connection shared by the whole process, so
 * two interleaved transactions would mix their statements. Writers therefore queue in the process,
 * and each transaction is opened with BEGIN IMMEDIATE: it takes the write lock at once (waiting up
 * to the busy timeout for other processes) instead of failing with SQLITE_BUSY on its first write.
 */
export function createTransactionRunner(ds: DataSource) {
  if (ds.options.type !== 'better-sqlite3') {
    return <T>(work: (em: EntityManager) => Promise<T>): Promise<T> => ds.transaction('READ COMMITTED', work);
  }
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(work: (em: EntityManager) => Promise<T>): Promise<T> => {
    const run = queue.then(() => runImmediate(ds, work));
    queue = run.catch(() => undefined);
    return run;
  };
}

export type Transact = ReturnType<typeof createTransactionRunner>;

/** The query runner's transaction bookkeeping, which TypeORM keeps protected. */
type TransactionState = { isTransactionActive: boolean; transactionDepth: number };

async function runImmediate<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const qr: QueryRunner = ds.createQueryRunner();
  const state = qr as unknown as TransactionState;
  await qr.query('BEGIN IMMEDIATE');
  // Tell TypeORM a transaction is open, so that save() inside `work` uses savepoints rather than
  // trying to BEGIN again.
  state.isTransactionActive = true;
  state.transactionDepth = 1;
  try {
    const result = await work(qr.manager);
    await qr.query('COMMIT');
    return result;
  } catch (error) {
    await qr.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    state.isTransactionActive = false;
    state.transactionDepth = 0;
  }
}
