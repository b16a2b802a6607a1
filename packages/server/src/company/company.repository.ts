import type { Reader, Tx } from '../db/database.js';
import { toDate } from '../db/rows.js';
import { splitJoined, sql, type Sql } from '../db/sql.js';
import type { CompanyEntity } from './company.entity.js';

/** A company as the access rules see it, with the providers it has mandated (in force now). */
export interface LoadedCompany {
  entity: CompanyEntity;
  ref: { id: string; activeProviderIds: string[] };
}

/** The company columns, for SELECT lists (alias co). */
export const COMPANY_COLUMNS = sql`co.id, co.enterprise_number, co.name, co.nsso_number, co.created_at, co.created_by`;

export function rowToCompany(r: Record<string, unknown>): CompanyEntity {
  return {
    id: r.id as string,
    enterpriseNumber: r.enterprise_number as string,
    name: r.name as string,
    nssoNumber: r.nsso_number as string,
    createdAt: toDate(r.created_at),
    createdBy: r.created_by as string,
  };
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
    return row ? { entity: rowToCompany(row), ref: { id, activeProviderIds: splitJoined(row.providers) } } : null;
  },

  async byEnterpriseNumber(db: Reader, enterpriseNumber: string): Promise<CompanyEntity | null> {
    const row = await db.one(sql`SELECT ${COMPANY_COLUMNS} FROM company co WHERE co.enterprise_number = ${enterpriseNumber}`);
    return row ? rowToCompany(row) : null;
  },

  async insert(tx: Tx, company: CompanyEntity): Promise<void> {
    await tx.run(sql`INSERT INTO company (id, enterprise_number, name, nsso_number, created_at, created_by)
      VALUES (${company.id}, ${company.enterpriseNumber}, ${company.name}, ${company.nssoNumber}, ${company.createdAt.getTime()}, ${company.createdBy})`);
  },

  /** The ids of the companies holding a mandate from `mandatorId` in force at `at`. */
  async activeProviderIds(db: Reader, mandatorId: string, at: number): Promise<string[]> {
    const rows = await db.all<{ provider_id: string }>(sql`SELECT m.provider_id FROM mandate m WHERE ${mandateInForce(sql`${mandatorId}`, at)}`);
    return rows.map((r) => r.provider_id);
  },
};
