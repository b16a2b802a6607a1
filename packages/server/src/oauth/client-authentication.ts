import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  algorithmFitsKey,
  assertionClaimFailures,
  assertionFailure,
  AssertionReasons,
  ASSERTION_STEPS,
  checkAssertionClaims,
  err,
  grantScopes,
  isAcceptableRsaExponent,
  isCertificateValidAt,
  JWT_BEARER,
  ok,
  permissionsOf,
  type AssertionAlgorithm,
  type AssertionFailure,
  type AssertionReason,
  type AssertionStep,
  type OAuthError,
  type OAuthErrorCode,
  type Result,
  type TokenAttemptParams,
  type TokenAttemptReason,
  TokenAttemptReasons,
} from '@chaman/domain';
import type { Reader } from '../db/database.js';
import { splitJoined } from '../db/sql.js';
import { decodeCompactJws, findSigner, type CompactJws } from './jwt.js';
import { oauthRepository, type ClientAccountRow, type ClientCertificateRow } from './oauth.repository.js';

/**
 * A refused OAuth request: the RFC 6749 5.2 error the caller is told, and for the attempt log the
 * account and certificate it concerns (when known), whether the caller proved a key of that account,
 * and what the account's owners are told (every detail, which the caller gets only once proven).
 */
export interface OAuthRefusal {
  oauth: OAuthError;
  account: ClientAccountRow | null;
  certificateId: string | null;
  /** The assertion's signature verified with the key of one of the account's certificates. */
  proven: boolean;
  /** The reason recorded for the account's owners. */
  detail: string;
  /** The code of `detail` and its params, so that the owners read it in their language; null for a refusal that names no account. */
  reason: string | null;
  params: TokenAttemptParams | null;
}

export function oauthRefusal(error: OAuthErrorCode, description: string, account: ClientAccountRow | null = null, certificateId: string | null = null, proven = account !== null): OAuthRefusal {
  return { oauth: { error, description }, account, certificateId, proven, detail: description, reason: null, params: null };
}

/** A client that proved who it is (RFC 7523, 2.2). */
export interface AuthenticatedClient {
  account: ClientAccountRow;
  /** The certificate whose key signed the assertion. */
  certificate: ClientCertificateRow;
  /**
   * What makes the assertion single-use: the caller spends it with the token recorder, in the same
   * transaction as the request's attempt, which tells whether it had been spent before (a replay).
   */
  jti: { clientId: string; jti: string; exp: number };
}

export interface ClientAuthenticationContext {
  db: Reader;
  /** Accepted audiences: the token endpoint's URL, then the issuer. */
  audiences: readonly string[];
}

/** A small bounded cache: public keys of certificates, parsed once. */
const keyCache = new Map<string, KeyObject>();
function publicKeyOf(certificate: ClientCertificateRow): KeyObject {
  let key = keyCache.get(certificate.id);
  if (!key) {
    if (keyCache.size > 10_000) keyCache.clear();
    const jwk = JSON.parse(certificate.jwk) as { kty: string; e?: string };
    // A certificate stored before the policy refused small exponents must not verify anything:
    // with e = 1 the "signature" is the padded digest itself, made without any private key.
    if (jwk.kty === 'RSA' && !isAcceptableRsaExponent(BigInt(`0x${Buffer.from(jwk.e ?? '', 'base64url').toString('hex') || '0'}`).toString())) {
      throw new Error(`certificate ${certificate.id}: RSA public exponent refused by the policy`);
    }
    key = createPublicKey({ key: jwk as never, format: 'jwk' });
    keyCache.set(certificate.id, key);
  }
  return key;
}

// PostgreSQL answers its bigint columns as text, SQLite as numbers: milliseconds either way.
const isValidAt = (c: ClientCertificateRow, at: Date) => isCertificateValidAt({ notBefore: new Date(Number(c.not_before)), notAfter: new Date(Number(c.not_after)) }, at);
const iso = (ms: string | number) => new Date(Number(ms)).toISOString();

/** Every step's outcome, in the order of ASSERTION_STEPS: null when it passed, absent when it was not judged. */
export type StepOutcomes = Map<AssertionStep, AssertionFailure | null>;

/** What the checks of one client assertion found: the token endpoint and the assertion debugger read the same. */
export interface AssertionJudgement {
  steps: StepOutcomes;
  /** The assertion's iss when it is a string (at most 64 characters): the client it claims to be. */
  clientId: string | null;
  jws: CompactJws | null;
  /** The account the assertion names, with its certificates, when one has that client ID. */
  client: { account: ClientAccountRow; certificates: ClientCertificateRow[] } | null;
  /** The certificate whose key verified the signature (valid now or not): the caller proved a key of the account. */
  signer: ClientCertificateRow | null;
}

export interface JudgeOptions {
  formClientId?: string | undefined;
  /** The scope asked for (absent: all the account's). */
  scope?: string | undefined;
  now: Date;
  /**
   * `first-failure`: the token endpoint's way, which judges the account and the scope only once
   * everything before passed; `every-step`: the debugger's, which judges every step it can.
   */
  mode: 'first-failure' | 'every-step';
}

const signatureFailure = (clientId: string, alg: unknown, detail: string, detailReason: AssertionReason | TokenAttemptReason, detailParams: TokenAttemptParams) =>
  ({
    ...assertionFailure(
      'signature',
      AssertionReasons.signature,
      `no valid certificate of client ${JSON.stringify(clientId)} verifies the signature (alg ${String(alg)}); check the private key and the alg, and see the account's token attempts in Chaman`,
      { clientId },
    ),
    detail,
    detailReason,
    detailParams: { clientId, ...detailParams },
  }) satisfies AssertionFailure;

/** The signature step: which certificate's key verifies it, and when none does, why (for the owners' eyes). */
function judgeSignature(jws: CompactJws, clientId: string, client: AssertionJudgement['client'], now: Date): { failure: AssertionFailure | null; signer: ClientCertificateRow | null } {
  const alg = jws.header.alg as AssertionAlgorithm;
  // Never recorded (no account to record it on), but worded as the client step's.
  if (!client) return { failure: signatureFailure(clientId, alg, `unknown client_id ${JSON.stringify(clientId)}: no REST account has it`, AssertionReasons.clientUnknown, {}), signer: null };
  const { account, certificates } = client;
  // The header may name the certificate: kid (its x5t#S256, its SHA-256 fingerprint or its id) or x5t#S256.
  const hint = (jws.header['x5t#S256'] ?? jws.header.kid) as unknown;
  let candidates = certificates;
  if (typeof hint === 'string') {
    const h = hint.toUpperCase().replace(/:/g, '');
    candidates = certificates.filter((c) => c.x5t_s256 === hint || c.id === hint || c.sha256_fingerprint.replace(/:/g, '') === h);
    if (candidates.length === 0) {
      const named = jws.header['x5t#S256'] ? 'x5t#S256' : 'kid';
      return {
        failure: signatureFailure(clientId, alg, `the header's ${named} ${JSON.stringify(hint.slice(0, 100))} matches no certificate of ${account.client_id}`, TokenAttemptReasons.certificateHintUnknown, {
          header: named,
          hint: hint.slice(0, 100),
        }),
        signer: null,
      };
    }
  }
  if (candidates.length === 0) return { failure: signatureFailure(clientId, alg, `${account.client_id} has no certificate`, TokenAttemptReasons.noCertificate, {}), signer: null };
  const fitting = candidates.filter((c) => algorithmFitsKey(alg, { keyAlgorithm: c.key_algorithm, curve: c.curve }));
  if (fitting.length === 0) {
    const keys = candidates.map((c) => `${c.key_algorithm} ${c.curve ?? ''}`.trim()).join(', ');
    return {
      failure: signatureFailure(clientId, alg, `alg ${alg} does not fit the key of any certificate of ${account.client_id} (${keys}): use RS*/PS* for RSA, ES384 for P-384, ES512 for P-521`, TokenAttemptReasons.algFitsNoKey, {
        alg: String(alg),
        keys,
      }),
      signer: null,
    };
  }
  // Valid certificates first: the one that answers is the one that may be used.
  const ordered = [...fitting.filter((c) => isValidAt(c, now)), ...fitting.filter((c) => !isValidAt(c, now))];
  const signer = findSigner(jws, alg, ordered, publicKeyOf) ?? null;
  if (!signer) {
    const tried = ordered.map((c) => `"${c.name}"`).join(', ');
    return {
      failure: signatureFailure(clientId, alg, `the signature does not verify with the key of any certificate of ${account.client_id} (tried: ${tried})`, TokenAttemptReasons.signatureUnverified, {
        alg: String(alg),
        tried: ordered.map((c) => `"${c.name}"`).join(', '),
      }),
      signer: null,
    };
  }
  if (!isValidAt(signer, now)) {
    const description = `certificate "${signer.name}" of ${account.client_id} is not valid now (valid ${iso(signer.not_before)} to ${iso(signer.not_after)}); add a valid certificate in Chaman`;
    return {
      failure: assertionFailure('signature', AssertionReasons.certificateNotValid, description, {
        clientId: account.client_id,
        certificate: signer.name,
        notBefore: iso(signer.not_before),
        notAfter: iso(signer.not_after),
      }),
      signer,
    };
  }
  return { failure: null, signer };
}

/** The scopes the account's permissions grant, sorted. */
export const grantedScopes = (account: ClientAccountRow) => permissionsOf(splitJoined(account.permission_codes)).map((permission) => permission.scope).sort();

/**
 * The checks of a client assertion, in the order of ASSERTION_STEPS, shared by the token endpoint and
 * the assertion debugger. One statement: the account with its certificates. The signature is checked
 * even when a claim is wrong (when the algorithm allows): whether the caller proved a key of the
 * account decides what it may be told and how its attempt is recorded.
 */
export async function judgeAssertion(ctx: ClientAuthenticationContext, assertion: string, options: JudgeOptions): Promise<AssertionJudgement> {
  const steps: StepOutcomes = new Map();
  const judgement: AssertionJudgement = { steps, clientId: null, jws: null, client: null, signer: null };
  const decoded = decodeCompactJws(assertion);
  if (!decoded.ok) {
    const problem = decoded.error;
    steps.set(
      'format',
      'parts' in problem
        ? assertionFailure('format', AssertionReasons.format, `client_assertion is not a compact JWS: it has ${problem.parts} part(s), not 3`, { parts: problem.parts })
        : assertionFailure('format', AssertionReasons.format, `client_assertion is not a JWT: its ${problem.unreadable} is not base64url-encoded JSON`, { unreadable: problem.unreadable }),
    );
    return judgement;
  }
  steps.set('format', null);
  const jws = decoded.value;
  judgement.jws = jws;
  const { header, payload: claims } = jws;
  const claimContext = { audiences: ctx.audiences, now: Math.floor(options.now.getTime() / 1000), formClientId: options.formClientId };
  if (options.mode === 'every-step') {
    for (const [step, failure] of Object.entries(assertionClaimFailures(header, claims, claimContext))) steps.set(step as AssertionStep, failure ?? null);
  } else {
    const failure = checkAssertionClaims(header, claims, claimContext);
    if (failure) steps.set(failure.step, failure);
  }
  const clientId = typeof claims.iss === 'string' ? claims.iss.slice(0, 64) : '';
  if (!clientId) return judgement;
  judgement.clientId = clientId;
  const client = await oauthRepository.client(ctx.db, clientId);
  judgement.client = client;
  steps.set('client', client ? null : assertionFailure('client', AssertionReasons.clientUnknown, `unknown client_id ${JSON.stringify(clientId)}: no REST account has it`, { clientId }));
  // Without an accepted alg no signature can be checked.
  if (steps.get('header')?.reason === AssertionReasons.alg) return judgement;
  const signature = judgeSignature(jws, clientId, client, options.now);
  steps.set('signature', signature.failure);
  judgement.signer = signature.signer;
  if (!client) return judgement;
  const failedBefore = ASSERTION_STEPS.some((step) => step !== 'client' && steps.get(step));
  if (options.mode === 'first-failure' && failedBefore) return judgement;
  const { account } = client;
  steps.set(
    'account',
    account.status === 'ACTIVE'
      ? null
      : assertionFailure('account', AssertionReasons.accountDisabled, `the account ${account.client_id} is disabled; enable it in Chaman`, { clientId: account.client_id }),
  );
  if (options.mode === 'first-failure' && steps.get('account')) return judgement;
  const granted = grantedScopes(account);
  const scopes = grantScopes(options.scope, granted);
  steps.set(
    'scope',
    'error' in scopes ? assertionFailure('scope', AssertionReasons.scope, scopes.description, { missing: scopes.missing, granted: granted.join(' ') }, 'invalid_scope') : null,
  );
  return judgement;
}

/** The first failed step, in the order of ASSERTION_STEPS (the client step never fails alone: the signature step answers for it). */
export function firstFailure(steps: StepOutcomes): AssertionFailure | null {
  for (const step of ASSERTION_STEPS) {
    if (step === 'client') continue;
    const failure = steps.get(step);
    if (failure) return failure;
  }
  return null;
}

/**
 * RFC 7523 client authentication by the form's client assertion: the account it names, and the
 * certificate of the account whose key signed it. Every refusal names the exact check that failed;
 * one about the account (its certificates, their dates and key types, its state, whether it exists)
 * only to a caller whose assertion one of its keys verifies: anyone else is told that no valid
 * certificate of the client verifies the signature, whether the client exists or not.
 */
export async function authenticateClient(
  ctx: ClientAuthenticationContext,
  form: ReadonlyMap<string, string>,
  now: Date,
  scope?: string,
): Promise<Result<AuthenticatedClient, OAuthRefusal>> {
  const type = form.get('client_assertion_type');
  if (type === undefined) return err(oauthRefusal('invalid_request', `client_assertion_type is required: ${JWT_BEARER}`));
  if (type !== JWT_BEARER) return err(oauthRefusal('invalid_request', `client_assertion_type must be ${JWT_BEARER}; got ${JSON.stringify(type.slice(0, 100))}`));
  const assertion = form.get('client_assertion');
  if (!assertion) return err(oauthRefusal('invalid_request', 'client_assertion is required: a JWT signed with the private key of a certificate of the account'));
  const judgement = await judgeAssertion(ctx, assertion, { formClientId: form.get('client_id'), scope, now, mode: 'first-failure' });
  const failure = firstFailure(judgement.steps);
  const { client, signer } = judgement;
  if (failure) {
    const proven = signer !== null;
    const detail = failure.detail ?? failure.description;
    return err({
      oauth: { error: failure.error, description: proven ? detail : failure.description },
      account: client?.account ?? null,
      certificateId: signer?.id ?? null,
      proven,
      detail,
      reason: failure.detailReason ?? failure.reason,
      params: failure.detailParams ?? failure.params,
    });
  }
  const claims = judgement.jws!.payload;
  // The checks made sure of jti (a string) and exp (a number).
  return ok({ account: client!.account, certificate: signer!, jti: { clientId: client!.account.client_id, jti: claims.jti as string, exp: claims.exp as number } });
}
