import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const ref = (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '36' });
const time = (name: string): TableColumnOptions => ({ name, type: 'bigint' });

/**
 * A person's own history (sign-ins, failed sign-ins, tokens...; append-only like the audit log) and
 * the devices that signed in as them (only the hash of each device's cookie), which the per-email
 * sign-in limit spares. Read and written by SQL only (person-history.repository.ts): no entities.
 */
export class PersonHistory1764000007000 implements MigrationInterface {
  name = 'PersonHistory1764000007000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'person_event',
        columns: [
          { ...ref('id'), isPrimary: true },
          ref('person_id'),
          { name: 'kind', type: 'varchar', length: '32' },
          { name: 'details', type: 'text' },
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
          { name: 'user_agent', type: 'varchar', length: '300', isNullable: true },
          time('created_at'),
        ],
        foreignKeys: [{ columnNames: ['person_id'], referencedTableName: 'person', referencedColumnNames: ['id'] }],
        indices: [{ name: 'idx_person_event_person', columnNames: ['person_id', 'id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'person_device',
        columns: [
          { ...ref('person_id'), isPrimary: true },
          { name: 'device_hash', type: 'varchar', length: '64', isPrimary: true },
          time('first_seen_at'),
          time('last_seen_at'),
        ],
        foreignKeys: [{ columnNames: ['person_id'], referencedTableName: 'person', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    if (qr.connection.options.type === 'postgres') {
      await qr.query(`CREATE FUNCTION person_event_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'person_event is append-only'; END; $$ LANGUAGE plpgsql`);
      await qr.query(`CREATE TRIGGER person_event_no_change BEFORE UPDATE OR DELETE ON person_event
        FOR EACH ROW EXECUTE FUNCTION person_event_append_only()`);
    } else {
      for (const op of ['UPDATE', 'DELETE']) {
        await qr.query(`CREATE TRIGGER person_event_no_${op.toLowerCase()} BEFORE ${op} ON person_event
          BEGIN SELECT RAISE(ABORT, 'person_event is append-only'); END`);
      }
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('person_device');
    await qr.dropTable('person_event');
    if (qr.connection.options.type === 'postgres') await qr.query('DROP FUNCTION person_event_append_only');
  }
}
