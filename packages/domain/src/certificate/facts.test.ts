import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytes, makeCertificate, opensslFingerprint, opensslSerial, opensslSpki, type Made } from '../../test-support/openssl.js';
import { inspectCertificate } from './facts.js';
import { checkCertificate } from './policy.js';

const now = new Date();

describe('the facts openssl sees', () => {
  it('returns the facts openssl sees', () => {
    const made = makeCertificate({ key: 'ec:P-384', digest: 'sha384', cn: 'api.acme.be', extendedKeyUsage: 'clientAuth' });
    const r = inspectCertificate(bytes(made.certPem));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const f = r.value;
    expect(f.subject).toBe('O=Chaman Tests, CN=api.acme.be');
    expect(f.issuer).toBe(f.subject);
    expect(f.selfSigned).toBe(true);
    expect(f.curve).toBe('P-384');
    expect(f.keySize).toBe(384);
    expect(f.signatureAlgorithm).toBe('ecdsa-with-SHA384');
    expect(f.signatureDigest).toBe('SHA-384');
    expect(f.keyUsage).toEqual(['digitalSignature']);
    expect(f.extendedKeyUsage).toEqual(['clientAuth']);
    expect(f.sha256Fingerprint).toBe(opensslFingerprint(made));
    expect(f.x5tS256).toMatch(/^[\w-]{43}$/);
    expect(f.jwk).toMatchObject({ kty: 'EC', crv: 'P-384' });
    expect(f.notAfter.getTime()).toBeGreaterThan(Date.now());
    expect(f.serialNumber).toMatch(/^[0-9A-F]+$/);
  });

  it('gives RSA keys as a JWK whose modulus has the key size', () => {
    const r = inspectCertificate(makeCertificate({ key: 'rsa:3072' }).certDer);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.keySize).toBe(3072);
    const jwk = r.value.jwk as { kty: string; n: string; e: string };
    expect(jwk.kty).toBe('RSA');
    expect(Buffer.from(jwk.n, 'base64url').length).toBe(384);
    expect(jwk.e).toBe('AQAB');
  });
});

describe('robustness', () => {
  let der: Uint8Array;
  let pem: string;
  beforeAll(() => {
    const made = makeCertificate({ key: 'ec:P-384' });
    der = made.certDer;
    pem = made.certPem;
  });
  const neverThrows = (input: Uint8Array) => {
    const r = checkCertificate(input, now);
    expect(Array.isArray(r.violations)).toBe(true);
    return true;
  };

  it('survives truncated, bit-flipped and spliced DER', () => {
    fc.assert(
      fc.property(fc.nat(der.length), fc.array(fc.tuple(fc.nat(der.length - 1), fc.integer({ min: 0, max: 7 })), { maxLength: 8 }), (cut, flips) => {
        const b = der.slice(0, Math.max(cut, 1));
        for (const [i, bit] of flips) if (i < b.length) b[i]! ^= 1 << bit;
        return neverThrows(b);
      }),
      { numRuns: 3000 },
    );
  });

  it('survives spliced and mangled PEM, and arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.nat(pem.length), fc.nat(pem.length), fc.string({ maxLength: 30 }), (a, b, junk) => {
        const text = pem.slice(0, Math.min(a, b)) + junk + pem.slice(Math.max(a, b));
        return neverThrows(bytes(text));
      }),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (b) => neverThrows(b)), { numRuns: 2000 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => neverThrows(new Uint8Array([0x30, 0x82, ...b]))), { numRuns: 2000 });
  });
});

describe('facts of every kind of certificate the tests make', () => {
  const inspected = (made: Made) => {
    const r = inspectCertificate(made.certDer);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  it('names with characters RFC 4514 escapes', () => {
    const f = inspected(makeCertificate({ key: 'rsa:3072', digest: 'sha384', cn: 'Émile & Zoë, Bruxelles; <prod>+1' }));
    expect(f.subject).toBe('O=Chaman Tests, CN=Émile & Zoë\\, Bruxelles\\; \\<prod\\>\\+1');
    expect(f.signatureAlgorithm).toBe('sha384WithRSAEncryption');
  });

  it('a CA with a path length, and a leaf it issued with two extended key usages', () => {
    const ca = makeCertificate({ key: 'ec:P-384', cn: 'Test CA', keyUsage: 'critical,keyCertSign,cRLSign', basicConstraints: 'critical,CA:TRUE,pathlen:2' });
    expect(inspected(ca)).toMatchObject({ basicConstraints: { ca: true, pathLength: 2 }, selfSigned: true, keyUsage: ['keyCertSign', 'cRLSign'] });
    const leaf = inspected(makeCertificate({ key: 'rsa:2048', cn: 'leaf', issuer: ca, extendedKeyUsage: 'clientAuth,serverAuth' }));
    expect(leaf).toMatchObject({ extendedKeyUsage: ['clientAuth', 'serverAuth'], basicConstraints: null, selfSigned: false, signatureAlgorithm: 'ecdsa-with-SHA256' });
  });

  it('keys and signatures: RSA 4096, P-521, P-256, Ed25519, DSA', () => {
    expect(inspected(makeCertificate({ key: 'rsa:4096', digest: 'sha512' }))).toMatchObject({ keyAlgorithm: 'RSA', keySize: 4096, signatureDigest: 'SHA-512' });
    const p521 = inspected(makeCertificate({ key: 'ec:P-521', digest: 'sha512' }));
    expect(p521).toMatchObject({ keyAlgorithm: 'EC', curve: 'P-521', keySize: 521, signatureAlgorithm: 'ecdsa-with-SHA512', jwk: { kty: 'EC', crv: 'P-521' } });
    // P-521 coordinates are 66 bytes each.
    expect(Buffer.from((p521.jwk as { x: string }).x, 'base64url').length).toBe(66);
    expect(inspected(makeCertificate({ key: 'ec:P-256' }))).toMatchObject({ curve: 'P-256', keySize: 256 });
    expect(inspected(makeCertificate({ key: 'ed25519' }))).toMatchObject({ keyAlgorithm: 'Ed25519', keySize: 256, signatureAlgorithm: 'Ed25519', signatureDigest: null, jwk: null });
    expect(inspected(makeCertificate({ key: 'dsa' }))).toMatchObject({ keyAlgorithm: 'DSA', signatureDigest: 'SHA-256', jwk: null });
  });

  it('dates on both sides of 2050 (UTCTime, then GeneralizedTime), to the second', () => {
    const notBefore = new Date('2049-12-31T23:59:59Z');
    const notAfter = new Date('2051-01-01T00:00:00Z');
    expect(inspected(makeCertificate({ notBefore, notAfter }))).toMatchObject({ notBefore, notAfter });
  });

  it('the serial number and the SubjectPublicKeyInfo as openssl gives them', () => {
    const made = makeCertificate({ key: 'ec:P-384' });
    const f = inspected(made);
    expect(f.serialNumber).toBe(opensslSerial(made));
    expect(Buffer.from(f.spki).equals(Buffer.from(opensslSpki(made)))).toBe(true);
  });
});
