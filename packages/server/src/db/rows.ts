import type { RestAccountEntity } from '../rest-account/rest-account.entity.js';
import type { CertificateEntity } from '../certificate/certificate.entity.js';
import type { CompanyEntity } from '../company/company.entity.js';

/**
 * Row mappers for the hot read paths, which use plain SQL instead of TypeORM's query builder and
 * entity hydration (the benchmark's profile showed those as the largest cost of a request).
 * PostgreSQL returns bigint as strings and booleans as booleans; SQLite numbers and 0/1.
 */
export const toDate = (v: unknown): Date => new Date(Number(v));
export const toDateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(Number(v)));

/** The certificate columns, for SELECT lists (alias c). */
export const CERTIFICATE_COLUMNS =
  'c.id, c.company_id, c.name, c.der_base64, c.sha256_fingerprint, c.x5t_s256, c.subject, c.issuer, c.serial_number, c.not_before, c.not_after, c.key_algorithm, c.key_size, c.curve, c.signature_algorithm, c.self_signed, c.key_usage, c.jwk, c.created_at, c.created_by';

/**
 * SQL for one JSON object holding a certificate row (alias c) under the names of CERTIFICATE_COLUMNS,
 * for a statement that returns certificates in one column next to other rows: rowToCertificate
 * reads the parsed object (PostgreSQL's driver parses json; SQLite would return the text).
 */
export function certificateJson(pg: boolean): string {
  const pairs = CERTIFICATE_COLUMNS.split(', ').map((column) => `'${column.slice(2)}', ${column}`);
  return `${pg ? 'json_build_object' : 'json_object'}(${pairs.join(', ')})`;
}

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

/**
 * A rest_account row's columns (id, company_id, name, client_id, status, created_at); company_id
 * may be left out of the row when the caller knows it (a page of one company's accounts).
 */
export function rowToRestAccount(
  r: Record<string, unknown>,
  companyId = r.company_id as string,
): Pick<RestAccountEntity, 'id' | 'companyId' | 'name' | 'clientId' | 'status' | 'createdAt'> {
  return {
    id: r.id as string,
    companyId,
    name: r.name as string,
    clientId: r.client_id as string,
    status: r.status as RestAccountEntity['status'],
    createdAt: toDate(r.created_at),
  };
}

/**
 * SQL aggregating `expression` over a subquery's rows into one string: string_agg or group_concat,
 * in the order of the values when `sorted`.
 */
export function joined(pg: boolean, expression: string, separator = ',', sorted = false): string {
  const order = sorted ? ` ORDER BY ${expression}` : '';
  return pg ? `string_agg(${expression}, '${separator}'${order})` : `group_concat(${expression}, '${separator}'${order})`;
}

/** The items of a `joined` column (NULL when the subquery had no rows). */
export function splitJoined(value: unknown, separator = ','): string[] {
  return typeof value === 'string' && value !== '' ? value.split(separator) : [];
}

/**
 * A mandate from `mandator` in force at a time: ACTIVE, started, not ended. `at` gives the two
 * parameter markers for that time (the same value twice).
 */
export function mandateInForce(alias: string, mandator: string, at: [string, string]): string {
  return `${alias}.mandator_id = ${mandator} AND ${alias}.status = 'ACTIVE' AND ${alias}.starts_at <= ${at[0]}
    AND (${alias}.ends_at IS NULL OR ${alias}.ends_at > ${at[1]})`;
}

/** Positional parameter markers: $1, $2 ... on PostgreSQL, ? on SQLite. */
export function marks(pg: boolean, count: number, from = 1): string {
  return Array.from({ length: count }, (_, i) => (pg ? `$${from + i}` : '?')).join(', ');
}
