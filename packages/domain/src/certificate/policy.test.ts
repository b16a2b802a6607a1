import { describe, expect, it } from 'vitest';
import { bytes, craftCertificate, makeCertificate, privateKey, rsaKeyWithExponent, type Made } from '../../test-support/openssl.js';
import { CertificateViolations as V } from './certificate.errors.js';
import { inspectCertificate } from './facts.js';
import { checkCertificate, checkCertificateFile, isCertificateValidAt, judgeCertificate } from './policy.js';

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
});

describe('refused certificates, each with its reason', () => {
  it('a 1024-bit RSA key', () => {
    const r = checkCertificate(makeCertificate({ key: 'rsa:1024' }).certDer, now);
    expect(r.violations).toEqual([
      { code: V.keySize, message: 'RSA key of 1024 bits; allowed: 2048, 3072 or 4096 bits', params: { keySize: 1024, allowed: '2048, 3072, 4096' } },
    ]);
  });

  it('an EC key on P-256', () => {
    const r = checkCertificate(makeCertificate({ key: 'ec:P-256' }).certDer, now);
    expect(r.violations).toEqual([{ code: V.curve, message: 'EC key on curve P-256; allowed: P-384 or P-521', params: { curve: 'P-256', allowed: 'P-384, P-521' } }]);
  });

  it('an Ed25519 key (and its signature has no separate digest)', () => {
    const r = checkCertificate(makeCertificate({ key: 'ed25519' }).certDer, now);
    expect(r.violations.map((v) => v.code)).toEqual([V.keyAlgorithm, V.digest]);
    expect(r.violations[0]!.message).toBe('Ed25519 key; allowed: RSA (2048, 3072 or 4096 bits) or EC (P-384 or P-521)');
    expect(r.violations.map((v) => v.params)).toEqual([
      { keyAlgorithm: 'Ed25519', allowedRsaBits: '2048, 3072, 4096', allowedCurves: 'P-384, P-521' },
      { digest: null, signatureAlgorithm: 'Ed25519', allowed: 'SHA-256, SHA-384, SHA-512' },
    ]);
  });

  it('a DSA key', () => {
    const r = checkCertificate(makeCertificate({ key: 'dsa' }).certDer, now);
    expect(r.violations.map((v) => v.code)).toContain(V.keyAlgorithm);
    expect(r.violations[0]!.message).toMatch(/^DSA key/);
    expect(r.violations[0]!.params).toMatchObject({ keyAlgorithm: 'DSA' });
  });

  it.each(['sha1', 'sha224'] as const)('a signature with %s', (digest) => {
    const r = checkCertificate(makeCertificate({ digest }).certDer, now);
    expect(r.violations.map((v) => v.code)).toEqual([V.digest]);
    expect(r.violations[0]!.message).toMatch(/^Signed with SHA-(1|224) \(sha(1|224)WithRSAEncryption\); allowed: SHA-256, SHA-384 or SHA-512$/);
    const name = digest === 'sha1' ? 'SHA-1' : 'SHA-224';
    expect(r.violations[0]!.params).toEqual({ digest: name, signatureAlgorithm: `${digest}WithRSAEncryption`, allowed: 'SHA-256, SHA-384, SHA-512' });
  });

  it('no key usage, or key usage without Digital Signature (a CA certificate)', () => {
    expect(checkCertificate(makeCertificate({ keyUsage: null }).certDer, now).violations).toEqual([
      {
        code: V.keyUsage,
        message: 'The certificate has no key usage extension; it must have key usage Digital Signature',
        params: { keyUsage: null, required: 'digitalSignature' },
      },
    ]);
    const ca = checkCertificate(makeCertificate({ keyUsage: 'critical,keyCertSign,cRLSign', basicConstraints: 'critical,CA:TRUE' }).certDer, now);
    expect(ca.violations).toEqual([
      {
        code: V.keyUsage,
        message: 'Key usage is keyCertSign, cRLSign, without Digital Signature; it must include Digital Signature',
        params: { keyUsage: 'keyCertSign, cRLSign', required: 'digitalSignature' },
      },
    ]);
    expect(ca.facts?.basicConstraints).toEqual({ ca: true, pathLength: null });
  });

  it('expired, and not yet valid', () => {
    const expired = makeCertificate({ notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') });
    expect(checkCertificate(expired.certDer, now).violations).toEqual([
      {
        code: V.validity,
        message: 'The certificate expired on 2021-01-01 00:00:00 UTC; upload one that is valid now',
        params: { expired: true, notBefore: '2020-01-01T00:00:00.000Z', notAfter: '2021-01-01T00:00:00.000Z' },
      },
    ]);
    const future = makeCertificate({ notBefore: new Date('2099-01-01T00:00:00Z'), notAfter: new Date('2100-01-01T00:00:00Z') });
    expect(checkCertificate(future.certDer, now).violations).toEqual([
      {
        code: V.validity,
        message: 'The certificate is not valid before 2099-01-01 00:00:00 UTC; upload one that is valid now',
        params: { expired: false, notBefore: '2099-01-01T00:00:00.000Z', notAfter: '2100-01-01T00:00:00.000Z' },
      },
    ]);
    // Judged at a given time: the same certificate is fine in its validity window.
    const facts = inspectCertificate(future.certDer);
    expect(facts.ok && judgeCertificate(facts.value, new Date('2099-06-01T00:00:00Z'))).toEqual([]);
  });

  it('valid from notBefore through notAfter, both included (RFC 5280)', () => {
    const notBefore = new Date('2099-01-01T00:00:00Z');
    const notAfter = new Date('2100-01-01T00:00:00Z');
    const r = inspectCertificate(makeCertificate({ notBefore, notAfter }).certDer);
    if (!r.ok) throw new Error(r.error.message);
    const at = (ms: number) => judgeCertificate(r.value, new Date(ms)).map((v) => v.message);
    expect(at(notBefore.getTime() - 1)).toEqual(['The certificate is not valid before 2099-01-01 00:00:00 UTC; upload one that is valid now']);
    expect(at(notBefore.getTime())).toEqual([]);
    expect(at(notAfter.getTime())).toEqual([]);
    expect(at(notAfter.getTime() + 1)).toEqual(['The certificate expired on 2100-01-01 00:00:00 UTC; upload one that is valid now']);
    for (const ms of [notBefore.getTime() - 1, notBefore.getTime(), notAfter.getTime(), notAfter.getTime() + 1]) {
      expect(isCertificateValidAt(r.value, new Date(ms))).toBe(at(ms).length === 0);
    }
  });

  it('an RSA exponent of 3, made by openssl: too small', () => {
    const r = checkCertificate(makeCertificate({ keyPem: rsaKeyWithExponent(2048, 3) }).certDer, now);
    expect(r.facts?.rsaPublicExponent).toBe('3');
    expect(r.violations).toEqual([
      {
        code: V.rsaExponent,
        message: 'RSA public exponent 3; it must be odd and at least 65537 (keys made by openssl, Java or .NET use 65537)',
        params: { exponent: '3', minimum: 65537 },
      },
    ]);
  });

  it.each([1, 2, 4, 65536, 65535])('an RSA exponent of %i (crafted with pkijs): refused', async (exponent) => {
    const crafted = await craftCertificate(makeCertificate({ key: 'rsa:2048' }), { rsaExponent: exponent });
    const r = checkCertificate(crafted.certDer, now);
    expect(r.facts?.rsaPublicExponent).toBe(String(exponent));
    expect(r.violations.map((v) => v.code)).toEqual([V.rsaExponent]);
    expect(r.violations[0]!.params).toEqual({ exponent: String(exponent), minimum: 65537 });
  });

  it('RSA exponents 65537 and above that are odd are accepted, even one beyond 2^53', async () => {
    expect(checkCertificate(makeCertificate({ key: 'rsa:2048' }).certDer, now).facts?.rsaPublicExponent).toBe('65537');
    const crafted = await craftCertificate(makeCertificate({ key: 'rsa:2048' }), { rsaExponent: 2 ** 31 - 1 });
    expect(codes(crafted.certDer)).toEqual([]);
  });

  it('a certificate with two keyUsage extensions (RFC 5280 allows one): malformed, whichever comes first', async () => {
    // The first says digitalSignature; the second, keyEncipherment only: a reader that takes the second would refuse it.
    for (const [made, second] of [
      [makeCertificate({ key: 'rsa:2048' }), [5, 0x20]],
      [makeCertificate({ key: 'ec:P-384', keyUsage: 'critical,keyEncipherment' }), [7, 0x80]],
    ] as const) {
      const crafted = await craftCertificate(made, { secondKeyUsage: [...second] });
      const r = checkCertificate(crafted.certDer, now);
      expect(r.facts?.duplicateExtensions).toEqual(['keyUsage']);
      expect(r.violations.map((v) => v.code)).toContain(V.malformed);
      expect(r.violations.find((v) => v.code === V.malformed)).toEqual({
        code: V.malformed,
        message: 'The certificate has the extension keyUsage more than once; an extension may appear only once (RFC 5280, 4.2)',
        params: { duplicateExtensions: 'keyUsage' },
      });
    }
    expect(checkCertificate(makeCertificate({ key: 'rsa:2048' }).certDer, now).facts?.duplicateExtensions).toEqual([]);
  });

  it('gets every broken rule at once', () => {
    const bad = makeCertificate({ key: 'rsa:1024', digest: 'sha1', keyUsage: null, notBefore: new Date('2020-01-01Z'), notAfter: new Date('2021-01-01Z') });
    expect(codes(bad.certDer)).toEqual([V.keySize, V.digest, V.keyUsage, V.validity]);
    // Each with the values its message is made from, flat, for a client to word in its own language.
    for (const v of checkCertificate(bad.certDer, now).violations) {
      expect(v.params).toBeDefined();
      for (const value of Object.values(v.params!)) expect(value === null || ['string', 'number', 'boolean'].includes(typeof value)).toBe(true);
    }
  });
});

describe('a file of several certificates: the first, followed by its issuers in order', () => {
  const root = makeCertificate({ key: 'ec:P-384', cn: 'Root CA', keyUsage: 'critical,keyCertSign,cRLSign', basicConstraints: 'critical,CA:TRUE' });
  const intermediate = makeCertificate({ key: 'ec:P-384', cn: 'Issuing CA', issuer: root, keyUsage: 'critical,keyCertSign,cRLSign', basicConstraints: 'critical,CA:TRUE,pathlen:0' });
  const leaf = makeCertificate({ key: 'rsa:2048', cn: 'leaf', issuer: intermediate });
  const check = (...made: Made[]) => checkCertificate(bytes(made.map((m) => m.certPem).join('')), now);

  it('accepts the chain, whole or in part, and gives its facts', () => {
    expect(check(leaf, intermediate).violations).toEqual([]);
    const whole = check(leaf, intermediate, root);
    expect(whole.violations).toEqual([]);
    expect(whole.facts?.chain.map((c) => c.subject)).toEqual(['O=Chaman Tests, CN=Issuing CA', 'O=Chaman Tests, CN=Root CA']);
  });

  it('refuses a certificate that did not issue the one before it', () => {
    expect(check(leaf, root).violations).toEqual([
      {
        code: V.chain,
        message: 'Certificate 2 in the file (O=Chaman Tests, CN=Root CA) is not the issuer of certificate 1 (issued by O=Chaman Tests, CN=Issuing CA); upload the certificate alone, or followed by its issuers in order',
        params: { position: 2, subject: 'O=Chaman Tests, CN=Root CA', previousIssuer: 'O=Chaman Tests, CN=Issuing CA', previousSelfSigned: false },
      },
    ]);
    expect(codes(bytes(leaf.certPem + makeCertificate({ cn: 'another leaf', issuer: intermediate }).certPem))).toEqual([V.chain]);
  });

  it('refuses anything after a self-signed certificate, even one with the same name', () => {
    const selfSigned = makeCertificate({ cn: 'api.acme.be' });
    const renewed = makeCertificate({ cn: 'api.acme.be', key: 'ec:P-384' });
    const r = check(selfSigned, renewed);
    expect(r.violations.map((v) => v.code)).toEqual([V.chain]);
    expect(r.violations[0]!.message).toBe(
      'Certificate 2 in the file (O=Chaman Tests, CN=api.acme.be) follows a self-signed certificate, which ends a chain; upload the certificate alone, or followed by its issuers in order',
    );
    expect(r.violations[0]!.params).toEqual({ position: 2, subject: 'O=Chaman Tests, CN=api.acme.be', previousIssuer: 'O=Chaman Tests, CN=api.acme.be', previousSelfSigned: true });
  });

  it('checks that each certificate signed the one before it, up to the leaf', async () => {
    const file = (...made: Made[]) => checkCertificateFile(bytes(made.map((m) => m.certPem).join('')), now);
    expect((await file(leaf, intermediate, root)).violations).toEqual([]);
    expect((await file(leaf)).violations).toEqual([]);
    // Another CA of the same name, with a key of its own: the names chain up, the signatures do not.
    const impostor = makeCertificate({
      key: 'ec:P-384',
      keyPem: privateKey('ec:P-384', true),
      cn: 'Issuing CA',
      issuer: root,
      keyUsage: 'critical,keyCertSign,cRLSign',
      basicConstraints: 'critical,CA:TRUE,pathlen:0',
    });
    expect(check(leaf, impostor).violations).toEqual([]);
    expect((await file(leaf, impostor)).violations).toEqual([
      {
        code: V.chain,
        message:
          'Certificate 2 in the file (O=Chaman Tests, CN=Issuing CA) has the name of the issuer of certificate 1 but did not sign it; upload the certificate alone, or followed by its issuers in order',
        params: { position: 2, subject: 'O=Chaman Tests, CN=Issuing CA', previousIssuer: 'O=Chaman Tests, CN=Issuing CA', previousSelfSigned: false, signed: false },
      },
    ]);
    // Up to the leaf: a good first link does not excuse a bad second one.
    const otherRoot = makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true), cn: 'Root CA', keyUsage: 'critical,keyCertSign,cRLSign', basicConstraints: 'critical,CA:TRUE' });
    expect((await file(leaf, intermediate, otherRoot)).violations.map((v) => v.params?.position)).toEqual([3]);
    // The name rule speaks first: two unrelated certificates get its reason, once.
    expect((await file(makeCertificate({ cn: 'one' }), makeCertificate({ cn: 'two', key: 'ec:P-384' }))).violations.map((v) => v.code)).toEqual([V.chain]);
  });

  it('judges the first certificate as the one uploaded: a chain in the wrong order is refused', () => {
    expect(check(intermediate, leaf).violations.map((v) => v.code)).toEqual([V.keyUsage, V.chain]);
  });
});
