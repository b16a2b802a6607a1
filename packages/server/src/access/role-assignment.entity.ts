import type { Role } from '@chaman/domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { timeColumn } from '../db/columns.js';

export type RoleAssignmentStatus = 'ACTIVE' | 'PENDING' | 'REVOKED';

@Entity('role_assignment')
export class RoleAssignmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'company_id', type: 'varchar', length: 36 })
  companyId: string;

  @Column({ type: 'varchar', length: 32 })
  role: Role;

  /** The appointed email, lower-cased; the person may not have signed up yet (PENDING). */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'person_id', type: 'varchar', length: 36, nullable: true })
  personId: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: RoleAssignmentStatus;

  @Column({ name: 'created_at', ...timeColumn })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;

  @Column({ name: 'revoked_at', ...timeColumn, nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by', type: 'varchar', length: 36, nullable: true })
  revokedBy: string | null;
}
