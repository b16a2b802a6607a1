import { CertificateViolations, type CertificateViolation } from './certificate.errors.js';
import { CHAIN_ADVICE, chainSignatureViolations } from './chain.js';
import { inspectCertificate, type CertificateFacts, type InspectedCertificate } from './facts.js';

/** The constraints of the seed document. */
export const ALLOWED_RSA_BITS = [2048, 3072, 4096] as const;
export const ALLOWED_CURVES = ['P-384', 'P-521'] as const;
export const ALLOWED_DIGESTS = ['SHA-256', 'SHA-384', 'SHA-512'] as const;
/** The smallest RSA public exponent accepted (FIPS 186-5, A.1.1: odd, at least 2^16 + 1). */
export const MIN_RSA_EXPONENT = 65537;

/** Whether an RSA public exponent (decimal) is odd and at least 65537. */
export function isAcceptableRsaExponent(exponent: string): boolean {
  const e = BigInt(exponent);
  return e % 2n === 1n && e >= BigInt(MIN_RSA_EXPONENT);
}

/**
 * The one rule for "a certificate is valid at a time": from notBefore through notAfter, both
 * included (RFC 5280, 4.1.2.5). Everything that asks whether a certificate may be used asks this.
 */
export function isCertificateValidAt(c: { notBefore: Date; notAfter: Date }, at: Date): boolean {
  const t = at.getTime();
  return c.notBefore.getTime() <= t && t <= c.notAfter.getTime();
}

const dateText = (d: Date) => d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
const list = (items: readonly (string | number)[]) =>
  items.length <= 1 ? String(items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;

// For params: values a client lists in its own words (the messages say "2048, 3072 or 4096").
const allowedRsaBits = ALLOWED_RSA_BITS.join(', ');
const allowedCurves = ALLOWED_CURVES.join(', ');
const allowedDigests = ALLOWED_DIGESTS.join(', ');

/** Every rule of the seed the certificate breaks at `now` (empty when it is acceptable). */
export function judgeCertificate(facts: InspectedCertificate, now: Date): CertificateViolation[] {
  const v: CertificateViolation[] = [];
  if (facts.keyAlgorithm === 'RSA') {
    if (!(ALLOWED_RSA_BITS as readonly number[]).includes(facts.keySize ?? 0)) {
      v.push({
        code: CertificateViolations.keySize,
        message: `RSA key of ${facts.keySize ?? 'unknown'} bits; allowed: ${list(ALLOWED_RSA_BITS)} bits`,
        params: { keySize: facts.keySize, allowed: allowedRsaBits },
      });
    }
    if (facts.rsaPublicExponent !== null && !isAcceptableRsaExponent(facts.rsaPublicExponent)) {
      const shown = facts.rsaPublicExponent.length > 30 ? `${facts.rsaPublicExponent.slice(0, 30)}...` : facts.rsaPublicExponent;
      v.push({
        code: CertificateViolations.rsaExponent,
        message: `RSA public exponent ${shown}; it must be odd and at least ${MIN_RSA_EXPONENT} (keys made by openssl, Java or .NET use 65537)`,
        params: { exponent: shown, minimum: MIN_RSA_EXPONENT },
      });
    }
  } else if (facts.keyAlgorithm === 'EC') {
    if (!(ALLOWED_CURVES as readonly string[]).includes(facts.curve ?? '')) {
      v.push({
        code: CertificateViolations.curve,
        message: `EC key on curve ${facts.curve}; allowed: ${list(ALLOWED_CURVES)}`,
        params: { curve: facts.curve, allowed: allowedCurves },
      });
    }
  } else {
    v.push({
      code: CertificateViolations.keyAlgorithm,
      message: `${facts.keyAlgorithm} key; allowed: RSA (${list(ALLOWED_RSA_BITS)} bits) or EC (${list(ALLOWED_CURVES)})`,
      params: { keyAlgorithm: facts.keyAlgorithm, allowedRsaBits, allowedCurves },
    });
  }
  if (!(ALLOWED_DIGESTS as readonly string[]).includes(facts.signatureDigest ?? '')) {
    v.push({
      code: CertificateViolations.digest,
      message: `Signed with ${facts.signatureDigest ?? 'no separate digest'} (${facts.signatureAlgorithm}); allowed: ${list(ALLOWED_DIGESTS)}`,
      params: { digest: facts.signatureDigest, signatureAlgorithm: facts.signatureAlgorithm, allowed: allowedDigests },
    });
  }
  if (facts.keyUsage === null || !facts.keyUsage.includes('digitalSignature')) {
    const keyUsage = facts.keyUsage?.join(', ') ?? null;
    v.push({
      code: CertificateViolations.keyUsage,
      message:
        keyUsage === null
          ? 'The certificate has no key usage extension; it must have key usage Digital Signature'
          : `Key usage is ${keyUsage || 'empty'}, without Digital Signature; it must include Digital Signature`,
      params: { keyUsage, required: 'digitalSignature' },
    });
  }
  if (!isCertificateValidAt(facts, now)) {
    const expired = facts.notAfter.getTime() < now.getTime();
    v.push({
      code: CertificateViolations.validity,
      message: expired
        ? `The certificate expired on ${dateText(facts.notAfter)}; upload one that is valid now`
        : `The certificate is not valid before ${dateText(facts.notBefore)}; upload one that is valid now`,
      params: { expired, notBefore: facts.notBefore.toISOString(), notAfter: facts.notAfter.toISOString() },
    });
  }
  if (facts.duplicateExtensions.length > 0) {
    const duplicateExtensions = facts.duplicateExtensions.join(', ');
    v.push({
      code: CertificateViolations.malformed,
      message: `The certificate has the extension ${duplicateExtensions} more than once; an extension may appear only once (RFC 5280, 4.2)`,
      params: { duplicateExtensions },
    });
  }
  v.push(...chainViolations(facts));
  return v;
}

/**
 * The certificates after the first must be its issuers in order, each the issuer of the one before
 * it, ending at most at a self-signed one. Names are compared, not signatures: the chain is neither
 * stored nor trusted (the account authenticates with the first certificate's key); the rule only
 * keeps a file of unrelated certificates, such as two concatenated leaves, from being taken for its first.
 */
function chainViolations(leaf: InspectedCertificate): CertificateViolation[] {
  const v: CertificateViolation[] = [];
  let previous: CertificateFacts = leaf;
  for (const [i, next] of leaf.chain.entries()) {
    const position = i + 2;
    if (previous.selfSigned || next.subject !== previous.issuer) {
      v.push({
        code: CertificateViolations.chain,
        message: previous.selfSigned
          ? `Certificate ${position} in the file (${next.subject}) follows a self-signed certificate, which ends a chain; ${CHAIN_ADVICE}`
          : `Certificate ${position} in the file (${next.subject}) is not the issuer of certificate ${position - 1} (issued by ${previous.issuer}); ${CHAIN_ADVICE}`,
        params: { position, subject: next.subject, previousIssuer: previous.issuer, previousSelfSigned: previous.selfSigned },
      });
    }
    previous = next;
  }
  return v;
}

/** Inspects and judges in one step: the facts when readable, and every violation. */
export function checkCertificate(bytes: Uint8Array, now: Date): { facts: InspectedCertificate | null; violations: CertificateViolation[] } {
  const inspected = inspectCertificate(bytes);
  if (!inspected.ok) return { facts: null, violations: [inspected.error] };
  return { facts: inspected.value, violations: judgeCertificate(inspected.value, now) };
}

/**
 * The whole judgement of an uploaded file: checkCertificate, and then, when the names of its chain
 * follow each other, whether each certificate after the first signed the one before it. What the
 * server judges an upload with, and the admin UI a picked file.
 */
export async function checkCertificateFile(bytes: Uint8Array, now: Date): Promise<{ facts: InspectedCertificate | null; violations: CertificateViolation[] }> {
  const checked = checkCertificate(bytes, now);
  if (!checked.facts || checked.violations.some((v) => v.code === CertificateViolations.chain)) return checked;
  return { facts: checked.facts, violations: [...checked.violations, ...(await chainSignatureViolations(checked.facts))] };
}

/** Whole days from `now` until `notAfter` (negative once expired). */
export function daysUntil(notAfter: Date, now: Date): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000);
}

