import { createHash, randomBytes } from 'node:crypto';

/** Prefixes make leaked secrets recognisable (secret scanners, logs): session and personal token. */
export const SESSION_PREFIX = 'chs_';
export const PERSONAL_TOKEN_PREFIX = 'chp_';
/** A browser's device id (its cookie): not a credential, only what spares it the per-email sign-in limit. */
export const DEVICE_PREFIX = 'chd_';

export function newSecret(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** What the database keeps of a secret: its SHA-256 (the secret has 256 random bits, no salt needed). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Whether `value` is a device id as newSecret(DEVICE_PREFIX) makes them (anything else is ignored). */
export function isDeviceId(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^chd_[A-Za-z0-9_-]{43}$/.test(value);
}

/** The secrets of mailed links: one that proves an email, one that lets its owner choose a new password. */
export const VERIFY_EMAIL_PREFIX = 'chv_';
export const RESET_PASSWORD_PREFIX = 'chr_';
/** The secret of a link that proves a company's shared notification address. */
export const NOTIFY_EMAIL_PREFIX = 'chn_';
