import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The secrets of the links mailed to prove an email and to reset a password. Only their SHA-256
 * is kept (a copy of the database must not let anyone prove an email or take an account over),
 * with the email the link was sent to, so that a link proves that address and no other.
 */
export class EmailProofs1764000012000 implements MigrationInterface {
  name = 'EmailProofs1764000012000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'email_token',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'person_id', type: 'varchar', length: '36' },
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'secret_hash', type: 'varchar', length: '64', isUnique: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'expires_at', type: 'bigint' },
          { name: 'used_at', type: 'bigint', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['person_id'], referencedTableName: 'person', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        // Whether a person has a link in force (sign-in sends one only when none is).
        indices: [{ name: 'idx_email_token_person', columnNames: ['person_id', 'kind', 'expires_at'] }],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('email_token');
  }
}
