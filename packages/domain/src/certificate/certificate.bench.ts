import { bench, describe } from 'vitest';
import { makeCertificate } from '../../test-support/openssl.js';
import { checkCertificate } from './certificate.js';

// A typical upload: an RSA 2048 certificate in PEM, and an EC P-384 one in DER.
const rsaPem = new TextEncoder().encode(makeCertificate({ key: 'rsa:2048' }).certPem);
const ecDer = makeCertificate({ key: 'ec:P-384' }).certDer;
const now = new Date();

describe('certificate inspection (inspect + judge)', () => {
  bench('RSA 2048, PEM', () => {
    checkCertificate(rsaPem, now);
  });
  bench('EC P-384, DER', () => {
    checkCertificate(ecDer, now);
  });
});
