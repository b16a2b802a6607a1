import type { RegistrationStatus } from '@chaman/domain';
import type { Reader, Tx } from '../db/database.js';
import { toDate, toDateOrNull } from '../db/rows.js';
import { splitJoined, sql, type Sql } from '../db/sql.js';
import type { CompanyEntity } from './company.entity.js';

/** A company as the access rules see it, with the providers it has mandated (in force now). */
export interface LoadedCompany {
  entity: CompanyEntity;
  ref: { id: string; registrationStatus: RegistrationStatus; activeProviderIds: string[] };
}

/** The company columns, for SELECT lists (alias co). */
export const COMPANY_COLUMNS = sql`co.id, co.enterprise_number, co.name, co.nsso_number, co.created_at, co.created_by,
  co.registration_status, co.rejection_reason, co.decided_at, co.decided_by`;

/** Who registered a company, as the platform operators see them. */
export interface Registrant {
  email: string;
  firstName: string;
  lastName: string;
}

export function rowToCompany(r: Record<string, unknown>): CompanyEntity {
  return {
    id: r.id as string,
    enterpriseNumber: r.enterprise_number as string,
    name: r.name as string,
    nssoNumber: r.nsso_number as string,
    createdAt: toDate(r.created_at),
    createdBy: r.created_by as string,
    registrationStatus: r.registration_status as RegistrationStatus,
    rejectionReason: (r.rejection_reason as string | null) ?? null,
    decidedAt: toDateOrNull(r.decided_at),
    decidedBy: (r.decided_by as string | null) ?? null,
  };
}

/** The company as the access rules see it. */
export function companyRef(entity: CompanyEntity, activeProviderIds: string[]): LoadedCompany['ref'] {
  return { id: entity.id, registrationStatus: entity.registrationStatus, activeProviderIds };
}

/** A mandate (alias m) from the company `mandator` that is ACTIVE and in force at `at`. */
export function mandateInForce(mandator: Sql, at: number): Sql {
  return sql`m.mandator_id = ${mandator} AND m.status = 'ACTIVE' AND m.starts_at <= ${at} AND (m.ends_at IS NULL OR m.ends_at > ${at})`;
}

/** A column holding the ids of the providers the company (alias co) has mandated, in force at `at`. */
export function providersColumn(at: number): Sql {
  return sql`(SELECT ${sql.joinedText(sql`m.provider_id`)} FROM mandate m WHERE ${mandateInForce(sql`co.id`, at)})`;
}

export const companyRepository = {
  async withProviders(db: Reader, id: string, at: number): Promise<LoadedCompany | null> {
    const row = await db.one(sql`SELECT ${COMPANY_COLUMNS}, ${providersColumn(at)} AS providers FROM company co WHERE co.id = ${id}`);
    if (!row) return null;
    const entity = rowToCompany(row);
    return { entity, ref: companyRef(entity, splitJoined(row.providers)) };
  },

  /** The registration of this number that is not REJECTED (PENDING or APPROVED; at most one, by a unique index). */
  async byEnterpriseNumber(db: Reader, enterpriseNumber: string): Promise<CompanyEntity | null> {
    const row = await db.one(sql`SELECT ${COMPANY_COLUMNS} FROM company co WHERE co.enterprise_number = ${enterpriseNumber} AND co.registration_status <> 'REJECTED'`);
    return row ? rowToCompany(row) : null;
  },

  async insert(tx: Tx, company: CompanyEntity): Promise<void> {
    await tx.run(sql`INSERT INTO company (id, enterprise_number, name, nsso_number, created_at, created_by, registration_status, rejection_reason, decided_at, decided_by)
      VALUES (${company.id}, ${company.enterpriseNumber}, ${company.name}, ${company.nssoNumber}, ${company.createdAt.getTime()}, ${company.createdBy},
              ${company.registrationStatus}, ${company.rejectionReason}, ${company.decidedAt?.getTime() ?? null}, ${company.decidedBy})`);
  },

  /** The company, locked until the transaction ends on PostgreSQL (SQLite's writer is alone anyway). */
  async lock(tx: Tx, id: string): Promise<CompanyEntity | null> {
    const row = await tx.one(sql`SELECT ${COMPANY_COLUMNS} FROM company co WHERE co.id = ${id}${sql.forUpdate()}`);
    return row ? rowToCompany(row) : null;
  },

  /** Records an operator's decision on a PENDING registration. */
  async decide(tx: Tx, company: CompanyEntity): Promise<void> {
    await tx.run(sql`UPDATE company SET registration_status = ${company.registrationStatus}, rejection_reason = ${company.rejectionReason},
        decided_at = ${company.decidedAt?.getTime() ?? null}, decided_by = ${company.decidedBy}
      WHERE id = ${company.id} AND registration_status = 'PENDING'`);
  },

  /** A page of the PENDING registrations with their registrants, oldest first (a queue), `limit` + 1 rows. */
  async pendingPage(db: Reader, afterId: string | null, limit: number): Promise<{ id: string; company: CompanyEntity; registrant: Registrant }[]> {
    const after = afterId ? sql` AND co.id > ${afterId}` : sql``;
    const rows = await db.all(sql`SELECT ${COMPANY_COLUMNS}, p.email AS registrant_email, p.first_name AS registrant_first_name, p.last_name AS registrant_last_name
      FROM company co JOIN person p ON p.id = co.created_by
      WHERE co.registration_status = 'PENDING'${after} ORDER BY co.id LIMIT ${limit + 1}`);
    return rows.map((r) => ({
      id: r.id as string,
      company: rowToCompany(r),
      registrant: { email: r.registrant_email as string, firstName: r.registrant_first_name as string, lastName: r.registrant_last_name as string },
    }));
  },

  async registrant(db: Reader, personId: string): Promise<Registrant | null> {
    const row = await db.one(sql`SELECT email, first_name, last_name FROM person WHERE id = ${personId}`);
    return row ? { email: row.email as string, firstName: row.first_name as string, lastName: row.last_name as string } : null;
  },

  /** The ids of the companies holding a mandate from `mandatorId` in force at `at`. */
  async activeProviderIds(db: Reader, mandatorId: string, at: number): Promise<string[]> {
    const rows = await db.all<{ provider_id: string }>(sql`SELECT m.provider_id FROM mandate m WHERE ${mandateInForce(sql`${mandatorId}`, at)}`);
    return rows.map((r) => r.provider_id);
  },
};
