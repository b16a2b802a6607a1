// Seeds one benchmark database with this tree's own seed.ts and prints, as the last line of its
// output, the JSON that the load needs (the first company's id, the chief's sign-in, client IDs).
//   tsx bench/seed-database.ts <DATABASE_URL> <companies> <accounts> <certificate PEM file>
// compare.ts runs it in both trees (copied into the baseline's bench/): each database is created by
// the migrations of the server that will serve it and filled by that tree's seed, with the same
// parameters and the same certificate, so the two servers read the same data.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/data-source.js';
import { createTransactionRunner } from '../src/db/transaction.js';
import { seed } from './seed.js';

const [databaseUrl, companies, accounts, certificateFile] = process.argv.slice(2);
if (!databaseUrl || !companies || !accounts || !certificateFile) {
  throw new Error('usage: tsx bench/seed-database.ts <DATABASE_URL> <companies> <accounts> <certificate PEM file>');
}
const { database } = loadConfig({ DATABASE_URL: databaseUrl, NODE_ENV: 'production' });
const ds = await openDatabase(database);
try {
  const seeded = await seed(ds, createTransactionRunner(ds), {
    companies: Number(companies),
    accounts: Number(accounts),
    certificatePem: readFileSync(certificateFile, 'utf8'),
    progress: () => {},
  });
  console.log(JSON.stringify(seeded));
} finally {
  await ds.destroy();
}
