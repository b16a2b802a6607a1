import { PERMISSIONS } from '@chaman/domain';
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The permission catalogue (from the domain's code), REST accounts, their permissions and certificates. */
export class RestAccounts1764000003000 implements MigrationInterface {
  name = 'RestAccounts1764000003000';

  async up(qr: QueryRunner): Promise<void> {
    const v = (name: string, length: number, nullable = false) => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
    await qr.createTable(
      new Table({ name: 'permission', columns: [{ ...v('code', 64), isPrimary: true }, { ...v('scope', 200), isUnique: true }, v('api', 100)] }),
    );
    const pg = qr.connection.options.type === 'postgres';
    for (const p of PERMISSIONS) {
      await qr.query(`INSERT INTO permission (code, scope, api) VALUES (${pg ? '$1, $2, $3' : '?, ?, ?'})`, [p.code, p.scope, p.api]);
    }
    await qr.createTable(
      new Table({
        name: 'rest_account',
        columns: [
          { ...v('id', 36), isPrimary: true },
          v('company_id', 36),
          v('name', 100),
          // Lower-cased name: names are unique in a company whatever their case.
          v('name_key', 100),
          { name: 'client_number', type: 'bigint', isUnique: true },
          { ...v('client_id', 64), isUnique: true },
          v('status', 16),
          { name: 'created_at', type: 'bigint' },
          v('created_by', 36),
        ],
        foreignKeys: [{ columnNames: ['company_id'], referencedTableName: 'company', referencedColumnNames: ['id'] }],
        indices: [
          { name: 'uq_rest_account_name', columnNames: ['company_id', 'name_key'], isUnique: true },
          { name: 'idx_rest_account_company', columnNames: ['company_id', 'id'] },
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'rest_account_permission',
        columns: [v('account_id', 36), v('permission_code', 64)],
        uniques: [{ name: 'pk_rest_account_permission', columnNames: ['account_id', 'permission_code'] }],
        foreignKeys: [
          { columnNames: ['account_id'], referencedTableName: 'rest_account', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['permission_code'], referencedTableName: 'permission', referencedColumnNames: ['code'] },
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'rest_account_certificate',
        columns: [v('account_id', 36), v('certificate_id', 36), { name: 'added_at', type: 'bigint' }],
        uniques: [{ name: 'pk_rest_account_certificate', columnNames: ['account_id', 'certificate_id'] }],
        foreignKeys: [
          { columnNames: ['account_id'], referencedTableName: 'rest_account', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          // A certificate in use cannot be deleted.
          { columnNames: ['certificate_id'], referencedTableName: 'certificate', referencedColumnNames: ['id'], onDelete: 'RESTRICT' },
        ],
        indices: [{ name: 'idx_rest_account_certificate_cert', columnNames: ['certificate_id'] }],
      }),
    );
    if (pg) await qr.query('CREATE SEQUENCE client_id_seq START 1');
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['rest_account_certificate', 'rest_account_permission', 'rest_account', 'permission']) await qr.dropTable(t);
    if (qr.connection.options.type === 'postgres') await qr.query('DROP SEQUENCE client_id_seq');
  }
}
