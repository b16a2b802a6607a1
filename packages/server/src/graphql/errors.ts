import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { publicCodeOf, type Refusal } from '@chaman/domain';
import type { Outcome } from '../shared/use-case.js';

/** The error codes of the public contract (API.md), plus the ones graphql-js and Apollo produce. */
export const ErrorCode = {
  unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  notFound: 'NOT_FOUND',
  badUserInput: 'BAD_USER_INPUT',
  conflict: 'CONFLICT',
  rateLimited: 'RATE_LIMITED',
  certificateRejected: 'CERTIFICATE_REJECTED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes whose message was written for the client and can be shown as is. */
const CLIENT_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** An expected refusal, with the code clients branch on and a sentence people read. */
export function clientError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/**
 * Lets refusals through unchanged and hides everything else: an unexpected error's message may
 * carry SQL or file paths. The full error is logged with the request id (see the logging plugin);
 * clients get that id in the x-request-id header.
 */
export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_CODES.has(code)) return formatted;
  return {
    message: 'Internal server error; the server log has the details under the x-request-id of this response',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/** The value of a domain result, or a BAD_USER_INPUT error carrying the domain's code as `reason`. */
export function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (result.ok) return result.value;
  throw clientError(ErrorCode.badUserInput, result.error.message, { reason: result.error.code });
}

/**
 * A use case's refusal as the GraphQL error clients get: the public code, and (except NOT_FOUND,
 * which must stay indistinguishable from "not yours") the domain code as `reason` and the values
 * its message is made from as `params`, so that a client can say it in its own language.
 */
export function toGraphQLError(refusal: Refusal): GraphQLError {
  const code = publicCodeOf(refusal.code);
  if (code === 'NOT_FOUND') return new GraphQLError(refusal.message, { extensions: { code } });
  return new GraphQLError(refusal.message, {
    extensions: {
      ...refusal.data,
      code,
      reason: refusal.code,
      params: refusal.params,
      ...(refusal.violations ? { violations: refusal.violations } : {}),
    },
  });
}

/** The use case's value, or its refusal thrown as a GraphQL error. */
export function answer<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw toGraphQLError(outcome.error);
}
