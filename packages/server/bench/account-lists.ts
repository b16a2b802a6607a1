// pnpm --filter @chaman/server exec tsx bench/account-lists.ts [--db sqlite|postgres] [--rounds 5]
// Why each REST account keeps copies of its permission codes and certificate ids on its row
// (written by restAccountRepository.writeLinks): the page statement of the integrator's read, as the
// repository runs it, against the same page with the lists aggregated from the link tables. The
// two run alternately in one process over the benchmark's data (100 companies, 10,000 accounts).
import 'reflect-metadata';
import { makeCertificate } from '@chaman/domain/test-support';
import { Db } from '../src/db/database.js';
import { sql } from '../src/db/sql.js';
import { createTestDatabase, type DatabaseKind } from '../test/support/databases.js';
import { seed } from './seed.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const kind = arg('db', 'sqlite') as DatabaseKind;
const rounds = Number(arg('rounds', '5'));
const perRound = 2000;

const made = makeCertificate({ key: 'rsa:2048', cn: 'bench.example' });
const database = await createTestDatabase(kind);
const db = await Db.open(database.config);
const seeded = await seed(db.ds, (work) => db.transact((tx) => work(tx.em)), { companies: 100, accounts: 10_000, certificatePem: made.certPem, progress: () => {} });
const companyId = seeded.firstCompanyId;

const withCopies = sql`SELECT a.id, a.company_id, a.name, a.client_id, a.status, a.created_at, a.permission_codes, a.certificate_ids
  FROM rest_account a WHERE a.company_id = ${companyId} ORDER BY a.id DESC LIMIT ${51}`;
const fromLinks = sql`SELECT a.id, a.company_id, a.name, a.client_id, a.status, a.created_at,
    (SELECT ${sql.joinedText(sql`p.permission_code`, ',', true)} FROM rest_account_permission p WHERE p.account_id = a.id) AS permission_codes,
    (SELECT ${sql.joinedText(sql`rc.certificate_id`, ',', true)} FROM rest_account_certificate rc WHERE rc.account_id = a.id) AS certificate_ids
  FROM rest_account a WHERE a.company_id = ${companyId} ORDER BY a.id DESC LIMIT ${51}`;

async function time(query: typeof withCopies): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < perRound; i++) await db.arrays(query);
  return Number(process.hrtime.bigint() - started) / 1000 / perRound;
}

const results: { copies: number; links: number }[] = [];
await time(withCopies);
await time(fromLinks);
for (let r = 0; r < rounds; r++) {
  const copies = await time(withCopies);
  const links = await time(fromLinks);
  results.push({ copies, links });
}
const best = (key: 'copies' | 'links') => Math.min(...results.map((r) => r[key]));
console.log(`${kind}: page statement (50 accounts) with the copies on the row ${best('copies').toFixed(0)} µs, from the link tables ${best('links').toFixed(0)} µs (best of ${rounds} rounds of ${perRound})`);
await db.close();
await database.drop();
