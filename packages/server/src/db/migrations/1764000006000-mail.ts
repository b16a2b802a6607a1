import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The mail outbox, and each person's language (the one their mails are written in). */
export class Mail1764000006000 implements MigrationInterface {
  name = 'Mail1764000006000';

  async up(qr: QueryRunner): Promise<void> {
    // Plain ALTER TABLE: TypeORM's addColumn rebuilds a SQLite table, a long copy for a big one.
    await qr.query(`ALTER TABLE person ADD COLUMN language varchar(2) NOT NULL DEFAULT 'en'`);
    const v = (name: string, length: number, nullable = false) => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
    await qr.createTable(
      new Table({
        name: 'mail_outbox',
        columns: [
          { ...v('id', 36), isPrimary: true },
          // What caused it (`invitation`, ...), for the operator reading the table.
          v('kind', 64),
          v('recipient', 254),
          v('language', 2),
          // Written when the change happened, so that a mail says what was true then.
          v('subject', 300),
          { name: 'text_body', type: 'text' },
          { name: 'html_body', type: 'text' },
          // PENDING until delivered (SENT) or given up on after days of failures (FAILED); kept either way.
          v('status', 16),
          { name: 'created_at', type: 'bigint' },
          { name: 'next_attempt_at', type: 'bigint' },
          { name: 'attempts', type: 'integer', default: 0 },
          // While a sender holds the mail, no other claims it; a sender that died lets it go when this passes.
          { name: 'lease_until', type: 'bigint', isNullable: true },
          v('claim', 36, true),
          { name: 'sent_at', type: 'bigint', isNullable: true },
          v('last_error', 1000, true),
        ],
        indices: [{ name: 'idx_mail_outbox_due', columnNames: ['status', 'next_attempt_at'] }],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('mail_outbox');
    await qr.query('ALTER TABLE person DROP COLUMN language');
  }
}
