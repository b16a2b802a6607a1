// The certificate context's public surface: what the server and the admin UI import, by job.
import { err, ok, type DomainError, type Result } from '../shared/result.js';
import { CertificateErrors } from './certificate.errors.js';

export { MAX_CERTIFICATE_FILE_BYTES } from './framing.js';
export {
  inspectCertificate,
  KEY_USAGE_NAMES,
  type CertificateFacts,
  type InspectedCertificate,
  type KeyAlgorithmName,
  type KeyUsageName,
  type PublicJwk,
} from './facts.js';
export {
  ALLOWED_CURVES,
  ALLOWED_DIGESTS,
  ALLOWED_RSA_BITS,
  checkCertificate,
  checkCertificateFile,
  daysUntil,
  isAcceptableRsaExponent,
  isCertificateValidAt,
  judgeCertificate,
  MIN_RSA_EXPONENT,
} from './policy.js';

export const CERTIFICATE_NAME_MAX = 100;

/** A certificate's name: trimmed, 1 to 100 characters. */
export function checkCertificateName(input: string): Result<string, DomainError<typeof CertificateErrors.name>> {
  const name = input.trim().replace(/\s+/g, ' ');
  if (name.length === 0 || name.length > CERTIFICATE_NAME_MAX) {
    return err({
      code: CertificateErrors.name,
      message: `The certificate name must have 1 to ${CERTIFICATE_NAME_MAX} characters; got ${name.length}`,
      params: { min: 1, max: CERTIFICATE_NAME_MAX, length: name.length },
    });
  }
  return ok(name);
}
