import { daysUntil } from '@chaman/domain';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { CertificateEntity } from './certificate.entity.js';

export enum KeyAlgorithm {
  RSA = 'RSA',
  EC = 'EC',
}
registerEnumType(KeyAlgorithm, { name: 'KeyAlgorithm', description: 'Public key algorithm of a certificate' });

@ObjectType({ simpleResolvers: true, description: 'An X.509 authentication certificate of a company' })
export class Certificate {
  @Field(() => ID, { description: 'Stable identifier' })
  id: string;

  @Field(() => String, { description: 'The name given at upload' })
  name: string;

  @Field(() => String, { description: 'Subject distinguished name (RFC 4514), e.g. "CN=api.acme.be, O=Acme, C=BE"' })
  subject: string;

  @Field(() => String, { description: 'Issuer distinguished name; equals the subject for a self-signed certificate' })
  issuer: string;

  @Field(() => String, { description: 'Serial number, hexadecimal' })
  serialNumber: string;

  @Field(() => Date, { description: 'Start of validity' })
  notBefore: Date;

  @Field(() => Date, { description: 'End of validity' })
  notAfter: Date;

  @Field(() => Int, { description: 'Whole days until notAfter (negative once expired)' })
  expiresInDays: number;

  @Field(() => KeyAlgorithm, { description: 'RSA or EC' })
  keyAlgorithm: KeyAlgorithm;

  @Field(() => Int, { description: 'RSA modulus bits, or the EC curve size (384, 521)' })
  keySize: number;

  @Field(() => String, { nullable: true, description: '"P-384" or "P-521" for EC keys; null for RSA' })
  curve: string | null;

  @Field(() => String, { description: 'Signature algorithm, e.g. sha256WithRSAEncryption or ecdsa-with-SHA384' })
  signatureAlgorithm: string;

  @Field(() => String, { description: 'SHA-256 of the DER, upper-case hex with colons (as openssl -fingerprint -sha256 prints it)' })
  sha256Fingerprint: string;

  @Field(() => String, { description: 'The same SHA-256 in base64url: the x5t#S256 value for JWS headers' })
  x5tS256: string;

  @Field(() => Boolean, { description: 'Whether it is self-signed (issuer = subject)' })
  selfSigned: boolean;

  @Field(() => [String], { description: 'Key usage bits set, e.g. ["digitalSignature"]' })
  keyUsage: string[];

  @Field(() => Date, { description: 'When it was uploaded' })
  createdAt: Date;

  companyId: string;
  /** The DER in base64, for the pem field (made only when asked for). */
  derBase64: string;
}

/** A Certificate instance (see toRestAccount: type-graphql would copy a plain object per field resolver). */
export function toCertificate(e: CertificateEntity, now = new Date()): Certificate {
  return Object.assign(new Certificate(), {
    id: e.id,
    name: e.name,
    subject: e.subject,
    issuer: e.issuer,
    serialNumber: e.serialNumber,
    notBefore: e.notBefore,
    notAfter: e.notAfter,
    expiresInDays: daysUntil(e.notAfter, now),
    keyAlgorithm: e.keyAlgorithm as KeyAlgorithm,
    keySize: e.keySize,
    curve: e.curve,
    signatureAlgorithm: e.signatureAlgorithm,
    sha256Fingerprint: e.sha256Fingerprint,
    x5tS256: e.x5tS256,
    selfSigned: Boolean(e.selfSigned),
    keyUsage: JSON.parse(e.keyUsage) as string[],
    createdAt: e.createdAt,
    companyId: e.companyId,
    derBase64: e.derBase64,
  });
}
