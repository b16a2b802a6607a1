import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who made each account and added each certificate to it, and from which company (the provider's,
 * when by mandate), recorded from now on; and the review flag an account gets when one of them no
 * longer has access (its certificate's private key may have left with them).
 */
export class AccountReviews1764000014000 implements MigrationInterface {
  name = 'AccountReviews1764000014000';

  async up(qr: QueryRunner): Promise<void> {
    // Plain ALTER TABLE: TypeORM's addColumn rebuilds a SQLite table, a long copy for a big one.
    for (const [table, column, type] of [
      ['rest_account', 'created_via', 'varchar(36)'],
      ['rest_account', 'review_reason', 'varchar(500)'],
      ['rest_account', 'review_since', 'bigint'],
      ['rest_account_certificate', 'added_by', 'varchar(36)'],
      ['rest_account_certificate', 'added_via', 'varchar(36)'],
    ]) {
      await qr.query(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const column of ['added_via', 'added_by']) await qr.query(`ALTER TABLE rest_account_certificate DROP COLUMN ${column}`);
    for (const column of ['review_since', 'review_reason', 'created_via']) await qr.query(`ALTER TABLE rest_account DROP COLUMN ${column}`);
  }
}
