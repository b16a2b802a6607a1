import * as pkijs from 'pkijs';
import { CertificateViolations, type CertificateViolation } from './certificate.errors.js';
import type { CertificateFacts, InspectedCertificate } from './facts.js';

export const CHAIN_ADVICE = 'upload the certificate alone, or followed by its issuers in order';

function parsed(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(der.slice().buffer);
}

/**
 * Whether each certificate of a file after the first signed the one before it, up to the leaf: a
 * file whose names chain up but whose signatures do not (another CA of the same name, a leaf
 * re-issued by another key) is not a chain either. Asynchronous, as WebCrypto is (in browsers and
 * in Node alike); judgeCertificate has already compared the names, so only pairs whose names match
 * are checked here. A signature that cannot be checked (an algorithm WebCrypto lacks) counts as not
 * signed: the rule is that they sign each other, not that they may.
 */
export async function chainSignatureViolations(leaf: InspectedCertificate, crypto: Crypto | undefined = globalThis.crypto): Promise<CertificateViolation[]> {
  if (leaf.chain.length === 0) return [];
  const engine = crypto ? new pkijs.CryptoEngine({ name: 'webcrypto', crypto }) : undefined;
  const violations: CertificateViolation[] = [];
  let previous: CertificateFacts = leaf;
  for (const [i, next] of leaf.chain.entries()) {
    const position = i + 2;
    let signed = false;
    if (engine) {
      try {
        signed = await parsed(previous.der).verify(parsed(next.der), engine);
      } catch {
        signed = false;
      }
    }
    if (!signed) {
      violations.push({
        code: CertificateViolations.chain,
        message: `Certificate ${position} in the file (${next.subject}) has the name of the issuer of certificate ${position - 1} but did not sign it; ${CHAIN_ADVICE}`,
        params: { position, subject: next.subject, previousIssuer: previous.issuer, previousSelfSigned: previous.selfSigned, signed: false },
      });
    }
    previous = next;
  }
  return violations;
}
