import { AccessErrors, checkCredentialMay, checkPassword, notFound, refusal } from '@chaman/domain';
import { isId } from '../db/ids.js';
import { databaseLimiter } from '../shared/rate-limiter.js';
import { decide, must, refuse, type Deps, type Outcome } from '../shared/use-case.js';
import { accessRepository } from './access.repository.js';
import { countWithin, FIFTEEN_MINUTES } from './auth.use-cases.js';
import { requireViewer } from './authorization.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { recordPersonEvent } from './person-history.js';

// A person's own credentials: the password, and the sessions signed in with it. Each operation
// needs a session (checkCredentialMay): a personal access token is for scripts.

const wrongCurrentPassword = () => refusal(AccessErrors.currentPasswordWrong, 'The current password is wrong');

/**
 * Changes the password and ends every other session of the person; the current one and the
 * personal access tokens stay. Wrong current passwords count against the same limit as failed
 * sign-ins with the person's email: a stolen session gives no extra guesses at the password.
 */
export function changePassword(deps: Deps, input: { currentPassword: string; newPassword: string }): Promise<Outcome<boolean>> {
  return decide(async () => {
    const viewer = requireViewer(deps);
    must(checkCredentialMay(viewer.credential.kind, 'changePassword'));
    must(checkPassword(input.newPassword, viewer.person.email));
    const key = `sign-in:email:${viewer.person.email}`;
    const limit = { max: deps.config.rateLimits.signInPerEmail, windowMs: FIFTEEN_MINUTES };
    // Counted in a transaction of its own before the check, so that concurrent guesses cannot all
    // pass a limit read before any of them was counted (as signIn does).
    await deps.db.transact((tx) => countWithin(tx, key, limit, 'Too many wrong passwords for this account', deps.now().getTime()));
    const current = await accessRepository.passwordHashOf(deps.db, viewer.person.id);
    if (!current || !(await verifyPassword(input.currentPassword, current))) refuse(wrongCurrentPassword());
    // Hashed outside the transaction: scrypt takes tens of milliseconds and must not hold the write lock.
    const passwordHash = await hashPassword(input.newPassword);
    await deps.db.transact(async (tx) => {
      // A concurrent change got there first: the password checked is no longer the person's.
      if (!(await accessRepository.replacePasswordHash(tx, viewer.person.id, current, passwordHash))) refuse(wrongCurrentPassword());
      await databaseLimiter(tx).clear(key);
      const ended = await accessRepository.revokeSessions(tx, viewer.person.id, deps.now(), { except: viewer.credential.id });
      await recordPersonEvent(tx, deps, viewer.person.id, 'password-changed', { sessionsEnded: ended });
    });
    return true;
  });
}

/**
 * Ends one of the caller's sessions (the current one too, if asked). True when it ended it now,
 * false when it had already ended; NOT_FOUND for an id that is not one of the caller's sessions.
 */
export function revokeSession(deps: Deps, id: string): Promise<Outcome<boolean>> {
  return decide(async () => {
    const viewer = requireViewer(deps);
    must(checkCredentialMay(viewer.credential.kind, 'revokeSession'));
    const missing = (): never => refuse({ ...notFound('session', id), message: `You have no session with id ${JSON.stringify(id.slice(0, 64))}` });
    if (!isId(id)) missing();
    return deps.db.transact(async (tx) => {
      if (!(await accessRepository.hasSession(tx, viewer.person.id, id))) missing();
      return (await accessRepository.revokeSessions(tx, viewer.person.id, deps.now(), { only: id })) > 0;
    });
  });
}

/** Ends every session of the caller, the current one included. Personal access tokens stay. */
export function signOutEverywhere(deps: Deps): Promise<Outcome<boolean>> {
  return decide(async () => {
    const viewer = requireViewer(deps);
    must(checkCredentialMay(viewer.credential.kind, 'signOutEverywhere'));
    await deps.db.transact((tx) => accessRepository.revokeSessions(tx, viewer.person.id, deps.now()));
    return true;
  });
}
