// Certificates openssl refuses to make (an RSA exponent of 1, an extension twice), crafted with pkijs
// from a real openssl certificate and signed again with its real key through WebCrypto.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Made } from './openssl.js';

export interface Crafted {
  certPem: string;
  certDer: Uint8Array;
}

export interface Changes {
  /** Replace the RSA public exponent (the modulus stays): 1, 3, 65536... */
  rsaExponent?: number;
  /** Add a second keyUsage extension after the first, with these bits (a DER BIT STRING's content, e.g. [0x05, 0xa0]). */
  secondKeyUsage?: number[];
}

const pemOf = (der: Uint8Array, label: string) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;

const bufferOf = (bytes: Uint8Array) => bytes.slice().buffer as ArrayBuffer;

/** `made`'s certificate with the changes, signed again by `made`'s key (RSA with SHA-256, or ECDSA). */
export async function craftCertificate(made: Made, changes: Changes): Promise<Crafted> {
  const cert = new pkijs.Certificate({ schema: asn1js.fromBER(bufferOf(made.certDer)).result });
  const isRsa = cert.subjectPublicKeyInfo.algorithm.algorithmId === '1.2.840.113549.1.1.1';
  if (changes.rsaExponent !== undefined) {
    const key = asn1js.fromBER(bufferOf(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)).result as asn1js.Sequence;
    const [n] = key.valueBlock.value as [asn1js.Integer];
    const rsaKey = new asn1js.Sequence({ value: [n, new asn1js.Integer({ value: changes.rsaExponent })] });
    cert.subjectPublicKeyInfo = new pkijs.PublicKeyInfo({
      schema: new asn1js.Sequence({
        value: [cert.subjectPublicKeyInfo.algorithm.toSchema(), new asn1js.BitString({ valueHex: rsaKey.toBER() })],
      }),
    });
  }
  if (changes.secondKeyUsage) {
    cert.extensions = [
      ...(cert.extensions ?? []),
      new pkijs.Extension({
        extnID: '2.5.29.15',
        critical: true,
        extnValue: new asn1js.BitString({ valueHex: new Uint8Array(changes.secondKeyUsage.slice(1)).buffer, unusedBits: changes.secondKeyUsage[0] }).toBER(),
      }),
    ];
  }
  const pkcs8 = Buffer.from(made.keyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const curve = isRsa ? undefined : (cert.subjectPublicKeyInfo.algorithm.algorithmParams as asn1js.ObjectIdentifier).valueBlock.toString();
  const algorithm = isRsa
    ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
    : { name: 'ECDSA', namedCurve: curve === '1.3.132.0.35' ? 'P-521' : curve === '1.3.132.0.34' ? 'P-384' : 'P-256' };
  const key = await globalThis.crypto.subtle.importKey('pkcs8', pkcs8, algorithm, false, ['sign']);
  await cert.sign(key, 'SHA-256');
  const certDer = new Uint8Array(cert.toSchema().toBER());
  return { certDer, certPem: pemOf(certDer, 'CERTIFICATE') };
}
