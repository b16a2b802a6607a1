import { AssertionReasons } from './oauth.js';

/**
 * Reasons a token attempt records beside the assertion checks' own (`AssertionReasons`): what a
 * granted request used, and what the signature step found about the account, told only to its
 * owners (the caller, who proved no key, hears `assertion/signature`). Each comment names its params.
 */
export const TokenAttemptReasons = {
  /** { certificate }: the name of the certificate whose key signed the assertion */
  granted: 'oauth/granted',
  /** { certificate } */
  introspection: 'oauth/introspection',
  /** { clientId, header: 'kid' | 'x5t#S256', hint } */
  certificateHintUnknown: 'oauth/certificate-hint-unknown',
  /** { clientId } */
  noCertificate: 'oauth/no-certificate',
  /** { clientId, alg, keys }: keys lists the certificates' key types ("RSA, EC P-384") */
  algFitsNoKey: 'oauth/alg-fits-no-key',
  /** { clientId, alg, tried }: tried lists the names of the certificates tried ("payroll 2026", "old") */
  signatureUnverified: 'oauth/signature-unverified',
} as const;
export type TokenAttemptReason = (typeof TokenAttemptReasons)[keyof typeof TokenAttemptReasons];

/** The values a token attempt's reason is worded with: a flat object. */
export type TokenAttemptParams = Record<string, string | number | boolean | null>;

/** Assertion reasons never recorded on a token attempt: the debugger's alone, or answered by the signature step. */
const NOT_RECORDED: readonly string[] = [AssertionReasons.clientUnknown, AssertionReasons.notShown, AssertionReasons.notJudged];

/** Every reason code a token attempt (or the unproven attempts' last one) may carry: the UI words each. */
export const TOKEN_ATTEMPT_REASONS: readonly string[] = [
  ...Object.values(AssertionReasons).filter((reason) => !NOT_RECORDED.includes(reason)),
  ...Object.values(TokenAttemptReasons),
];
