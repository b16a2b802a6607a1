import { isCertificateValidAt } from '../certificate/policy.js';
import { findPermission } from '../permission/permission.js';
import { clip } from '../shared/refusal.js';
import { err, ok, type DomainError, type Result } from '../shared/result.js';
import { RestAccountErrors, type RestAccountErrorCode } from './rest-account.errors.js';

export const ACCOUNT_NAME_MAX = 100;
/** Certificates per account: enough for rotation (old and new overlap), few enough to try each. */
export const MAX_CERTIFICATES_PER_ACCOUNT = 5;
/** An account whose newest valid certificate ends within this many days is EXPIRING. */
export const EXPIRY_WARNING_DAYS = 30;

export const CLIENT_ID_PREFIX = 'self_service_expeditor_';

export function clientIdFor(n: number): string {
  return `${CLIENT_ID_PREFIX}${n}`;
}

export type AccountHealth = 'OK' | 'EXPIRING' | 'EXPIRED' | 'DISABLED';

/**
 * OK, EXPIRING (its newest valid certificate ends within 30 days), EXPIRED (no certificate valid
 * now) or DISABLED.
 */
export function accountHealth(
  status: 'ACTIVE' | 'DISABLED',
  certificates: readonly { notBefore: Date; notAfter: Date }[],
  now: Date,
): AccountHealth {
  if (status === 'DISABLED') return 'DISABLED';
  const valid = certificates.filter((c) => isCertificateValidAt(c, now));
  if (valid.length === 0) return 'EXPIRED';
  const newest = Math.max(...valid.map((c) => c.notAfter.getTime()));
  return newest - now.getTime() < EXPIRY_WARNING_DAYS * 86_400_000 ? 'EXPIRING' : 'OK';
}

export function checkAccountName(input: string): Result<string, DomainError<RestAccountErrorCode>> {
  const name = input.trim().replace(/\s+/g, ' ');
  if (name.length === 0 || name.length > ACCOUNT_NAME_MAX) {
    return err({
      code: RestAccountErrors.name,
      message: `The account name must have 1 to ${ACCOUNT_NAME_MAX} characters; got ${name.length}`,
      params: { min: 1, max: ACCOUNT_NAME_MAX, length: name.length },
    });
  }
  return ok(name);
}

/** How many unknown codes a refusal names. */
const MAX_CODES_NAMED = 5;

/** At least one permission, each known; duplicates collapse. */
export function checkPermissionCodes(codes: readonly string[]): Result<string[], DomainError<RestAccountErrorCode>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) {
    return err({ code: RestAccountErrors.noPermission, message: 'Choose at least one permission: each opens a REST API', params: {} });
  }
  const unknown = unique.filter((c) => !findPermission(c));
  if (unknown.length > 0) {
    // Name a few: a list of 90,000 unknown codes must not come back as a megabyte of message.
    const named = unknown.slice(0, MAX_CODES_NAMED).map((u) => JSON.stringify(clip(u, 60)));
    const more = unknown.length > MAX_CODES_NAMED ? ` and ${unknown.length - MAX_CODES_NAMED} more` : '';
    return err({
      code: RestAccountErrors.unknownPermission,
      message: `Unknown permission${unknown.length > 1 ? 's' : ''}: ${named.join(', ')}${more}; the permissions query lists the valid codes`,
      params: { codes: named.join(', '), count: unknown.length },
    });
  }
  return ok(unique);
}
