import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The token endpoint's signing keys, the replay store for client assertions, and token attempts. */
export class OAuth1764000004000 implements MigrationInterface {
  name = 'OAuth1764000004000';

  async up(qr: QueryRunner): Promise<void> {
    const v = (name: string, length: number, nullable = false) => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
    await qr.createTable(
      new Table({
        name: 'server_key',
        columns: [
          { ...v('kid', 64), isPrimary: true },
          v('alg', 16),
          // The private key never leaves the database and the server process.
          { name: 'private_jwk', type: 'text' },
          { name: 'public_jwk', type: 'text' },
          { name: 'created_at', type: 'bigint' },
          // Once retired, a key signs nothing more; it stays published until its tokens expire.
          { name: 'retired_at', type: 'bigint', isNullable: true },
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'assertion_jti',
        columns: [v('client_id', 64), v('jti', 200), { name: 'expires_at', type: 'bigint' }],
        uniques: [{ name: 'pk_assertion_jti', columnNames: ['client_id', 'jti'] }],
        indices: [{ name: 'idx_assertion_jti_expiry', columnNames: ['expires_at'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'token_attempt',
        columns: [
          { ...v('id', 36), isPrimary: true },
          v('account_id', 36, true),
          v('client_id', 64),
          { name: 'at', type: 'bigint' },
          v('outcome', 32),
          v('reason', 500),
          v('certificate_id', 36, true),
          v('ip', 64, true),
        ],
        foreignKeys: [{ columnNames: ['account_id'], referencedTableName: 'rest_account', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [
          { name: 'idx_token_attempt_account', columnNames: ['account_id', 'id'] },
          { name: 'idx_token_attempt_at', columnNames: ['at'] },
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['token_attempt', 'assertion_jti', 'server_key']) await qr.dropTable(t);
  }
}
