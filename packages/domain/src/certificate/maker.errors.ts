/**
 * Why the certificate maker (maker.ts, run in the admin UI's browser) makes no certificate. These
 * are never answered by the server (the key pair and the certificate are made on the integrator's
 * side), so they have no public code and no row in the README's table of refusals; the UI words
 * them from its locale files by code and params. Each comment names the params.
 */
export const CertificateMakerErrors = {
  /** { keyType, allowed: 'RSA-2048, RSA-3072, RSA-4096, EC-P-384, EC-P-521' } */
  keyType: 'certificate-maker/key-type',
  /** { days, minDays: 1, maxDays: days until the same date 3 years later, maxYears: 3 } */
  validity: 'certificate-maker/validity',
  /** { field: 'companyName' | 'commonName' | 'enterpriseNumber', length, max } (enterpriseNumber: { field, input }) */
  subject: 'certificate-maker/subject',
  /** { minLength, length } */
  password: 'certificate-maker/password',
  /** WebCrypto is missing (not a secure context) or refused the key type: { keyType, detail } */
  unavailable: 'certificate-maker/unavailable',
  /** The certificate made was refused by the certificate policy: { violations: the codes, comma-separated } */
  policy: 'certificate-maker/policy',
} as const;

export type CertificateMakerErrorCode = (typeof CertificateMakerErrors)[keyof typeof CertificateMakerErrors];
