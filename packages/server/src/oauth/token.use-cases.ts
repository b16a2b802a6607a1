import { randomUUID } from 'node:crypto';
import { AssertionReasons, err, grantScopes, ok, TokenAttemptReasons, type OAuthError, type Result, type TokenAttemptParams } from '@chaman/domain';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { memoryLimiter, type Limit } from '../shared/rate-limiter.js';
import { authenticateClient, grantedScopes, oauthRefusal, type OAuthRefusal } from './client-authentication.js';
import { signJwt, verifyAccessToken } from './jwt.js';
import { oauthRepository, type ClientAccountRow } from './oauth.repository.js';
import type { ServerKeys } from './server-keys.js';
import { createTokenRecorder, type AttemptRecord, type TokenRecorder } from './token-records.js';

/** What the token and introspection use cases run with: built once, when the routes are registered. */
export interface TokenDeps {
  db: Db;
  keys: ServerKeys;
  /** The group commit of jtis and attempts. */
  recordToken: TokenRecorder;
  /** This instance's counters of token requests. */
  limiter: ReturnType<typeof memoryLimiter>;
  limits: { perIp: Limit; perClient: Limit };
  issuer: string;
  /** Accepted assertion audiences: the token endpoint's URL, then the issuer. */
  audiences: readonly string[];
  tokenLifetimeSeconds: number;
  /** Told of each refused request recorded on an account (the webhooks' token.refusals); never of a granted one. */
  onRefused?: (accountId: string) => void;
}

export function createTokenDeps({ db, config, keys, tokenUrl, onRefused }: { db: Db; config: Config; keys: ServerKeys; tokenUrl: string; onRefused?: (accountId: string) => void }): TokenDeps {
  const perMinute = (max: number): Limit => ({ max, windowMs: 60_000 });
  return {
    db,
    keys,
    recordToken: createTokenRecorder(db),
    // Each instance counts its own token requests: a database write per request would cost more than the request.
    limiter: memoryLimiter(),
    limits: { perIp: perMinute(config.tokenRateLimits.perIp), perClient: perMinute(config.tokenRateLimits.perClient) },
    issuer: config.publicUrl,
    audiences: [tokenUrl, config.publicUrl],
    tokenLifetimeSeconds: config.tokenLifetimeSeconds,
    ...(onRefused ? { onRefused } : {}),
  };
}

/** A request to the token or the introspection endpoint. */
export interface OAuthRequest {
  /** The form-encoded body's parameters; null when the body was not form-encoded. */
  params: URLSearchParams | null;
  /** The client's address: rate limits and the attempt log. */
  ip: string;
  now: Date;
}

/** RFC 6749 5.1. */
export interface TokenAnswer {
  accessToken: string;
  expiresIn: number;
  /** The granted scopes, space-separated. */
  scope: string;
}

/** RFC 6749 5.2, recorded on the account when one is known. */
export interface OAuthRefused extends OAuthRefusal {
  kind: 'oauth';
  /** Why the attempt could not be recorded, if it could not: the refusal stands. */
  recordingFailure?: unknown;
}

/** Over a rate limit of this instance: not recorded (the database would take the load the limit keeps off it). */
export interface SlowDown {
  kind: 'slow-down';
  description: string;
  retryAfterSeconds: number;
}

export type TokenRefusal = OAuthRefused | SlowDown;

/**
 * The request's parameters, each once: RFC 6749 (3.2) lets no parameter appear twice, and a second
 * value must not silently win over the first.
 */
function formOf(params: URLSearchParams | null): Result<Map<string, string>, OAuthRefusal> {
  if (!params) return err(oauthRefusal('invalid_request', 'the request body must be application/x-www-form-urlencoded'));
  const form = new Map<string, string>();
  for (const [k, v] of params) {
    if (form.has(k)) return err(oauthRefusal('invalid_request', `parameter ${k} is repeated; each parameter may appear once`));
    form.set(k, v);
  }
  return ok(form);
}

/** The attempt to record on the account, when one is known: `why` is its sentence, code and params. */
const attemptOf = (
  account: ClientAccountRow | null,
  outcome: string,
  why: { reason: string; code: string | null; params: TokenAttemptParams | null },
  certificateId: string | null,
  ip: string,
): AttemptRecord | null =>
  account ? { accountId: account.id, clientId: account.client_id, outcome, reason: why.reason, reasonCode: why.code, reasonParams: why.params, certificateId, ip } : null;

/** Counts the request against `limit`; a refusal when it is over. */
function overLimit(deps: TokenDeps, key: string, limit: Limit, now: number, what: string): SlowDown | null {
  const count = deps.limiter.hitNow(key, limit, now);
  if (count.count <= limit.max) return null;
  const retryAfterSeconds = Math.ceil((count.resetAt - now) / 1000);
  return { kind: 'slow-down', description: `${what}; retry in ${retryAfterSeconds} s`, retryAfterSeconds };
}

/**
 * Records the refused attempt on its account, when one is known: on its own, with every detail, when
 * the caller proved a key of the account; else added to the account's count for the caller's IP.
 */
async function refused(deps: TokenDeps, ip: string, refusal: OAuthRefusal): Promise<Result<never, TokenRefusal>> {
  const { account } = refusal;
  const why = { reason: refusal.detail, code: refusal.reason, params: refusal.params };
  const attempt = refusal.proven ? attemptOf(account, refusal.oauth.error, why, refusal.certificateId, ip) : null;
  const unproven =
    !refusal.proven && account
      ? { accountId: account.id, clientId: account.client_id, ip, outcome: refusal.oauth.error, reason: why.reason, reasonCode: why.code, reasonParams: why.params }
      : null;
  try {
    await deps.recordToken({ attempt, unproven });
    // Refusals to callers with or without a key both count towards a burst (token.refusals).
    const accountId = attempt?.accountId ?? unproven?.accountId;
    if (accountId) deps.onRefused?.(accountId);
    return err({ kind: 'oauth', ...refusal });
  } catch (error) {
    return err({ kind: 'oauth', ...refusal, recordingFailure: error });
  }
}

/**
 * Client credentials grant with private_key_jwt (RFC 6749 4.4, RFC 7523): an access token for the
 * account whose certificate signed the assertion, with the scopes asked for among those its
 * permissions grant. The assertion's jti and the attempt are written in the recorder's shared
 * transaction before the answer; a jti spent before refuses the request.
 */
export async function requestToken(deps: TokenDeps, input: OAuthRequest): Promise<Result<TokenAnswer, TokenRefusal>> {
  const nowMs = input.now.getTime();
  const ipLimited = overLimit(deps, `ip:${input.ip}`, deps.limits.perIp, nowMs, `too many token requests from ${input.ip}`);
  if (ipLimited) return err(ipLimited);
  const form = formOf(input.params);
  if (!form.ok) return refused(deps, input.ip, form.error);
  const grantType = form.value.get('grant_type');
  if (grantType === undefined) return refused(deps, input.ip, oauthRefusal('invalid_request', 'grant_type is required: client_credentials'));
  if (grantType !== 'client_credentials') {
    return refused(deps, input.ip, oauthRefusal('unsupported_grant_type', `grant_type must be client_credentials; got ${JSON.stringify(grantType.slice(0, 100))}`));
  }
  const asked = form.value.get('scope');
  const auth = await authenticateClient(deps, form.value, input.now, asked);
  if (!auth.ok) return refused(deps, input.ip, auth.error);
  const { account, certificate, jti } = auth.value;
  const clientLimited = overLimit(deps, `client:${account.client_id}`, deps.limits.perClient, nowMs, `too many token requests for ${account.client_id}`);
  if (clientLimited) return err(clientLimited);
  // The scope step passed: these are the scopes asked for, or all the account's.
  const scopes = grantScopes(asked, grantedScopes(account)) as { scopes: string[] };
  const replay = `jti ${JSON.stringify(jti.jti)} was already used; each assertion is single-use`;
  const recorded = await deps.recordToken({
    jti,
    attempt: attemptOf(account, 'granted', { reason: `certificate "${certificate.name}"`, code: TokenAttemptReasons.granted, params: { certificate: certificate.name } }, certificate.id, input.ip),
    onReplay: attemptOf(account, 'invalid_client', { reason: replay, code: AssertionReasons.jtiUsed, params: { jti: jti.jti.slice(0, 200) } }, certificate.id, input.ip),
  });
  // The replay's attempt was recorded in the same transaction, instead of the grant.
  if (recorded === 'replayed') return err({ kind: 'oauth', ...oauthRefusal('invalid_client', replay, account, certificate.id) });
  const key = await deps.keys.signingKey();
  const iat = Math.floor(nowMs / 1000);
  const scope = scopes.scopes.join(' ');
  const accessToken = signJwt(key, { typ: 'at+jwt' }, {
    iss: deps.issuer,
    sub: account.client_id,
    client_id: account.client_id,
    aud: deps.issuer,
    scope,
    iat,
    exp: iat + deps.tokenLifetimeSeconds,
    jti: randomUUID(),
    enterprise_number: account.enterprise_number,
  });
  return ok({ accessToken, expiresIn: deps.tokenLifetimeSeconds, scope });
}

/** RFC 7662: the token's claims while it is active (ours, unexpired, its account enabled, of the introspecting account's company). */
export type IntrospectionAnswer = { active: false } | ({ active: true; token_type: 'Bearer' } & Record<string, unknown>);

/**
 * Token introspection (RFC 7662) for a client that authenticates as at the token endpoint; its
 * assertion is spent and the introspection recorded on its account.
 */
export async function introspectToken(deps: TokenDeps, input: OAuthRequest): Promise<Result<IntrospectionAnswer, OAuthError>> {
  const form = formOf(input.params);
  if (!form.ok) return err(form.error.oauth);
  const auth = await authenticateClient(deps, form.value, input.now);
  if (!auth.ok) return err(auth.error.oauth);
  const { account, certificate, jti } = auth.value;
  const recorded = await deps.recordToken({
    jti,
    attempt: attemptOf(
      account,
      'introspection',
      { reason: 'token introspection', code: TokenAttemptReasons.introspection, params: { certificate: certificate.name } },
      certificate.id,
      input.ip,
    ),
  });
  if (recorded === 'replayed') return err({ error: 'invalid_client', description: `jti ${JSON.stringify(jti.jti)} was already used` });
  const token = form.value.get('token');
  if (!token) return err({ error: 'invalid_request', description: 'token is required' });
  const claims = await verifyAccessToken(token, deps.keys, input.now);
  if (!claims) return ok({ active: false });
  // A company's accounts learn nothing of another company's tokens (RFC 7662, 4: the server may
  // answer inactive to a client not allowed to know).
  if (claims.enterprise_number !== account.enterprise_number) return ok({ active: false });
  if ((await oauthRepository.clientStatus(deps.db, String(claims.client_id))) !== 'ACTIVE') return ok({ active: false });
  return ok({ active: true, token_type: 'Bearer', ...claims });
}
