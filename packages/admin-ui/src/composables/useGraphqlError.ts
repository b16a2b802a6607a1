import type { CombinedError } from '@urql/core';
import { i18n } from '../i18n';
import { currentFormatter, type Formatter } from './useFormat';

export interface Violation {
  code: string;
  message: string;
  params?: Record<string, unknown> | null;
}

type Params = Record<string, unknown>;

const camel = (s: string) => s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * The locale key of a refusal's reason or a certificate violation's code: `access/sign-in-required`
 * is `refusal.access.signInRequired`, `certificate/key-size` is `violation.certificate.keySize`,
 * `not-found` is `refusal.notFound`.
 */
export function messageKey(kind: 'refusal' | 'violation', code: string): string {
  return `${kind}.${code.split('/').map(camel).join('.')}`;
}

/**
 * Reasons worded differently by the value of one param: the message at their key is an object
 * with one sentence per variant (the locale test checks that every variant is there).
 */
export const VARIANTS: Record<string, { values: readonly string[]; of: (p: Params) => string }> = {
  'access/session-expired': { values: ['lifetime', 'inactivity'], of: (p) => (p.cause === 'inactivity' ? 'inactivity' : 'lifetime') },
  'access/not-allowed': { values: ['action', 'role'], of: (p) => (p.role ? 'role' : 'action') },
  'access/not-an-operator': { values: ['proven', 'unproven'], of: (p) => (p.emailProven ? 'proven' : 'unproven') },
  'access/oidc-failed': { values: ['provider', 'claims'], of: (p) => (p.cause === 'claims' ? 'claims' : 'provider') },
  'access/verification-token-invalid': { values: ['unknown', 'used', 'expired'], of: (p) => tokenCause(p) },
  'access/reset-token-invalid': { values: ['unknown', 'used', 'expired'], of: (p) => tokenCause(p) },
  'company/awaiting-approval': { values: ['acting', 'registering'], of: (p) => (p.enterpriseNumber ? 'registering' : 'acting') },
  'rest-account/certificate-choice': { values: ['none', 'both'], of: (p) => (p.given === 2 ? 'both' : 'none') },
  'certificate/not-a-certificate': {
    values: [
      'empty', 'too-large', 'private-key', 'private-key-beside-certificate', 'pkcs12', 'csr', 'public-key', 'pkcs7', 'crl',
      'other-pem-block', 'unterminated-pem', 'bad-base64', 'neither-pem-nor-der', 'other-der', 'truncated', 'trailing-bytes',
      'damaged', 'unreadable',
    ].map(camel),
    of: (p) => camel(typeof p.found === 'string' ? p.found : 'unreadable'),
  },
  'certificate/key-usage': { values: ['missing', 'empty', 'without'], of: (p) => (p.keyUsage === null || p.keyUsage === undefined ? 'missing' : p.keyUsage === '' ? 'empty' : 'without') },
  'certificate/digest': { values: ['weak', 'none'], of: (p) => (p.digest ? 'weak' : 'none') },
  'certificate/validity': { values: ['expired', 'notYet'], of: (p) => (p.expired === false ? 'notYet' : 'expired') },
  'certificate/chain': { values: ['notIssuer', 'afterSelfSigned'], of: (p) => (p.previousSelfSigned ? 'afterSelfSigned' : 'notIssuer') },
};

function tokenCause(p: Params): string {
  return p.cause === 'used' || p.cause === 'expired' ? p.cause : 'unknown';
}

/** The full key of the sentence for `code` with these params (its variant's, when it has variants). */
export function sentenceKey(kind: 'refusal' | 'violation', code: string, params: Params): string {
  const variant = VARIANTS[code];
  return variant ? `${messageKey(kind, code)}.${variant.of(params)}` : messageKey(kind, code);
}

/** Params holding an ISO 8601 time. */
const TIMES = new Set(['notBefore', 'notAfter', 'startsAt', 'endsAt']);
/** Params holding a comma-separated list of alternatives ("2048, 3072, 4096"). */
const ALTERNATIVES = new Set(['allowed', 'allowedRsaBits', 'allowedCurves']);
/** Params holding a comma-separated list of items. */
const ITEMS = new Set(['clientIds', 'codes', 'keyUsage', 'events', 'duplicateExtensions']);

/** ISO 15924 codes of the scripts the domain names, for Intl.DisplayNames. */
const SCRIPT_CODES: Record<string, string> = {
  Latin: 'Latn', Cyrillic: 'Cyrl', Greek: 'Grek', Armenian: 'Armn', Georgian: 'Geor', Cherokee: 'Cher', Hebrew: 'Hebr', Arabic: 'Arab',
  Devanagari: 'Deva', Thai: 'Thai', Han: 'Hani', Hiragana: 'Hira', Katakana: 'Kana', Bopomofo: 'Bopo', Hangul: 'Hang',
};

const t = (key: string, values: Params = {}) => i18n.global.t(key, values);
const te = (key: string) => i18n.global.te(key);

function scriptName(name: string): string {
  const code = SCRIPT_CODES[name];
  if (!code) return t('words.otherScript');
  return new Intl.DisplayNames([i18n.global.locale.value], { type: 'script' }).of(code) ?? name;
}

/** A word for a param's value when the locale files have one (roles, actions, statuses...). */
function wordFor(reason: string, key: string, value: string): string | null {
  const candidates: Record<string, string> = {
    role: `roles.${value}`,
    action: `words.action.${camel(value)}`,
    operation: `words.operation.${value}`,
    field: `auth.${value}`,
    status: reason === 'company/not-pending' ? `words.registration.${value}` : `mandates.status.${value}`,
    wanted: `mandates.status.${value}`,
  };
  const k = candidates[key];
  return k && te(k) ? t(k) : null;
}

/** The params as the reader's language writes them: dates, numbers and lists with Intl, codes as words. */
export function formatParams(reason: string, params: Params, f: Formatter = currentFormatter()): Params {
  const out: Params = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined) out[key] = '';
    else if (typeof value === 'number') out[key] = f.number(value, { useGrouping: !['position', 'keySize', 'minimum'].includes(key) });
    else if (typeof value === 'boolean') out[key] = String(value);
    else {
      const text = String(value);
      if (TIMES.has(key)) out[key] = f.dateTime(text);
      else if (ALTERNATIVES.has(key)) out[key] = f.list(text.split(/,\s*/), 'or');
      else if (ITEMS.has(key)) out[key] = f.list(text.split(/,\s*/).filter(Boolean), 'and');
      else if (key === 'script' || key === 'otherScript') out[key] = scriptName(text);
      else out[key] = wordFor(reason, key, text) ?? text;
    }
  }
  // Derived values some sentences need.
  if (typeof params.character === 'string') out.named = params.name ? `${params.character} ${params.name}` : params.character;
  if (typeof params.part === 'string') {
    const label = /^domain label "(.*)"$/.exec(params.part)?.[1];
    out.part = label === undefined ? t('words.localPart') : t('words.domainLabel', { label });
  }
  if (typeof params.retryAfterSeconds === 'number') out.retryAfter = f.duration(params.retryAfterSeconds);
  if (typeof params.position === 'number') out.previous = f.number(params.position - 1);
  if (typeof params.max === 'number' && reason === 'certificate/not-a-certificate') out.maxKiB = f.number(params.max / 1024);
  return out;
}

/**
 * A refusal in the reader's language, from its reason and params; the server's sentence for a
 * reason the UI does not know (a server newer than this page).
 */
export function refusalMessage(reason: string | undefined, params: Params | undefined, serverMessage: string): string {
  if (!reason) return serverMessage;
  const p = params ?? {};
  const key = sentenceKey('refusal', reason, p);
  return te(key) ? t(key, formatParams(reason, p)) : serverMessage;
}

/** A certificate violation in the reader's language (computed by the server or by the domain in the browser). */
export function violationMessage(v: Violation): string {
  const p = v.params ?? {};
  const key = sentenceKey('violation', v.code, p);
  if (!te(key)) return v.message;
  const sentence = t(key, formatParams(v.code, p));
  // A violation of a certificate after the first in the file says which one (the chain's own sentence does).
  return typeof p.position === 'number' && v.code !== 'certificate/chain' ? t('violation.atPosition', { position: p.position, sentence }) : sentence;
}

/** The same violations, each with its message in the reader's language. */
export function localizeViolations(violations: readonly Violation[]): Violation[] {
  return violations.map((v) => ({ ...v, message: violationMessage(v) }));
}

/** Which field of a form a refusal is about, when its reason or params say (for showing it inline). */
export function fieldOf(reason: string | undefined, params: Params | undefined): string | null {
  if (!reason) return null;
  if (reason === 'access/person-name' && typeof params?.field === 'string') return params.field;
  if (reason.startsWith('access/email-')) return 'email';
  if (reason.startsWith('access/password-')) return 'password';
  if (reason === 'access/current-password-wrong') return 'currentPassword';
  if (reason.startsWith('company/enterprise-number') || reason === 'company/establishment-unit' || reason === 'company/already-registered') return 'enterpriseNumber';
  if (reason === 'company/awaiting-approval' && params?.enterpriseNumber) return 'enterpriseNumber';
  if (reason === 'company/name' || reason === 'rest-account/name' || reason === 'rest-account/name-taken' || reason === 'certificate/name') return 'name';
  if (reason === 'company/rejection-reason') return 'reason';
  return null;
}

/** A failed operation's first refusal: its message in the reader's language, its reason, params and field. */
export function describeRefusal(error: CombinedError | undefined): { message: string; reason: string | null; params: Params; field: string | null; violations: Violation[] } | null {
  if (!error) return null;
  const first = error.graphQLErrors[0];
  if (!first) {
    return { message: error.networkError ? t('refusal.network') : error.message, reason: null, params: {}, field: null, violations: [] };
  }
  const reason = typeof first.extensions?.reason === 'string' ? first.extensions.reason : undefined;
  const params = (first.extensions?.params as Params | undefined) ?? {};
  const violations = localizeViolations((first.extensions?.violations as Violation[] | undefined) ?? []);
  const message =
    first.extensions?.code === 'NOT_FOUND' && !reason ? t('refusal.notFound') : refusalMessage(reason, params, first.message);
  return { message, reason: reason ?? null, params, field: fieldOf(reason, params), violations };
}

/** The message to show for a failed operation, and the certificate violations when there are. */
export function describeError(error: CombinedError | undefined): { message: string; violations: Violation[] } | null {
  const d = describeRefusal(error);
  return d ? { message: d.message, violations: d.violations } : null;
}
