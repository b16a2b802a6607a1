import type { Reader, Tx } from '../db/database.js';
import { toDate } from '../db/rows.js';
import { sql } from '../db/sql.js';
import type { CertificateEntity } from './certificate.entity.js';

const COLUMN_NAMES = [
  'id', 'company_id', 'name', 'der_base64', 'sha256_fingerprint', 'x5t_s256', 'subject', 'issuer', 'serial_number', 'not_before', 'not_after',
  'key_algorithm', 'key_size', 'curve', 'signature_algorithm', 'self_signed', 'key_usage', 'jwk', 'created_at', 'created_by',
] as const;

const CERTIFICATE_COLUMNS_PLAIN = sql.raw(COLUMN_NAMES.join(', '));

/** The certificate columns, for SELECT lists (alias c). */
export const CERTIFICATE_COLUMNS = sql.raw(COLUMN_NAMES.map((name) => `c.${name}`).join(', '));

/**
 * One JSON object holding a certificate row (alias c) under its column names, for a statement
 * that returns certificates in one column next to other rows (rowToCertificate reads it parsed).
 */
export const CERTIFICATE_JSON = sql.jsonObject(COLUMN_NAMES.map((name) => [name, sql.raw(`c.${name}`)]));

export function rowToCertificate(r: Record<string, unknown>): CertificateEntity {
  return {
    id: r.id as string,
    companyId: r.company_id as string,
    name: r.name as string,
    derBase64: r.der_base64 as string,
    sha256Fingerprint: r.sha256_fingerprint as string,
    x5tS256: r.x5t_s256 as string,
    subject: r.subject as string,
    issuer: r.issuer as string,
    serialNumber: r.serial_number as string,
    notBefore: toDate(r.not_before),
    notAfter: toDate(r.not_after),
    keyAlgorithm: r.key_algorithm as 'RSA' | 'EC',
    keySize: Number(r.key_size),
    curve: (r.curve as string | null) ?? null,
    signatureAlgorithm: r.signature_algorithm as string,
    selfSigned: r.self_signed === true || r.self_signed === 1 || r.self_signed === '1',
    keyUsage: r.key_usage as string,
    jwk: r.jwk as string,
    createdAt: toDate(r.created_at),
    createdBy: r.created_by as string,
  };
}

const DAY_MS = 86_400_000;

/**
 * How long certificates in use have left, in the buckets the operators' metrics show: each
 * certificate in exactly one, by the whole days it has left as the domain counts them (`daysUntil`):
 * `expired` (its notAfter has passed), `lt_7d` (0 to 6 days left), `lt_14d` ... `ge_60d`.
 */
export const EXPIRY_BUCKETS = [
  ['expired', 0],
  ['lt_7d', 7],
  ['lt_14d', 14],
  ['lt_30d', 30],
  ['lt_60d', 60],
] as const;
export type ExpiryBucket = (typeof EXPIRY_BUCKETS)[number][0] | 'ge_60d';

export const certificateRepository = {
  async byId(db: Reader, id: string): Promise<CertificateEntity | null> {
    const row = await db.one(sql`SELECT ${CERTIFICATE_COLUMNS} FROM certificate c WHERE c.id = ${id}`);
    return row ? rowToCertificate(row) : null;
  },

  async byIds(db: Reader, ids: readonly string[]): Promise<CertificateEntity[]> {
    if (ids.length === 0) return [];
    const rows = await db.all(sql`SELECT ${CERTIFICATE_COLUMNS} FROM certificate c WHERE c.id IN (${sql.list(ids)})`);
    return rows.map(rowToCertificate);
  },

  async ofCompanyById(db: Reader, companyId: string, id: string): Promise<CertificateEntity | null> {
    const row = await db.one(sql`SELECT ${CERTIFICATE_COLUMNS} FROM certificate c WHERE c.id = ${id} AND c.company_id = ${companyId}`);
    return row ? rowToCertificate(row) : null;
  },

  async byFingerprint(db: Reader, companyId: string, fingerprint: string): Promise<CertificateEntity | null> {
    const row = await db.one(sql`SELECT ${CERTIFICATE_COLUMNS} FROM certificate c WHERE c.company_id = ${companyId} AND c.sha256_fingerprint = ${fingerprint}`);
    return row ? rowToCertificate(row) : null;
  },

  async insert(tx: Tx, c: CertificateEntity): Promise<void> {
    await tx.run(sql`INSERT INTO certificate (${CERTIFICATE_COLUMNS_PLAIN})
      VALUES (${c.id}, ${c.companyId}, ${c.name}, ${c.derBase64}, ${c.sha256Fingerprint}, ${c.x5tS256}, ${c.subject}, ${c.issuer}, ${c.serialNumber},
              ${c.notBefore.getTime()}, ${c.notAfter.getTime()}, ${c.keyAlgorithm}, ${c.keySize}, ${c.curve}, ${c.signatureAlgorithm}, ${c.selfSigned},
              ${c.keyUsage}, ${c.jwk}, ${c.createdAt.getTime()}, ${c.createdBy})`);
  },

  async rename(tx: Tx, id: string, name: string): Promise<void> {
    await tx.run(sql`UPDATE certificate SET name = ${name} WHERE id = ${id}`);
  },

  async delete(tx: Tx, id: string): Promise<void> {
    await tx.run(sql`DELETE FROM certificate WHERE id = ${id}`);
  },

  /** A page of a company's certificates, newest first, `limit` + 1 rows. */
  async page(db: Reader, companyId: string, before: string | null, limit: number): Promise<CertificateEntity[]> {
    const rows = await db.all(sql`SELECT ${CERTIFICATE_COLUMNS} FROM certificate c
      WHERE c.company_id = ${companyId}${before ? sql` AND c.id < ${before}` : sql``} ORDER BY c.id DESC LIMIT ${limit + 1}`);
    return rows.map(rowToCertificate);
  },

  /** How many certificates the company has (a connection's totalCount). */
  async count(db: Reader, companyId: string): Promise<number> {
    const row = await db.one<{ n: unknown }>(sql`SELECT count(*) AS n FROM certificate c WHERE c.company_id = ${companyId}`);
    return Number(row?.n ?? 0);
  },

  /** A company's certificates that end before `horizon`, soonest first (at most `limit`). */
  async endingBefore(db: Reader, companyId: string, horizon: number, limit: number): Promise<CertificateEntity[]> {
    const rows = await db.all(sql`SELECT ${CERTIFICATE_COLUMNS} FROM certificate c
      WHERE c.company_id = ${companyId} AND c.not_after <= ${horizon} ORDER BY c.not_after ASC LIMIT ${limit}`);
    return rows.map(rowToCertificate);
  },

  /**
   * How many certificates used by at least one active REST account fall in each expiry bucket at
   * `now` (buckets without any are absent): one statement, for the operators' metrics.
   */
  async inUseByExpiry(db: Reader, now: number): Promise<Map<ExpiryBucket, number>> {
    const cases = EXPIRY_BUCKETS.map(([bucket, days]) => sql` WHEN c.not_after < ${now + days * DAY_MS} THEN '${sql.raw(bucket)}'`);
    const rows = await db.all(sql`SELECT CASE${sql.join(cases, '')} ELSE 'ge_60d' END AS bucket, COUNT(*) AS n FROM certificate c
      WHERE c.id IN (SELECT rc.certificate_id FROM rest_account_certificate rc JOIN rest_account a ON a.id = rc.account_id WHERE a.status = 'ACTIVE')
      GROUP BY 1`);
    return new Map(rows.map((r) => [r.bucket as ExpiryBucket, Number(r.n)]));
  },
};
