import { CompanyErrors, type CompanyErrorCode } from '../company/company.errors.js';
import type { RegistrationStatus } from '../company/company.js';
import { err, ok, type DomainError, type Result } from '../shared/result.js';
import { AccessErrors, type AccessErrorCode } from './access.errors.js';
import { isCommonPassword } from './common-passwords-check.js';
import { characterName, codePointLabel, deceptiveCharacter, type CharacterProblem } from './email-characters.js';

/** The roles a person may hold in a company. */
export const Roles = ['LEGAL_REPRESENTATIVE', 'CHIEF_ACCESS_MANAGER', 'ACCESS_MANAGER', 'CHAMAN'] as const;
export type Role = (typeof Roles)[number];

/** Everything someone may try to do on behalf of a company. */
export const Actions = [
  'view-company',
  'appoint-chief-access-manager',
  'revoke-chief-access-manager',
  'appoint-access-manager',
  'revoke-access-manager',
  'grant-chaman-access',
  'revoke-chaman-access',
  'view-people',
  'read-audit-log',
  'create-mandate',
  'accept-mandate',
  'end-mandate',
  'use-chaman',
  'manage-notifications',
] as const;
export type Action = (typeof Actions)[number];

/**
 * What each role allows, straight from the seed:
 * - the legal representative appoints and revokes chief access managers (himself included);
 * - a chief access manager appoints and revokes access managers and co-chiefs, grants and revokes
 *   Chaman access, mandates providers, and uses Chaman;
 * - an access manager grants and revokes Chaman access and uses Chaman;
 * - Chaman access ("Chaman - technical channel management") uses Chaman, nothing else.
 */
const GRANTS: Record<Role, readonly Action[]> = {
  LEGAL_REPRESENTATIVE: ['view-company', 'appoint-chief-access-manager', 'revoke-chief-access-manager', 'view-people'],
  CHIEF_ACCESS_MANAGER: [
    'view-company',
    'appoint-chief-access-manager',
    'revoke-chief-access-manager',
    'appoint-access-manager',
    'revoke-access-manager',
    'grant-chaman-access',
    'revoke-chaman-access',
    'view-people',
    'read-audit-log',
    'create-mandate',
    'accept-mandate',
    'end-mandate',
    'use-chaman',
    'manage-notifications',
  ],
  ACCESS_MANAGER: [
    'view-company',
    'grant-chaman-access',
    'revoke-chaman-access',
    'view-people',
    'read-audit-log',
    'accept-mandate',
    'end-mandate',
    'use-chaman',
    'manage-notifications',
  ],
  CHAMAN: ['view-company', 'use-chaman'],
};

/** The action needed to give, and to take back, each role. */
export const APPOINT_ACTION: Record<Role, Action | null> = {
  LEGAL_REPRESENTATIVE: null, // only registering the employer makes one
  CHIEF_ACCESS_MANAGER: 'appoint-chief-access-manager',
  ACCESS_MANAGER: 'appoint-access-manager',
  CHAMAN: 'grant-chaman-access',
};
export const REVOKE_ACTION: Record<Role, Action | null> = {
  LEGAL_REPRESENTATIVE: null,
  CHIEF_ACCESS_MANAGER: 'revoke-chief-access-manager',
  ACCESS_MANAGER: 'revoke-access-manager',
  CHAMAN: 'revoke-chaman-access',
};

/** A person as the rules see them: their active roles, company by company. */
export interface Actor {
  roles: Readonly<Record<string, readonly Role[]>>;
}

/** A company as the rules see it: where its registration stands, who holds an ACTIVE mandate from it (its providers). */
export interface CompanyRef {
  id: string;
  registrationStatus: RegistrationStatus;
  activeProviderIds?: readonly string[];
}

/**
 * A company whose registration is not APPROVED may be seen by its people and nothing else: until
 * a platform operator vouches for it, whoever registered an enterprise number must not be able to
 * appoint managers, upload certificates or create REST accounts in that enterprise's name.
 */
export function checkRegistration(company: CompanyRef, action: Action): Result<true, DomainError<CompanyErrorCode>> {
  if (company.registrationStatus === 'APPROVED' || action === 'view-company') return ok(true);
  if (company.registrationStatus === 'PENDING') {
    return err({
      code: CompanyErrors.awaitingApproval,
      message: 'This company is awaiting approval by a platform operator: until then it can only be seen',
      params: { action },
    });
  }
  return err({
    code: CompanyErrors.registrationRejected,
    message: 'A platform operator rejected the registration of this company: it can only be seen',
    params: { action },
  });
}

/** The roles `actor` holds in `companyId` (none when he has no role there). */
export function rolesIn(actor: Actor, companyId: string): readonly Role[] {
  return actor.roles[companyId] ?? [];
}

function allowedByRoles(roles: readonly Role[], action: Action): boolean {
  return roles.some((r) => GRANTS[r].includes(action));
}

/**
 * The one authorisation rule: may `actor` do `action` on behalf of `company`? The server asks it
 * before every change, and the admin UI asks it to decide which actions to offer.
 *
 * Through an ACTIVE mandate, the provider's people who may use Chaman for their own company may use
 * it for the mandator too (and see the company), nothing more.
 */
export function can(actor: Actor, action: Action, company: CompanyRef): boolean {
  if (!checkRegistration(company, action).ok) return false;
  if (allowedByRoles(rolesIn(actor, company.id), action)) return true;
  if (action === 'use-chaman' || action === 'view-company') {
    return (company.activeProviderIds ?? []).some((p) => allowedByRoles(rolesIn(actor, p), 'use-chaman'));
  }
  return false;
}

/** Whether the actor reaches `company` only through a mandate (for the audit's "who acted for whom"). */
export function actsThroughMandate(actor: Actor, company: CompanyRef): string | null {
  if (rolesIn(actor, company.id).length > 0) return null;
  return (company.activeProviderIds ?? []).find((p) => allowedByRoles(rolesIn(actor, p), 'use-chaman')) ?? null;
}

/** Every action the actor may take for the company, for clients that render menus. */
export function allowedActions(actor: Actor, company: CompanyRef): Action[] {
  return Actions.filter((a) => can(actor, a, company));
}

export interface RevocationFacts {
  role: Role;
  status: 'ACTIVE' | 'PENDING' | 'REVOKED';
  /** Active chief access managers of the company, this one included. */
  activeChiefCount: number;
}

/**
 * May `actor` revoke this assignment? Needs the matching revoke right; nobody but the legal
 * representative can remove the company's last active chief access manager (that would leave the
 * company with nobody able to manage access).
 */
export function checkRevocation(
  actor: Actor,
  company: CompanyRef,
  facts: RevocationFacts,
): Result<true, DomainError<AccessErrorCode>> {
  const needed = REVOKE_ACTION[facts.role];
  if (needed === null || !can(actor, needed, company)) {
    return err({
      code: AccessErrors.notAllowed,
      message: `You may not revoke the role ${facts.role} in this company`,
      params: { role: facts.role },
    });
  }
  if (facts.status === 'REVOKED') {
    return err({ code: AccessErrors.alreadyRevoked, message: 'This role assignment is already revoked', params: {} });
  }
  if (
    facts.role === 'CHIEF_ACCESS_MANAGER' &&
    facts.status === 'ACTIVE' &&
    facts.activeChiefCount <= 1 &&
    !rolesIn(actor, company.id).includes('LEGAL_REPRESENTATIVE')
  ) {
    return err({
      code: AccessErrors.lastChiefAccessManager,
      message:
        'This is the last active Chief Access Manager of the company; only the legal representative can revoke it (appoint another one first)',
      params: {},
    });
  }
  return ok(true);
}

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 1024;
export const EMAIL_MAX = 254;
export const PERSON_NAME_MAX = 100;

/**
 * Emails compare case-insensitively and by their NFKC form (fullwidth "ｊｏｈｎ" is "john"): this is
 * the form stored and compared. Refused: invisible characters, bidirectional controls, and letters
 * of different scripts in the local part or in one domain label, each named in the message.
 */
export function normalizeEmail(input: string): Result<string, DomainError<AccessErrorCode>> {
  // NFKC again after lower-casing: a few capitals lower-case to letters with a combining mark.
  const email = input.trim().normalize('NFKC').toLowerCase().normalize('NFKC');
  const problem = deceptiveCharacter(email);
  if (problem) return err(deceptiveEmail(problem));
  // Deliberately loose (one @, a dot in the domain, no spaces): the real check is the person
  // receiving mail there.
  if (email.length > EMAIL_MAX || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    return err({
      code: AccessErrors.emailFormat,
      message: `"${input.slice(0, 60)}" is not an email address (expected name@example.com, at most ${EMAIL_MAX} characters)`,
      params: { input: input.slice(0, 60), max: EMAIL_MAX },
    });
  }
  return ok(email);
}

function deceptiveEmail(problem: CharacterProblem): DomainError<AccessErrorCode> {
  const character = codePointLabel(problem.character);
  const name = characterName(problem.character);
  const named = name ? `${character} ${name}` : character;
  const at = `at position ${problem.position}`;
  if (problem.kind === 'bidi') {
    return {
      code: AccessErrors.emailBidiCharacter,
      message: `The email holds a bidirectional control, ${named} (${at}), which changes how the address is displayed; type the address without it`,
      params: { character, name, position: problem.position },
    };
  }
  if (problem.kind === 'invisible') {
    return {
      code: AccessErrors.emailInvisibleCharacter,
      message: `The email holds an invisible character, ${named} (${at}); type the address without it`,
      params: { character, name, position: problem.position },
    };
  }
  return {
    code: AccessErrors.emailMixedScript,
    message: `The email's ${problem.part} mixes ${problem.otherScript} and ${problem.script} letters: "${problem.character}" (${named}, ${at}) is a ${problem.script} letter that may look like a ${problem.otherScript} one`,
    params: { character, name, position: problem.position, letter: problem.character, script: problem.script, otherScript: problem.otherScript, part: problem.part },
  };
}

/**
 * The rules for a new password that need no list: its length, not the email again. The admin UI
 * checks these in the browser (the list of common passwords stays on the server, 110 kB it
 * would otherwise load); `checkPassword` adds the list. `email` is the account's (normalised)
 * address, or null where none is known yet.
 */
export function checkPasswordShape(password: string, email: string | null): Result<true, DomainError<AccessErrorCode>> {
  if (password.length < PASSWORD_MIN) {
    return err({
      code: AccessErrors.passwordTooShort,
      message: `The password has ${password.length} characters; use at least ${PASSWORD_MIN} (a few words make a long password easy to remember)`,
      params: { length: password.length, min: PASSWORD_MIN },
    });
  }
  if (password.length > PASSWORD_MAX) {
    return err({ code: AccessErrors.passwordTooLong, message: `The password is longer than ${PASSWORD_MAX} characters`, params: { max: PASSWORD_MAX } });
  }
  if (email !== null && repeatsEmail(password, email)) {
    return err({
      code: AccessErrors.passwordRepeatsEmail,
      message: 'The password repeats the email address; choose one that nobody can guess from the address',
      params: {},
    });
  }
  return ok(true);
}

/**
 * Rules for a new password: its length, not one of the most common, not the email again. `email`
 * is the account's (normalised) address, or null where none is known yet.
 */
export function checkPassword(password: string, email: string | null): Result<true, DomainError<AccessErrorCode>> {
  const shape = checkPasswordShape(password, email);
  if (!shape.ok) return shape;
  if (isCommonPassword(password)) {
    return err({
      code: AccessErrors.passwordCommon,
      message: 'This password is among the 10,000 most common ones, the first that attackers try; choose another (a few unrelated words make a good one)',
      params: { listed: 10_000 },
    });
  }
  return ok(true);
}

/** The least a password must hold besides the email or its local part ("ann.peeters2024" holds 4). */
const BEYOND_EMAIL_MIN = 6;

/**
 * Whether the password is mostly the email: the whole address, or its local part when that has 3
 * characters or more, taken out (ignoring case), leaves fewer than BEYOND_EMAIL_MIN characters.
 */
function repeatsEmail(password: string, email: string): boolean {
  const local = email.slice(0, email.lastIndexOf('@'));
  let rest = password.toLowerCase().split(email.toLowerCase()).join('');
  if (local.length >= 3) rest = rest.split(local.toLowerCase()).join('');
  return rest.length < password.length && rest.length < BEYOND_EMAIL_MIN;
}

const NAME_FIELD_WORDS = { firstName: 'First name', lastName: 'Last name' } as const;

export function checkPersonName(field: keyof typeof NAME_FIELD_WORDS, input: string): Result<string, DomainError<AccessErrorCode>> {
  const name = input.trim().replace(/\s+/g, ' ');
  if (name.length === 0 || name.length > PERSON_NAME_MAX) {
    return err({
      code: AccessErrors.personName,
      message: `${NAME_FIELD_WORDS[field]} must have 1 to ${PERSON_NAME_MAX} characters; got ${name.length}`,
      params: { field, min: 1, max: PERSON_NAME_MAX, length: name.length },
    });
  }
  return ok(name);
}

/**
 * Whether a person is a platform operator: their email is listed (OPERATOR_EMAILS, normalised
 * as normalizeEmail does) and they have proven it, so that signing up with a listed address is
 * not enough.
 */
export function isPlatformOperator(person: { email: string; emailVerified: boolean }, operatorEmails: ReadonlySet<string>): boolean {
  return person.emailVerified && operatorEmails.has(person.email.trim().toLowerCase());
}
