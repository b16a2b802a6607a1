/**
 * What a person's own history records (beside the companies' audit logs): the events of their
 * account, each with when, the client IP and the user agent. Append-only.
 */
export const PersonEventKinds = [
  'sign-up',
  'sign-in',
  'sign-out',
  /** A wrong password for this person's email (attempts refused by the rate limits are not checked, nor recorded). */
  'sign-in-failed',
  'password-changed',
  'password-reset',
  'personal-token-created',
  'personal-token-revoked',
] as const;
export type PersonEventKind = (typeof PersonEventKinds)[number];
