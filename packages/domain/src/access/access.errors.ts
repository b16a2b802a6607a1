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
  /** Single sign-on: an account has this email, and the identity provider does not vouch for it. */
  oidcEmailUnverified: 'access/oidc-email-unverified',
  /** Single sign-on: the identity provider gave no email. */
  oidcEmailMissing: 'access/oidc-email-missing',
  /** Single sign-on: the account with this email is linked to another identity at the provider. */
  oidcAlreadyLinked: 'access/oidc-already-linked',
  /** Single sign-on did not complete: refused at the provider, took too long, or its answer did not check out. */
  oidcFailed: 'access/oidc-failed',
  /** The identity provider could not be reached. */
  oidcUnavailable: 'access/oidc-unavailable',
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
  'access/oidc-email-unverified': 'CONFLICT',
  'access/oidc-email-missing': 'BAD_USER_INPUT',
  'access/oidc-already-linked': 'CONFLICT',
  'access/oidc-failed': 'UNAUTHENTICATED',
  'access/oidc-unavailable': 'UNAUTHENTICATED',
} as const satisfies Record<AccessErrorCode, PublicCode>;
