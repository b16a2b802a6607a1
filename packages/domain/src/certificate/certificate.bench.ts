import { bench, describe } from 'vitest';
import { makeCertificate } from '../../test-support/openssl.js';
import { checkCertificate, judgeCertificate, readCertificateWithPkijs } from './certificate.js';

// A typical upload: an RSA 2048 certificate in PEM, and an EC P-384 one in DER.
const rsa = makeCertificate({ key: 'rsa:2048' });
const rsaPem = new TextEncoder().encode(rsa.certPem);
const ecDer = makeCertificate({ key: 'ec:P-384' }).certDer;
const now = new Date();

/** Inspect + judge with the general reader only, as checkCertificate would without the fast DER walk. */
function checkWithPkijsOnly(der: Uint8Array) {
  const facts = readCertificateWithPkijs(der, 0);
  return facts.ok ? judgeCertificate(facts.value, now) : [facts.error];
}

describe('certificate inspection (inspect + judge)', () => {
  bench('RSA 2048, PEM', () => {
    checkCertificate(rsaPem, now);
  });
  bench('EC P-384, DER', () => {
    checkCertificate(ecDer, now);
  });
  // What the fast DER walk saves: the same two certificates with pkijs alone.
  bench('RSA 2048, DER, pkijs reader only', () => {
    checkWithPkijsOnly(rsa.certDer);
  });
  bench('EC P-384, DER, pkijs reader only', () => {
    checkWithPkijsOnly(ecDer);
  });
});
