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
  /** The email holds a character that prints nothing (zero-width space, soft hyphen, ...). */
  emailInvisibleCharacter: 'access/email-invisible-character',
  /** The email holds a bidirectional control, which reorders how it is displayed. */
  emailBidiCharacter: 'access/email-bidi-character',
  /** One part of the email mixes letters of different scripts (a Cyrillic "а" among Latin letters). */
  emailMixedScript: 'access/email-mixed-script',
  passwordTooShort: 'access/password-too-short',
  passwordTooLong: 'access/password-too-long',
  /** Among the 10,000 most common passwords of 12 characters or more: the first an attacker tries. */
  passwordCommon: 'access/password-common',
  passwordRepeatsEmail: 'access/password-repeats-email',
  personName: 'access/person-name',
  tokenName: 'access/token-name',
  tokenLifetime: 'access/token-lifetime',
  providerNotRegistered: 'access/provider-not-registered',
  mandateSelf: 'access/mandate-self',
  mandateDates: 'access/mandate-dates',
  mandateExists: 'access/mandate-exists',
  mandateState: 'access/mandate-state',
  /** The password given to confirm a change is not the person's password. */
  currentPasswordWrong: 'access/current-password-wrong',
  /** signOut with a personal access token: it would not end the token (revokeAccessToken does). */
  personalTokenSignOut: 'access/personal-token-sign-out',
  /** A personal access token may not manage the account's credentials (see checkCredentialMay). */
  personalTokenNotAllowed: 'access/personal-token-not-allowed',
  /** Not one of the languages Chaman speaks (en, fr, nl, de). */
  language: 'access/language',
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
  /** The link to prove an email is unknown, used already or expired (`cause` says which). */
  verificationTokenInvalid: 'access/verification-token-invalid',
  /** The link to reset a password is unknown, used already or expired (`cause` says which). */
  resetTokenInvalid: 'access/reset-token-invalid',
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
  'access/email-invisible-character': 'BAD_USER_INPUT',
  'access/email-bidi-character': 'BAD_USER_INPUT',
  'access/email-mixed-script': 'BAD_USER_INPUT',
  'access/password-too-short': 'BAD_USER_INPUT',
  'access/password-too-long': 'BAD_USER_INPUT',
  'access/password-common': 'BAD_USER_INPUT',
  'access/password-repeats-email': 'BAD_USER_INPUT',
  'access/person-name': 'BAD_USER_INPUT',
  'access/token-name': 'BAD_USER_INPUT',
  'access/token-lifetime': 'BAD_USER_INPUT',
  'access/provider-not-registered': 'BAD_USER_INPUT',
  'access/mandate-self': 'BAD_USER_INPUT',
  'access/mandate-dates': 'BAD_USER_INPUT',
  'access/mandate-exists': 'CONFLICT',
  'access/mandate-state': 'CONFLICT',
  'access/current-password-wrong': 'BAD_USER_INPUT',
  'access/personal-token-sign-out': 'BAD_USER_INPUT',
  'access/personal-token-not-allowed': 'FORBIDDEN',
  'access/language': 'BAD_USER_INPUT',
  'access/oidc-email-unverified': 'CONFLICT',
  'access/oidc-email-missing': 'BAD_USER_INPUT',
  'access/oidc-already-linked': 'CONFLICT',
  'access/oidc-failed': 'UNAUTHENTICATED',
  'access/oidc-unavailable': 'UNAUTHENTICATED',
  'access/verification-token-invalid': 'BAD_USER_INPUT',
  'access/reset-token-invalid': 'BAD_USER_INPUT',
} as const satisfies Record<AccessErrorCode, PublicCode>;
