import { randomBytes } from 'node:crypto';
import { AccessErrors, checkLanguage, DEFAULT_LANGUAGE, normalizeEmail, PERSON_NAME_MAX, refusal } from '@chaman/domain';
import type { Tx } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { newId } from '../db/ids.js';
import { decide, must, refuse, type Deps, type Outcome } from '../shared/use-case.js';
import { accessRepository } from './access.repository.js';
import { createSession, type NewSession } from './auth.use-cases.js';
import { activatePendingRoles } from './email-proofs.js';
import { identityLinkRepository } from './identity-link.repository.js';
import { hashPassword } from './passwords.js';
import type { PersonEntity } from './person.entity.js';

/** What an OpenID provider said about the person, from a verified ID token. */
export interface ProvidedIdentity {
  issuer: string;
  /** The provider's `sub`. */
  subject: string;
  email: string | null;
  /** The provider's `email_verified`: true only when it says so. */
  emailVerified: boolean;
  givenName: string | null;
  familyName: string | null;
  /** The provider's `locale` claim (e.g. fr-BE), if any: a new account's language when Chaman speaks it. */
  locale?: string | null;
  /** The full name, for providers that give no given and family names. */
  name: string | null;
}

/** The OpenID Connect specification bounds `sub` at 255 ASCII characters; our column too. */
const SUBJECT_MAX = 255;

const cut = (text: string | null) => (text ?? '').trim().replace(/\s+/g, ' ').slice(0, PERSON_NAME_MAX).trim();

/** First and last name from the claims; the email's local part when the provider gives no name at all. */
function namesOf(identity: ProvidedIdentity, email: string): { firstName: string; lastName: string } {
  const [first = '', ...rest] = cut(identity.name).split(' ');
  const firstName = cut(identity.givenName) || cut(first) || cut(email.split('@')[0] ?? email);
  const lastName = cut(identity.familyName) || cut(rest.join(' '));
  return { firstName, lastName };
}

const SSO = 'signed in with single sign-on';

/**
 * Signs in with an identity vouched for by the OpenID provider. The identity is linked to a person
 * by its issuer and subject, once; from then on only the subject counts, whatever the email.
 *
 * The first time: a person with the same email gets the link only when the provider says it
 * verified the email, otherwise anyone able to claim an address at the provider would take over
 * that account. Without such a person, an account is made (with a password nobody knows), its
 * email counted as proven and the roles awaiting it activated only when the provider verified it.
 */
export function signInWithOidc(deps: Deps, identity: ProvidedIdentity): Promise<Outcome<NewSession & { created: boolean }>> {
  return decide(async () => {
    if (identity.subject.length === 0 || identity.subject.length > SUBJECT_MAX) {
      refuse(refusal(AccessErrors.oidcFailed, 'The identity provider gave an unusable subject', { cause: 'claims' }));
    }
    // The usual case, an identity seen before, needs no password hash: only make one when an account may be created.
    const known = await identityLinkRepository.personOf(deps.db, identity.issuer, identity.subject);
    const email = identity.email ? must(normalizeEmail(identity.email)) : null;
    const passwordHash = known ? null : await hashPassword(randomBytes(32).toString('base64url'));
    // Two callbacks for one new identity may race: the loser's insert violates a unique key, and
    // its second attempt finds the link the winner made.
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await deps.db.transact((tx) => linkAndSignIn(tx, deps, identity, email, passwordHash));
        deps.access.reset(outcome.person.id);
        return outcome;
      } catch (error) {
        if (attempt === 1 && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  });
}

async function linkAndSignIn(
  tx: Tx,
  deps: Deps,
  identity: ProvidedIdentity,
  email: string | null,
  passwordHash: string | null,
): Promise<NewSession & { created: boolean }> {
  const now = deps.now();
  const vouched = identity.emailVerified && email !== null;
  let person = await identityLinkRepository.personOf(tx, identity.issuer, identity.subject);
  let created = false;
  if (person) {
    // The provider may prove later what it did not at the first sign-in.
    if (vouched && email === person.email && !person.emailVerifiedAt) person = await proveEmail(tx, deps, person, now);
  } else {
    if (!email) refuse(refusal(AccessErrors.oidcEmailMissing, 'The identity provider gave no email address; an account needs one'));
    const existing = await accessRepository.personByEmail(tx, email);
    if (existing) {
      if (!vouched) {
        refuse(refusal(AccessErrors.oidcEmailUnverified, `An account with the email ${email} exists, and the identity provider has not verified that this email is yours; sign in with your password`, { email }));
      }
      if (await identityLinkRepository.subjectOf(tx, existing.id, identity.issuer)) {
        refuse(refusal(AccessErrors.oidcAlreadyLinked, `The account with the email ${email} is linked to another identity at this provider`, { email }));
      }
      await identityLinkRepository.insert(tx, { issuer: identity.issuer, subject: identity.subject, personId: existing.id, createdAt: now });
      person = existing.emailVerifiedAt ? existing : await proveEmail(tx, deps, existing, now);
    } else {
      if (!passwordHash) throw new Error('an account is made without a password hash');
      const spoken = checkLanguage((identity.locale ?? '').slice(0, 2).toLowerCase());
      const language = spoken.ok ? spoken.value : DEFAULT_LANGUAGE;
      person = { id: newId(), email, ...namesOf(identity, email), passwordHash, language, createdAt: now, emailVerifiedAt: vouched ? now : null };
      await accessRepository.insertPerson(tx, person);
      await identityLinkRepository.insert(tx, { issuer: identity.issuer, subject: identity.subject, personId: person.id, createdAt: now });
      if (vouched) await activatePendingRoles(tx, deps, person, 'signed up with single sign-on');
      created = true;
    }
  }
  const { passwordHash: _, ...shown } = person;
  return { ...(await createSession(tx, deps, shown)), created };
}

async function proveEmail(tx: Tx, deps: Deps, person: PersonEntity, at: Date): Promise<PersonEntity> {
  await identityLinkRepository.markEmailVerified(tx, person.id, at);
  await activatePendingRoles(tx, deps, person, SSO);
  return { ...person, emailVerifiedAt: at };
}
