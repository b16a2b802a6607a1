import { Column, Entity, PrimaryColumn } from 'typeorm';
import { timeColumn } from '../db/columns.js';

export type MailStatus = 'PENDING' | 'SENT' | 'FAILED';

/** A mail in the outbox: written with the change that causes it, delivered afterwards by the sender. */
@Entity('mail_outbox')
export class MailEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  kind: string;

  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  @Column({ type: 'varchar', length: 2 })
  language: string;

  @Column({ type: 'varchar', length: 300 })
  subject: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody: string;

  @Column({ name: 'html_body', type: 'text' })
  htmlBody: string;

  @Column({ type: 'varchar', length: 16 })
  status: MailStatus;

  @Column({ name: 'created_at', ...timeColumn })
  createdAt: Date;

  @Column({ name: 'next_attempt_at', ...timeColumn })
  nextAttemptAt: Date;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** Until when the sender that claimed it holds it. */
  @Column({ name: 'lease_until', ...timeColumn, nullable: true })
  leaseUntil: Date | null;

  /** Which claim holds it: only that claim may mark it sent or retry it. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  claim: string | null;

  @Column({ name: 'sent_at', ...timeColumn, nullable: true })
  sentAt: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;
}
