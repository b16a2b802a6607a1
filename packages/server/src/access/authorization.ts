import { AccessErrors, can, checkRegistration, isPlatformOperator, notFound, refusal, type Action, type Actor } from '@chaman/domain';
import { isId } from '../db/ids.js';
import { must, refuse, type Deps } from '../shared/use-case.js';
import type { LoadedCompany, Viewer } from './access-loader.js';

/** The caller, or UNAUTHENTICATED saying why (no credential, expired, revoked). */
export function requireViewer(deps: Deps): Viewer {
  if (deps.viewer) return deps.viewer;
  refuse(deps.authProblem ?? refusal(AccessErrors.signInRequired, 'Sign in first: this operation needs an authenticated person'));
}

/** The company if the caller has any role in it (or reaches it by mandate), else null: never tells which. */
export async function visibleCompany(deps: Deps, companyId: string): Promise<{ company: LoadedCompany; actor: Actor } | null> {
  if (!deps.viewer || !isId(companyId)) return null;
  const [company, actor] = await Promise.all([deps.access.company(companyId), deps.access.actor()]);
  if (!company || !can(actor, 'view-company', company.ref)) return null;
  return { company, actor };
}

const ACTION_WORDS: Record<Action, string> = {
  'view-company': 'see this company',
  'appoint-chief-access-manager': 'appoint a Chief Access Manager (the legal representative or a Chief Access Manager may)',
  'revoke-chief-access-manager': 'revoke a Chief Access Manager (the legal representative or a Chief Access Manager may)',
  'appoint-access-manager': 'appoint an Access Manager (a Chief Access Manager may)',
  'revoke-access-manager': 'revoke an Access Manager (a Chief Access Manager may)',
  'grant-chaman-access': 'grant Chaman access (a Chief Access Manager or an Access Manager may)',
  'revoke-chaman-access': 'revoke Chaman access (a Chief Access Manager or an Access Manager may)',
  'view-people': "see the company's people and roles",
  'read-audit-log': 'read the audit log (a Chief Access Manager or an Access Manager may)',
  'create-mandate': 'mandate a provider (a Chief Access Manager may)',
  'accept-mandate': 'accept a mandate (a Chief Access Manager or an Access Manager of the provider may)',
  'end-mandate': 'end a mandate (a Chief Access Manager or an Access Manager of either company may)',
  'use-chaman': 'use Chaman for this company (a Chief Access Manager, an Access Manager or a person with Chaman access may)',
  'manage-notifications': "manage this company's webhooks and notification address (a Chief Access Manager or an Access Manager may)",
};

export function notAllowed(action: Action): never {
  refuse(refusal(AccessErrors.notAllowed, `You may not ${ACTION_WORDS[action]}`, { action }));
}

/**
 * The one gate in front of every company-scoped operation: UNAUTHENTICATED without a caller,
 * NOT_FOUND when the company does not exist or the caller has no role in it (indistinguishable),
 * FORBIDDEN when a role is there but not the right, or when the company's registration is not
 * APPROVED (company/awaiting-approval, company/registration-rejected: only seeing it is allowed).
 * The rule itself is the domain's `can`.
 * `what` names the object the caller asked for, so that its NOT_FOUND says the same whether the
 * object or its company is out of reach.
 */
export async function authorize(
  deps: Deps,
  action: Action,
  companyId: string,
  what: { kind: string; id: string } = { kind: 'company', id: companyId },
): Promise<{ company: LoadedCompany; actor: Actor; viewer: Viewer }> {
  const viewer = requireViewer(deps);
  const found = await visibleCompany(deps, companyId);
  if (!found) refuse(notFound(what.kind, what.id));
  must(checkRegistration(found.company.ref, action));
  if (!can(found.actor, action, found.company.ref)) notAllowed(action);
  return { ...found, viewer };
}

/** Whether the caller is a platform operator (a proven email listed in OPERATOR_EMAILS). */
export function isOperator(deps: Deps): boolean {
  const person = deps.viewer?.person;
  return !!person && isPlatformOperator({ email: person.email, emailVerified: person.emailVerifiedAt !== null }, deps.config.operatorEmails);
}

/** The caller if a platform operator, else FORBIDDEN (UNAUTHENTICATED without a caller). */
export function requireOperator(deps: Deps): Viewer {
  const viewer = requireViewer(deps);
  if (isOperator(deps)) return viewer;
  // Telling a listed person that the proof is what is missing helps them and tells nobody else anything.
  const listed = deps.config.operatorEmails.has(viewer.person.email);
  refuse(
    refusal(
      AccessErrors.notAnOperator,
      listed
        ? 'Only platform operators may do this: your email is listed as an operator\'s, but you have not proven it yet'
        : 'Only platform operators may do this (people whose proven email is listed in OPERATOR_EMAILS)',
      { emailProven: viewer.person.emailVerifiedAt !== null },
    ),
  );
}
