import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  algorithmFitsKey,
  checkAssertionClaims,
  err,
  isCertificateValidAt,
  JWT_BEARER,
  ok,
  type AssertionAlgorithm,
  type OAuthError,
  type OAuthErrorCode,
  type Result,
} from '@chaman/domain';
import type { Reader } from '../db/database.js';
import { decodeCompactJws, findSigner } from './jwt.js';
import { oauthRepository, type ClientAccountRow, type ClientCertificateRow } from './oauth.repository.js';

/** A refused OAuth request: the RFC 6749 5.2 error, and the account and certificate it concerns (for the attempt log) when known. */
export interface OAuthRefusal {
  oauth: OAuthError;
  account: ClientAccountRow | null;
  certificateId: string | null;
}

export function oauthRefusal(error: OAuthErrorCode, description: string, account: ClientAccountRow | null = null, certificateId: string | null = null): OAuthRefusal {
  return { oauth: { error, description }, account, certificateId };
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
    key = createPublicKey({ key: JSON.parse(certificate.jwk), format: 'jwk' });
    keyCache.set(certificate.id, key);
  }
  return key;
}

// PostgreSQL answers its bigint columns as text, SQLite as numbers: milliseconds either way.
const isValidAt = (c: ClientCertificateRow, at: Date) => isCertificateValidAt({ notBefore: new Date(Number(c.not_before)), notAfter: new Date(Number(c.not_after)) }, at);
const iso = (ms: string | number) => new Date(Number(ms)).toISOString();

/**
 * RFC 7523 client authentication by the form's client assertion: the account it names, and the
 * certificate of the account whose key signed it. Every refusal names the exact check that failed.
 * One statement: the account with its certificates.
 */
export async function authenticateClient(ctx: ClientAuthenticationContext, form: ReadonlyMap<string, string>, now: Date): Promise<Result<AuthenticatedClient, OAuthRefusal>> {
  const type = form.get('client_assertion_type');
  if (type === undefined) return err(oauthRefusal('invalid_request', `client_assertion_type is required: ${JWT_BEARER}`));
  if (type !== JWT_BEARER) return err(oauthRefusal('invalid_request', `client_assertion_type must be ${JWT_BEARER}; got ${JSON.stringify(type.slice(0, 100))}`));
  const assertion = form.get('client_assertion');
  if (!assertion) return err(oauthRefusal('invalid_request', 'client_assertion is required: a JWT signed with the private key of a certificate of the account'));
  const decoded = decodeCompactJws(assertion);
  if (!decoded.ok) {
    const problem = decoded.error;
    return err(
      oauthRefusal(
        'invalid_client',
        'parts' in problem
          ? `client_assertion is not a compact JWS: it has ${problem.parts} part(s), not 3`
          : `client_assertion is not a JWT: its ${problem.unreadable} is not base64url-encoded JSON`,
      ),
    );
  }
  const jws = decoded.value;
  const { header, payload: claims } = jws;
  const claimError = checkAssertionClaims(header, claims, { audiences: ctx.audiences, now: Math.floor(now.getTime() / 1000), formClientId: form.get('client_id') });
  const clientId = typeof claims.iss === 'string' ? claims.iss.slice(0, 64) : '';
  // Read even when a claim is wrong: the refusal is then recorded on the account it names.
  const client = clientId ? await oauthRepository.client(ctx.db, clientId) : null;
  if (claimError) return err({ oauth: claimError, account: client?.account ?? null, certificateId: null });
  if (!client) return err(oauthRefusal('invalid_client', `unknown client_id ${JSON.stringify(clientId)}: no REST account has it`));
  const { account, certificates } = client;
  if (account.status !== 'ACTIVE') return err(oauthRefusal('invalid_client', `the account ${account.client_id} is disabled; enable it in Chaman`, account));
  const alg = header.alg as AssertionAlgorithm;
  // The header may name the certificate: kid (its x5t#S256, its SHA-256 fingerprint or its id) or x5t#S256.
  const hint = (header['x5t#S256'] ?? header.kid) as unknown;
  let candidates = certificates;
  if (typeof hint === 'string') {
    const h = hint.toUpperCase().replace(/:/g, '');
    candidates = certificates.filter((c) => c.x5t_s256 === hint || c.id === hint || c.sha256_fingerprint.replace(/:/g, '') === h);
    if (candidates.length === 0) {
      return err(
        oauthRefusal('invalid_client', `the header's ${header['x5t#S256'] ? 'x5t#S256' : 'kid'} ${JSON.stringify(hint.slice(0, 100))} matches no certificate of ${account.client_id}`, account),
      );
    }
  }
  const valid = candidates.filter((c) => isValidAt(c, now));
  if (valid.length === 0) {
    const c = candidates[0];
    return err(
      oauthRefusal(
        'invalid_client',
        c
          ? `certificate "${c.name}" of ${account.client_id} is not valid now (valid ${iso(c.not_before)} to ${iso(c.not_after)}); add a valid certificate in Chaman`
          : `${account.client_id} has no certificate`,
        account,
        c?.id ?? null,
      ),
    );
  }
  const fitting = valid.filter((c) => algorithmFitsKey(alg, { keyAlgorithm: c.key_algorithm, curve: c.curve }));
  if (fitting.length === 0) {
    return err(
      oauthRefusal(
        'invalid_client',
        `alg ${alg} does not fit the key of any valid certificate of ${account.client_id} (${valid.map((c) => `${c.key_algorithm} ${c.curve ?? ''}`.trim()).join(', ')}): use RS*/PS* for RSA, ES384 for P-384, ES512 for P-521`,
        account,
      ),
    );
  }
  const signer = findSigner(jws, alg, fitting, publicKeyOf);
  if (!signer) {
    return err(oauthRefusal('invalid_client', `the signature does not verify with the key of any valid certificate of ${account.client_id} (tried: ${fitting.map((c) => `"${c.name}"`).join(', ')})`, account));
  }
  // checkAssertionClaims made sure of jti (a string) and exp (a number).
  return ok({ account, certificate: signer, jti: { clientId: account.client_id, jti: claims.jti as string, exp: claims.exp as number } });
}
