import { TableIndex, TableUnique, type MigrationInterface, type QueryRunner } from 'typeorm';

const LIVE_NUMBER_INDEX = 'uq_company_enterprise_number_live';

/**
 * Employer registrations approved by platform operators: where each stands (PENDING, APPROVED,
 * REJECTED), who decided when, and the reason given for a rejection. Companies registered before
 * are APPROVED. An enterprise number stays unique among the registrations that are not REJECTED,
 * so that the real company can register a number someone else registered and got rejected.
 */
export class EmployerApproval1764000011000 implements MigrationInterface {
  name = 'EmployerApproval1764000011000';

  async up(qr: QueryRunner): Promise<void> {
    // Plain ALTER TABLE fills the existing rows through the default; the default is dropped below,
    // so that no insert becomes APPROVED by leaving the column out.
    await qr.query(`ALTER TABLE company ADD COLUMN registration_status varchar(16) NOT NULL DEFAULT 'APPROVED'`);
    await qr.query('ALTER TABLE company ADD COLUMN rejection_reason varchar(500)');
    await qr.query('ALTER TABLE company ADD COLUMN decided_at bigint');
    await qr.query('ALTER TABLE company ADD COLUMN decided_by varchar(36)');

    // The column's UNIQUE becomes the partial index below, and the status loses its default. On
    // SQLite each change rebuilds the table (a UNIQUE is part of its definition): TypeORM copies
    // it, foreign keys being off while migrations run.
    const table = (await qr.getTable('company'))!;
    const unique = table.uniques.find((u) => u.columnNames.length === 1 && u.columnNames[0] === 'enterprise_number');
    if (!unique) throw new Error('company.enterprise_number has no UNIQUE constraint to replace');
    await qr.dropUniqueConstraint(table, unique);
    const rebuilt = (await qr.getTable('company'))!;
    const status = rebuilt.findColumnByName('registration_status')!;
    const withoutDefault = status.clone();
    withoutDefault.default = undefined;
    await qr.changeColumn(rebuilt, status, withoutDefault);
    await qr.createIndex(
      'company',
      new TableIndex({ name: LIVE_NUMBER_INDEX, columnNames: ['enterprise_number'], isUnique: true, where: "registration_status <> 'REJECTED'" }),
    );
    // The operators' queue: the PENDING registrations, oldest first.
    await qr.createIndex('company', new TableIndex({ name: 'idx_company_registration', columnNames: ['registration_status', 'id'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('company', 'idx_company_registration');
    await qr.dropIndex('company', LIVE_NUMBER_INDEX);
    // Fails when a rejected number was registered again: the old schema cannot hold both.
    await qr.createUniqueConstraint('company', new TableUnique({ columnNames: ['enterprise_number'] }));
    for (const column of ['decided_by', 'decided_at', 'rejection_reason', 'registration_status']) await qr.dropColumn('company', column);
  }
}
