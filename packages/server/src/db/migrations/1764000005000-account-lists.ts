import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each REST account's permission codes and certificate ids, also on its own row (see
 * RestAccountEntity.permissionCodes): filled here from the link tables for existing accounts.
 */
export class AccountLists1764000005000 implements MigrationInterface {
  name = 'AccountLists1764000005000';

  async up(qr: QueryRunner): Promise<void> {
    const pg = qr.connection.options.type === 'postgres';
    const sorted = (column: string) => (pg ? `string_agg(${column}, ',' ORDER BY ${column})` : `group_concat(${column}, ',' ORDER BY ${column})`);
    // Plain ALTER TABLE: TypeORM's addColumn rebuilds a SQLite table, a long copy for a big one.
    await qr.query(`ALTER TABLE rest_account ADD COLUMN permission_codes text NOT NULL DEFAULT ''`);
    await qr.query(`ALTER TABLE rest_account ADD COLUMN certificate_ids text NOT NULL DEFAULT ''`);
    await qr.query(
      `UPDATE rest_account SET
         permission_codes = COALESCE((SELECT ${sorted('p.permission_code')} FROM rest_account_permission p WHERE p.account_id = rest_account.id), ''),
         certificate_ids = COALESCE((SELECT ${sorted('rc.certificate_id')} FROM rest_account_certificate rc WHERE rc.account_id = rest_account.id), '')`,
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.query('ALTER TABLE rest_account DROP COLUMN certificate_ids');
    await qr.query('ALTER TABLE rest_account DROP COLUMN permission_codes');
  }
}
