import { beforeAll, describe, expect, it } from 'vitest';
import { bytes, makeCertificate, makeCsr, privateKey, publicKeyOf, textWrapped, toDer, type Made } from '../../test-support/openssl.js';
import { NotACertificateFound as F, CertificateViolations as V } from './certificate.errors.js';
import { inspectCertificate } from './facts.js';
import { checkCertificate } from './policy.js';

const now = new Date();
const codes = (b: Uint8Array) => checkCertificate(b, now).violations.map((v) => v.code);
const refusal = (b: Uint8Array) => {
  const r = inspectCertificate(b);
  if (r.ok) throw new Error('expected a refusal');
  expect(r.error.code).toBe(V.notACertificate);
  return r.error;
};
const message = (b: Uint8Array) => refusal(b).message;
const params = (b: Uint8Array) => refusal(b).params;

describe('the certificate in what people upload', () => {
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
    expect(r.ok && r.value.chain.map((c) => c.subject)).toEqual(['O=Chaman Tests, CN=Test CA']);
    expect(checkCertificate(bytes(chain), now).violations).toEqual([]);
  });

  it('reads every certificate of the file: one that cannot be read is refused, saying which', () => {
    const leaf = makeCertificate({ cn: 'leaf' });
    const other = makeCertificate({ cn: 'other' });
    const lines = other.certPem.split('\n');
    lines[3] = `!${lines[3]!.slice(1)}`;
    expect(refusal(bytes(leaf.certPem + lines.join('\n')))).toEqual({
      code: V.notACertificate,
      message: 'Certificate 2 in the file: The certificate block is not valid base64: the file is damaged.',
      params: { found: F.badBase64, position: 2 },
    });
    const csrAsCertificate = `-----BEGIN CERTIFICATE-----\n${Buffer.from(toDer(makeCsr(), 'req')).toString('base64')}\n-----END CERTIFICATE-----\n`;
    expect(message(bytes(leaf.certPem + other.certPem + csrAsCertificate))).toMatch(/^Certificate 3 in the file: This file is a certificate signing request \(CSR\)/);
    expect(params(bytes(leaf.certPem + other.certPem + csrAsCertificate))).toEqual({ found: F.csr, position: 3 });
    expect(message(bytes(csrAsCertificate + leaf.certPem))).toMatch(/^This file is a certificate signing request \(CSR\)/);
    expect(params(bytes(csrAsCertificate + leaf.certPem))).toEqual({ found: F.csr });
  });

  it('accepts base64 of the DER without PEM armour', () => {
    const made = makeCertificate();
    expect(codes(bytes(Buffer.from(made.certDer).toString('base64')))).toEqual([]);
  });
});

describe('not a certificate, said in plain words', () => {
  let made: Made;
  beforeAll(() => {
    made = makeCertificate();
  });

  it('an empty file', () => expect(refusal(new Uint8Array())).toEqual({ code: V.notACertificate, message: 'The file is empty.', params: { found: F.empty } }));
  it('a private key, PEM or DER, alone or with the certificate', () => {
    const key = privateKey('rsa:2048');
    expect(message(bytes(key))).toBe('This file is a private key. Upload the certificate; never share the private key.');
    expect(message(toDer(key, 'pkey'))).toBe('This file is a private key. Upload the certificate; never share the private key.');
    expect(message(bytes(made.certPem + key))).toMatch(/holds a private key besides the certificate/);
    expect(message(bytes(privateKey('ec:P-384')))).toMatch(/private key/);
    expect([bytes(key), toDer(key, 'pkey'), bytes(privateKey('ec:P-384'))].map(params)).toEqual(Array(3).fill({ found: F.privateKey }));
    expect(params(bytes(made.certPem + key))).toEqual({ found: F.privateKeyBesideCertificate });
  });
  it('a certificate request', () => {
    const csr = makeCsr();
    expect(message(bytes(csr))).toMatch(/certificate signing request \(CSR\)/);
    expect(message(toDer(csr, 'req'))).toMatch(/certificate signing request \(CSR\)/);
    expect([bytes(csr), toDer(csr, 'req')].map(params)).toEqual([{ found: F.csr }, { found: F.csr }]);
  });
  it('a public key, PEM or DER, and a PEM block of another kind', () => {
    const publicKey = publicKeyOf(privateKey('ec:P-384'));
    expect(message(bytes(publicKey))).toBe('This file is a bare public key. Upload the X.509 certificate that contains it.');
    expect([bytes(publicKey), toDer(publicKey, 'pubkey')].map(params)).toEqual([{ found: F.publicKey }, { found: F.publicKey }]);
    const other = '-----BEGIN EC PARAMETERS-----\nBgUrgQQAIg==\n-----END EC PARAMETERS-----\n';
    expect(refusal(bytes(other))).toMatchObject({
      message: 'This file holds a PEM block labelled "EC PARAMETERS", not a certificate. Upload a file with a "BEGIN CERTIFICATE" block, or a DER certificate.',
      params: { found: F.otherPemBlock, label: 'EC PARAMETERS' },
    });
  });
  it('random bytes and text', () => {
    expect(message(bytes('hello world'))).toMatch(/neither PEM .* nor DER/);
    expect(message(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]))).toMatch(/DER-encoded data of another kind/);
    expect(params(bytes('hello world'))).toEqual({ found: F.neitherPemNorDer });
    expect(params(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]))).toEqual({ found: F.otherDer });
  });
  it('a truncated certificate', () => {
    expect(message(made.certDer.slice(0, made.certDer.length - 10))).toMatch(/damaged or truncated/);
    expect(message(bytes(made.certPem.slice(0, made.certPem.length - 40)))).toMatch(/truncated or damaged/);
    expect(params(made.certDer.slice(0, made.certDer.length - 10))).toEqual({ found: F.truncated });
    expect(params(bytes(made.certPem.slice(0, made.certPem.length - 40)))).toEqual({ found: F.unterminatedPem });
  });
  it('a certificate followed by bytes of nothing', () => {
    expect(refusal(new Uint8Array([...made.certDer, 0, 0]))).toMatchObject({
      message: 'The file has unexpected bytes after the certificate; it may be damaged.',
      params: { found: F.trailingBytes },
    });
  });
  it('a file over 64 KiB, refused before parsing', () => {
    expect(refusal(new Uint8Array(64 * 1024 + 1))).toEqual({
      code: V.notACertificate,
      message: 'The file has 65537 bytes; a certificate file has at most 65536 (64 KiB).',
      params: { found: F.tooLarge, bytes: 65537, max: 65536 },
    });
  });
});
