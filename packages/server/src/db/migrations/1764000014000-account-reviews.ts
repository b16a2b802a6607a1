import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Who made each account and added each certificate to it, and from which company (the provider's,
 * when by mandate), recorded from now on; and the review flag an account gets when one of them no
 * longer has access (its certificate's private key may have left with them).
 */
export class AccountReviews1764000014000 implements MigrationInterface {
  name = 'AccountReviews1764000014000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('rest_account', [
      new TableColumn({ name: 'created_via', type: 'varchar', length: '36', isNullable: true }),
      new TableColumn({ name: 'review_reason', type: 'varchar', length: '500', isNullable: true }),
      new TableColumn({ name: 'review_since', type: 'bigint', isNullable: true }),
    ]);
    await qr.addColumns('rest_account_certificate', [
      new TableColumn({ name: 'added_by', type: 'varchar', length: '36', isNullable: true }),
      new TableColumn({ name: 'added_via', type: 'varchar', length: '36', isNullable: true }),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const column of ['added_via', 'added_by']) await qr.dropColumn('rest_account_certificate', column);
    for (const column of ['review_since', 'review_reason', 'created_via']) await qr.dropColumn('rest_account', column);
  }
}
