import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Named counters for numbers that must be unique across the installation and never reused
 * (NSSO sequence numbers, REST client IDs). PostgreSQL uses sequences instead; SQLite, which has
 * none, increments a row here inside the writing transaction.
 */
export class Counters1764000000000 implements MigrationInterface {
  name = 'Counters1764000000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'counter',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'bigint', default: 0 },
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('counter');
  }
}
