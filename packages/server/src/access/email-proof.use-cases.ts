import { AccessErrors, checkPassword, normalizeEmail, refusal, type AccessErrorCode } from '@chaman/domain';
import { databaseLimiter } from '../shared/rate-limiter.js';
import { decide, must, refuse, type Deps, type Outcome } from '../shared/use-case.js';
import { accessRepository } from './access.repository.js';
import { countWithin, createSession, ONE_HOUR, type NewSession } from './auth.use-cases.js';
import { requireViewer } from './authorization.js';
import type { EmailTokenEntity, EmailTokenKind } from './email-token.entity.js';
import { emailTokenRepository } from './email-token.repository.js';
import { mailPasswordReset, mailVerification, proveEmailByLink } from './email-proofs.js';
import { hashPassword } from './passwords.js';
import type { PersonEntity } from './person.entity.js';
import { recordPersonEvent } from './person-history.js';
import { hashSecret, newSecret, RESET_PASSWORD_PREFIX } from './secrets.js';

// Proving an email and recovering an account, both by a link mailed to the address: whoever can
// read the mail of an address is its owner, as far as Chaman can tell.

/** Verification mails a person may ask for in an hour (the one of the sign-up not counted). */
const RESENDS_PER_HOUR = 5;
/** Reset mails per address and per client IP in an hour: enough for a forgetful person, too few to flood a mailbox. */
const RESETS_PER_EMAIL_PER_HOUR = 5;
const RESETS_PER_IP_PER_HOUR = 30;

type Cause = 'unknown' | 'used' | 'expired';

const INVALID: Record<EmailTokenKind, { code: AccessErrorCode; what: string }> = {
  VERIFY_EMAIL: { code: AccessErrors.verificationTokenInvalid, what: 'This email confirmation link' },
  RESET_PASSWORD: { code: AccessErrors.resetTokenInvalid, what: 'This password reset link' },
  NOTIFY_EMAIL: { code: AccessErrors.verificationTokenInvalid, what: 'This address confirmation link' },
};

const CAUSE_WORDS: Record<Cause, string> = {
  unknown: 'is not valid; use the link of the most recent mail, whole',
  used: 'has been used already; each link works once',
  expired: 'has expired; ask for a new one',
};

export function invalidToken(kind: EmailTokenKind, cause: Cause): never {
  const { code, what } = INVALID[kind];
  return refuse(refusal(code, `${what} ${CAUSE_WORDS[cause]}`, { cause }));
}

/**
 * Why the token cannot be used now, or nothing when it can. A token whose person no longer has the
 * email it was mailed to proves nothing about the person: it counts as unknown.
 */
function problemWith(token: EmailTokenEntity | null, person: Pick<PersonEntity, 'email'> | null, now: Date): Cause | null {
  if (!token || !person || person.email !== token.email) return 'unknown';
  if (token.usedAt) return 'used';
  if (token.expiresAt.getTime() <= now.getTime()) return 'expired';
  return null;
}

/**
 * Proves the email the link was mailed to, with or without a session (the link is opened from the
 * mailbox, often in another browser). The roles appointed to that email become ACTIVE; the answer
 * is the person, whose memberships include them. Each link works once, within 24 hours.
 */
export function verifyEmail(deps: Deps, token: string): Promise<Outcome<Omit<PersonEntity, 'passwordHash'>>> {
  return decide(async () => {
    const secretHash = hashSecret(token.slice(0, 200));
    const person = await deps.db.transact(async (tx) => {
      const found = await emailTokenRepository.lockBySecret(tx, 'VERIFY_EMAIL', secretHash);
      const owner = found && (await accessRepository.personById(tx, found.personId));
      const cause = problemWith(found, owner, deps.now());
      if (cause) invalidToken('VERIFY_EMAIL', cause);
      if (!(await emailTokenRepository.use(tx, found!.id, deps.now()))) invalidToken('VERIFY_EMAIL', 'used');
      await proveEmailByLink(tx, deps, owner!, 'proved the email');
      const { passwordHash: _, ...shown } = owner!;
      return { ...shown, emailVerifiedAt: shown.emailVerifiedAt ?? deps.now() };
    });
    // The answer's memberships are the proven person's, with the roles just activated.
    deps.access.reset(person.id);
    return person;
  });
}

/**
 * Mails the signed-in person a new link to prove their email: true when mailed, false when the
 * email is proven already. At most RESENDS_PER_HOUR an hour.
 */
export function resendVerification(deps: Deps): Promise<Outcome<boolean>> {
  return decide(async () => {
    const viewer = requireViewer(deps);
    return deps.db.transact(async (tx) => {
      const person = await accessRepository.personById(tx, viewer.person.id);
      if (!person || person.emailVerifiedAt) return false;
      const limit = { max: RESENDS_PER_HOUR, windowMs: ONE_HOUR };
      await countWithin(tx, `verify-email:person:${person.id}`, limit, 'Too many confirmation mails were asked for', deps.now().getTime());
      await mailVerification(tx, deps, person);
      return true;
    });
  });
}

/**
 * Mails a link to choose a new password to the account with this email, if there is one; answers
 * true whatever the email, so that nobody learns from it who has an account. Unknown addresses go
 * through the same limits and the same transaction (only the mail is missing), so that the answer
 * takes about as long either way.
 */
export function requestPasswordReset(deps: Deps, input: { email: string }): Promise<Outcome<boolean>> {
  return decide(async () => {
    const normalized = normalizeEmail(input.email);
    // A malformed address has no account: nothing is mailed, and the answer is the same.
    const email = normalized.ok ? normalized.value : input.email.slice(0, 254).toLowerCase();
    const now = deps.now().getTime();
    await deps.db.transact(async (tx) => {
      await countWithin(tx, `password-reset:ip:${deps.origin.ip}`, { max: RESETS_PER_IP_PER_HOUR, windowMs: ONE_HOUR }, 'Too many password resets were asked for from your network', now);
      await countWithin(tx, `password-reset:email:${email}`, { max: RESETS_PER_EMAIL_PER_HOUR, windowMs: ONE_HOUR }, 'Too many password resets were asked for this email', now);
      const person = normalized.ok ? await accessRepository.personByEmail(tx, email) : null;
      if (person) await mailPasswordReset(tx, deps, person);
      // The work of a secret for an unknown address too: the two answers cost about the same.
      else hashSecret(newSecret(RESET_PASSWORD_PREFIX));
    });
    return true;
  });
}

/**
 * Sets a new password with a link mailed by requestPasswordReset (once, within the hour), and signs
 * in. Whoever held the account before (a thief, a forgotten browser) is out: every other session
 * and every personal access token ends, and the other reset links mailed before are spent. Reading
 * the mail proves the email, which activates the roles awaiting it.
 */
export function resetPassword(deps: Deps, input: { token: string; password: string; deviceId?: string | null }): Promise<Outcome<NewSession>> {
  return decide(async () => {
    const secretHash = hashSecret(input.token.slice(0, 200));
    // Checked before the password is hashed (tens of milliseconds), and again in the transaction.
    const seen = await emailTokenRepository.bySecret(deps.db, 'RESET_PASSWORD', secretHash);
    const seenOwner = seen && (await accessRepository.personById(deps.db, seen.personId));
    const cause = problemWith(seen, seenOwner, deps.now());
    if (cause) invalidToken('RESET_PASSWORD', cause);
    must(checkPassword(input.password, seenOwner!.email));
    const passwordHash = await hashPassword(input.password);
    const session = await deps.db.transact(async (tx) => {
      const found = await emailTokenRepository.lockBySecret(tx, 'RESET_PASSWORD', secretHash);
      const person = found && (await accessRepository.personById(tx, found.personId));
      const now = deps.now();
      const again = problemWith(found, person, now);
      if (again) invalidToken('RESET_PASSWORD', again);
      if (!(await emailTokenRepository.use(tx, found!.id, now))) invalidToken('RESET_PASSWORD', 'used');
      const owner = person!;
      await emailTokenRepository.useAll(tx, owner.id, 'RESET_PASSWORD', now);
      await accessRepository.setPasswordHash(tx, owner.id, passwordHash);
      const sessionsEnded = await accessRepository.revokeSessions(tx, owner.id, now);
      const tokensEnded = await accessRepository.revokePersonalTokens(tx, owner.id, now);
      // The failed sign-ins of whoever forgot the password must not keep them out now.
      await databaseLimiter(tx).clear(`sign-in:email:${owner.email}`);
      await proveEmailByLink(tx, deps, owner, 'reset the password with a mailed link');
      await recordPersonEvent(tx, deps, owner.id, 'password-reset', { sessionsEnded, tokensEnded });
      const { passwordHash: _, ...shown } = owner;
      return createSession(tx, deps, { ...shown, emailVerifiedAt: shown.emailVerifiedAt ?? now }, input.deviceId);
    });
    deps.access.reset(session.person.id);
    return session;
  });
}
