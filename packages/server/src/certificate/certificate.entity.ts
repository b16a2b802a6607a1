import { Column, Entity, PrimaryColumn } from 'typeorm';
import { timeColumn } from '../db/columns.js';

/** An accepted X.509 authentication certificate of a company, with the facts read from it. */
@Entity('certificate')
export class CertificateEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'company_id', type: 'varchar', length: 36 })
  companyId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The DER, base64 (text, so that both databases store it the same way). */
  @Column({ name: 'der_base64', type: 'text' })
  derBase64: string;

  /** Upper-case hex with colons; unique per company. */
  @Column({ name: 'sha256_fingerprint', type: 'varchar', length: 95 })
  sha256Fingerprint: string;

  /** The same digest, base64url: what a JWS header's x5t#S256 carries. */
  @Column({ name: 'x5t_s256', type: 'varchar', length: 43 })
  x5tS256: string;

  @Column({ type: 'varchar', length: 1000 })
  subject: string;

  @Column({ type: 'varchar', length: 1000 })
  issuer: string;

  @Column({ name: 'serial_number', type: 'varchar', length: 100 })
  serialNumber: string;

  @Column({ name: 'not_before', ...timeColumn })
  notBefore: Date;

  @Column({ name: 'not_after', ...timeColumn })
  notAfter: Date;

  @Column({ name: 'key_algorithm', type: 'varchar', length: 16 })
  keyAlgorithm: 'RSA' | 'EC';

  @Column({ name: 'key_size', type: 'integer' })
  keySize: number;

  @Column({ type: 'varchar', length: 16, nullable: true })
  curve: string | null;

  @Column({ name: 'signature_algorithm', type: 'varchar', length: 64 })
  signatureAlgorithm: string;

  @Column({ name: 'self_signed', type: 'boolean' })
  selfSigned: boolean;

  /** JSON array of key usage names. */
  @Column({ name: 'key_usage', type: 'varchar', length: 300 })
  keyUsage: string;

  /** The public key as a JWK (JSON), for verifying client assertions. */
  @Column({ type: 'text' })
  jwk: string;

  @Column({ name: 'created_at', ...timeColumn })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;
}
