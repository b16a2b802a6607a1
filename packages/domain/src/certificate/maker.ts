/**
 * The certificate maker: a key pair and a self-signed certificate for a REST account, made where it
 * runs (in the admin UI, the integrator's browser) with WebCrypto and pkijs, so that the private key
 * never travels. The certificate is judged by the same policy as an upload before it is returned.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseEnterpriseNumber } from '../company/company.js';
import type { AssertionAlgorithm } from '../oauth/oauth.js';
import { err, ok, type DomainError, type Result } from '../shared/result.js';
import type { InspectedCertificate } from './facts.js';
import { CertificateMakerErrors, type CertificateMakerErrorCode } from './maker.errors.js';
import { checkCertificate } from './policy.js';

/** What the maker makes: the keys the policy accepts (ALLOWED_RSA_BITS, ALLOWED_CURVES). */
export const SELF_SIGNED_KEY_TYPES = ['RSA-3072', 'EC-P-384', 'RSA-2048', 'RSA-4096', 'EC-P-521'] as const;
export type SelfSignedKeyType = (typeof SELF_SIGNED_KEY_TYPES)[number];
/** The maker's defaults: RSA 3072 and EC P-384 (about 128 and 192 bits of strength). */
export const DEFAULT_SELF_SIGNED_KEY_TYPES = [
  'RSA-3072',
  'EC-P-384',
] as const satisfies readonly SelfSignedKeyType[];
export const MAX_SELF_SIGNED_VALIDITY_YEARS = 3;
/** X.520's upper bound for commonName and organizationName. */
export const SUBJECT_VALUE_MAX = 64;
export const PKCS12_PASSWORD_MIN = 8;

/** The JWS algorithm an assertion signed with such a key must name. */
export function assertionAlgorithmOf(keyType: SelfSignedKeyType): AssertionAlgorithm {
  return keyType === 'EC-P-384' ? 'ES384' : keyType === 'EC-P-521' ? 'ES512' : 'RS256';
}

interface KeySpec {
  generate: RsaHashedKeyGenParams | EcKeyGenParams;
  /** The certificate's signature digest, of a strength that matches the key's. */
  digest: 'SHA-256' | 'SHA-384' | 'SHA-512';
}

const rsa = (bits: number, digest: KeySpec['digest']): KeySpec => ({
  generate: {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: bits,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: digest,
  },
  digest,
});
const ec = (namedCurve: string, digest: KeySpec['digest']): KeySpec => ({
  generate: { name: 'ECDSA', namedCurve },
  digest,
});

const KEY_SPECS: Record<SelfSignedKeyType, KeySpec> = {
  'RSA-2048': rsa(2048, 'SHA-256'),
  'RSA-3072': rsa(3072, 'SHA-256'),
  'RSA-4096': rsa(4096, 'SHA-384'),
  'EC-P-384': ec('P-384', 'SHA-384'),
  'EC-P-521': ec('P-521', 'SHA-512'),
};

export interface SelfSignedRequest {
  keyType: SelfSignedKeyType;
  /** The subject's O: the company's name (cut at 64 characters, X.520's bound; the enterprise number identifies the company). */
  companyName: string;
  /** The subject's CN: a name the integrator chooses (1 to 64 characters). */
  commonName: string;
  /** The subject's serialNumber attribute, as 10 digits. */
  enterpriseNumber: string;
  /** Whole days from now until notAfter: 1 up to the same date 3 years later. */
  validityDays: number;
  /** When set (at least 8 characters), a PKCS#12 file protected by it is made too, for Java and .NET. */
  pkcs12Password?: string | undefined;
}

export interface SelfSignedCertificate {
  /** PEM, for the upload (the account keeps only the certificate). */
  certificatePem: string;
  certificateDer: Uint8Array;
  /** PKCS#8 PEM (-----BEGIN PRIVATE KEY-----), unencrypted: the integrator keeps it. */
  privateKeyPem: string;
  /** PKCS#12 (key and certificate), PBES2 AES-256-CBC with PBKDF2 SHA-256 and a SHA-256 MAC; null without a password. */
  pkcs12: Uint8Array | null;
  /** What the certificate policy read in it (subject, dates, fingerprint, ...). */
  facts: InspectedCertificate;
  /** The JWS alg of the assertions this key signs. */
  algorithm: AssertionAlgorithm;
}

export type CertificateMakerError = DomainError<CertificateMakerErrorCode>;

const DAY_MS = 86_400_000;
/** notBefore lies this far back, so that a server whose clock is a little behind the browser's accepts the certificate at once. */
const BACKDATE_MS = 10 * 60_000;
/** PBKDF2 iterations of the PKCS#12's key encryption; .NET refuses files above 600,000 in all (key and MAC together). */
const PKCS12_KEY_ITERATIONS = 100_000;
/** The MAC's iterations, openssl's default. */
const PKCS12_MAC_ITERATIONS = 2048;

const OID = {
  organizationName: '2.5.4.10',
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  subjectKeyIdentifier: '2.5.29.14',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
} as const;

/** The latest notAfter the maker allows: the same UTC date and time, 3 years later. */
export function maxSelfSignedNotAfter(now: Date): Date {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + MAX_SELF_SIGNED_VALIDITY_YEARS);
  return d;
}

/** The longest validity in whole days the maker allows from `now` (1095 or 1096, by the leap days in between). */
export function maxSelfSignedValidityDays(now: Date): number {
  return Math.floor((maxSelfSignedNotAfter(now).getTime() - now.getTime()) / DAY_MS);
}

const fail = (
  code: CertificateMakerErrorCode,
  message: string,
  params: Record<string, string | number | boolean | null>,
) => err<CertificateMakerError>({ code, message, params });

/** Checks a request without making anything: the first thing wrong in it, or the subject's values to use. */
export function checkSelfSignedRequest(
  request: SelfSignedRequest,
  now: Date,
): Result<{ organization: string; commonName: string; enterpriseNumber: string }, CertificateMakerError> {
  if (!(SELF_SIGNED_KEY_TYPES as readonly string[]).includes(request.keyType)) {
    const allowed = SELF_SIGNED_KEY_TYPES.join(', ');
    return fail(
      CertificateMakerErrors.keyType,
      `Key type ${JSON.stringify(request.keyType)} cannot be made; choose one of ${allowed}`,
      {
        keyType: String(request.keyType),
        allowed,
      },
    );
  }
  const organization = request.companyName.trim().replace(/\s+/g, ' ').slice(0, SUBJECT_VALUE_MAX).trim();
  if (organization.length === 0) {
    return fail(CertificateMakerErrors.subject, 'The company name (the subject O) is empty', {
      field: 'companyName',
      length: 0,
      max: SUBJECT_VALUE_MAX,
    });
  }
  const commonName = request.commonName.trim().replace(/\s+/g, ' ');
  if (commonName.length === 0 || commonName.length > SUBJECT_VALUE_MAX) {
    return fail(
      CertificateMakerErrors.subject,
      `The name (the subject CN) must have 1 to ${SUBJECT_VALUE_MAX} characters; got ${commonName.length}`,
      {
        field: 'commonName',
        length: commonName.length,
        max: SUBJECT_VALUE_MAX,
      },
    );
  }
  const enterpriseNumber = parseEnterpriseNumber(request.enterpriseNumber);
  if (!enterpriseNumber.ok) {
    return fail(
      CertificateMakerErrors.subject,
      `The enterprise number (the subject serialNumber) is not valid: ${enterpriseNumber.error.message}`,
      {
        field: 'enterpriseNumber',
        input: request.enterpriseNumber.slice(0, 40),
      },
    );
  }
  const maxDays = maxSelfSignedValidityDays(now);
  const days = request.validityDays;
  if (!Number.isInteger(days) || days < 1 || days > maxDays) {
    return fail(
      CertificateMakerErrors.validity,
      days > maxDays
        ? `A validity of ${days} days is more than ${MAX_SELF_SIGNED_VALIDITY_YEARS} years; from today at most ${maxDays} days`
        : `The validity must be a whole number of days from 1 to ${maxDays} (${MAX_SELF_SIGNED_VALIDITY_YEARS} years); got ${days}`,
      {
        days: Number.isFinite(days) ? days : String(days),
        minDays: 1,
        maxDays,
        maxYears: MAX_SELF_SIGNED_VALIDITY_YEARS,
      },
    );
  }
  const password = request.pkcs12Password;
  if (password !== undefined && password !== '' && [...password].length < PKCS12_PASSWORD_MIN) {
    return fail(
      CertificateMakerErrors.password,
      `The PKCS#12 password must have at least ${PKCS12_PASSWORD_MIN} characters; got ${[...password].length}`,
      {
        minLength: PKCS12_PASSWORD_MIN,
        length: [...password].length,
      },
    );
  }
  return ok({ organization, commonName, enterpriseNumber: enterpriseNumber.value });
}

/**
 * Makes a key pair and a self-signed certificate for it, judged by the certificate policy at `now`.
 * `crypto` is WebCrypto: globalThis.crypto in Node 20 and in browsers, whose `crypto.subtle` exists in
 * secure contexts only (https, localhost).
 */
export async function makeSelfSignedCertificate(
  request: SelfSignedRequest,
  now: Date,
  crypto: Crypto | null = globalThis.crypto ?? null,
): Promise<Result<SelfSignedCertificate, CertificateMakerError>> {
  const checked = checkSelfSignedRequest(request, now);
  if (!checked.ok) return checked;
  const subtle = crypto?.subtle;
  if (!crypto || !subtle) {
    return fail(
      CertificateMakerErrors.unavailable,
      'WebCrypto is not available here: browsers offer it only on https or on localhost',
      {
        keyType: request.keyType,
        detail: 'no-webcrypto',
      },
    );
  }
  const engine = new pkijs.CryptoEngine({ name: 'chaman-certificate-maker', crypto });
  const spec = KEY_SPECS[request.keyType];
  let keys: CryptoKeyPair;
  try {
    keys = (await subtle.generateKey(spec.generate, true, ['sign', 'verify'])) as CryptoKeyPair;
  } catch (e) {
    return fail(
      CertificateMakerErrors.unavailable,
      `This browser could not make a ${request.keyType} key: ${(e as Error).message}`,
      {
        keyType: request.keyType,
        detail: String((e as Error).message ?? e).slice(0, 200),
      },
    );
  }

  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  const serial = crypto.getRandomValues(new Uint8Array(16));
  // A positive INTEGER without a leading zero byte: RFC 5280 allows at most 20 octets.
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  certificate.serialNumber = new asn1js.Integer({ valueHex: serial.buffer });
  const { organization, commonName, enterpriseNumber } = checked.value;
  const name = distinguishedName([
    [OID.organizationName, new asn1js.Utf8String({ value: organization })],
    [OID.commonName, new asn1js.Utf8String({ value: commonName })],
    // X.520 declares serialNumber a PrintableString.
    [OID.serialNumber, new asn1js.PrintableString({ value: enterpriseNumber })],
  ]);
  certificate.subject = pkijs.RelativeDistinguishedNames.fromBER(name);
  certificate.issuer = pkijs.RelativeDistinguishedNames.fromBER(name);
  const seconds = (t: number) => new Date(Math.floor(t / 1000) * 1000);
  certificate.notBefore = timeOf(seconds(now.getTime() - BACKDATE_MS));
  certificate.notAfter = timeOf(seconds(now.getTime() + request.validityDays * DAY_MS));
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey, engine);
  const keyId = new Uint8Array(
    await subtle.digest(
      'SHA-1',
      certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView.slice(),
    ),
  );
  // digitalSignature is bit 0: one byte 0x80 with its 7 unused bits, as DER writes a named bit list.
  const keyUsage = new asn1js.BitString({ valueHex: new Uint8Array([0x80]).buffer, unusedBits: 7 });
  const basicConstraints = new pkijs.BasicConstraints({ cA: false });
  certificate.extensions = [
    new pkijs.Extension({
      extnID: OID.keyUsage,
      critical: true,
      extnValue: keyUsage.toBER(false),
      parsedValue: keyUsage,
    }),
    new pkijs.Extension({
      extnID: OID.basicConstraints,
      critical: true,
      extnValue: basicConstraints.toSchema().toBER(false),
      parsedValue: basicConstraints,
    }),
    new pkijs.Extension({
      extnID: OID.subjectKeyIdentifier,
      critical: false,
      extnValue: new asn1js.OctetString({ valueHex: keyId.buffer }).toBER(false),
    }),
  ];
  await certificate.sign(keys.privateKey, spec.digest, engine);
  const certificateDer = new Uint8Array(certificate.toSchema(true).toBER(false));

  const judged = checkCertificate(certificateDer, now);
  if (!judged.facts || judged.violations.length > 0) {
    const codes = judged.violations.map((v) => v.code).join(', ');
    return fail(
      CertificateMakerErrors.policy,
      `The certificate made was refused by the certificate policy: ${judged.violations.map((v) => v.message).join('; ')}`,
      {
        violations: codes,
      },
    );
  }

  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', keys.privateKey));
  const password = request.pkcs12Password;
  const pkcs12 =
    password === undefined || password === ''
      ? null
      : await makePkcs12({
          pkcs8,
          certificate,
          certificateDer,
          friendlyName: commonName,
          password,
          engine,
          subtle,
        });
  return ok({
    certificatePem: pem('CERTIFICATE', certificateDer),
    certificateDer,
    privateKeyPem: pem('PRIVATE KEY', pkcs8),
    pkcs12,
    facts: judged.facts,
    algorithm: assertionAlgorithmOf(request.keyType),
  });
}

/**
 * A Name of one attribute per RDN, in this order (pkijs would put every attribute of a Name it
 * builds into a single multi-valued RDN, which openssl prints as O=...+CN=...).
 */
function distinguishedName(attributes: [string, asn1js.BaseBlock][]): ArrayBuffer {
  const rdns = attributes.map(
    ([type, value]) =>
      new asn1js.Set({
        value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: type }), value] })],
      }),
  );
  return new asn1js.Sequence({ value: rdns }).toBER(false);
}

/** UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280, 4.1.2.5). */
function timeOf(date: Date): pkijs.Time {
  return new pkijs.Time({ type: date.getUTCFullYear() < 2050 ? 0 : 1, value: date });
}

/**
 * A PKCS#12 as Java (keytool, 8u301 and later) and .NET read it: the key in a PKCS8ShroudedKeyBag
 * encrypted with PBES2 (PBKDF2 SHA-256, AES-256-CBC), the certificate in a CertBag beside it (a
 * certificate is public), both tagged with the same localKeyId (the certificate's SHA-1, as openssl
 * does) so that readers pair them, and a SHA-256 MAC over the whole.
 */
async function makePkcs12(input: {
  pkcs8: Uint8Array;
  certificate: pkijs.Certificate;
  certificateDer: Uint8Array;
  friendlyName: string;
  password: string;
  engine: pkijs.ICryptoEngine;
  subtle: SubtleCrypto;
}): Promise<Uint8Array> {
  const password = new TextEncoder().encode(input.password).buffer as ArrayBuffer;
  const localKeyId = new Uint8Array(await input.subtle.digest('SHA-1', input.certificateDer.slice()));
  const attributes = () => [
    new pkijs.Attribute({
      type: OID.friendlyName,
      values: [new asn1js.BmpString({ value: input.friendlyName })],
    }),
    new pkijs.Attribute({
      type: OID.localKeyId,
      values: [new asn1js.OctetString({ valueHex: localKeyId.buffer })],
    }),
  ];
  const keyBag = new pkijs.PKCS8ShroudedKeyBag({
    parsedValue: pkijs.PrivateKeyInfo.fromBER(input.pkcs8.slice().buffer),
  });
  await keyBag.makeInternalValues(
    // pkijs draws the IV itself (its type asks for one it does not read).
    {
      password,
      contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256 } as pkijs.ContentEncryptionAlgorithm,
      hmacHashAlgorithm: 'SHA-256',
      iterationCount: PKCS12_KEY_ITERATIONS,
    },
    input.engine,
  );
  const safeContents = new pkijs.SafeContents({
    safeBags: [
      new pkijs.SafeBag({ bagId: OID.pkcs8ShroudedKeyBag, bagValue: keyBag, bagAttributes: attributes() }),
      new pkijs.SafeBag({
        bagId: OID.certBag,
        bagValue: new pkijs.CertBag({ parsedValue: input.certificate }),
        bagAttributes: attributes(),
      }),
    ],
  });
  const authenticatedSafe = new pkijs.AuthenticatedSafe({
    parsedValue: { safeContents: [{ privacyMode: 0, value: safeContents }] },
  });
  await authenticatedSafe.makeInternalValues({ safeContents: [{}] }, input.engine);
  const pfx = new pkijs.PFX({ parsedValue: { integrityMode: 0, authenticatedSafe } });
  await pfx.makeInternalValues(
    {
      password,
      iterations: PKCS12_MAC_ITERATIONS,
      pbkdf2HashAlgorithm: 'SHA-256',
      hmacHashAlgorithm: 'SHA-256',
    },
    input.engine,
  );
  return new Uint8Array(pfx.toSchema().toBER(false));
}

function pem(label: string, der: Uint8Array): string {
  let binary = '';
  for (const b of der) binary += String.fromCharCode(b);
  const lines = btoa(binary).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
