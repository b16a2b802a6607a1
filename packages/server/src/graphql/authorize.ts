import { can, type Action, type Actor } from '@chaman/domain';
import type { LoadedCompany, Viewer } from '../access/viewer.js';
import { isId } from '../db/ids.js';
import type { Context } from './context.js';
import { clientError, ErrorCode } from './errors.js';

/** The caller, or UNAUTHENTICATED saying why (no credential, expired, revoked). */
export function requireViewer(ctx: Context): Viewer {
  if (ctx.viewer) return ctx.viewer;
  throw clientError(ErrorCode.unauthenticated, ctx.authProblem ?? 'Sign in first: this operation needs an authenticated person');
}

export function notFound(what: string, id: string): never {
  throw clientError(ErrorCode.notFound, `No ${what} with id ${JSON.stringify(id.slice(0, 64))} exists or is visible to you`);
}

/** The company if the caller has any role in it (or reaches it by mandate), else null: never tells which. */
export async function visibleCompany(ctx: Context, companyId: string): Promise<{ company: LoadedCompany; actor: Actor } | null> {
  if (!ctx.viewer || !isId(companyId)) return null;
  const [company, actor] = await Promise.all([ctx.access.company(companyId), ctx.access.actor()]);
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
};

/**
 * The one gate in front of every company-scoped operation: UNAUTHENTICATED without a caller,
 * NOT_FOUND when the company does not exist or the caller has no role in it (indistinguishable),
 * FORBIDDEN when a role is there but not the right. The rule itself is the domain's `can`.
 */
export async function authorize(ctx: Context, action: Action, companyId: string): Promise<{ company: LoadedCompany; actor: Actor; viewer: Viewer }> {
  const viewer = requireViewer(ctx);
  const found = await visibleCompany(ctx, companyId);
  if (!found) notFound('company', companyId);
  if (!can(found.actor, action, found.company.ref)) {
    throw clientError(ErrorCode.forbidden, `You may not ${ACTION_WORDS[action]}`, { action });
  }
  return { ...found, viewer };
}
