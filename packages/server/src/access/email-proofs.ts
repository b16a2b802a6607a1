import type { Tx } from '../db/database.js';
import { newId } from '../db/ids.js';
import { enqueue } from '../mail/outbox.js';
import { audit } from '../shared/audit.js';
import { emitEvent } from '../webhook/events.js';
import type { Deps } from '../shared/use-case.js';
import { accessRepository } from './access.repository.js';
import type { EmailTokenKind } from './email-token.entity.js';
import { emailTokenRepository } from './email-token.repository.js';
import { identityLinkRepository } from './identity-link.repository.js';
import type { PersonEntity } from './person.entity.js';
import { hashSecret, newSecret, NOTIFY_EMAIL_PREFIX, RESET_PASSWORD_PREFIX, VERIFY_EMAIL_PREFIX } from './secrets.js';

export const VERIFY_EMAIL_HOURS = 24;
export const RESET_PASSWORD_HOURS = 1;
const HOUR = 60 * 60_000;

type Addressee = Pick<PersonEntity, 'id' | 'email' | 'firstName' | 'language'>;

/**
 * Makes the roles appointed to the person's email before they proved it ACTIVE, each change
 * audited in its company with `reason`. Only for an email the person has just shown to be theirs.
 */
export async function activatePendingRoles(tx: Tx, deps: Deps, person: Pick<PersonEntity, 'id' | 'email' | 'firstName' | 'lastName'>, reason: string): Promise<void> {
  for (const a of await accessRepository.pendingRolesOf(tx, person.email)) {
    await accessRepository.activateRole(tx, a.id, person.id);
    await audit(tx, { ...deps, viewer: null }, {
      companyId: a.companyId,
      action: 'role.activated',
      targetType: 'role-assignment',
      targetId: a.id,
      details: { role: a.role, email: person.email, before: 'PENDING', after: 'ACTIVE', reason, personName: `${person.firstName} ${person.lastName}` },
    });
    await emitEvent(tx, deps.now(), a.companyId, 'role.changed', { roleAssignmentId: a.id, role: a.role, email: person.email, status: 'ACTIVE', change: 'activated' });
  }
}

const PREFIXES: Record<EmailTokenKind, string> = { VERIFY_EMAIL: VERIFY_EMAIL_PREFIX, RESET_PASSWORD: RESET_PASSWORD_PREFIX, NOTIFY_EMAIL: NOTIFY_EMAIL_PREFIX };

/**
 * A new single-use link secret of `kind` for `person.email` (a person's own address, or for
 * NOTIFY_EMAIL a company's shared address that the person set); only its hash is stored.
 */
export async function issueToken(tx: Tx, deps: Deps, person: Pick<Addressee, 'id' | 'email'>, kind: EmailTokenKind, id = newId()): Promise<string> {
  const secret = newSecret(PREFIXES[kind]);
  const now = deps.now();
  const hours = kind === 'RESET_PASSWORD' ? RESET_PASSWORD_HOURS : VERIFY_EMAIL_HOURS;
  await emailTokenRepository.insert(tx, {
    id,
    kind,
    personId: person.id,
    email: person.email,
    secretHash: hashSecret(secret),
    createdAt: now,
    expiresAt: new Date(now.getTime() + hours * HOUR),
    usedAt: null,
  });
  return secret;
}

/** Mails the person a link that proves their email ($PUBLIC_URL/verify-email?token=...), in their language. */
export async function mailVerification(tx: Tx, deps: Deps, person: Addressee): Promise<void> {
  const secret = await issueToken(tx, deps, person, 'VERIFY_EMAIL');
  const url = `${deps.config.publicUrl}/verify-email?token=${encodeURIComponent(secret)}`;
  await enqueue(tx, { kind: 'verification', to: person.email, language: person.language, params: { firstName: person.firstName, email: person.email, url } }, deps.now());
}

/** Mails the person a link to choose a new password ($PUBLIC_URL/reset-password?token=...), in their language. */
export async function mailPasswordReset(tx: Tx, deps: Deps, person: Addressee): Promise<void> {
  const secret = await issueToken(tx, deps, person, 'RESET_PASSWORD');
  const url = `${deps.config.publicUrl}/reset-password?token=${encodeURIComponent(secret)}`;
  await enqueue(tx, { kind: 'passwordReset', to: person.email, language: person.language, params: { firstName: person.firstName, email: person.email, url } }, deps.now());
}

/**
 * Records that the person proved their email by a mailed link, and activates the roles awaiting it.
 * When this is the first proof, the links to identities at providers go: each was made while the
 * email was unproven (a provider vouching for it would have proven it), so whoever made one may
 * have claimed the address at a provider that does not check it, before its owner came.
 */
export async function proveEmailByLink(tx: Tx, deps: Deps, person: Pick<PersonEntity, 'id' | 'email' | 'firstName' | 'lastName'>, reason: string): Promise<{ proven: boolean; linksRemoved: number }> {
  const proven = await identityLinkRepository.markEmailVerified(tx, person.id, deps.now());
  const linksRemoved = proven ? await identityLinkRepository.removeAllOf(tx, person.id) : 0;
  await activatePendingRoles(tx, deps, person, reason);
  return { proven, linksRemoved };
}
