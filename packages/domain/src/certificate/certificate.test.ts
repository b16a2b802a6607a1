import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytes, makeCertificate, makeCsr, opensslFingerprint, opensslSerial, opensslSpki, privateKey, textWrapped, toDer, type Made } from '../../test-support/openssl.js';
import { CertificateViolations as V } from './certificate.errors.js';
import { checkCertificate, inspectCertificate, judgeCertificate } from './certificate.js';

const now = new Date();
const codes = (b: Uint8Array) => checkCertificate(b, now).violations.map((v) => v.code);

describe('accepted certificates', () => {
  it.each([
    ['rsa:2048', 'sha256'],
    ['rsa:3072', 'sha384'],
    ['rsa:4096', 'sha512'],
    ['ec:P-384', 'sha256'],
    ['ec:P-384', 'sha384'],
    ['ec:P-521', 'sha512'],
  ] as const)('%s signed with %s, in PEM and DER', (key, digest) => {
    const made = makeCertificate({ key, digest });
    for (const input of [bytes(made.certPem), made.certDer]) {
      const r = checkCertificate(input, now);
      expect(r.violations).toEqual([]);
      expect(r.facts?.keyAlgorithm).toBe(key.startsWith('rsa') ? 'RSA' : 'EC');
    }
  });

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

  it('finds the certificate in what people upload: CRLF, openssl -text output, a chain (leaf first)', () => {
    const ca = makeCertificate({ key: 'ec:P-384', cn: 'Test CA', keyUsage: 'critical,keyCertSign,cRLSign', basicConstraints: 'critical,CA:TRUE' });
    const leaf = makeCertificate({ key: 'rsa:2048', cn: 'leaf', issuer: ca });
    const crlf = leaf.certPem.replace(/\n/g, '\r\n');
    const wrapped = textWrapped(leaf);
    const chain = leaf.certPem + ca.certPem;
    for (const input of [crlf, wrapped, chain, `Bag Attributes\n  friendlyName: leaf\n${chain}`]) {
      const r = inspectCertificate(bytes(input));
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.subject).toBe('O=Chaman Tests, CN=leaf');
      expect(r.value.issuer).toBe('O=Chaman Tests, CN=Test CA');
      expect(r.value.selfSigned).toBe(false);
    }
    const r = inspectCertificate(bytes(chain));
    expect(r.ok && r.value.chainLength).toBe(1);
    expect(checkCertificate(bytes(chain), now).violations).toEqual([]);
  });

  it('accepts base64 of the DER without PEM armour', () => {
    const made = makeCertificate();
    expect(codes(bytes(Buffer.from(made.certDer).toString('base64')))).toEqual([]);
  });
});

describe('refused certificates, each with its reason', () => {
  it('a 1024-bit RSA key', () => {
    const r = checkCertificate(makeCertificate({ key: 'rsa:1024' }).certDer, now);
    expect(r.violations).toEqual([{ code: V.keySize, message: 'RSA key of 1024 bits; allowed: 2048, 3072 or 4096 bits' }]);
  });

  it('an EC key on P-256', () => {
    const r = checkCertificate(makeCertificate({ key: 'ec:P-256' }).certDer, now);
    expect(r.violations).toEqual([{ code: V.curve, message: 'EC key on curve P-256; allowed: P-384 or P-521' }]);
  });

  it('an Ed25519 key (and its signature has no separate digest)', () => {
    const r = checkCertificate(makeCertificate({ key: 'ed25519' }).certDer, now);
    expect(r.violations.map((v) => v.code)).toEqual([V.keyAlgorithm, V.digest]);
    expect(r.violations[0]!.message).toBe('Ed25519 key; allowed: RSA (2048, 3072 or 4096 bits) or EC (P-384 or P-521)');
  });

  it('a DSA key', () => {
    const r = checkCertificate(makeCertificate({ key: 'dsa' }).certDer, now);
    expect(r.violations.map((v) => v.code)).toContain(V.keyAlgorithm);
    expect(r.violations[0]!.message).toMatch(/^DSA key/);
  });

  it.each(['sha1', 'sha224'] as const)('a signature with %s', (digest) => {
    const r = checkCertificate(makeCertificate({ digest }).certDer, now);
    expect(r.violations.map((v) => v.code)).toEqual([V.digest]);
    expect(r.violations[0]!.message).toMatch(/^Signed with SHA-(1|224) \(sha(1|224)WithRSAEncryption\); allowed: SHA-256, SHA-384 or SHA-512$/);
  });

  it('no key usage, or key usage without Digital Signature (a CA certificate)', () => {
    expect(checkCertificate(makeCertificate({ keyUsage: null }).certDer, now).violations).toEqual([
      { code: V.keyUsage, message: 'The certificate has no key usage extension; it must have key usage Digital Signature' },
    ]);
    const ca = checkCertificate(makeCertificate({ keyUsage: 'critical,keyCertSign,cRLSign', basicConstraints: 'critical,CA:TRUE' }).certDer, now);
    expect(ca.violations).toEqual([
      { code: V.keyUsage, message: 'Key usage is keyCertSign, cRLSign, without Digital Signature; it must include Digital Signature' },
    ]);
    expect(ca.facts?.basicConstraints).toEqual({ ca: true, pathLength: null });
  });

  it('expired, and not yet valid', () => {
    const expired = makeCertificate({ notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') });
    expect(checkCertificate(expired.certDer, now).violations).toEqual([
      { code: V.validity, message: 'The certificate expired on 2021-01-01 00:00:00 UTC; upload one that is valid now' },
    ]);
    const future = makeCertificate({ notBefore: new Date('2099-01-01T00:00:00Z'), notAfter: new Date('2100-01-01T00:00:00Z') });
    expect(codes(future.certDer)).toEqual([V.validity]);
    // Judged at a given time: the same certificate is fine in its validity window.
    const facts = inspectCertificate(future.certDer);
    expect(facts.ok && judgeCertificate(facts.value, new Date('2099-06-01T00:00:00Z'))).toEqual([]);
  });

  it('gets every broken rule at once', () => {
    const bad = makeCertificate({ key: 'rsa:1024', digest: 'sha1', keyUsage: null, notBefore: new Date('2020-01-01Z'), notAfter: new Date('2021-01-01Z') });
    expect(codes(bad.certDer)).toEqual([V.keySize, V.digest, V.keyUsage, V.validity]);
  });
});

describe('not a certificate, said in plain words', () => {
  let made: Made;
  beforeAll(() => {
    made = makeCertificate();
  });
  const message = (b: Uint8Array) => {
    const r = inspectCertificate(b);
    expect(r.ok).toBe(false);
    return r.ok ? '' : (expect(r.error.code).toBe(V.notACertificate), r.error.message);
  };

  it('an empty file', () => expect(message(new Uint8Array())).toBe('The file is empty.'));
  it('a private key, PEM or DER, alone or with the certificate', () => {
    const key = privateKey('rsa:2048');
    expect(message(bytes(key))).toBe('This file is a private key. Upload the certificate; never share the private key.');
    expect(message(toDer(key, 'pkey'))).toBe('This file is a private key. Upload the certificate; never share the private key.');
    expect(message(bytes(made.certPem + key))).toMatch(/holds a private key besides the certificate/);
    expect(message(bytes(privateKey('ec:P-384')))).toMatch(/private key/);
  });
  it('a certificate request', () => {
    const csr = makeCsr();
    expect(message(bytes(csr))).toMatch(/certificate signing request \(CSR\)/);
    expect(message(toDer(csr, 'req'))).toMatch(/certificate signing request \(CSR\)/);
  });
  it('random bytes and text', () => {
    expect(message(bytes('hello world'))).toMatch(/neither PEM .* nor DER/);
    expect(message(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]))).toMatch(/DER-encoded data of another kind/);
  });
  it('a truncated certificate', () => {
    expect(message(made.certDer.slice(0, made.certDer.length - 10))).toMatch(/damaged or truncated/);
    expect(message(bytes(made.certPem.slice(0, made.certPem.length - 40)))).toMatch(/truncated or damaged/);
  });
  it('a file over 64 KiB, refused before parsing', () => {
    expect(message(new Uint8Array(64 * 1024 + 1))).toMatch(/at most 65536 \(64 KiB\)/);
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
