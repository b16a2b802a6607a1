import { describe, expect, it } from 'vitest';
import { hasTool, runOpenssl, runTool } from '../../test-support/openssl-run.js';
import { CertificateMakerErrors as E } from './maker.errors.js';
import {
  makeSelfSignedCertificate,
  maxSelfSignedValidityDays,
  type SelfSignedKeyType,
  type SelfSignedRequest,
} from './maker.js';

const now = new Date();
const request = (over: Partial<SelfSignedRequest> = {}): SelfSignedRequest => ({
  keyType: 'EC-P-384',
  companyName: 'Boulangerie Dupont SRL',
  commonName: 'payroll-client',
  enterpriseNumber: '0203.201.340',
  validityDays: 365,
  ...over,
});

async function made(over: Partial<SelfSignedRequest> = {}) {
  const r = await makeSelfSignedCertificate(request(over), now);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

async function refusal(over: Partial<SelfSignedRequest>, crypto?: Crypto | null) {
  const r = await makeSelfSignedCertificate(request(over), now, crypto);
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
}

describe('the certificate maker', () => {
  it.each([
    ['EC-P-384', 'EC', 384, 'P-384', 'SHA-384', 'ES384', 'ecdsa-with-SHA384'],
    ['RSA-3072', 'RSA', 3072, null, 'SHA-256', 'RS256', 'sha256WithRSAEncryption'],
    ['EC-P-521', 'EC', 521, 'P-521', 'SHA-512', 'ES512', 'ecdsa-with-SHA512'],
    ['RSA-2048', 'RSA', 2048, null, 'SHA-256', 'RS256', 'sha256WithRSAEncryption'],
    ['RSA-4096', 'RSA', 4096, null, 'SHA-384', 'RS256', 'sha384WithRSAEncryption'],
  ] as const)(
    'makes a %s key and a certificate the policy accepts and openssl reads',
    async (keyType, algorithm, size, curve, digest, alg, opensslSignature) => {
      const m = await made({ keyType: keyType as SelfSignedKeyType });
      expect(m.algorithm).toBe(alg);
      expect(m.facts).toMatchObject({
        keyAlgorithm: algorithm,
        keySize: size,
        curve,
        signatureDigest: digest,
        keyUsage: ['digitalSignature'],
        selfSigned: true,
      });
      expect(m.facts.subject).toBe('serialNumber=0203201340, CN=payroll-client, O=Boulangerie Dupont SRL');
      expect(m.facts.issuer).toBe(m.facts.subject);
      expect(m.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      expect(m.pkcs12).toBeNull();

      const files = { 'cert.pem': m.certificatePem, 'key.pem': m.privateKeyPem };
      const text = runOpenssl(
        ['x509', '-in', 'cert.pem', '-noout', '-text', '-nameopt', 'RFC2253'],
        files,
      ).stdout;
      expect(text).toContain(`Signature Algorithm: ${opensslSignature}`);
      expect(text).toContain('Subject: serialNumber=0203201340,CN=payroll-client,O=Boulangerie Dupont SRL');
      expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature\n/);
      expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
      expect(text).toContain('X509v3 Subject Key Identifier');
      // The private key is the certificate's: the same public key, and a signature it makes verifies with the certificate.
      const fromKey = runOpenssl(['pkey', '-in', 'key.pem', '-pubout'], files).stdout;
      const fromCertificate = runOpenssl(['x509', '-in', 'cert.pem', '-noout', '-pubkey'], files).stdout;
      expect(fromKey).toBe(fromCertificate);
      const signed = runOpenssl(
        ['dgst', '-sha256', '-sign', 'key.pem', '-out', 'sig.bin', 'cert.pem'],
        files,
      );
      const verify = runOpenssl(
        ['dgst', '-sha256', '-verify', 'pub.pem', '-signature', `${signed.dir}/sig.bin`, 'cert.pem'],
        { ...files, 'pub.pem': fromCertificate },
      );
      expect(verify.stdout.trim()).toBe('Verified OK');
      // The certificate's own signature verifies with its key (self-signed, checked by openssl).
      expect(
        runOpenssl(
          ['verify', '-check_ss_sig', '-partial_chain', '-trusted', 'cert.pem', 'cert.pem'],
          files,
        ).stdout.trim(),
      ).toBe('cert.pem: OK');
    },
  );

  it('makes certificates valid from a little before now for the days asked, up to 3 years', async () => {
    const maxDays = maxSelfSignedValidityDays(now);
    expect([1095, 1096]).toContain(maxDays);
    const m = await made({ validityDays: maxDays });
    const seconds = (t: number) => Math.floor(t / 1000) * 1000;
    expect(m.facts.notAfter.getTime()).toBe(seconds(now.getTime() + maxDays * 86_400_000));
    expect(m.facts.notBefore.getTime()).toBe(seconds(now.getTime() - 600_000));

    const over = await refusal({ validityDays: maxDays + 1 });
    expect(over).toEqual({
      code: E.validity,
      message: `A validity of ${maxDays + 1} days is more than 3 years; from today at most ${maxDays} days`,
      params: { days: maxDays + 1, minDays: 1, maxDays, maxYears: 3 },
    });
    for (const days of [0, -5, 1.5, Number.NaN])
      expect((await refusal({ validityDays: days })).code).toBe(E.validity);
  });

  it('refuses a subject it cannot write, saying which part', async () => {
    expect(await refusal({ commonName: '   ' })).toMatchObject({
      code: E.subject,
      params: { field: 'commonName', length: 0, max: 64 },
    });
    expect(await refusal({ commonName: 'x'.repeat(65) })).toMatchObject({
      code: E.subject,
      params: { field: 'commonName', length: 65, max: 64 },
    });
    expect(await refusal({ companyName: '' })).toMatchObject({
      code: E.subject,
      params: { field: 'companyName' },
    });
    const badNumber = await refusal({ enterpriseNumber: '0203.201.341' });
    expect(badNumber).toMatchObject({
      code: E.subject,
      params: { field: 'enterpriseNumber', input: '0203.201.341' },
    });
    expect(badNumber.message).toMatch(
      /^The enterprise number \(the subject serialNumber\) is not valid: 0203\.201\.341 fails the check/,
    );
    expect((await refusal({ keyType: 'EC-P-256' as SelfSignedKeyType })).params).toEqual({
      keyType: 'EC-P-256',
      allowed: 'RSA-3072, EC-P-384, RSA-2048, RSA-4096, EC-P-521',
    });
  });

  it("cuts a company name longer than X.520's 64 characters (the enterprise number names the company)", async () => {
    const m = await made({
      companyName: `${'Société Anonyme des Boulangeries Réunies de Wallonie '.repeat(2)}`,
    });
    expect(m.facts.subject).toBe(
      'serialNumber=0203201340, CN=payroll-client, O=Société Anonyme des Boulangeries Réunies de Wallonie Société Ano',
    );
  });

  it('explains that it needs WebCrypto, which browsers give only to secure contexts', async () => {
    // What an http page that is not localhost sees: crypto without subtle.
    const insecure = {
      getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto),
    } as unknown as Crypto;
    for (const crypto of [insecure, null]) {
      expect(await refusal({}, crypto)).toEqual({
        code: E.unavailable,
        message: 'WebCrypto is not available here: browsers offer it only on https or on localhost',
        params: { keyType: 'EC-P-384', detail: 'no-webcrypto' },
      });
    }
  });

  describe('the PKCS#12 for Java and .NET', () => {
    it.each(['EC-P-384', 'RSA-3072'] as const)(
      'opens with openssl and the password (%s), holding the same key and certificate',
      async (keyType) => {
        const password = 'correct horse battery';
        const m = await made({ keyType, pkcs12Password: password });
        expect(m.pkcs12).toBeInstanceOf(Uint8Array);
        const files = { 'x.p12': m.pkcs12!, 'key.pem': m.privateKeyPem, 'cert.pem': m.certificatePem };
        const opened = runOpenssl(
          ['pkcs12', '-in', 'x.p12', '-passin', `pass:${password}`, '-nodes'],
          files,
        ).stdout;
        const keyPem = opened.match(/-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n/)?.[0];
        const certPem = opened.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/)?.[0];
        expect(certPem).toBe(m.certificatePem);
        const normalised = (name: string, content: string) =>
          runOpenssl(['pkey', '-in', name], { [name]: content }).stdout;
        expect(normalised('a.pem', keyPem!)).toBe(normalised('b.pem', m.privateKeyPem));
        // The key and the certificate are paired (localKeyId) and named (friendlyName), as keytool and .NET expect.
        expect(opened.match(/localKeyID: ([0-9A-F ]+)/g)).toHaveLength(2);
        expect(opened.match(/friendlyName: payroll-client/g)).toHaveLength(2);

        const info = runOpenssl(
          ['pkcs12', '-in', 'x.p12', '-passin', `pass:${password}`, '-info', '-noout'],
          files,
        );
        const report = info.stdout + info.stderr;
        expect(report).toMatch(/MAC: sha256, Iteration 2048/);
        expect(report).toMatch(
          /Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256/,
        );

        expect(() =>
          runOpenssl(['pkcs12', '-in', 'x.p12', '-passin', 'pass:not the password', '-nodes'], files),
        ).toThrow(/mac verify failure|invalid password/i);
      },
    );

    // Java reads PBES2 AES key bags and SHA-256 MACs from 8u301 (and 11.0.12, 17) on.
    it.skipIf(!hasTool('keytool'))(
      'opens in Java: keytool lists one private key entry with its certificate',
      async () => {
        const password = 'correct horse battery';
        const m = await made({ keyType: 'EC-P-384', pkcs12Password: password });
        const listed = runTool(
          'keytool',
          ['-list', '-v', '-storetype', 'PKCS12', '-keystore', 'x.p12', '-storepass', password],
          { 'x.p12': m.pkcs12! },
        ).stdout;
        expect(listed).toMatch(/Your keystore contains 1 entry/);
        expect(listed).toMatch(/Alias name: payroll-client/);
        expect(listed).toMatch(/Entry type: PrivateKeyEntry/);
        expect(listed).toMatch(/Certificate chain length: 1/);
        expect(listed).toContain(`SHA256: ${m.facts.sha256Fingerprint}`);
      },
    );

    it('takes a password with letters outside ASCII, as openssl reads it', async () => {
      const password = 'mot de passe: déjà-vu €';
      const m = await made({ pkcs12Password: password });
      const opened = runOpenssl(['pkcs12', '-in', 'x.p12', '-passin', 'file:pass.txt', '-nodes'], {
        'x.p12': m.pkcs12!,
        'pass.txt': `${password}\n`,
      }).stdout;
      expect(opened).toContain('-----BEGIN PRIVATE KEY-----');
    });

    it('refuses a password shorter than 8 characters', async () => {
      expect(await refusal({ pkcs12Password: 'short' })).toEqual({
        code: E.password,
        message: 'The PKCS#12 password must have at least 8 characters; got 5',
        params: { minLength: 8, length: 5 },
      });
    });
  });
});
