import { AccessErrorKinds, type AccessErrorCode } from '../access/access.errors.js';
import { CertificateErrorKinds, type CertificateErrorCode } from '../certificate/certificate.errors.js';
import { CompanyErrorKinds, type CompanyErrorCode } from '../company/company.errors.js';
import { RestAccountErrorKinds, type RestAccountErrorCode } from '../rest-account/rest-account.errors.js';
import { RequestErrors } from '../request/request.errors.js';
import { WebhookErrorKinds, type WebhookErrorCode } from '../webhook/webhook.errors.js';
import type { DomainError, RefusalParams } from './result.js';

/**
 * The public codes of the contract (the README's "Refusals"): what a client branches on. Each domain code (the
 * refusal's `reason`) belongs to exactly one of them, declared beside the code in its context.
 */
export const PublicCodes = {
  unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  notFound: 'NOT_FOUND',
  badUserInput: 'BAD_USER_INPUT',
  conflict: 'CONFLICT',
  rateLimited: 'RATE_LIMITED',
  certificateRejected: 'CERTIFICATE_REJECTED',
} as const;
export type PublicCode = (typeof PublicCodes)[keyof typeof PublicCodes];

/** Refusals that belong to no single context. */
export const CommonErrors = {
  /** Missing, or not visible to the caller: the two must stay indistinguishable, so it has no params. */
  notFound: 'not-found',
  pageSize: 'list/page-size',
  cursor: 'list/cursor',
  rateLimited: 'rate-limit/exceeded',
  outOfRange: 'input/out-of-range',
} as const;
export type CommonErrorCode = (typeof CommonErrors)[keyof typeof CommonErrors];
export const CommonErrorKinds = {
  'not-found': 'NOT_FOUND',
  'list/page-size': 'BAD_USER_INPUT',
  'list/cursor': 'BAD_USER_INPUT',
  'rate-limit/exceeded': 'RATE_LIMITED',
  'input/out-of-range': 'BAD_USER_INPUT',
} as const satisfies Record<CommonErrorCode, PublicCode>;

export type RefusalCode = CommonErrorCode | AccessErrorCode | CompanyErrorCode | CertificateErrorCode | RestAccountErrorCode | WebhookErrorCode;

const KINDS: Record<string, PublicCode> = {
  ...CommonErrorKinds,
  ...AccessErrorKinds,
  ...CompanyErrorKinds,
  ...CertificateErrorKinds,
  ...RestAccountErrorKinds,
  ...WebhookErrorKinds,
};

/** The public code a domain code is answered with (BAD_USER_INPUT for a code no context declares). */
export function publicCodeOf(code: string): PublicCode {
  return KINDS[code] ?? 'BAD_USER_INPUT';
}

/**
 * Every reason a refusal may carry: the domain's codes and the GraphQL edge's (request/...), for
 * clients that keep a sentence per reason (and for the tests that hold the README to the list).
 */
export const REFUSAL_CODES: readonly string[] = [...Object.keys(KINDS), ...Object.values(RequestErrors)];

/** One broken rule of a certificate, as CERTIFICATE_REJECTED lists them. */
export interface ViolationLike {
  code: string;
  message: string;
  params?: RefusalParams;
}

/**
 * Why a use case said no: the domain code, a sentence for integrators, the values it is made
 * from, and for a refused certificate each broken rule.
 */
export interface Refusal extends DomainError<string> {
  params: RefusalParams;
  violations?: ViolationLike[];
  /** Structured facts beside the params that clients already read (ids, lists), kept as they were. */
  data?: Record<string, unknown>;
  /**
   * The public code, when this refusal is not answered with its code's usual one: one reason may
   * mean two kinds of no (company/awaiting-approval is FORBIDDEN when acting on the company and
   * CONFLICT when registering its number again). The README's table says where it applies.
   */
  publicCode?: PublicCode;
}

/** The longest message a refusal carries: refusals never echo megabytes of input back. */
export const REFUSAL_MESSAGE_MAX = 1000;
/** The longest piece of the caller's own input quoted in a message or a param. */
export const QUOTED_INPUT_MAX = 80;

/** `text` cut to `max` characters, with an ellipsis when cut. */
export function clip(text: string, max = QUOTED_INPUT_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function refusal(
  code: RefusalCode,
  message: string,
  params: RefusalParams = {},
  more: { violations?: ViolationLike[]; data?: Record<string, unknown>; publicCode?: PublicCode } = {},
): Refusal {
  return { code, message: clip(message, REFUSAL_MESSAGE_MAX), params, ...more };
}

/** A domain check's error as a refusal (its params, or none). */
export function asRefusal(error: DomainError): Refusal {
  return refusal(error.code as RefusalCode, error.message, error.params ?? {});
}

export function notFound(what: string, id: string): Refusal {
  return refusal(CommonErrors.notFound, `No ${what} with id ${JSON.stringify(clip(id, 64))} exists or is visible to you`);
}
