export const AccessErrors = {
  notAllowed: 'access/not-allowed',
  lastChiefAccessManager: 'access/last-chief-access-manager',
  alreadyRevoked: 'access/already-revoked',
  emailFormat: 'access/email-format',
  passwordTooShort: 'access/password-too-short',
  passwordTooLong: 'access/password-too-long',
  personName: 'access/person-name',
  mandateSelf: 'access/mandate-self',
  mandateState: 'access/mandate-state',
} as const;

export type AccessErrorCode = (typeof AccessErrors)[keyof typeof AccessErrors];
