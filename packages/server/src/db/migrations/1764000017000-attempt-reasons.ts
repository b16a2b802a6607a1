import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Token attempts keep their reason's code and params beside its English sentence, so that the admin
 * UI words it in the reader's language. Rows recorded before keep the sentence alone (null code).
 */
export class AttemptReasons1764000017000 implements MigrationInterface {
  name = 'AttemptReasons1764000017000';

  async up(qr: QueryRunner): Promise<void> {
    // Plain ALTER TABLE: TypeORM's addColumn rebuilds a SQLite table, a long copy for a big one.
    for (const [table, column, type] of [
      ['token_attempt', 'reason_code', 'varchar(64)'],
      ['token_attempt', 'reason_params', 'text'],
      ['token_attempt_unproven', 'last_reason_code', 'varchar(64)'],
      ['token_attempt_unproven', 'last_reason_params', 'text'],
    ]) {
      await qr.query(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const column of ['last_reason_params', 'last_reason_code']) await qr.query(`ALTER TABLE token_attempt_unproven DROP COLUMN ${column}`);
    for (const column of ['reason_params', 'reason_code']) await qr.query(`ALTER TABLE token_attempt DROP COLUMN ${column}`);
  }
}
