/** Rules of the token endpoint (RFC 6749, RFC 7521, RFC 7523) that need no I/O. */

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

const fail = (error: OAuthErrorCode, description: string): OAuthError => ({ error, description });
const show = (v: unknown) => JSON.stringify(v)?.slice(0, 120) ?? 'nothing';

export interface ClaimContext {
  /** Accepted audiences: the token endpoint URL and the issuer. */
  audiences: readonly string[];
  /** Seconds since the epoch. */
  now: number;
  /** The form's client_id, when the client sent one. */
  formClientId?: string | undefined;
}

/** The checks on the header and claims of a client assertion, in the order they are reported. */
export function checkAssertionClaims(header: Record<string, unknown>, claims: Record<string, unknown>, ctx: ClaimContext): OAuthError | null {
  const alg = header.alg;
  if (!isAssertionAlgorithm(alg)) {
    return fail('invalid_client', `alg ${show(alg)} is not accepted; use one of ${ASSERTION_ALGORITHMS.join(', ')} (ES384 for P-384 keys, ES512 for P-521, RS*/PS* for RSA)`);
  }
  const { iss, sub, aud, exp, iat, nbf, jti } = claims;
  if (typeof iss !== 'string' || iss.length === 0) return fail('invalid_client', `iss must be your client ID; got ${show(iss)}`);
  if (sub !== iss) return fail('invalid_client', `sub must equal iss (${iss}); got ${show(sub)}`);
  if (ctx.formClientId !== undefined && ctx.formClientId !== iss) {
    return fail('invalid_client', `client_id ${show(ctx.formClientId)} differs from the assertion's iss ${show(iss)}`);
  }
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.some((a) => typeof a === 'string' && ctx.audiences.includes(a))) {
    return fail('invalid_client', `aud must be ${ctx.audiences[0]} (or the issuer ${ctx.audiences[1]}); got ${show(aud)}`);
  }
  if (typeof exp !== 'number') return fail('invalid_client', `exp is required (seconds since the epoch); got ${show(exp)}`);
  if (exp + CLOCK_SKEW_SECONDS < ctx.now) {
    return fail('invalid_client', `the assertion expired: exp ${exp} is ${ctx.now - exp} s before the server time ${ctx.now} (60 s leeway)`);
  }
  if (exp - ctx.now > MAX_ASSERTION_LIFETIME_SECONDS) {
    return fail('invalid_client', `exp ${exp} is ${exp - ctx.now} s ahead of the server time ${ctx.now}; at most ${MAX_ASSERTION_LIFETIME_SECONDS} s`);
  }
  for (const [name, value] of [['iat', iat], ['nbf', nbf]] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'number') return fail('invalid_client', `${name} must be a number of seconds; got ${show(value)}`);
    if (value - ctx.now > CLOCK_SKEW_SECONDS) {
      return fail('invalid_client', `${name} ${value} is ${value - ctx.now} s in the future (server time ${ctx.now}; 60 s leeway): check your clock`);
    }
  }
  // Control characters (NUL above all, which PostgreSQL cannot store) have no place in an identifier.
  // eslint-disable-next-line no-control-regex
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 200 || /[\u0000-\u001f\u007f]/.test(jti)) {
    return fail('invalid_client', `jti is required: a unique string of at most 200 characters, without control characters; got ${show(jti)}`);
  }
  return null;
}

/** Scopes asked for, or all the account's when absent; refused when one is not granted. */
export function grantScopes(requested: string | undefined, granted: readonly string[]): { scopes: string[] } | OAuthError {
  if (requested === undefined || requested.trim() === '') return { scopes: [...granted] };
  const asked = [...new Set(requested.trim().split(/\s+/))];
  const missing = asked.filter((s) => !granted.includes(s));
  if (missing.length > 0) {
    return fail('invalid_scope', `scope ${missing.join(' ')} is not granted to this account; granted: ${granted.join(' ') || 'none'}`);
  }
  return { scopes: asked };
}
