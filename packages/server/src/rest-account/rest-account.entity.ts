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

  /** The provider company its creator acted for (by mandate); null when they acted as one of the account's company. */
  @Column({ name: 'created_via', type: 'varchar', length: 36, nullable: true })
  createdVia: string | null;

  /** Why the account needs a manager's review (someone who made it or added a certificate lost access); null: none needed. */
  @Column({ name: 'review_reason', type: 'varchar', length: 500, nullable: true })
  reviewReason: string | null;

  @Column({ name: 'review_since', ...timeColumn, nullable: true })
  reviewSince: Date | null;

  /**
   * Its permission codes and certificate ids, comma-separated and sorted: copies of its rows in
   * rest_account_permission and rest_account_certificate (which keep the foreign keys), rewritten
   * in the transaction that changes those (`refreshAccountLists`). A page of accounts reads them
   * with each account instead of two subqueries per account.
   */
  @Column({ name: 'permission_codes', type: 'text', default: '' })
  permissionCodes: string;

  @Column({ name: 'certificate_ids', type: 'text', default: '' })
  certificateIds: string;
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

  /** Who added it (recorded since account reviews exist; null before). */
  @Column({ name: 'added_by', type: 'varchar', length: 36, nullable: true })
  addedBy: string | null;

  /** The provider company they acted for (by mandate), else null. */
  @Column({ name: 'added_via', type: 'varchar', length: 36, nullable: true })
  addedVia: string | null;
}
