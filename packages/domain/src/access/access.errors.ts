import type { PublicCode } from '../shared/refusal.js';

export const AccessErrors = {
  /** No credential was presented. */
  signInRequired: 'access/sign-in-required',
  /** The credential presented is unknown. */
  credentialInvalid: 'access/credential-invalid',
  /** The session or token ended: its lifetime, or a period without use. */
  sessionExpired: 'access/session-expired',
  sessionRevoked: 'access/session-revoked',
  wrongEmailOrPassword: 'access/wrong-email-or-password',
  emailTaken: 'access/email-taken',
  notAllowed: 'access/not-allowed',
  /** Approving employers is for platform operators (OPERATOR_EMAILS, with a proven email). */
  notAnOperator: 'access/not-an-operator',
  lastChiefAccessManager: 'access/last-chief-access-manager',
  alreadyRevoked: 'access/already-revoked',
  roleAlreadyHeld: 'access/role-already-held',
  emailFormat: 'access/email-format',
  passwordTooShort: 'access/password-too-short',
  passwordTooLong: 'access/password-too-long',
  personName: 'access/person-name',
  tokenName: 'access/token-name',
  tokenLifetime: 'access/token-lifetime',
  providerNotRegistered: 'access/provider-not-registered',
  mandateSelf: 'access/mandate-self',
  mandateDates: 'access/mandate-dates',
  mandateExists: 'access/mandate-exists',
  mandateState: 'access/mandate-state',
} as const;

export type AccessErrorCode = (typeof AccessErrors)[keyof typeof AccessErrors];

/** The public code each is answered with. */
export const AccessErrorKinds = {
  'access/sign-in-required': 'UNAUTHENTICATED',
  'access/credential-invalid': 'UNAUTHENTICATED',
  'access/session-expired': 'UNAUTHENTICATED',
  'access/session-revoked': 'UNAUTHENTICATED',
  'access/wrong-email-or-password': 'UNAUTHENTICATED',
  'access/email-taken': 'CONFLICT',
  'access/not-allowed': 'FORBIDDEN',
  'access/not-an-operator': 'FORBIDDEN',
  'access/last-chief-access-manager': 'FORBIDDEN',
  'access/already-revoked': 'CONFLICT',
  'access/role-already-held': 'CONFLICT',
  'access/email-format': 'BAD_USER_INPUT',
  'access/password-too-short': 'BAD_USER_INPUT',
  'access/password-too-long': 'BAD_USER_INPUT',
  'access/person-name': 'BAD_USER_INPUT',
  'access/token-name': 'BAD_USER_INPUT',
  'access/token-lifetime': 'BAD_USER_INPUT',
  'access/provider-not-registered': 'BAD_USER_INPUT',
  'access/mandate-self': 'BAD_USER_INPUT',
  'access/mandate-dates': 'BAD_USER_INPUT',
  'access/mandate-exists': 'CONFLICT',
  'access/mandate-state': 'CONFLICT',
} as const satisfies Record<AccessErrorCode, PublicCode>;
