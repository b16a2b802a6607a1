// Seeds one benchmark database with this tree's own seed.ts and prints, as the last line of its
// output, the JSON that the load needs (the first company's id, the chief's sign-in, client IDs).
//   tsx bench/seed-database.ts <DATABASE_URL> <companies> <accounts> <certificate PEM file>
// compare.ts runs it in both trees (copied into the baseline's bench/): each database is created by
// the migrations of the server that will serve it and filled by that tree's seed, with the same
// parameters and the same certificate, so the two servers read the same data.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import type { DataSource, EntityManager } from 'typeorm';
import { loadConfig, type DatabaseConfig } from '../src/config.js';
import { seed } from './seed.js';

type Transact = <T>(work: (em: EntityManager) => Promise<T>) => Promise<T>;

/**
 * Opens the database with whichever API this tree has: Db (src/db/database.ts, from the rebuilt
 * core on) or the older openDatabase and createTransactionRunner, so the baseline of a comparison
 * may be a commit from before it.
 */
async function open(config: DatabaseConfig): Promise<{ ds: DataSource; transact: Transact; close: () => Promise<void> }> {
  const dbModule = '../src/db/database.js';
  try {
    const { Db } = (await import(dbModule)) as { Db: { open(c: DatabaseConfig): Promise<{ ds: DataSource; transact<T>(work: (tx: { em: EntityManager }) => Promise<T>): Promise<T>; close(): Promise<void> }> } };
    const db = await Db.open(config);
    return { ds: db.ds, transact: (work) => db.transact((tx) => work(tx.em)), close: () => db.close() };
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    const oldSource = '../src/db/data-source.js';
    const oldTransaction = '../src/db/transaction.js';
    const { openDatabase } = (await import(oldSource)) as { openDatabase(c: DatabaseConfig): Promise<DataSource> };
    const { createTransactionRunner } = (await import(oldTransaction)) as { createTransactionRunner(ds: DataSource): Transact };
    const ds = await openDatabase(config);
    return { ds, transact: createTransactionRunner(ds), close: () => ds.destroy() };
  }
}

const [databaseUrl, companies, accounts, certificateFile] = process.argv.slice(2);
if (!databaseUrl || !companies || !accounts || !certificateFile) {
  throw new Error('usage: tsx bench/seed-database.ts <DATABASE_URL> <companies> <accounts> <certificate PEM file>');
}
const { database } = loadConfig({ DATABASE_URL: databaseUrl, NODE_ENV: 'production', EMPLOYER_APPROVAL: 'automatic' });
const opened = await open(database);
try {
  const seeded = await seed(opened.ds, opened.transact, {
    companies: Number(companies),
    accounts: Number(accounts),
    certificatePem: readFileSync(certificateFile, 'utf8'),
    progress: () => {},
  });
  console.log(JSON.stringify(seeded));
} finally {
  await opened.close();
}
