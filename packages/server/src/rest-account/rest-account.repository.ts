import { latestEndingFirst } from '../certificate/certificate-order.js';
import type { CertificateEntity } from '../certificate/certificate.entity.js';
import { certificateRepository } from '../certificate/certificate.repository.js';
import type { Reader, Tx } from '../db/database.js';
import { toDate } from '../db/rows.js';
import { splitJoined, sql, type Sql } from '../db/sql.js';
import type { RestAccountEntity, RestAccountStatus } from './rest-account.entity.js';

/** A token attempt's reason params as stored (JSON text, null for rows recorded before they were kept). */
const paramsOf = (text: string | null): Record<string, unknown> | null => (text === null ? null : (JSON.parse(text) as Record<string, unknown>));

/** A REST account as the API shows it: its row, its permission codes and its certificates (latest-ending first). */
export interface RestAccountView {
  id: string;
  companyId: string;
  name: string;
  clientId: string;
  status: RestAccountStatus;
  createdAt: Date;
  permissionCodes: string[];
  certificates: CertificateEntity[];
  /** Set when someone who made the account or added a certificate to it lost access: why, and since when. */
  review: { reason: string; since: Date } | null;
}

/** Filters of a page of accounts, applied in SQL. */
export interface AccountFilter {
  status?: RestAccountStatus | null;
  /** Only ACTIVE accounts whose newest valid certificate ends in this range (see AccountHealth). */
  newestValidEnds?: { none: true } | { before: number } | { notBefore: number };
  /** Only accounts whose name or client ID contains this text, compared case-insensitively. */
  search?: string | null;
  before?: string | null;
}

/**
 * A LIKE pattern matching values that contain `text` as it is: its own `%`, `_` and the escape
 * character `!` are escaped (the statement says ESCAPE '!'; a backslash would need spelling per
 * database).
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** The conditions of a filter (all but the cursor), shared by the page and its count. */
function filterConditions(companyId: string, filter: AccountFilter, at: number): Sql[] {
  const where = [sql`a.company_id = ${companyId}`];
  if (filter.status) where.push(sql`a.status = ${filter.status}`);
  if (filter.newestValidEnds) {
    // Valid at `at` as the domain's isCertificateValidAt says: notBefore through notAfter, both included.
    const newestValid = sql`(SELECT MAX(c.not_after) FROM rest_account_certificate rc JOIN certificate c ON c.id = rc.certificate_id
      WHERE rc.account_id = a.id AND c.not_before <= ${at} AND c.not_after >= ${at})`;
    where.push(sql`a.status = 'ACTIVE'`);
    const range = filter.newestValidEnds;
    if ('none' in range) where.push(sql`${newestValid} IS NULL`);
    else if ('before' in range) where.push(sql`${newestValid} < ${range.before}`);
    else where.push(sql`${newestValid} >= ${range.notBefore}`);
  }
  if (filter.search) {
    // name_key is the name in lower case (kept for the unique name index) and client IDs are lower
    // case: LIKE on them is case-insensitive on both databases alike (PostgreSQL's LIKE is not).
    const pattern = containsPattern(filter.search.toLowerCase());
    where.push(sql`(a.name_key LIKE ${pattern} ESCAPE '!' OR a.client_id LIKE ${pattern} ESCAPE '!')`);
  }
  return where;
}

const ACCOUNT_COLUMNS = sql`a.id, a.company_id, a.name, a.client_id, a.status, a.created_at, a.permission_codes, a.certificate_ids, a.review_reason, a.review_since`;

type AccountRow = [
  id: string,
  companyId: string,
  name: string,
  clientId: string,
  status: string,
  createdAt: unknown,
  permissionCodes: unknown,
  certificateIds: unknown,
  reviewReason: string | null,
  reviewSince: unknown,
];

/**
 * Accounts from rows read as arrays (an object per row, built by the driver column by column, cost
 * about a quarter of the page's statement), with their certificates: each distinct certificate is
 * read once, in one more statement, whatever the number of accounts (they mostly share one or two).
 * Accounts sharing a list of certificates, or of permission codes, share one array (the GraphQL
 * layer then words each distinct list once).
 */
async function views(db: Reader, rows: AccountRow[]): Promise<RestAccountView[]> {
  const ids = new Set<string>();
  for (const row of rows) for (const id of splitJoined(row[7])) ids.add(id);
  const byId = new Map((await certificateRepository.byIds(db, [...ids])).map((c) => [c.id, c]));
  const lists = new Map<unknown, CertificateEntity[]>();
  const certificatesOf = (list: unknown) => {
    let certificates = lists.get(list);
    if (!certificates) {
      certificates = splitJoined(list).flatMap((id) => byId.get(id) ?? []).sort(latestEndingFirst);
      lists.set(list, certificates);
    }
    return certificates;
  };
  const codeLists = new Map<unknown, string[]>();
  const codesOf = (list: unknown) => {
    let codes = codeLists.get(list);
    if (!codes) codeLists.set(list, (codes = splitJoined(list)));
    return codes;
  };
  return rows.map(([id, companyId, name, clientId, status, createdAt, permissionCodes, certificateIds, reviewReason, reviewSince]) => ({
    id,
    companyId,
    name,
    clientId,
    status: status as RestAccountStatus,
    createdAt: toDate(createdAt),
    permissionCodes: codesOf(permissionCodes),
    certificates: certificatesOf(certificateIds),
    review: reviewReason === null ? null : { reason: reviewReason, since: toDate(reviewSince) },
  }));
}

async function viewsWhere(db: Reader, where: Sql, tail: Sql = sql``): Promise<RestAccountView[]> {
  return views(db, (await db.arrays(sql`SELECT ${ACCOUNT_COLUMNS} FROM rest_account a WHERE ${where}${tail}`)) as AccountRow[]);
}

async function flag(tx: Tx, rows: { id: string; client_id: string; name: string; company_id: string }[], reason: string, at: Date) {
  if (rows.length > 0) {
    await tx.run(sql`UPDATE rest_account SET review_reason = ${reason.slice(0, 500)}, review_since = ${at.getTime()} WHERE id IN (${sql.list(rows.map((r) => r.id))})`);
  }
  return rows.map((r) => ({ id: r.id, clientId: r.client_id, name: r.name, companyId: r.company_id }));
}

export const restAccountRepository = {
  /**
   * A page of a company's accounts, newest first, `limit` + 1 of them (the extra one says more
   * follow): keyset pagination on the (company_id, id) index, no count(*). Each account's
   * permission codes and certificate ids are kept on its row (written by writeLinks, below), so the
   * page needs no join: two statements whatever its size.
   */
  async page(db: Reader, companyId: string, filter: AccountFilter, limit: number, at: number): Promise<RestAccountView[]> {
    const where = filterConditions(companyId, filter, at);
    if (filter.before) where.push(sql`a.id < ${filter.before}`);
    return viewsWhere(db, sql.join(where, ' AND '), sql` ORDER BY a.id DESC LIMIT ${limit + 1}`);
  },

  /**
   * How many accounts match a filter (the cursor aside), for a connection's totalCount: one more
   * statement, run only when a client asks for the count. A search cannot use a B-tree index for
   * "contains": the company's rows are found by the (company_id, ...) indexes and each is tested.
   */
  async count(db: Reader, companyId: string, filter: AccountFilter, at: number): Promise<number> {
    const row = await db.one<{ n: unknown }>(sql`SELECT count(*) AS n FROM rest_account a WHERE ${sql.join(filterConditions(companyId, filter, at), ' AND ')}`);
    return Number(row?.n ?? 0);
  },

  async byId(db: Reader, id: string): Promise<RestAccountView | null> {
    return (await viewsWhere(db, sql`a.id = ${id}`))[0] ?? null;
  },

  async byClientId(db: Reader, clientId: string): Promise<RestAccountView | null> {
    return (await viewsWhere(db, sql`a.client_id = ${clientId}`))[0] ?? null;
  },

  /** The accounts using each certificate, in client-number order. */
  async usingCertificates(db: Reader, certificateIds: readonly string[]): Promise<Map<string, RestAccountView[]>> {
    const result = new Map<string, RestAccountView[]>(certificateIds.map((id) => [id, []]));
    if (certificateIds.length === 0) return result;
    const links = await db.all<{ account_id: string; certificate_id: string }>(
      sql`SELECT account_id, certificate_id FROM rest_account_certificate WHERE certificate_id IN (${sql.list(certificateIds)})`,
    );
    const accountIds = [...new Set(links.map((l) => l.account_id))];
    if (accountIds.length === 0) return result;
    const accounts = new Map((await viewsWhere(db, sql`a.id IN (${sql.list(accountIds)})`, sql` ORDER BY a.client_number`)).map((a, i) => [a.id, { a, i }]));
    for (const link of links) {
      const found = accounts.get(link.account_id);
      if (found) result.get(link.certificate_id)!.push(found.a);
    }
    for (const list of result.values()) list.sort((x, y) => accounts.get(x.id)!.i - accounts.get(y.id)!.i);
    return result;
  },

  /** The client IDs of the accounts using a certificate, in client-number order. */
  async clientIdsUsing(db: Reader, certificateId: string): Promise<string[]> {
    const rows = await db.all<{ client_id: string }>(sql`SELECT a.client_id FROM rest_account a JOIN rest_account_certificate rc ON rc.account_id = a.id
      WHERE rc.certificate_id = ${certificateId} ORDER BY a.client_number`);
    return rows.map((r) => r.client_id);
  },

  /** The account's row, locked until commit on PostgreSQL: changes of one account happen one after the other. */
  async lock(tx: Tx, id: string): Promise<RestAccountView | null> {
    await tx.all(sql`SELECT id FROM rest_account WHERE id = ${id}${sql.forUpdate()}`);
    return (await viewsWhere(tx, sql`a.id = ${id}`))[0] ?? null;
  },

  /** Whether another account of the company has this name (compared case-insensitively). */
  async nameTaken(db: Reader, companyId: string, name: string, exceptId: string | null = null): Promise<boolean> {
    const row = await db.one<{ id: string }>(sql`SELECT id FROM rest_account WHERE company_id = ${companyId} AND name_key = ${name.toLowerCase()}`);
    return row !== undefined && row.id !== exceptId;
  },

  async insert(
    tx: Tx,
    a: Omit<RestAccountEntity, 'permissionCodes' | 'certificateIds' | 'nameKey' | 'reviewReason' | 'reviewSince'>,
    permissionCodes: string[],
    certificateId: string,
    at: Date,
  ): Promise<void> {
    await tx.run(sql`INSERT INTO rest_account (id, company_id, name, name_key, client_number, client_id, status, created_at, created_by, created_via, permission_codes, certificate_ids)
      VALUES (${a.id}, ${a.companyId}, ${a.name}, ${a.name.toLowerCase()}, ${a.clientNumber}, ${a.clientId}, ${a.status}, ${a.createdAt.getTime()}, ${a.createdBy}, ${a.createdVia}, '', '')`);
    await restAccountRepository.writeLinks(tx, a.id, { permissionCodes, addCertificate: { id: certificateId, by: a.createdBy, via: a.createdVia } }, at);
  },

  /**
   * The one place that changes an account's permissions and certificates: the link rows and the
   * copies of them kept on the account's row for the page read (permission_codes, certificate_ids,
   * sorted), in the caller's transaction.
   */
  async writeLinks(
    tx: Tx,
    accountId: string,
    change: { permissionCodes?: string[]; addCertificate?: { id: string; by: string; via: string | null }; removeCertificate?: string },
    at: Date,
  ): Promise<void> {
    if (change.permissionCodes) {
      await tx.run(sql`DELETE FROM rest_account_permission WHERE account_id = ${accountId}`);
      await tx.run(sql`INSERT INTO rest_account_permission (account_id, permission_code) VALUES ${sql.join(change.permissionCodes.map((code) => sql`(${accountId}, ${code})`))}`);
    }
    if (change.addCertificate) {
      const { id, by, via } = change.addCertificate;
      await tx.run(sql`INSERT INTO rest_account_certificate (account_id, certificate_id, added_at, added_by, added_via) VALUES (${accountId}, ${id}, ${at.getTime()}, ${by}, ${via})`);
    }
    if (change.removeCertificate) {
      await tx.run(sql`DELETE FROM rest_account_certificate WHERE account_id = ${accountId} AND certificate_id = ${change.removeCertificate}`);
    }
    await tx.run(sql`UPDATE rest_account SET
       permission_codes = COALESCE((SELECT ${sql.joinedText(sql`p.permission_code`, ',', true)} FROM rest_account_permission p WHERE p.account_id = rest_account.id), ''),
       certificate_ids = COALESCE((SELECT ${sql.joinedText(sql`rc.certificate_id`, ',', true)} FROM rest_account_certificate rc WHERE rc.account_id = rest_account.id), '')
     WHERE id = ${accountId}`);
  },

  /**
   * Flags for review, unless already flagged, the accounts that `person` made or added a certificate
   * to while acting from `fromCompanyId` (as one of the account's company, or for it by mandate);
   * answers the accounts flagged now, with their company.
   */
  async flagMadeBy(tx: Tx, person: string, fromCompanyId: string, reason: string, at: Date): Promise<{ id: string; clientId: string; name: string; companyId: string }[]> {
    const rows = await tx.all<{ id: string; client_id: string; name: string; company_id: string }>(sql`SELECT a.id, a.client_id, a.name, a.company_id FROM rest_account a
      WHERE a.review_reason IS NULL AND (
        (a.created_by = ${person} AND COALESCE(a.created_via, a.company_id) = ${fromCompanyId})
        OR EXISTS (SELECT 1 FROM rest_account_certificate rc WHERE rc.account_id = a.id AND rc.added_by = ${person} AND COALESCE(rc.added_via, a.company_id) = ${fromCompanyId}))
      ORDER BY a.client_number${sql.forUpdate()}`);
    return flag(tx, rows, reason, at);
  },

  /** Flags for review, unless already flagged, the accounts of `mandatorId` made or given a certificate by people acting for it from `providerId`. */
  async flagMadeVia(tx: Tx, mandatorId: string, providerId: string, reason: string, at: Date): Promise<{ id: string; clientId: string; name: string; companyId: string }[]> {
    const rows = await tx.all<{ id: string; client_id: string; name: string; company_id: string }>(sql`SELECT a.id, a.client_id, a.name, a.company_id FROM rest_account a
      WHERE a.company_id = ${mandatorId} AND a.review_reason IS NULL AND (a.created_via = ${providerId}
        OR EXISTS (SELECT 1 FROM rest_account_certificate rc WHERE rc.account_id = a.id AND rc.added_via = ${providerId}))
      ORDER BY a.client_number${sql.forUpdate()}`);
    return flag(tx, rows, reason, at);
  },

  /** Clears the account's review flag (answers whether it had one). */
  async clearReview(tx: Tx, id: string): Promise<boolean> {
    const row = await tx.one<{ review_reason: string | null }>(sql`SELECT review_reason FROM rest_account WHERE id = ${id}`);
    if (!row || row.review_reason === null) return false;
    await tx.run(sql`UPDATE rest_account SET review_reason = NULL, review_since = NULL WHERE id = ${id}`);
    return true;
  },

  async rename(tx: Tx, id: string, name: string): Promise<void> {
    await tx.run(sql`UPDATE rest_account SET name = ${name}, name_key = ${name.toLowerCase()} WHERE id = ${id}`);
  },

  async setStatus(tx: Tx, id: string, status: RestAccountStatus): Promise<void> {
    await tx.run(sql`UPDATE rest_account SET status = ${status} WHERE id = ${id}`);
  },

  async delete(tx: Tx, id: string): Promise<void> {
    await tx.run(sql`DELETE FROM rest_account WHERE id = ${id}`);
  },

  /**
   * When each certificate of these accounts last obtained a token for it: the newest granted
   * attempt per account and certificate, read from token_attempt (kept 30 days), so that the
   * token endpoint writes nothing more. One statement for all the accounts asked for.
   */
  async certificateLastUses(db: Reader, accountIds: readonly string[]): Promise<Map<string, Map<string, Date>>> {
    const result = new Map<string, Map<string, Date>>(accountIds.map((id) => [id, new Map()]));
    if (accountIds.length === 0) return result;
    const rows = await db.all<{ account_id: string; certificate_id: string; last: unknown }>(
      sql`SELECT account_id, certificate_id, MAX(at) AS last FROM token_attempt
      WHERE account_id IN (${sql.list(accountIds)}) AND outcome = 'granted' AND certificate_id IS NOT NULL GROUP BY account_id, certificate_id`,
    );
    for (const row of rows) result.get(row.account_id)?.set(row.certificate_id, toDate(row.last));
    return result;
  },

  /** An account's most recent token requests, newest first. */
  async tokenAttempts(db: Reader, accountId: string, limit: number) {
    const rows = await db.all<{ at: unknown; outcome: string; reason: string; reason_code: string | null; reason_params: string | null; certificate_id: string | null; ip: string | null }>(
      sql`SELECT at, outcome, reason, reason_code, reason_params, certificate_id, ip FROM token_attempt WHERE account_id = ${accountId} ORDER BY at DESC LIMIT ${limit}`,
    );
    return rows.map((r) => ({
      at: toDate(r.at),
      outcome: r.outcome,
      reason: r.reason,
      reasonCode: r.reason_code,
      reasonParams: paramsOf(r.reason_params),
      certificateId: r.certificate_id,
      ip: r.ip,
    }));
  },

  /** Refused token requests of callers who proved no key of the account, counted per IP, the most recent first. */
  async unprovenTokenAttempts(db: Reader, accountId: string, limit: number) {
    const rows = await db.all<{
      ip: string;
      attempts: unknown;
      first_at: unknown;
      last_at: unknown;
      last_outcome: string;
      last_reason: string;
      last_reason_code: string | null;
      last_reason_params: string | null;
    }>(
      sql`SELECT ip, attempts, first_at, last_at, last_outcome, last_reason, last_reason_code, last_reason_params FROM token_attempt_unproven WHERE account_id = ${accountId} ORDER BY last_at DESC LIMIT ${limit}`,
    );
    return rows.map((r) => ({
      ip: r.ip,
      count: Number(r.attempts),
      firstAt: toDate(r.first_at),
      lastAt: toDate(r.last_at),
      lastOutcome: r.last_outcome,
      lastReason: r.last_reason,
      lastReasonCode: r.last_reason_code,
      lastReasonParams: paramsOf(r.last_reason_params),
    }));
  },
};
