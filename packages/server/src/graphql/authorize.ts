import type { Action, Actor } from '@chaman/domain';
import type { LoadedCompany, Viewer } from '../access/access-loader.js';
import * as authorization from '../access/authorization.js';
import { Refused } from '../shared/use-case.js';
import type { Context } from './context.js';
import { toGraphQLError } from './errors.js';

/** Runs an authorization check of the access context, its refusal thrown as a GraphQL error. */
async function edge<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Refused) throw toGraphQLError(error.refusal);
    throw error;
  }
}

/** The caller, or UNAUTHENTICATED saying why. */
export function requireViewer(ctx: Context): Viewer {
  if (ctx.viewer) return ctx.viewer;
  try {
    return authorization.requireViewer(ctx.deps);
  } catch (error) {
    if (error instanceof Refused) throw toGraphQLError(error.refusal);
    throw error;
  }
}

export function visibleCompany(ctx: Context, companyId: string): Promise<{ company: LoadedCompany; actor: Actor } | null> {
  return authorization.visibleCompany(ctx.deps, companyId);
}

/** For resolvers that read: the access context's gate, its refusal as a GraphQL error. */
export function authorize(ctx: Context, action: Action, companyId: string): Promise<{ company: LoadedCompany; actor: Actor; viewer: Viewer }> {
  return edge(() => authorization.authorize(ctx.deps, action, companyId));
}
