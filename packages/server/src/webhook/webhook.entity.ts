import { Column, Entity, PrimaryColumn } from 'typeorm';
import { timeColumn } from '../db/columns.js';

/** A company's webhook endpoint. The secrets sign deliveries and never leave the server otherwise. */
@Entity('webhook')
export class WebhookEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'company_id', type: 'varchar', length: 36 })
  companyId: string;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  /** ",a,b,": one LIKE finds the endpoints of an event. */
  @Column({ type: 'varchar', length: 1000 })
  events: string;

  @Column({ type: 'boolean' })
  enabled: boolean;

  @Column({ type: 'varchar', length: 100 })
  secret: string;

  /** The secret before the last rotation, signing beside the new one until previousSecretUntil. */
  @Column({ name: 'previous_secret', type: 'varchar', length: 100, nullable: true })
  previousSecret: string | null;

  @Column({ name: 'previous_secret_until', ...timeColumn, nullable: true })
  previousSecretUntil: Date | null;

  @Column({ name: 'created_at', ...timeColumn })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;

  @Column({ name: 'failing_since', ...timeColumn, nullable: true })
  failingSince: Date | null;

  @Column({ name: 'disabled_reason', type: 'varchar', length: 300, nullable: true })
  disabledReason: string | null;
}

/** One event for one endpoint in the outbox, claimed with a lease as mail is. */
@Entity('webhook_delivery')
export class WebhookDeliveryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'webhook_id', type: 'varchar', length: 36 })
  webhookId: string;

  /** The webhook-id header, the same on every attempt and redelivery. */
  @Column({ name: 'message_id', type: 'varchar', length: 64 })
  messageId: string;

  @Column({ name: 'event_type', type: 'varchar', length: 64 })
  eventType: string;

  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'varchar', length: 16 })
  status: 'PENDING' | 'SENT' | 'FAILED';

  @Column({ name: 'created_at', ...timeColumn })
  createdAt: Date;

  /** Retries go on for 24 hours from here (the creation, or the last redelivery). */
  @Column({ name: 'retry_from', ...timeColumn })
  retryFrom: Date;

  @Column({ name: 'next_attempt_at', ...timeColumn })
  nextAttemptAt: Date;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'lease_until', ...timeColumn, nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  claim: string | null;

  @Column({ name: 'delivered_at', ...timeColumn, nullable: true })
  deliveredAt: Date | null;

  @Column({ name: 'last_attempt_at', ...timeColumn, nullable: true })
  lastAttemptAt: Date | null;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;
}

/** When the last burst of refused token requests of an account was announced (token.refusals). */
@Entity('token_refusal_burst')
export class TokenRefusalBurstEntity {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  accountId: string;

  @Column({ name: 'announced_at', ...timeColumn })
  announcedAt: Date;
}

/** Refused token requests of an account in one minute, summed over instances (token.refusals). */
@Entity('token_refusal_count')
export class TokenRefusalCountEntity {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  accountId: string;

  /** Minutes since the epoch. */
  @PrimaryColumn({ type: 'bigint' })
  minute: number;

  @Column({ type: 'integer' })
  refusals: number;
}
