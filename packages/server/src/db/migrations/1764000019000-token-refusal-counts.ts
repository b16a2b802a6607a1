import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Refused token requests per account and minute, written by each instance's burst watch (a few
 * seconds after a refusal, one statement for all it saw), so that a burst counts the refusals of
 * every instance, those of callers who proved a key and those who did not alike.
 */
export class TokenRefusalCounts1764000019000 implements MigrationInterface {
  name = 'TokenRefusalCounts1764000019000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'token_refusal_count',
        columns: [
          { name: 'account_id', type: 'varchar', length: '36', isPrimary: true },
          // Minutes since the epoch.
          { name: 'minute', type: 'bigint', isPrimary: true },
          { name: 'refusals', type: 'integer' },
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('token_refusal_count');
  }
}
