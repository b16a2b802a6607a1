/** Why a certificate is refused: the codes of the public contract (API.md), declared once. */
export const CertificateViolations = {
  notACertificate: 'certificate/not-a-certificate',
  keyAlgorithm: 'certificate/key-algorithm',
  keySize: 'certificate/key-size',
  curve: 'certificate/curve',
  digest: 'certificate/digest',
  keyUsage: 'certificate/key-usage',
  validity: 'certificate/validity',
} as const;

export type CertificateViolationCode = (typeof CertificateViolations)[keyof typeof CertificateViolations];

export interface CertificateViolation {
  code: CertificateViolationCode;
  /** What was found and what is allowed, in a sentence a person understands. */
  message: string;
}

/** Refusals about a company's certificates other than the policy's violations. */
export const CertificateErrors = {
  name: 'certificate/name',
  /** The policy refused it: CERTIFICATE_REJECTED with one violation per broken rule. */
  rejected: 'certificate/rejected',
  duplicate: 'certificate/duplicate',
  inUse: 'certificate/in-use',
} as const;
export type CertificateErrorCode = (typeof CertificateErrors)[keyof typeof CertificateErrors];

/** The public code each is answered with. */
export const CertificateErrorKinds = {
  'certificate/name': 'BAD_USER_INPUT',
  'certificate/rejected': 'CERTIFICATE_REJECTED',
  'certificate/duplicate': 'CONFLICT',
  'certificate/in-use': 'CONFLICT',
} as const satisfies Record<CertificateErrorCode, 'BAD_USER_INPUT' | 'CERTIFICATE_REJECTED' | 'CONFLICT'>;
