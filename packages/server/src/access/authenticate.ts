import { AccessErrors, refusal, type Refusal } from '@chaman/domain';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Viewer } from './access-loader.js';
import { accessRepository } from './access.repository.js';
import { hashSecret } from './secrets.js';

/** Don't rewrite last_used_at on every request: once a minute is precise enough for idle expiry. */
const TOUCH_AFTER_MS = 60_000;

/**
 * Finds who presents `secret` (a session or a personal access token). Returns the viewer, or null
 * with the reason the credential was refused (so that an expired session gets "sign in again",
 * not a bare "unauthenticated").
 */
export async function authenticate(db: Db, config: Config, secret: string | null, now = Date.now()): Promise<{ viewer: Viewer | null; problem: Refusal | null }> {
  if (!secret) return { viewer: null, problem: null };
  const facts = await accessRepository.credentialFacts(db, hashSecret(secret), now);
  if (!facts) return { viewer: null, problem: refusal(AccessErrors.credentialInvalid, 'The session or token is not valid; sign in again') };
  const { credential } = facts;
  if (credential.revokedAt) return { viewer: null, problem: refusal(AccessErrors.sessionRevoked, 'This session or token was revoked; sign in again') };
  if (credential.expiresAt.getTime() <= now) {
    return { viewer: null, problem: refusal(AccessErrors.sessionExpired, 'This session or token has expired; sign in again', { cause: 'lifetime' }) };
  }
  if (credential.kind === 'SESSION' && credential.lastUsedAt.getTime() + config.sessions.idleMinutes * 60_000 <= now) {
    return {
      viewer: null,
      problem: refusal(AccessErrors.sessionExpired, 'This session expired after a period of inactivity; sign in again', {
        cause: 'inactivity',
        idleMinutes: config.sessions.idleMinutes,
      }),
    };
  }
  if (now - credential.lastUsedAt.getTime() > TOUCH_AFTER_MS) {
    await db.transact((tx) => accessRepository.touchCredential(tx, credential.id, new Date(now)));
  }
  return { viewer: { person: facts.person, credential, roles: facts.roles, companies: facts.companies }, problem: null };
}
