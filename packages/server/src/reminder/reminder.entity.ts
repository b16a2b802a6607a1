import { Column, Entity, PrimaryColumn } from 'typeorm';
import { timeColumn } from '../db/columns.js';

/** A reminder stage sent for a certificate: its key is the claim that makes each stage go out once. */
@Entity('certificate_reminder')
export class CertificateReminderEntity {
  @PrimaryColumn({ name: 'certificate_id', type: 'varchar', length: 36 })
  certificateId: string;

  /** 60, 30, 14, 7, 1, or 0 for the day it ended. */
  @PrimaryColumn({ type: 'integer' })
  stage: number;

  @Column({ name: 'sent_at', ...timeColumn })
  sentAt: Date;
}

/** A person who turned expiry reminders off. */
@Entity('reminder_opt_out')
export class ReminderOptOutEntity {
  @PrimaryColumn({ name: 'person_id', type: 'varchar', length: 36 })
  personId: string;

  @Column({ ...timeColumn })
  since: Date;
}

/** A company's shared address for reminders, and its proof. */
@Entity('company_notification_email')
export class CompanyNotificationEmailEntity {
  @PrimaryColumn({ name: 'company_id', type: 'varchar', length: 36 })
  companyId: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  /** The language of whoever set it: the address belongs to no person. */
  @Column({ type: 'varchar', length: 2 })
  language: string;

  /** The email_token mailed to prove it. */
  @Column({ name: 'proof_token_id', type: 'varchar', length: 36 })
  proofTokenId: string;

  @Column({ name: 'verified_at', ...timeColumn, nullable: true })
  verifiedAt: Date | null;

  @Column({ name: 'set_by', type: 'varchar', length: 36 })
  setBy: string;

  @Column({ name: 'set_at', ...timeColumn })
  setAt: Date;
}
