import type { Action, Actor } from '@chaman/domain';
import type { LoadedCompany, Viewer } from '../access/access-loader.js';
import * as authorization from '../access/authorization.js';
import { Refused } from '../shared/use-case.js';
import type { Context } from './context.js';
import { toGraphQLError } from './errors.js';

/** An access check's refusal as the GraphQL error clients get; anything else as it is. */
function rethrow(error: unknown): never {
  if (error instanceof Refused) throw toGraphQLError(error.refusal);
  throw error;
}

/** The caller, or UNAUTHENTICATED saying why. */
export function requireViewer(ctx: Context): Viewer {
  try {
    return authorization.requireViewer(ctx.deps);
  } catch (error) {
    rethrow(error);
  }
}

export function visibleCompany(ctx: Context, companyId: string): Promise<{ company: LoadedCompany; actor: Actor } | null> {
  return authorization.visibleCompany(ctx.deps, companyId);
}

/** For resolvers that read: the access context's gate, its refusal as a GraphQL error. */
export function authorize(ctx: Context, action: Action, companyId: string): Promise<{ company: LoadedCompany; actor: Actor; viewer: Viewer }> {
  return authorization.authorize(ctx.deps, action, companyId).catch(rethrow);
}
