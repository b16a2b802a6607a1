import { constants, createPublicKey, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { err, ok, type AssertionAlgorithm, type Result } from '@chaman/domain';
import type { ServerKeys, SigningKey } from './server-keys.js';

/** A compact JWS (RFC 7515, 7.1) whose header and payload are JSON objects; the signature is not verified yet. */
export interface CompactJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** The encoded header, a dot and the encoded payload: what the signature covers. */
  signingInput: string;
  /** base64url, as sent. */
  signature: string;
}

/** Why a text is not a compact JWS: its number of parts, or the part that is not base64url-encoded JSON. */
export type JwsProblem = { parts: number } | { unreadable: 'header' | 'payload' };

function jsonObjectOf(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // not JSON: the caller is told which part
  }
  return null;
}

/** The header and payload of a compact JWS, decoded. */
export function decodeCompactJws(text: string): Result<CompactJws, JwsProblem> {
  const parts = text.split('.');
  if (parts.length !== 3) return err({ parts: parts.length });
  const header = jsonObjectOf(parts[0]!);
  if (!header) return err({ unreadable: 'header' });
  const payload = jsonObjectOf(parts[1]!);
  if (!payload) return err({ unreadable: 'payload' });
  return ok({ header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: parts[2]! });
}

const HASH: Record<AssertionAlgorithm, string> = {
  RS256: 'sha256', RS384: 'sha384', RS512: 'sha512', PS256: 'sha256', PS384: 'sha384', PS512: 'sha512', ES384: 'sha384', ES512: 'sha512',
};

function verifySignature(alg: AssertionAlgorithm, key: KeyObject, input: Buffer, signature: Buffer): boolean {
  if (alg.startsWith('PS')) {
    return verify(HASH[alg], input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, signature);
  }
  if (alg.startsWith('ES')) return verify(HASH[alg], input, { key, dsaEncoding: 'ieee-p1363' }, signature);
  return verify(HASH[alg], input, key, signature);
}

/**
 * The first of the candidates whose public key verifies the JWS's signature under `alg`, if any. A
 * candidate whose key cannot be read or used counts as one that does not verify.
 */
export function findSigner<C>(jws: CompactJws, alg: AssertionAlgorithm, candidates: readonly C[], keyOf: (candidate: C) => KeyObject): C | undefined {
  const input = Buffer.from(jws.signingInput);
  const signature = Buffer.from(jws.signature, 'base64url');
  // Synchronous on purpose: on libuv's thread pool (measured) the hop cost more than the check.
  return candidates.find((candidate) => {
    try {
      return verifySignature(alg, keyOf(candidate), input, signature);
    } catch {
      return false;
    }
  });
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS signed with the server key. */
export function signJwt(key: SigningKey, header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const input = `${b64({ ...header, alg: key.alg, kid: key.kid })}.${b64(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/** The claims of an access token this server signed (with a key it still publishes) and that has not expired at `now`, else null. */
export async function verifyAccessToken(token: string, keys: Pick<ServerKeys, 'jwks'>, now: Date): Promise<Record<string, unknown> | null> {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString()) as { kid?: string; alg?: string };
    const jwk = (await keys.jwks()).keys.find((k: JsonWebKey) => k.kid === header.kid);
    if (!jwk || header.alg !== 'ES256') return null;
    const verified = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' }, Buffer.from(parts[2]!, 'base64url'));
    if (!verified) return null;
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString()) as Record<string, unknown>;
    return typeof claims.exp === 'number' && claims.exp > now.getTime() / 1000 ? claims : null;
  } catch {
    return null;
  }
}
