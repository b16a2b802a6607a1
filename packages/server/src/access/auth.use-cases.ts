import { AccessErrors, checkCredentialMay, checkLanguage, checkPassword, checkPersonName, CommonErrors, DEFAULT_LANGUAGE, normalizeEmail, notFound, refusal, type Refusal } from '@chaman/domain';
import type { Tx } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { isId, newId } from '../db/ids.js';
import { databaseLimiter, type Count, type Limit } from '../shared/rate-limiter.js';
import { decide, must, refuse, type Deps, type Outcome } from '../shared/use-case.js';
import { accessRepository, type Credential } from './access.repository.js';
import { requireViewer } from './authorization.js';
import type { CredentialEntity } from './credential.entity.js';
import { mailVerification } from './email-proofs.js';
import { emailTokenRepository } from './email-token.repository.js';
import { hashPassword, UNKNOWN_PERSON_HASH, verifyPassword } from './passwords.js';
import type { PersonEntity } from './person.entity.js';
import { recordPersonEvent } from './person-history.js';
import { personHistoryRepository } from './person-history.repository.js';
import { DEVICE_PREFIX, hashSecret, isDeviceId, newSecret, PERSONAL_TOKEN_PREFIX, SESSION_PREFIX } from './secrets.js';

export const FIFTEEN_MINUTES = 15 * 60_000;
export const ONE_HOUR = 60 * 60_000;

/** A new session: its secret (shown once: the edge hands it to the client) and when it ends at the latest. */
export interface NewSession {
  token: string;
  expiresAt: Date;
  person: Omit<PersonEntity, 'passwordHash'>;
  /** The device that signed in (the one presented, or a new one): the edge hands it back to the client. */
  deviceId: string;
}

function rateLimited(what: string, count: Count, now: number): Refusal {
  const retryAfterSeconds = Math.max(1, Math.ceil((count.resetAt - now) / 1000));
  return refusal(CommonErrors.rateLimited, `${what}; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`, { retryAfterSeconds }, { data: { retryAfterSeconds } });
}

/** Counts one hit in the transaction and refuses (rolling the hit back with the transaction) when over the limit. */
export async function countWithin(tx: Tx, key: string, limit: Limit, what: string, now: number): Promise<void> {
  const count = await databaseLimiter(tx).hit(key, limit, now);
  if (count.count > limit.max) refuse(rateLimited(what, count, now));
}

/**
 * Opens a session and remembers the device it was opened on (`deviceId` as the client presented
 * it, or a new one when it presented none or a malformed one).
 */
export async function createSession(tx: Tx, deps: Deps, person: Omit<PersonEntity, 'passwordHash'>, presentedDeviceId?: string | null): Promise<NewSession> {
  const token = newSecret(SESSION_PREFIX);
  const now = deps.now();
  const deviceId = isDeviceId(presentedDeviceId) ? presentedDeviceId : newSecret(DEVICE_PREFIX);
  await personHistoryRepository.rememberDevice(tx, person.id, hashSecret(deviceId), now);
  const expiresAt = new Date(now.getTime() + deps.config.sessions.maxDays * 86_400_000);
  await accessRepository.insertCredential(tx, {
    id: newId(),
    personId: person.id,
    kind: 'SESSION',
    name: null,
    secretHash: hashSecret(token),
    createdAt: now,
    lastUsedAt: now,
    expiresAt,
    revokedAt: null,
    // So that the person can tell their sessions apart (me.sessions).
    userAgent: deps.origin.userAgent?.slice(0, 300) ?? null,
    ip: deps.origin.ip?.slice(0, 64) ?? null,
    createdByCredential: null,
  });
  return { token, expiresAt, person, deviceId };
}

export interface SignUpInput {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  /** The device cookie the client presented, if any. */
  deviceId?: string | null;
  /** en, fr, nl or de; default en. */
  language?: string | null;
}

function emailTaken(email: string): Refusal {
  return refusal(AccessErrors.emailTaken, `An account with the email ${email} already exists; sign in instead`, { email });
}

/**
 * Creates the account, mails the link that proves its email, and signs in. Roles appointed to this
 * email stay PENDING until the link is followed (verifyEmail): whoever signs up first with an
 * address must not get what was meant for its owner.
 */
export function signUp(deps: Deps, input: SignUpInput): Promise<Outcome<NewSession>> {
  return decide(async () => {
    const email = must(normalizeEmail(input.email));
    must(checkPassword(input.password, email));
    const firstName = must(checkPersonName('firstName', input.firstName));
    const lastName = must(checkPersonName('lastName', input.lastName));
    const language = must(checkLanguage(input.language ?? DEFAULT_LANGUAGE));
    const ipKey = `sign-up:ip:${deps.origin.ip}`;
    const ipLimit = { max: deps.config.rateLimits.signUpPerIp, windowMs: ONE_HOUR };
    // Hash outside the transaction: scrypt takes tens of milliseconds and must not hold the write lock.
    const passwordHash = await hashPassword(input.password);
    try {
      const session = await deps.db.transact(async (tx) => {
        // Counted in the transaction that creates the account: concurrent sign-ups cannot all pass.
        await countWithin(tx, ipKey, ipLimit, 'Too many accounts were created from your network', deps.now().getTime());
        if (await accessRepository.personByEmail(tx, email)) refuse(emailTaken(email));
        const person: PersonEntity = { id: newId(), email, firstName, lastName, passwordHash, language, createdAt: deps.now(), emailVerifiedAt: null };
        await accessRepository.insertPerson(tx, person);
        await recordPersonEvent(tx, deps, person.id, 'sign-up');
        await mailVerification(tx, deps, person);
        const { passwordHash: _, ...shown } = person;
        return createSession(tx, deps, shown, input.deviceId);
      });
      deps.access.reset(session.person.id);
      return session;
    } catch (error) {
      if (isUniqueViolation(error)) refuse(emailTaken(email));
      throw error;
    }
  });
}

/**
 * Signs in. A wrong password and an unknown email get the same answer after the same work (a
 * scrypt verification and a small transaction either way). Failed attempts are limited per email
 * and per client IP: each attempt is counted before the password is checked, in one statement per
 * counter, so that concurrent attempts cannot all pass a limit read before any of them was counted;
 * a correct password takes its hit back.
 *
 * A device that signed in as this person before (`deviceId`, from its cookie) is counted on its own
 * instead of with the email: whoever fails for that email elsewhere cannot lock the owner out of a
 * device they used before (the per-IP limit still applies to it).
 *
 * Someone who never proved their email (people from before emails were proven) is mailed a link
 * to prove it, unless one they were sent is still in force.
 */
export function signIn(deps: Deps, input: { email: string; password: string; deviceId?: string | null }): Promise<Outcome<NewSession>> {
  return decide(async () => {
    const email = must(normalizeEmail(input.email));
    const person = await accessRepository.personByEmail(deps.db, email);
    const deviceHash = person && isDeviceId(input.deviceId) ? hashSecret(input.deviceId) : null;
    const knownDevice = deviceHash !== null && (await personHistoryRepository.knowsDevice(deps.db, person!.id, deviceHash));
    const ownKey = knownDevice ? `sign-in:device:${deviceHash}` : `sign-in:email:${email}`;
    const ipKey = `sign-in:ip:${deps.origin.ip}`;
    const ownLimit = { max: deps.config.rateLimits.signInPerEmail, windowMs: FIFTEEN_MINUTES };
    const ipLimit = { max: deps.config.rateLimits.signInPerIp, windowMs: FIFTEEN_MINUTES };
    await deps.db.transact(async (tx) => {
      const now = deps.now().getTime();
      await countWithin(tx, ownKey, ownLimit, knownDevice ? 'Too many failed sign-ins from this device' : 'Too many failed sign-ins for this email', now);
      await countWithin(tx, ipKey, ipLimit, 'Too many failed sign-ins from your network', now);
    });
    const valid = await verifyPassword(input.password, person?.passwordHash ?? (await UNKNOWN_PERSON_HASH));
    if (!person || !valid) {
      // Recorded in the person's history; the transaction is opened for an unknown email too, so
      // that both answers cost the same.
      await deps.db.transact(async (tx) => {
        if (person) await recordPersonEvent(tx, deps, person.id, 'sign-in-failed', { knownDevice });
      });
      refuse(refusal(AccessErrors.wrongEmailOrPassword, 'The email or the password is wrong'));
    }
    const session = await deps.db.transact(async (tx) => {
      const limiter = databaseLimiter(tx);
      await limiter.clear(ownKey);
      await limiter.unhit(ipKey);
      await recordPersonEvent(tx, deps, person.id, 'sign-in', { knownDevice });
      if (!person.emailVerifiedAt && !(await emailTokenRepository.hasLive(tx, person.id, 'VERIFY_EMAIL', deps.now()))) await mailVerification(tx, deps, person);
      const { passwordHash: _, ...shown } = person;
      return createSession(tx, deps, shown, input.deviceId);
    });
    deps.access.reset(person.id);
    return session;
  });
}

/**
 * Ends the current session; false when the request had none. A personal access token is refused:
 * signing out would not end it, and answering true made scripts believe it had.
 */
export function signOut(deps: Deps): Promise<Outcome<boolean>> {
  return decide(async () => {
    const credential = deps.viewer?.credential;
    if (!credential) return false;
    must(checkCredentialMay(credential.kind, 'signOut'));
    const person = deps.viewer!.person;
    await deps.db.transact(async (tx) => {
      await accessRepository.revokeCredential(tx, credential.id, deps.now());
      await recordPersonEvent(tx, deps, person.id, 'sign-out');
    });
    return true;
  });
}

/**
 * Creates a personal access token, in a session only: a token minting tokens would let a leaked
 * one survive its revocation. The token records the session it was created in.
 */
export function createAccessToken(deps: Deps, input: { name: string; expiresInDays: number }): Promise<Outcome<{ token: CredentialEntity; secret: string }>> {
  return decide(async () => {
    const viewer = requireViewer(deps);
    must(checkCredentialMay(viewer.credential.kind, 'createAccessToken'));
    const name = input.name.trim();
    if (name.length < 1 || name.length > 100) {
      refuse(refusal(AccessErrors.tokenName, `The token name must have 1 to 100 characters; got ${name.length}`, { min: 1, max: 100, length: name.length }));
    }
    if (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > 365) {
      refuse(refusal(AccessErrors.tokenLifetime, `expiresInDays must be from 1 to 365; got ${input.expiresInDays}`, { min: 1, max: 365, given: input.expiresInDays }));
    }
    const secret = newSecret(PERSONAL_TOKEN_PREFIX);
    const now = deps.now();
    const token: CredentialEntity = {
      id: newId(),
      personId: viewer.person.id,
      kind: 'PERSONAL_ACCESS_TOKEN',
      name,
      secretHash: hashSecret(secret),
      createdAt: now,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000),
      revokedAt: null,
      userAgent: deps.origin.userAgent?.slice(0, 300) ?? null,
      ip: deps.origin.ip?.slice(0, 64) ?? null,
      createdByCredential: viewer.credential.id,
    };
    await deps.db.transact(async (tx) => {
      await accessRepository.insertCredential(tx, token);
      await recordPersonEvent(tx, deps, viewer.person.id, 'personal-token-created', { tokenId: token.id, name, expiresAt: token.expiresAt.toISOString() });
    });
    return { token, secret };
  });
}

export function revokeAccessToken(deps: Deps, id: string): Promise<Outcome<Credential>> {
  return decide(async () => {
    const viewer = requireViewer(deps);
    const missing = (): never => refuse({ ...notFound('personal access token', id), message: `You have no personal access token with id ${JSON.stringify(id.slice(0, 64))}` });
    if (!isId(id)) missing();
    return deps.db.transact(async (tx) => {
      const token = (await accessRepository.personalToken(tx, viewer.person.id, id)) ?? missing();
      if (token.revokedAt) return token;
      const revokedAt = deps.now();
      await accessRepository.revokeCredential(tx, token.id, revokedAt);
      await recordPersonEvent(tx, deps, viewer.person.id, 'personal-token-revoked', { tokenId: token.id, name: token.name });
      return { ...token, revokedAt };
    });
  });
}
