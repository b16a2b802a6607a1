// Seeds a benchmark database: companies, each with a chief access manager, one certificate and its
// REST accounts (two permissions each). Rows are the server's own entities, with numbers and facts
// from the domain (NSSO numbers, client IDs, the certificate inspector), written in bulk inserts of
// a thousand rows per statement batch so that a million accounts take minutes.
import { checkCertificate, clientIdFor, nssoNumber } from '@chaman/domain';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../src/access/passwords.js';
import { PersonEntity } from '../src/access/person.entity.js';
import { RoleAssignmentEntity } from '../src/access/role-assignment.entity.js';
import { CertificateEntity } from '../src/certificate/certificate.entity.js';
import { CompanyEntity } from '../src/company/company.entity.js';
import { newId } from '../src/db/ids.js';
import type { Transact } from '../src/db/transaction.js';
import { RestAccountCertificateEntity, RestAccountEntity, RestAccountPermissionEntity } from '../src/rest-account/rest-account.entity.js';

export interface SeedResult {
  firstCompanyId: string;
  email: string;
  password: string;
  clientIds: string[];
}

function enterpriseNumber(n: number): string {
  const body = `0${String(n).padStart(7, '0')}`;
  return body + String(97 - (Number(body) % 97)).padStart(2, '0');
}

const BATCH = 1000;

async function insertAll<T extends object>(transact: Transact, entity: new () => T, rows: T[]): Promise<void> {
  // SQLite caps bound parameters per statement: keep each multi-row insert small.
  const perStatement = Math.max(1, Math.floor(900 / Math.max(1, Object.keys(rows[0] ?? {}).length)));
  for (let i = 0; i < rows.length; i += BATCH) {
    const slice = rows.slice(i, i + BATCH);
    await transact(async (em) => {
      for (let j = 0; j < slice.length; j += perStatement) await em.insert(entity, slice.slice(j, j + perStatement) as never);
    });
  }
}

export async function seed(
  ds: DataSource,
  transact: Transact,
  options: { companies: number; accounts: number; certificatePem: string; progress: (done: number, total: number) => void },
): Promise<SeedResult> {
  const { facts } = checkCertificate(new TextEncoder().encode(options.certificatePem), new Date());
  if (!facts) throw new Error('the benchmark certificate is not acceptable');
  const password = 'benchmark password 1234';
  const passwordHash = await hashPassword(password);
  const now = new Date();
  const perCompany = Math.max(1, Math.floor(options.accounts / options.companies));
  const clientIds: string[] = [];
  let firstCompanyId = '';
  let clientNumber = 0;
  const chunkCompanies = Math.max(1, Math.floor(20_000 / perCompany));
  for (let c0 = 0; c0 < options.companies; c0 += chunkCompanies) {
    const persons: PersonEntity[] = [];
    const companies: CompanyEntity[] = [];
    const roles: RoleAssignmentEntity[] = [];
    const certs: CertificateEntity[] = [];
    const accounts: RestAccountEntity[] = [];
    const perms: RestAccountPermissionEntity[] = [];
    const links: RestAccountCertificateEntity[] = [];
    for (let c = c0; c < Math.min(options.companies, c0 + chunkCompanies); c++) {
      const person: PersonEntity = { id: newId(), email: `chief${c}@bench.example`, firstName: 'Bench', lastName: `Chief ${c}`, passwordHash, language: 'en', createdAt: now, emailVerifiedAt: now };
      const company: CompanyEntity = { id: newId(), enterpriseNumber: enterpriseNumber(c + 1), name: `Bench company ${c}`, nssoNumber: nssoNumber(c + 1), createdAt: now, createdBy: person.id, registrationStatus: 'APPROVED', rejectionReason: null, decidedAt: null, decidedBy: null };
      if (c === 0) firstCompanyId = company.id;
      persons.push(person);
      companies.push(company);
      for (const role of ['LEGAL_REPRESENTATIVE', 'CHIEF_ACCESS_MANAGER'] as const) {
        roles.push({ id: newId(), companyId: company.id, role, email: person.email, personId: person.id, status: 'ACTIVE', createdAt: now, createdBy: person.id, revokedAt: null, revokedBy: null });
      }
      const cert: CertificateEntity = {
        id: newId(), companyId: company.id, name: 'bench', derBase64: Buffer.from(facts.der).toString('base64'), sha256Fingerprint: facts.sha256Fingerprint,
        x5tS256: facts.x5tS256, subject: facts.subject, issuer: facts.issuer, serialNumber: facts.serialNumber, notBefore: facts.notBefore, notAfter: facts.notAfter,
        keyAlgorithm: facts.keyAlgorithm as 'RSA', keySize: facts.keySize ?? 0, curve: facts.curve, signatureAlgorithm: facts.signatureAlgorithm, selfSigned: facts.selfSigned,
        keyUsage: JSON.stringify(facts.keyUsage ?? []), jwk: JSON.stringify(facts.jwk), createdAt: now, createdBy: person.id,
      };
      certs.push(cert);
      for (let a = 0; a < perCompany; a++) {
        const n = ++clientNumber;
        const account: RestAccountEntity = { id: newId(), companyId: company.id, name: `account ${a}`, nameKey: `account ${a}`, clientNumber: n, clientId: clientIdFor(n), status: 'ACTIVE', createdAt: now, createdBy: person.id, createdVia: null, reviewReason: null, reviewSince: null, permissionCodes: 'demo-consult,dimona-consult', certificateIds: cert.id };
        accounts.push(account);
        if (c === 0 && clientIds.length < 200) clientIds.push(account.clientId);
        perms.push({ accountId: account.id, permissionCode: 'demo-consult' }, { accountId: account.id, permissionCode: 'dimona-consult' });
        links.push({ accountId: account.id, certificateId: cert.id, addedAt: now, addedBy: person.id, addedVia: null });
      }
    }
    await insertAll(transact, PersonEntity, persons);
    await insertAll(transact, CompanyEntity, companies);
    await insertAll(transact, RoleAssignmentEntity, roles);
    await insertAll(transact, CertificateEntity, certs);
    await insertAll(transact, RestAccountEntity, accounts);
    await insertAll(transact, RestAccountPermissionEntity, perms);
    await insertAll(transact, RestAccountCertificateEntity, links);
    options.progress(clientNumber, perCompany * options.companies);
  }
  // The counters go on from the seeded numbers, as if the services had drawn them.
  await transact(async (em) => {
    if (em.connection.options.type === 'postgres') {
      await em.query(`SELECT setval('client_id_seq', ${clientNumber})`);
      await em.query(`SELECT setval('nsso_number_seq', ${options.companies})`);
    } else {
      await em.query(`INSERT INTO counter (name, value) VALUES ('client_id', ${clientNumber}), ('nsso_number', ${options.companies}) ON CONFLICT (name) DO UPDATE SET value = excluded.value`);
    }
  });
  // After a bulk load the planner's statistics are stale until autovacuum runs, and on PostgreSQL
  // the visibility map is empty (index-only scans fetch every heap row); a production database
  // that grew over months has both. Refresh them, as an operator would after an import.
  await ds.query(ds.options.type === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');
  if (ds.options.type === 'postgres') {
    // Write the bulk load's dirty pages out now, or PostgreSQL's checkpointer does it during the
    // measurements (the machine slowed by a third during the first million-account run).
    await ds.query('CHECKPOINT').catch(() => undefined);
  }
  return { firstCompanyId, email: 'chief0@bench.example', password, clientIds };
}
