import { PublicCodes, publicCodeOf, type PublicCode, type Refusal, type RequestErrorCode } from '@chaman/domain';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Outcome } from '../shared/use-case.js';

/** The error codes of the public contract (the README's "Refusals"), declared by the domain. */
export const ErrorCode = PublicCodes;
export type ErrorCode = PublicCode;

/** Codes whose message was written for the client and can be shown as is, with those graphql-js and Apollo produce. */
export const CLIENT_CODES: ReadonlySet<string> = new Set<string>([
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
 * A request refused at the edge, before anything runs: BAD_USER_INPUT with the reason and the
 * limit as params. The HTTP status is set here because Apollo Server answers errors thrown by
 * plugins with 500 unless told otherwise, and these are the client's.
 */
export function requestRefusal(reason: RequestErrorCode, message: string, params: Record<string, unknown> = {}): GraphQLError {
  return clientError(ErrorCode.badUserInput, message, { reason, params, http: { status: 400 } });
}

/**
 * The longest message or string param that leaves the server. graphql-js quotes the client's
 * input in its messages (a variable of 500 KB came back twice over): a refusal is not an echo.
 */
export const MAX_MESSAGE_LENGTH = 1000;

export function bounded(text: string, max = MAX_MESSAGE_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function boundedParams(params: unknown): unknown {
  if (!params || typeof params !== 'object' || Array.isArray(params)) return params;
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? bounded(v) : v]));
}

/** graphql-js's "Did you mean ...?" would map the schema for an attacker. */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

export interface FormatErrorOptions {
  /** Strip field and type suggestions from messages (production). */
  hideSuggestions: boolean;
}

/**
 * Lets refusals through, bounded in size, and hides everything else: an unexpected error's
 * message may carry SQL or file paths. The full error is logged with the request id (see the
 * logging plugin); clients get that id in the x-request-id header. It works on the formatted
 * error, a fresh object for both executors (graphql-jit's errors have a read-only message).
 */
export function createFormatError(options: FormatErrorOptions) {
  return function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
    const code = formatted.extensions?.code;
    if (typeof code !== 'string' || !CLIENT_CODES.has(code)) {
      return {
        message: 'Internal server error; the server log has the details under the x-request-id of this response',
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
    }
    const message = options.hideSuggestions ? formatted.message.replace(SUGGESTION, '') : formatted.message;
    const extensions = formatted.extensions && 'params' in formatted.extensions
      ? { ...formatted.extensions, params: boundedParams(formatted.extensions.params) }
      : formatted.extensions;
    return { ...formatted, message: bounded(message), extensions };
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
  const code = refusal.publicCode ?? publicCodeOf(refusal.code);
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
