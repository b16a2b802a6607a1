import type { RegistrationStatus } from '@chaman/domain';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { timeColumn } from '../db/columns.js';

@Entity('company')
// Unique among the registrations that are not REJECTED (migration 1764000011000).
@Index('uq_company_enterprise_number_live', ['enterpriseNumber'], { unique: true, where: "registration_status <> 'REJECTED'" })
export class CompanyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** 10 digits, no dots */
  @Column({ name: 'enterprise_number', type: 'varchar', length: 10 })
  enterpriseNumber: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'nsso_number', type: 'varchar', length: 9, unique: true })
  nssoNumber: string;

  @Column({ name: 'created_at', ...timeColumn })
  createdAt: Date;

  /** Who registered it (its first legal representative). */
  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;

  /** PENDING until a platform operator decides, with EMPLOYER_APPROVAL=operator; else APPROVED at once. */
  @Column({ name: 'registration_status', type: 'varchar', length: 16 })
  registrationStatus: RegistrationStatus;

  /** The operator's reason, for a REJECTED registration. */
  @Column({ name: 'rejection_reason', type: 'varchar', length: 500, nullable: true })
  rejectionReason: string | null;

  /** When an operator approved or rejected it; null when approved automatically. */
  @Column({ name: 'decided_at', ...timeColumn, nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decided_by', type: 'varchar', length: 36, nullable: true })
  decidedBy: string | null;
}
