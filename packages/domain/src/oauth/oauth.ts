/** Rules of the token endpoint (RFC 6749, RFC 7521, RFC 7523) that need no I/O. */
import type { TokenAttemptParams, TokenAttemptReason } from './oauth.errors.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const CLOCK_SKEW_SECONDS = 60;
export const MAX_ASSERTION_LIFETIME_SECONDS = 3600;

export const ASSERTION_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES384', 'ES512'] as const;
export type AssertionAlgorithm = (typeof ASSERTION_ALGORITHMS)[number];

export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'invalid_scope' | 'unsupported_grant_type';

export interface OAuthError {
  error: OAuthErrorCode;
  /** The exact check that failed, for the integrator. */
  description: string;
}

export interface AssertionKey {
  keyAlgorithm: string;
  curve: string | null;
}

/** Whether a JWS algorithm can be produced by a key: RS and PS for RSA, ES384 for P-384, ES512 for P-521. */
export function algorithmFitsKey(alg: AssertionAlgorithm, key: AssertionKey): boolean {
  if (alg.startsWith('RS') || alg.startsWith('PS')) return key.keyAlgorithm === 'RSA';
  if (alg === 'ES384') return key.keyAlgorithm === 'EC' && key.curve === 'P-384';
  return key.keyAlgorithm === 'EC' && key.curve === 'P-521';
}

export function isAssertionAlgorithm(alg: unknown): alg is AssertionAlgorithm {
  return typeof alg === 'string' && (ASSERTION_ALGORITHMS as readonly string[]).includes(alg);
}

const show = (v: unknown) => JSON.stringify(v)?.slice(0, 120) ?? 'nothing';

/**
 * The checks of a client assertion, in the order the token endpoint makes them and the assertion
 * debugger (`debugClientAssertion`) reports them.
 */
export const ASSERTION_STEPS = ['format', 'header', 'iss-sub', 'aud', 'exp', 'nbf-iat', 'jti', 'client', 'signature', 'account', 'scope'] as const;
export type AssertionStep = (typeof ASSERTION_STEPS)[number];

/**
 * Why a check of a client assertion failed: the `reason` of an `AssertionCheck` (and of the token
 * endpoint's refusal, whose `error_description` is its message). Each comment names its params.
 */
export const AssertionReasons = {
  /** { parts } or { unreadable: 'header' | 'payload' } */
  format: 'assertion/format',
  /** { alg, allowed } */
  alg: 'assertion/alg',
  /** { crit }: RFC 7515, 4.1.11: a header parameter the server must understand, and understands none */
  crit: 'assertion/crit',
  /** { iss } */
  iss: 'assertion/iss',
  /** { iss, sub } */
  sub: 'assertion/sub',
  /** { clientId, iss } */
  clientIdMismatch: 'assertion/client-id',
  /** { aud, expected, issuer } */
  aud: 'assertion/aud',
  /** { exp } */
  expMissing: 'assertion/exp-missing',
  /** { exp, now, leeway } */
  expired: 'assertion/expired',
  /** { exp, now, max } */
  expTooFar: 'assertion/exp-too-far',
  /** { claim, value } */
  timeFormat: 'assertion/time-format',
  /** { claim, value, now, leeway } */
  notYetValid: 'assertion/not-yet-valid',
  /** { jti } */
  jti: 'assertion/jti',
  /** { jti }: the jti was spent by an earlier request */
  jtiUsed: 'assertion/jti-used',
  /** { clientId } (only to those who may know the account exists) */
  clientUnknown: 'assertion/client-unknown',
  /** { clientId }: the same answer whether the client exists or not, to those who proved no key of it */
  signature: 'assertion/signature',
  /** { clientId } */
  accountDisabled: 'assertion/account-disabled',
  /** { clientId, certificate, notBefore, notAfter } (to callers whose assertion its key verifies) */
  certificateNotValid: 'assertion/certificate-not-valid',
  /** { missing, granted } */
  scope: 'assertion/scope',
  /** {}: what the step found is shown only to the account's company and to callers who proved one of its keys */
  notShown: 'assertion/not-shown',
  /** { because: the step that could not be passed } */
  notJudged: 'assertion/not-judged',
} as const;
export type AssertionReason = (typeof AssertionReasons)[keyof typeof AssertionReasons];

/** A failed check: the OAuth error the token endpoint answers, and what the debugger reports of it. */
export interface AssertionFailure extends OAuthError {
  step: AssertionStep;
  reason: AssertionReason;
  params: Record<string, string | number | boolean | null>;
  /**
   * What the account's owners (and a caller who proved one of its keys) are told when `description`
   * must not say it to anyone else: which certificates were tried, why none verified.
   */
  detail?: string;
  /** The code of `detail`, and the values it is worded with. */
  detailReason?: AssertionReason | TokenAttemptReason;
  detailParams?: TokenAttemptParams;
}

export const assertionFailure = (
  step: AssertionStep,
  reason: AssertionReason,
  description: string,
  params: AssertionFailure['params'] = {},
  error: OAuthErrorCode = 'invalid_client',
): AssertionFailure => ({ error, description, step, reason, params });

export interface ClaimContext {
  /** Accepted audiences: the token endpoint URL and the issuer. */
  audiences: readonly string[];
  /** Seconds since the epoch. */
  now: number;
  /** The form's client_id, when the client sent one. */
  formClientId?: string | undefined;
}

/** The header: an accepted algorithm, and no critical extension (the server understands none). */
export function checkAssertionHeader(header: Record<string, unknown>): AssertionFailure | null {
  const alg = header.alg;
  if (!isAssertionAlgorithm(alg)) {
    return assertionFailure(
      'header',
      AssertionReasons.alg,
      `alg ${show(alg)} is not accepted; use one of ${ASSERTION_ALGORITHMS.join(', ')} (ES384 for P-384 keys, ES512 for P-521, RS*/PS* for RSA)`,
      { alg: show(alg), allowed: ASSERTION_ALGORITHMS.join(', ') },
    );
  }
  // RFC 7515, 4.1.11: a recipient that does not understand a parameter listed in crit must refuse
  // the JWS. This server understands no extension, so any crit is refused, well-formed or not.
  if ('crit' in header) {
    return assertionFailure(
      'header',
      AssertionReasons.crit,
      `the header's crit ${show(header.crit)} names extensions this server does not understand; remove crit (RFC 7515, 4.1.11)`,
      { crit: show(header.crit) },
    );
  }
  return null;
}

/** iss is a client ID, sub equals it, and so does the form's client_id when sent. */
export function checkAssertionIssuer(claims: Record<string, unknown>, formClientId: string | undefined): AssertionFailure | null {
  const { iss, sub } = claims;
  if (typeof iss !== 'string' || iss.length === 0) return assertionFailure('iss-sub', AssertionReasons.iss, `iss must be your client ID; got ${show(iss)}`, { iss: show(iss) });
  if (sub !== iss) return assertionFailure('iss-sub', AssertionReasons.sub, `sub must equal iss (${iss}); got ${show(sub)}`, { iss, sub: show(sub) });
  if (formClientId !== undefined && formClientId !== iss) {
    return assertionFailure('iss-sub', AssertionReasons.clientIdMismatch, `client_id ${show(formClientId)} differs from the assertion's iss ${show(iss)}`, {
      clientId: formClientId.slice(0, 120),
      iss,
    });
  }
  return null;
}

/**
 * aud: the token endpoint's URL or the issuer, as a string, or an array holding only those (RFC 7523,
 * 3: the server must reject an assertion not intended for it, and an array naming other audiences is
 * intended for them too).
 */
export function checkAssertionAudience(claims: Record<string, unknown>, audiences: readonly string[]): AssertionFailure | null {
  const { aud } = claims;
  const given = Array.isArray(aud) ? aud : [aud];
  if (given.length === 0 || !given.every((a) => typeof a === 'string' && audiences.includes(a))) {
    return assertionFailure(
      'aud',
      AssertionReasons.aud,
      `aud must be ${audiences[0]} (or the issuer ${audiences[1]}), as a string or an array holding only those; got ${show(aud)}`,
      { aud: show(aud), expected: audiences[0] ?? null, issuer: audiences[1] ?? null },
    );
  }
  return null;
}

/** exp: present, not past (60 s leeway), at most an hour ahead. */
export function checkAssertionExpiry(claims: Record<string, unknown>, now: number): AssertionFailure | null {
  const { exp } = claims;
  if (typeof exp !== 'number') return assertionFailure('exp', AssertionReasons.expMissing, `exp is required (seconds since the epoch); got ${show(exp)}`, { exp: show(exp) });
  if (exp + CLOCK_SKEW_SECONDS < now) {
    return assertionFailure('exp', AssertionReasons.expired, `the assertion expired: exp ${exp} is ${now - exp} s before the server time ${now} (60 s leeway)`, {
      exp,
      now,
      leeway: CLOCK_SKEW_SECONDS,
    });
  }
  if (exp - now > MAX_ASSERTION_LIFETIME_SECONDS) {
    return assertionFailure('exp', AssertionReasons.expTooFar, `exp ${exp} is ${exp - now} s ahead of the server time ${now}; at most ${MAX_ASSERTION_LIFETIME_SECONDS} s`, {
      exp,
      now,
      max: MAX_ASSERTION_LIFETIME_SECONDS,
    });
  }
  return null;
}

/** iat and nbf, when present: numbers, not more than 60 s in the future. */
export function checkAssertionIssuedAt(claims: Record<string, unknown>, now: number): AssertionFailure | null {
  for (const [name, value] of [['iat', claims.iat], ['nbf', claims.nbf]] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'number') {
      return assertionFailure('nbf-iat', AssertionReasons.timeFormat, `${name} must be a number of seconds; got ${show(value)}`, { claim: name, value: show(value) });
    }
    if (value - now > CLOCK_SKEW_SECONDS) {
      return assertionFailure('nbf-iat', AssertionReasons.notYetValid, `${name} ${value} is ${value - now} s in the future (server time ${now}; 60 s leeway): check your clock`, {
        claim: name,
        value,
        now,
        leeway: CLOCK_SKEW_SECONDS,
      });
    }
  }
  return null;
}

/** jti: a string of 1 to 200 characters without control characters. */
export function checkAssertionJti(claims: Record<string, unknown>): AssertionFailure | null {
  const { jti } = claims;
  // Control characters (NUL above all, which PostgreSQL cannot store) have no place in an identifier.
  // eslint-disable-next-line no-control-regex
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 200 || /[\u0000-\u001f\u007f]/.test(jti)) {
    return assertionFailure('jti', AssertionReasons.jti, `jti is required: a unique string of at most 200 characters, without control characters; got ${show(jti)}`, { jti: show(jti) });
  }
  return null;
}

/** The checks on the header and claims of a client assertion, each step's first failure, in the order of ASSERTION_STEPS. */
export function assertionClaimFailures(header: Record<string, unknown>, claims: Record<string, unknown>, ctx: ClaimContext): Partial<Record<AssertionStep, AssertionFailure | null>> {
  return {
    header: checkAssertionHeader(header),
    'iss-sub': checkAssertionIssuer(claims, ctx.formClientId),
    aud: checkAssertionAudience(claims, ctx.audiences),
    exp: checkAssertionExpiry(claims, ctx.now),
    'nbf-iat': checkAssertionIssuedAt(claims, ctx.now),
    jti: checkAssertionJti(claims),
  };
}

/** The first failed check on the header and claims of a client assertion, in the order they are reported. */
export function checkAssertionClaims(header: Record<string, unknown>, claims: Record<string, unknown>, ctx: ClaimContext): AssertionFailure | null {
  return (
    checkAssertionHeader(header) ??
    checkAssertionIssuer(claims, ctx.formClientId) ??
    checkAssertionAudience(claims, ctx.audiences) ??
    checkAssertionExpiry(claims, ctx.now) ??
    checkAssertionIssuedAt(claims, ctx.now) ??
    checkAssertionJti(claims)
  );
}

/**
 * The first millisecond at which an assertion expiring at `exp` (seconds) is refused by its exp:
 * the check compares whole seconds with a leeway, so the assertion stays acceptable through the
 * whole second exp + leeway. A spent jti must be kept until then, or a replay inside that last
 * second would be taken for a new assertion.
 */
export function assertionRefusedFromMs(exp: number): number {
  return (Math.floor(exp) + CLOCK_SKEW_SECONDS + 1) * 1000;
}

/** Scopes asked for, or all the account's when absent; refused when one is not granted. */
export function grantScopes(requested: string | undefined, granted: readonly string[]): { scopes: string[] } | (OAuthError & { missing: string }) {
  if (requested === undefined || requested.trim() === '') return { scopes: [...granted] };
  const asked = [...new Set(requested.trim().split(/\s+/))];
  const missing = asked.filter((s) => !granted.includes(s));
  if (missing.length > 0) {
    return { error: 'invalid_scope', description: `scope ${missing.join(' ')} is not granted to this account; granted: ${granted.join(' ') || 'none'}`, missing: missing.join(' ') };
  }
  return { scopes: asked };
}
