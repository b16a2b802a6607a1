import { Column, Entity, PrimaryColumn } from 'typeorm';
import { timeColumn } from '../db/columns.js';

export type RestAccountStatus = 'ACTIVE' | 'DISABLED';

/** A REST web service account: OAuth client `self_service_expeditor_<n>` of a company. */
@Entity('rest_account')
export class RestAccountEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'company_id', type: 'varchar', length: 36 })
  companyId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'name_key', type: 'varchar', length: 100 })
  nameKey: string;

  @Column({ name: 'client_number', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  clientNumber: number;

  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  @Column({ type: 'varchar', length: 16 })
  status: RestAccountStatus;

  @Column({ name: 'created_at', ...timeColumn })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;
}

@Entity('rest_account_permission')
export class RestAccountPermissionEntity {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  accountId: string;

  @PrimaryColumn({ name: 'permission_code', type: 'varchar', length: 64 })
  permissionCode: string;
}

@Entity('rest_account_certificate')
export class RestAccountCertificateEntity {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 36 })
  accountId: string;

  @PrimaryColumn({ name: 'certificate_id', type: 'varchar', length: 36 })
  certificateId: string;

  @Column({ name: 'added_at', ...timeColumn })
  addedAt: Date;
}
