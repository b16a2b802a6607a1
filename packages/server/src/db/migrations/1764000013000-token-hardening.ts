import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Refused token requests of callers who proved no key of the account they named, counted per
 * account and source IP (anyone can send them: listed one by one they pushed the account's real
 * attempts out of its history). And jtis kept one second longer: through the whole last second in
 * which their assertion is accepted.
 */
export class TokenHardening1764000013000 implements MigrationInterface {
  name = 'TokenHardening1764000013000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'token_attempt_unproven',
        columns: [
          { name: 'account_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'ip', type: 'varchar', length: '64', isPrimary: true },
          { name: 'client_id', type: 'varchar', length: '64' },
          { name: 'attempts', type: 'bigint' },
          { name: 'first_at', type: 'bigint' },
          { name: 'last_at', type: 'bigint' },
          { name: 'last_outcome', type: 'varchar', length: '32' },
          { name: 'last_reason', type: 'varchar', length: '500' },
        ],
        foreignKeys: [{ columnNames: ['account_id'], referencedTableName: 'rest_account', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [{ name: 'idx_token_attempt_unproven_last', columnNames: ['last_at'] }],
      }),
    );
    // Stored before as exp + 60 s: an assertion is accepted through the whole second exp + 60.
    await qr.query('UPDATE assertion_jti SET expires_at = expires_at + 1000');
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.query('UPDATE assertion_jti SET expires_at = expires_at - 1000');
    await qr.dropTable('token_attempt_unproven');
  }
}
