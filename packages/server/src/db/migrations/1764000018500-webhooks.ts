import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Webhooks: the endpoints companies register, the outbox of their deliveries (claimed with a
 * lease, as mail is), and when each client's last burst of refused token requests was announced.
 */
export class Webhooks1764000018500 implements MigrationInterface {
  name = 'Webhooks1764000018500';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'webhook',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'company_id', type: 'varchar', length: '36' },
          { name: 'url', type: 'varchar', length: '2000' },
          // ",a,b,": one LIKE finds the endpoints of an event.
          { name: 'events', type: 'varchar', length: '1000' },
          { name: 'enabled', type: 'boolean' },
          { name: 'secret', type: 'varchar', length: '100' },
          { name: 'previous_secret', type: 'varchar', length: '100', isNullable: true },
          { name: 'previous_secret_until', type: 'bigint', isNullable: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'created_by', type: 'varchar', length: '36' },
          // Since when every delivery has failed (null once one succeeds).
          { name: 'failing_since', type: 'bigint', isNullable: true },
          { name: 'disabled_reason', type: 'varchar', length: '300', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['company_id'], referencedTableName: 'company', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [{ name: 'idx_webhook_company', columnNames: ['company_id', 'id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'webhook_delivery',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'webhook_id', type: 'varchar', length: '36' },
          // The Standard Webhooks message id, the same on every attempt and redelivery.
          { name: 'message_id', type: 'varchar', length: '64' },
          { name: 'event_type', type: 'varchar', length: '64' },
          { name: 'payload', type: 'text' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'created_at', type: 'bigint' },
          // Retries go on for 24 hours from here (the creation, or the last redelivery).
          { name: 'retry_from', type: 'bigint' },
          { name: 'next_attempt_at', type: 'bigint' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'lease_until', type: 'bigint', isNullable: true },
          { name: 'claim', type: 'varchar', length: '36', isNullable: true },
          { name: 'delivered_at', type: 'bigint', isNullable: true },
          { name: 'last_attempt_at', type: 'bigint', isNullable: true },
          { name: 'last_status_code', type: 'integer', isNullable: true },
          { name: 'last_error', type: 'varchar', length: '1000', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['webhook_id'], referencedTableName: 'webhook', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [
          { name: 'idx_webhook_delivery_due', columnNames: ['status', 'next_attempt_at'] },
          { name: 'idx_webhook_delivery_webhook', columnNames: ['webhook_id', 'id'] },
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'token_refusal_burst',
        columns: [
          { name: 'account_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'announced_at', type: 'bigint' },
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('token_refusal_burst');
    await qr.dropTable('webhook_delivery');
    await qr.dropTable('webhook');
  }
}
