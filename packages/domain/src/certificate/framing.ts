import * as asn1js from 'asn1js';
import { err, ok, type Result } from '../shared/result.js';
import {
  CertificateViolations,
  NotACertificateFound,
  type CertificateViolation,
  type NotACertificateFinding,
} from './certificate.errors.js';

/** Uploads larger than this are refused before parsing: a certificate with its chain is a few KiB. */
export const MAX_CERTIFICATE_FILE_BYTES = 64 * 1024;

/** What a file that is not a certificate holds, with the values its message names. */
export type NotACertificate =
  | { found: typeof NotACertificateFound.tooLarge; bytes: number; max: number }
  | { found: typeof NotACertificateFound.otherPemBlock; label: string }
  | { found: Exclude<NotACertificateFinding, typeof NotACertificateFound.tooLarge | typeof NotACertificateFound.otherPemBlock> };

function messageOf(what: NotACertificate): string {
  switch (what.found) {
    case NotACertificateFound.empty:
      return 'The file is empty.';
    case NotACertificateFound.tooLarge:
      return `The file has ${what.bytes} bytes; a certificate file has at most ${what.max} (${what.max / 1024} KiB).`;
    case NotACertificateFound.privateKey:
      return 'This file is a private key. Upload the certificate; never share the private key.';
    case NotACertificateFound.privateKeyBesideCertificate:
      return 'This file holds a private key besides the certificate. Upload the certificate alone; never share the private key.';
    case NotACertificateFound.pkcs12:
      return 'This file is a PKCS#12 (.p12/.pfx) bundle: it holds a private key. Export the certificate alone (PEM or DER); never share the private key.';
    case NotACertificateFound.csr:
      return 'This file is a certificate signing request (CSR), not a certificate. Have it signed, or self-sign it, and upload the resulting certificate.';
    case NotACertificateFound.publicKey:
      return 'This file is a bare public key. Upload the X.509 certificate that contains it.';
    case NotACertificateFound.pkcs7:
      return 'This file is a PKCS#7 bundle. Export the certificate itself (PEM or DER) and upload that.';
    case NotACertificateFound.crl:
      return 'This file is a certificate revocation list (CRL), not a certificate.';
    case NotACertificateFound.otherPemBlock:
      return `This file holds a PEM block labelled "${what.label}", not a certificate. Upload a file with a "BEGIN CERTIFICATE" block, or a DER certificate.`;
    case NotACertificateFound.unterminatedPem:
      return 'The file has a "-----BEGIN" line without its matching "-----END" line: it is truncated or damaged.';
    case NotACertificateFound.badBase64:
      return 'The certificate block is not valid base64: the file is damaged.';
    case NotACertificateFound.neitherPemNorDer:
      return 'This file is not an X.509 certificate: it is neither PEM ("-----BEGIN CERTIFICATE-----") nor DER.';
    case NotACertificateFound.otherDer:
      return 'This file is not an X.509 certificate: it is DER-encoded data of another kind.';
    case NotACertificateFound.truncated:
      return 'The file is damaged or truncated: it does not hold a complete certificate.';
    case NotACertificateFound.trailingBytes:
      return 'The file has unexpected bytes after the certificate; it may be damaged.';
    case NotACertificateFound.damaged:
      return 'The file looks like a certificate but parts of it cannot be read; it may be damaged.';
    case NotACertificateFound.unreadable:
      return 'This file is not an X.509 certificate: it cannot be read.';
  }
}

export function notACertificate(what: NotACertificate): CertificateViolation {
  return { code: CertificateViolations.notACertificate, message: messageOf(what), params: { ...what } };
}

/** Says which certificate of the file a violation is about, when it is not the first. */
export function ofCertificateAt(position: number, violation: CertificateViolation): CertificateViolation {
  if (position === 1) return violation;
  return { ...violation, message: `Certificate ${position} in the file: ${violation.message}`, params: { ...violation.params, position } };
}

function fromBase64(text: string): Uint8Array | null {
  const clean = text.replace(/[\s\r\n]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return null;
  try {
    const bin = atob(clean);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

interface PemBlock {
  label: string;
  bytes: Uint8Array | null;
}

function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  const re = /-----BEGIN ([A-Z0-9 #]+)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // RFC 7468 allows headers (Proc-Type, DEK-Info) before the base64 in legacy encrypted keys.
    const body = m[2]!.split(/\r?\n/).filter((line) => !line.includes(':')).join('');
    blocks.push({ label: m[1]!, bytes: fromBase64(body) });
  }
  return blocks;
}

function findingOfPemLabel(label: string): NotACertificate {
  if (/PRIVATE KEY/.test(label)) return { found: NotACertificateFound.privateKey };
  if (/CERTIFICATE REQUEST/.test(label)) return { found: NotACertificateFound.csr };
  if (label === 'PUBLIC KEY' || label === 'RSA PUBLIC KEY') return { found: NotACertificateFound.publicKey };
  if (label === 'PKCS7' || label === 'CMS') return { found: NotACertificateFound.pkcs7 };
  if (label === 'X509 CRL') return { found: NotACertificateFound.crl };
  return { found: NotACertificateFound.otherPemBlock, label };
}

/** Names what a DER structure that is not a certificate looks like. */
export function describeDer(node: asn1js.AsnType): NotACertificate {
  const seq = node instanceof asn1js.Sequence ? node.valueBlock.value : null;
  if (seq) {
    const [a, b, c] = seq;
    const intValue = (n: unknown) => (n instanceof asn1js.Integer ? n.valueBlock.valueDec : null);
    // PKCS#8 PrivateKeyInfo: INTEGER 0, AlgorithmIdentifier, OCTET STRING.
    if (intValue(a) === 0 && b instanceof asn1js.Sequence && c instanceof asn1js.OctetString) return { found: NotACertificateFound.privateKey };
    // PKCS#1 RSAPrivateKey: nine INTEGERs; SEC 1 ECPrivateKey: INTEGER 1, OCTET STRING.
    if (seq.length >= 9 && seq.every((n) => n instanceof asn1js.Integer)) return { found: NotACertificateFound.privateKey };
    if (intValue(a) === 1 && b instanceof asn1js.OctetString) return { found: NotACertificateFound.privateKey };
    // PKCS#12: INTEGER 3, ContentInfo.
    if (intValue(a) === 3 && b instanceof asn1js.Sequence) return { found: NotACertificateFound.pkcs12 };
    // CertificationRequest: SEQUENCE { SEQUENCE { INTEGER 0, Name, SPKI, [0] }, AlgId, BIT STRING }.
    if (a instanceof asn1js.Sequence && b instanceof asn1js.Sequence && c instanceof asn1js.BitString) {
      const info = a.valueBlock.value;
      if (intValue(info[0]) === 0 && info[1] instanceof asn1js.Sequence && info[2] instanceof asn1js.Sequence) return { found: NotACertificateFound.csr };
    }
    // SubjectPublicKeyInfo: SEQUENCE { AlgId, BIT STRING }.
    if (seq.length === 2 && a instanceof asn1js.Sequence && b instanceof asn1js.BitString) return { found: NotACertificateFound.publicKey };
  }
  return { found: NotACertificateFound.otherDer };
}

const CERTIFICATE_LABELS = ['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE'];

/**
 * The DER of every certificate in an uploaded file, in the order written, as people really upload
 * them: PEM (LF or CRLF, text around the blocks as `openssl x509 -text` writes it, a chain after the
 * leaf), base64 without armour, or DER. Anything else is a `certificate/not-a-certificate`
 * violation naming what the file holds.
 */
export function extractCertificates(bytes: Uint8Array): Result<Uint8Array[], CertificateViolation> {
  if (bytes.byteLength === 0) return err(notACertificate({ found: NotACertificateFound.empty }));
  if (bytes.byteLength > MAX_CERTIFICATE_FILE_BYTES) {
    return err(notACertificate({ found: NotACertificateFound.tooLarge, bytes: bytes.byteLength, max: MAX_CERTIFICATE_FILE_BYTES }));
  }
  // PEM is ASCII; latin1 decodes any byte, so binary DER cannot make the decoder throw.
  const text = new TextDecoder('latin1').decode(bytes);
  if (text.includes('-----BEGIN ')) {
    const blocks = pemBlocks(text);
    if (blocks.length === 0) return err(notACertificate({ found: NotACertificateFound.unterminatedPem }));
    if (blocks.some((b) => /PRIVATE KEY/.test(b.label))) {
      const besideCertificate = blocks.some((b) => CERTIFICATE_LABELS.includes(b.label));
      return err(notACertificate({ found: besideCertificate ? NotACertificateFound.privateKeyBesideCertificate : NotACertificateFound.privateKey }));
    }
    const certificates = blocks.filter((b) => CERTIFICATE_LABELS.includes(b.label));
    if (certificates.length === 0) return err(notACertificate(findingOfPemLabel(blocks[0]!.label)));
    const ders: Uint8Array[] = [];
    for (const [i, block] of certificates.entries()) {
      if (!block.bytes) return err(ofCertificateAt(i + 1, notACertificate({ found: NotACertificateFound.badBase64 })));
      ders.push(block.bytes);
    }
    return ok(ders);
  }
  // Base64 of a DER certificate without PEM armour (what some tools copy to the clipboard).
  if (/^[\sA-Za-z0-9+/=]+$/.test(text) && text.trim().startsWith('MII')) {
    const decoded = fromBase64(text);
    if (decoded) return ok([decoded]);
  }
  if (bytes[0] !== 0x30) return err(notACertificate({ found: NotACertificateFound.neitherPemNorDer }));
  return ok([bytes]);
}
