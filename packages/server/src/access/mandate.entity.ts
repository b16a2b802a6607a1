import { Column, Entity, PrimaryColumn } from 'typeorm';
import { timeColumn } from '../db/columns.js';

export type MandateStatus = 'PENDING' | 'ACTIVE' | 'ENDED';

/** A company (mandator) lets a provider (a social secretariat, a service provider) use Chaman for it. */
@Entity('mandate')
export class MandateEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'mandator_id', type: 'varchar', length: 36 })
  mandatorId: string;

  @Column({ name: 'provider_id', type: 'varchar', length: 36 })
  providerId: string;

  @Column({ type: 'varchar', length: 16 })
  status: MandateStatus;

  @Column({ name: 'starts_at', ...timeColumn })
  startsAt: Date;

  @Column({ name: 'ends_at', ...timeColumn, nullable: true })
  endsAt: Date | null;

  @Column({ name: 'created_at', ...timeColumn })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;

  @Column({ name: 'accepted_at', ...timeColumn, nullable: true })
  acceptedAt: Date | null;

  @Column({ name: 'accepted_by', type: 'varchar', length: 36, nullable: true })
  acceptedBy: string | null;

  @Column({ name: 'ended_at', ...timeColumn, nullable: true })
  endedAt: Date | null;

  @Column({ name: 'ended_by', type: 'varchar', length: 36, nullable: true })
  endedBy: string | null;
}
