import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config.js';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';
import { StatementCounter } from './statement-counter.js';

/** How long a SQLite writer waits for another process's lock before giving up. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export function createDataSource(config: DatabaseConfig): DataSource {
  if (config.kind === 'sqlite') {
    mkdirSync(dirname(config.file), { recursive: true });
    return new DataSource({
      type: 'better-sqlite3',
      database: config.file,
      entities,
      migrations,
      migrationsRun: false,
      synchronize: false,
      logging: ['query'],
      logger: new StatementCounter(),
      timeout: SQLITE_BUSY_TIMEOUT_MS,
      enableWAL: true,
      statementCacheSize: 500,
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        // NORMAL is durable in WAL mode except for the last transactions before a power loss;
        // a process crash (kill -9) loses nothing that was committed.
        db.pragma('synchronous = NORMAL');
        db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      },
    });
  }
  return new DataSource({
    type: 'postgres',
    url: config.url,
    entities,
    migrations,
    migrationsRun: false,
    synchronize: false,
    logging: ['query'],
    logger: new StatementCounter(),
    extra: { max: 10 },
  });
}

/** Opens the database and brings its schema up to date. */
export async function openDataSource(config: DatabaseConfig): Promise<DataSource> {
  const ds = createDataSource(config);
  await ds.initialize();
  try {
    // One transaction for all pending migrations: a start-up interrupted half-way leaves the
    // schema as it was, and the next start runs them again.
    await ds.runMigrations({ transaction: 'all' });
  } catch (error) {
    await ds.destroy();
    throw error;
  }
  return ds;
}
