/** Why a certificate is refused: the codes of the public contract (API.md), declared once. */
export const CertificateViolations = {
  notACertificate: 'certificate/not-a-certificate',
  keyAlgorithm: 'certificate/key-algorithm',
  keySize: 'certificate/key-size',
  curve: 'certificate/curve',
  digest: 'certificate/digest',
  keyUsage: 'certificate/key-usage',
  validity: 'certificate/validity',
  /** A certificate after the first in the file is not the issuer of the one before it. */
  chain: 'certificate/chain',
} as const;

export type CertificateViolationCode = (typeof CertificateViolations)[keyof typeof CertificateViolations];

export interface CertificateViolation {
  code: CertificateViolationCode;
  /** What was found and what is allowed, in a sentence a person understands. */
  message: string;
}
