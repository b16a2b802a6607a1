import { Column, Entity, PrimaryColumn } from 'typeorm';
import { timeColumn } from '../db/columns.js';

@Entity('company')
export class CompanyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** 10 digits, no dots */
  @Column({ name: 'enterprise_number', type: 'varchar', length: 10, unique: true })
  enterpriseNumber: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'nsso_number', type: 'varchar', length: 9, unique: true })
  nssoNumber: string;

  @Column({ name: 'created_at', ...timeColumn })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;
}
