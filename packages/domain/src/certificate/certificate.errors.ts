/**
 * Why a certificate is refused: the codes of the public contract (the README's "Refusals"), declared once. Each
 * comment names the params a violation of that code carries.
 */
export const CertificateViolations = {
  /** { found: NotACertificateFinding, ... the values named there; position when not the first certificate of the file } */
  notACertificate: 'certificate/not-a-certificate',
  /** { keyAlgorithm, allowedRsaBits: '2048, 3072, 4096', allowedCurves: 'P-384, P-521' } */
  keyAlgorithm: 'certificate/key-algorithm',
  /** { keySize: bits or null when unreadable, allowed: '2048, 3072, 4096' } */
  keySize: 'certificate/key-size',
  /** { curve: name or OID, allowed: 'P-384, P-521' } */
  curve: 'certificate/curve',
  /** { digest: 'SHA-1', ... or null when the signature has none, signatureAlgorithm, allowed: 'SHA-256, SHA-384, SHA-512' } */
  digest: 'certificate/digest',
  /** { keyUsage: the usages set, comma-separated ('' for none), or null without the extension; required: 'digitalSignature' } */
  keyUsage: 'certificate/key-usage',
  /** { expired: true, or false when not yet valid; notBefore, notAfter: ISO 8601 } */
  validity: 'certificate/validity',
  /**
   * A certificate after the first in the file is not the issuer of the one before it: another name,
   * or the name but not the signature (then also signed: false).
   * { position: its place in the file (2 for the one after the first), subject, previousIssuer, previousSelfSigned, signed? }
   */
  chain: 'certificate/chain',
  /**
   * An RSA public exponent that is even or below 65537: e = 1 lets anyone forge a signature without
   * the private key, and small exponents invite the attacks that RFC 8017 and NIST SP 800-56B keep
   * out. { exponent: decimal, minimum: 65537 }
   */
  rsaExponent: 'certificate/rsa-exponent',
  /**
   * The certificate breaks X.509's structure in a way that would make two readers disagree on it:
   * an extension present twice (RFC 5280, 4.2: "MUST NOT include more than one instance"), where one
   * reader takes the first and another the second. { duplicateExtensions: names or OIDs, comma-separated }
   */
  malformed: 'certificate/malformed',
} as const;

export type CertificateViolationCode = (typeof CertificateViolations)[keyof typeof CertificateViolations];

/**
 * What a file refused as not a certificate holds instead: the `found` param of
 * certificate/not-a-certificate, with the other params each finding carries.
 */
export const NotACertificateFound = {
  empty: 'empty',
  /** { bytes, max } */
  tooLarge: 'too-large',
  privateKey: 'private-key',
  privateKeyBesideCertificate: 'private-key-beside-certificate',
  pkcs12: 'pkcs12',
  csr: 'csr',
  publicKey: 'public-key',
  pkcs7: 'pkcs7',
  crl: 'crl',
  /** { label } */
  otherPemBlock: 'other-pem-block',
  unterminatedPem: 'unterminated-pem',
  badBase64: 'bad-base64',
  neitherPemNorDer: 'neither-pem-nor-der',
  otherDer: 'other-der',
  truncated: 'truncated',
  trailingBytes: 'trailing-bytes',
  damaged: 'damaged',
  unreadable: 'unreadable',
} as const;

export type NotACertificateFinding = (typeof NotACertificateFound)[keyof typeof NotACertificateFound];

/** The values a violation's message is made from, so that a client can word it in its own language. */
export type CertificateViolationParams = Record<string, string | number | boolean | null>;

export interface CertificateViolation {
  code: CertificateViolationCode;
  /** What was found and what is allowed, in a sentence a person understands. */
  message: string;
  /** The same as DomainError's params (shared/result.ts): optional there, always set by this context. */
  params?: CertificateViolationParams;
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
