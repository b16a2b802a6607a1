import { Column, Entity, PrimaryColumn } from 'typeorm';
import { timeColumn } from '../db/columns.js';

/** What a mailed link is for: proving the email, choosing a new password, or proving a company's shared notification address. */
export type EmailTokenKind = 'VERIFY_EMAIL' | 'RESET_PASSWORD' | 'NOTIFY_EMAIL';

/** The secret of a link mailed to a person: single use, short-lived, kept as its SHA-256 only. */
@Entity('email_token')
export class EmailTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  kind: EmailTokenKind;

  @Column({ name: 'person_id', type: 'varchar', length: 36 })
  personId: string;

  /** The address the link was mailed to: the one it proves. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'secret_hash', type: 'varchar', length: 64, unique: true })
  secretHash: string;

  @Column({ name: 'created_at', ...timeColumn })
  createdAt: Date;

  @Column({ name: 'expires_at', ...timeColumn })
  expiresAt: Date;

  @Column({ name: 'used_at', ...timeColumn, nullable: true })
  usedAt: Date | null;
}
