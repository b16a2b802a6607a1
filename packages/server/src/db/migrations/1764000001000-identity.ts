import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const id: TableColumnOptions = { name: 'id', type: 'varchar', length: '36', isPrimary: true };
const ref = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable });
const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });
const text = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});

/** People, their credentials, employers, roles, mandates, the audit log and rate-limit counters. */
export class Identity1764000001000 implements MigrationInterface {
  name = 'Identity1764000001000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'person',
        columns: [
          id,
          { ...text('email', 254), isUnique: true },
          text('first_name', 100),
          text('last_name', 100),
          text('password_hash', 200),
          time('created_at'),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'credential',
        columns: [
          id,
          ref('person_id'),
          text('kind', 32),
          text('name', 100, true),
          { ...text('secret_hash', 64), isUnique: true },
          time('created_at'),
          time('last_used_at'),
          time('expires_at'),
          time('revoked_at', true),
        ],
        foreignKeys: [{ columnNames: ['person_id'], referencedTableName: 'person', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [{ name: 'idx_credential_person', columnNames: ['person_id', 'kind'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'company',
        columns: [
          id,
          { ...text('enterprise_number', 10), isUnique: true },
          text('name', 200),
          { ...text('nsso_number', 9), isUnique: true },
          time('created_at'),
          ref('created_by'),
        ],
        foreignKeys: [{ columnNames: ['created_by'], referencedTableName: 'person', referencedColumnNames: ['id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'role_assignment',
        columns: [
          id,
          ref('company_id'),
          text('role', 32),
          text('email', 254),
          ref('person_id', true),
          text('status', 16),
          time('created_at'),
          ref('created_by'),
          time('revoked_at', true),
          ref('revoked_by', true),
        ],
        foreignKeys: [
          { columnNames: ['company_id'], referencedTableName: 'company', referencedColumnNames: ['id'] },
          { columnNames: ['person_id'], referencedTableName: 'person', referencedColumnNames: ['id'] },
        ],
        indices: [
          // One live assignment of a role per email and company: appointing twice is a CONFLICT.
          {
            name: 'uq_role_assignment_live',
            columnNames: ['company_id', 'role', 'email'],
            isUnique: true,
            where: "status <> 'REVOKED'",
          },
          { name: 'idx_role_assignment_person', columnNames: ['person_id', 'status'] },
          { name: 'idx_role_assignment_email', columnNames: ['email', 'status'] },
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'mandate',
        columns: [
          id,
          ref('mandator_id'),
          ref('provider_id'),
          text('status', 16),
          time('starts_at'),
          time('ends_at', true),
          time('created_at'),
          ref('created_by'),
          time('accepted_at', true),
          ref('accepted_by', true),
          time('ended_at', true),
          ref('ended_by', true),
        ],
        foreignKeys: [
          { columnNames: ['mandator_id'], referencedTableName: 'company', referencedColumnNames: ['id'] },
          { columnNames: ['provider_id'], referencedTableName: 'company', referencedColumnNames: ['id'] },
        ],
        indices: [
          { name: 'idx_mandate_mandator', columnNames: ['mandator_id', 'status'] },
          { name: 'idx_mandate_provider', columnNames: ['provider_id', 'status'] },
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'audit_entry',
        columns: [
          id,
          ref('company_id'),
          ref('actor_id', true),
          text('actor_email', 254, true),
          ref('via_company_id', true),
          text('action', 64),
          text('target_type', 32),
          text('target_id', 64),
          { name: 'details', type: 'text' },
          text('ip', 64, true),
          text('user_agent', 300, true),
          time('created_at'),
        ],
        foreignKeys: [{ columnNames: ['company_id'], referencedTableName: 'company', referencedColumnNames: ['id'] }],
        indices: [{ name: 'idx_audit_company', columnNames: ['company_id', 'id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'rate_limit',
        columns: [{ ...text('key', 300), isPrimary: true }, time('window_start'), { name: 'count', type: 'integer' }],
      }),
    );

    // The audit log is append-only, whoever connects to the database.
    if (qr.connection.options.type === 'postgres') {
      await qr.query('CREATE SEQUENCE nsso_number_seq START 1');
      await qr.query(`CREATE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'audit_entry is append-only'; END; $$ LANGUAGE plpgsql`);
      await qr.query(`CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry
        FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`);
    } else {
      for (const op of ['UPDATE', 'DELETE']) {
        await qr.query(`CREATE TRIGGER audit_entry_no_${op.toLowerCase()} BEFORE ${op} ON audit_entry
          BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END`);
      }
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['rate_limit', 'audit_entry', 'mandate', 'role_assignment', 'company', 'credential', 'person']) {
      await qr.dropTable(t);
    }
    if (qr.connection.options.type === 'postgres') {
      await qr.query('DROP SEQUENCE nsso_number_seq');
      await qr.query('DROP FUNCTION audit_entry_append_only');
    }
  }
}
