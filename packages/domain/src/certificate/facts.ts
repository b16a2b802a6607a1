import { sha256 } from '@noble/hashes/sha2';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { err, ok, type Result } from '../shared/result.js';
import { NotACertificateFound, type CertificateViolation } from './certificate.errors.js';
import { describeDer, extractCertificates, notACertificate, ofCertificateAt } from './framing.js';

export type KeyAlgorithmName = 'RSA' | 'EC' | 'Ed25519' | 'Ed448' | 'DSA' | 'X25519' | 'X448' | string;

export const KEY_USAGE_NAMES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsageName = (typeof KEY_USAGE_NAMES)[number];

export type PublicJwk =
  | { kty: 'RSA'; n: string; e: string }
  | { kty: 'EC'; crv: string; x: string; y: string };

/** What a certificate says about itself. */
export interface CertificateFacts {
  subject: string;
  issuer: string;
  /** Hex, as openssl prints it (upper case, no separators). */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  keyAlgorithm: KeyAlgorithmName;
  /** RSA modulus bits, or the EC curve's size in bits; null when unknown. */
  keySize: number | null;
  /** "P-384", "P-521", "P-256", ... or the curve's OID when unnamed here; null for non-EC keys. */
  curve: string | null;
  /** e.g. sha256WithRSAEncryption, ecdsa-with-SHA384, RSASSA-PSS, or the OID. */
  signatureAlgorithm: string;
  /** SHA-1, SHA-256, ..., or null when the algorithm has no separate digest (Ed25519) or is unknown. */
  signatureDigest: string | null;
  /** null when the certificate has no keyUsage extension. */
  keyUsage: KeyUsageName[] | null;
  /** Extended key usage purposes (names where known, else OIDs); null when absent. */
  extendedKeyUsage: string[] | null;
  basicConstraints: { ca: boolean; pathLength: number | null } | null;
  selfSigned: boolean;
  /** SHA-256 of the DER, upper-case hex with colons, as `openssl x509 -fingerprint -sha256` prints it. */
  sha256Fingerprint: string;
  /** The same digest in base64url: the JWS `x5t#S256` header value. */
  x5tS256: string;
  /** The certificate, DER. */
  der: Uint8Array;
  /** SubjectPublicKeyInfo, DER. */
  spki: Uint8Array;
  /** The public key as a JWK (RSA and EC keys only). */
  jwk: PublicJwk | null;
  /** The RSA public exponent in decimal (it may exceed a Number); null for other keys or when unreadable. */
  rsaPublicExponent: string | null;
  /** Extensions present more than once (names where known, else OIDs), in the order of the certificate. */
  duplicateExtensions: string[];
}

/** The certificate a file is for (the first in it), with the certificates that followed it. */
export interface InspectedCertificate extends CertificateFacts {
  /** In the order of the file; whether they are its issuers is the policy's to judge. */
  chain: CertificateFacts[];
}

const OID = {
  rsa: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  ec: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  x25519: '1.3.101.110',
  x448: '1.3.101.111',
  dsa: '1.2.840.10040.4.1',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
} as const;

const KEY_ALGORITHMS: Record<string, KeyAlgorithmName> = {
  [OID.rsa]: 'RSA',
  [OID.rsaPss]: 'RSA',
  [OID.ec]: 'EC',
  [OID.ed25519]: 'Ed25519',
  [OID.ed448]: 'Ed448',
  [OID.x25519]: 'X25519',
  [OID.x448]: 'X448',
  [OID.dsa]: 'DSA',
};

const CURVES: Record<string, { name: string; bits: number }> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', bits: 256 },
  '1.3.132.0.34': { name: 'P-384', bits: 384 },
  '1.3.132.0.35': { name: 'P-521', bits: 521 },
  '1.3.132.0.33': { name: 'P-224', bits: 224 },
  '1.2.840.10045.3.1.1': { name: 'P-192', bits: 192 },
  '1.3.132.0.10': { name: 'secp256k1', bits: 256 },
  '1.3.36.3.3.2.8.1.1.7': { name: 'brainpoolP256r1', bits: 256 },
  '1.3.36.3.3.2.8.1.1.11': { name: 'brainpoolP384r1', bits: 384 },
  '1.3.36.3.3.2.8.1.1.13': { name: 'brainpoolP512r1', bits: 512 },
};

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.4': 'SHA-224',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

const SIGNATURES: Record<string, { name: string; digest: string | null }> = {
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', digest: 'MD5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', digest: 'SHA-1' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', digest: 'SHA-224' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', digest: 'SHA-256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', digest: 'SHA-384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', digest: 'SHA-512' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', digest: 'SHA-1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', digest: 'SHA-224' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', digest: 'SHA-256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', digest: 'SHA-384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', digest: 'SHA-512' },
  '1.2.840.10040.4.3': { name: 'dsa-with-SHA1', digest: 'SHA-1' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa-with-SHA256', digest: 'SHA-256' },
  [OID.ed25519]: { name: 'Ed25519', digest: null },
  [OID.ed448]: { name: 'Ed448', digest: null },
};

/** Names of the extensions a duplicate is reported by (RFC 5280, 4.2.1). */
const EXTENSION_NAMES: Record<string, string> = {
  '2.5.29.14': 'subjectKeyIdentifier',
  '2.5.29.15': 'keyUsage',
  '2.5.29.17': 'subjectAltName',
  '2.5.29.19': 'basicConstraints',
  '2.5.29.31': 'cRLDistributionPoints',
  '2.5.29.32': 'certificatePolicies',
  '2.5.29.35': 'authorityKeyIdentifier',
  '2.5.29.37': 'extendedKeyUsage',
  '1.3.6.1.5.5.7.1.1': 'authorityInfoAccess',
};

const EKU: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
};

const DN_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Copies into an ArrayBuffer of exactly the bytes (asn1js wants a plain ArrayBuffer). */
function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

function dnString(name: pkijs.RelativeDistinguishedNames): string {
  // RFC 4514 order: most specific first.
  return name.typesAndValues
    .map((tv) => {
      const key = DN_NAMES[tv.type] ?? tv.type;
      const v = tv.value as { valueBlock?: { value?: unknown; valueHexView?: Uint8Array } };
      const raw = typeof v.valueBlock?.value === 'string' ? v.valueBlock.value : `#${toHex(v.valueBlock?.valueHexView ?? new Uint8Array())}`;
      return `${key}=${escapeDn(raw)}`;
    })
    .reverse()
    .join(', ');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function stripLeadingZeros(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.subarray(i);
}

function bitLength(bytes: Uint8Array): number {
  const b = stripLeadingZeros(bytes);
  if (b.length === 0 || (b.length === 1 && b[0] === 0)) return 0;
  return (b.length - 1) * 8 + (32 - Math.clz32(b[0]!));
}

function signatureFacts(alg: pkijs.AlgorithmIdentifier): { name: string; digest: string | null } {
  const known = SIGNATURES[alg.algorithmId];
  if (known) return known;
  if (alg.algorithmId === OID.rsaPss) {
    // RSASSA-PSS carries its hash in the parameters; absent means SHA-1 (RFC 4055).
    let digest = 'SHA-1';
    try {
      const params = new pkijs.RSASSAPSSParams({ schema: alg.algorithmParams });
      digest = HASHES[params.hashAlgorithm.algorithmId] ?? params.hashAlgorithm.algorithmId;
    } catch {
      // default parameters
    }
    return { name: `RSASSA-PSS (${digest})`, digest };
  }
  return { name: alg.algorithmId, digest: null };
}

/** The key usages set in a keyUsage extension (bit 0 is the high bit of the first byte). */
function keyUsageOf(ext: pkijs.Extension): KeyUsageName[] {
  const bytes = (ext.parsedValue as asn1js.BitString | undefined)?.valueBlock?.valueHexView ?? new Uint8Array();
  return KEY_USAGE_NAMES.filter((_, i) => ((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1);
}

/** Issuer and subject are the same name, and the key ids (when both are present) agree. */
function isSelfSigned(issuer: Uint8Array, subject: Uint8Array, ski: Uint8Array | undefined, aki: Uint8Array | undefined): boolean {
  return sameBytes(issuer, subject) && (!ski || !aki || sameBytes(ski, aki));
}

function extension(cert: pkijs.Certificate, oid: string): pkijs.Extension | undefined {
  return cert.extensions?.find((e) => e.extnID === oid);
}

/** Extensions that appear more than once, each named once. */
function duplicateExtensionsOf(cert: pkijs.Certificate): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const e of cert.extensions ?? []) (seen.has(e.extnID) ? twice : seen).add(e.extnID);
  return [...twice].map((oid) => EXTENSION_NAMES[oid] ?? oid);
}

/** The parts of the facts that come from the SubjectPublicKeyInfo. */
function keyFacts(spki: pkijs.PublicKeyInfo): Pick<CertificateFacts, 'keyAlgorithm' | 'keySize' | 'curve' | 'jwk' | 'rsaPublicExponent'> {
  const algOid = spki.algorithm.algorithmId;
  const keyBits = spki.subjectPublicKey.valueBlock.valueHexView;
  const keyAlgorithm = KEY_ALGORITHMS[algOid] ?? algOid;
  if (keyAlgorithm === 'RSA') {
    const parsed = asn1js.fromBER(exactBuffer(keyBits));
    const [n, e] = parsed.result instanceof asn1js.Sequence ? parsed.result.valueBlock.value : [];
    if (parsed.offset === -1 || !(n instanceof asn1js.Integer) || !(e instanceof asn1js.Integer)) {
      return { keyAlgorithm, keySize: null, curve: null, jwk: null, rsaPublicExponent: null };
    }
    const modulus = stripLeadingZeros(n.valueBlock.valueHexView);
    const exponent = stripLeadingZeros(e.valueBlock.valueHexView);
    return {
      keyAlgorithm,
      keySize: bitLength(modulus),
      curve: null,
      jwk: { kty: 'RSA', n: base64url(modulus), e: base64url(exponent) },
      rsaPublicExponent: BigInt(`0x${toHex(exponent) || '0'}`).toString(),
    };
  }
  if (keyAlgorithm === 'EC') {
    const params = spki.algorithm.algorithmParams;
    const curveOid = params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : null;
    const known = curveOid ? CURVES[curveOid] : undefined;
    const curve = known?.name ?? curveOid ?? 'explicit parameters';
    let jwk: PublicJwk | null = null;
    if (known && keyBits[0] === 0x04 && keyBits.length % 2 === 1) {
      const half = (keyBits.length - 1) / 2;
      jwk = { kty: 'EC', crv: known.name, x: base64url(keyBits.subarray(1, 1 + half)), y: base64url(keyBits.subarray(1 + half)) };
    }
    return { keyAlgorithm, keySize: known?.bits ?? null, curve, jwk, rsaPublicExponent: null };
  }
  return { keyAlgorithm, keySize: keyAlgorithm === 'Ed25519' ? 256 : keyAlgorithm === 'Ed448' ? 456 : null, curve: null, jwk: null, rsaPublicExponent: null };
}

const fingerprintFacts = (der: Uint8Array) => {
  const digest = sha256(der);
  return { sha256Fingerprint: toHex(digest).toUpperCase().replace(/(..)(?!$)/g, '$1:'), x5tS256: base64url(digest) };
};

const escapeDn = (value: string) => value.replace(/([,+"\\<>;])/g, '\\$1');

/**
 * The one reader: pkijs over asn1js, which also takes BER and every ASN.1 string type, and names
 * what a DER structure is when it is not a certificate. It costs about half a millisecond;
 * certificates are read only at upload and when a file is picked, so a faster hand-written DER walk
 * beside it would not be worth a second parser (and a parser differential) in a security check.
 */
export function readCertificate(der: Uint8Array): Result<CertificateFacts, CertificateViolation> {
  const parsed = asn1js.fromBER(exactBuffer(der));
  if (parsed.offset === -1) {
    return err(notACertificate({ found: NotACertificateFound.truncated }));
  }
  let cert: pkijs.Certificate;
  try {
    cert = new pkijs.Certificate({ schema: parsed.result });
  } catch {
    return err(notACertificate(describeDer(parsed.result)));
  }
  if (parsed.offset !== der.byteLength) {
    return err(notACertificate({ found: NotACertificateFound.trailingBytes }));
  }
  try {
    const key = keyFacts(cert.subjectPublicKeyInfo);
    const signature = signatureFacts(cert.signatureAlgorithm);
    const ku = extension(cert, OID.keyUsage);
    const eku = extension(cert, OID.extKeyUsage);
    const bc = extension(cert, OID.basicConstraints);
    const ski = extension(cert, OID.subjectKeyId);
    const aki = extension(cert, OID.authorityKeyId);
    const basic = bc?.parsedValue as pkijs.BasicConstraints | undefined;
    const pathLen = basic?.pathLenConstraint;
    const skiBytes = (ski?.parsedValue as asn1js.OctetString | undefined)?.valueBlock?.valueHexView;
    const akiBytes = (aki?.parsedValue as pkijs.AuthorityKeyIdentifier | undefined)?.keyIdentifier?.valueBlock?.valueHexView;
    return ok({
      subject: dnString(cert.subject),
      issuer: dnString(cert.issuer),
      serialNumber: toHex(cert.serialNumber.valueBlock.valueHexView).toUpperCase(),
      notBefore: cert.notBefore.value,
      notAfter: cert.notAfter.value,
      ...key,
      signatureAlgorithm: signature.name,
      signatureDigest: signature.digest,
      keyUsage: ku ? keyUsageOf(ku) : null,
      extendedKeyUsage: eku ? ((eku.parsedValue as pkijs.ExtKeyUsage).keyPurposes ?? []).map((o) => EKU[o] ?? o) : null,
      basicConstraints: bc
        ? { ca: basic?.cA === true, pathLength: typeof pathLen === 'number' ? pathLen : pathLen instanceof asn1js.Integer ? pathLen.valueBlock.valueDec : null }
        : null,
      selfSigned: isSelfSigned(new Uint8Array(cert.issuer.toSchema().toBER()), new Uint8Array(cert.subject.toSchema().toBER()), skiBytes, akiBytes),
      ...fingerprintFacts(der),
      der,
      spki: new Uint8Array(cert.subjectPublicKeyInfo.toSchema().toBER()),
      duplicateExtensions: duplicateExtensionsOf(cert),
    });
  } catch {
    return err(notACertificate({ found: NotACertificateFound.damaged }));
  }
}

/**
 * The facts of the certificate an uploaded file holds, and of every certificate after it: none is
 * dropped unread. Never throws: anything that is not a certificate comes back as a
 * `certificate/not-a-certificate` violation naming what it looks like (and which one, after the first).
 */
export function inspectCertificate(bytes: Uint8Array): Result<InspectedCertificate, CertificateViolation> {
  try {
    const certificates = extractCertificates(bytes);
    if (!certificates.ok) return certificates;
    const read: CertificateFacts[] = [];
    for (const [i, der] of certificates.value.entries()) {
      const facts = readCertificate(der);
      if (!facts.ok) return err(ofCertificateAt(i + 1, facts.error));
      read.push(facts.value);
    }
    const [leaf, ...chain] = read;
    return ok({ ...leaf!, chain });
  } catch {
    return err(notACertificate({ found: NotACertificateFound.unreadable }));
  }
}
