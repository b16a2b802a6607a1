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

/** A rest_account row's columns (id, company_id, name, client_id, status, created_at). */
export function rowToRestAccount(r: Record<string, unknown>): Pick<RestAccountEntity, 'id' | 'companyId' | 'name' | 'clientId' | 'status' | 'createdAt'> {
  return {
    id: r.id as string,
    companyId: r.company_id as string,
    name: r.name as string,
    clientId: r.client_id as string,
    status: r.status as RestAccountEntity['status'],
    createdAt: toDate(r.created_at),
  };
}

/** Positional parameter markers: $1, $2 ... on PostgreSQL, ? on SQLite. */
export function marks(pg: boolean, count: number, from = 1): string {
  return Array.from({ length: count }, (_, i) => (pg ? `$${from + i}` : '?')).join(', ');
}
