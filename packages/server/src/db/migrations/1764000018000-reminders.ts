import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Expiry reminders: the stages already sent per certificate (its primary key is the claim that
 * makes each stage go out once, whatever the number of instances), the people who turned
 * reminders off, and each company's shared notification address with its proof.
 */
export class Reminders1764000018000 implements MigrationInterface {
  name = 'Reminders1764000018000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'certificate_reminder',
        columns: [
          { name: 'certificate_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'stage', type: 'integer', isPrimary: true },
          { name: 'sent_at', type: 'bigint' },
        ],
        foreignKeys: [{ columnNames: ['certificate_id'], referencedTableName: 'certificate', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'reminder_opt_out',
        columns: [
          { name: 'person_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'since', type: 'bigint' },
        ],
        foreignKeys: [{ columnNames: ['person_id'], referencedTableName: 'person', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'company_notification_email',
        columns: [
          { name: 'company_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'email', type: 'varchar', length: '254' },
          // The language of whoever set it: the address belongs to no person.
          { name: 'language', type: 'varchar', length: '2' },
          // The email_token mailed to prove it; proving that token proves this address.
          { name: 'proof_token_id', type: 'varchar', length: '36' },
          { name: 'verified_at', type: 'bigint', isNullable: true },
          { name: 'set_by', type: 'varchar', length: '36' },
          { name: 'set_at', type: 'bigint' },
        ],
        foreignKeys: [{ columnNames: ['company_id'], referencedTableName: 'company', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [{ name: 'idx_company_notification_email_proof', columnNames: ['proof_token_id'] }],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('company_notification_email');
    await qr.dropTable('reminder_opt_out');
    await qr.dropTable('certificate_reminder');
  }
}
