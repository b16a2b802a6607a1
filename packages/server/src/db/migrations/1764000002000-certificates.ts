import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class Certificates1764000002000 implements MigrationInterface {
  name = 'Certificates1764000002000';

  async up(qr: QueryRunner): Promise<void> {
    const v = (name: string, length: number, nullable = false) => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
    await qr.createTable(
      new Table({
        name: 'certificate',
        columns: [
          { ...v('id', 36), isPrimary: true },
          v('company_id', 36),
          v('name', 100),
          { name: 'der_base64', type: 'text' },
          v('sha256_fingerprint', 95),
          v('x5t_s256', 43),
          v('subject', 1000),
          v('issuer', 1000),
          v('serial_number', 100),
          { name: 'not_before', type: 'bigint' },
          { name: 'not_after', type: 'bigint' },
          v('key_algorithm', 16),
          { name: 'key_size', type: 'integer' },
          v('curve', 16, true),
          v('signature_algorithm', 64),
          { name: 'self_signed', type: 'boolean' },
          v('key_usage', 300),
          { name: 'jwk', type: 'text' },
          { name: 'created_at', type: 'bigint' },
          v('created_by', 36),
        ],
        foreignKeys: [{ columnNames: ['company_id'], referencedTableName: 'company', referencedColumnNames: ['id'] }],
        indices: [
          // One copy of a certificate per company: uploading it again is a CONFLICT.
          { name: 'uq_certificate_company_fingerprint', columnNames: ['company_id', 'sha256_fingerprint'], isUnique: true },
          { name: 'idx_certificate_company', columnNames: ['company_id', 'id'] },
          { name: 'idx_certificate_not_after', columnNames: ['company_id', 'not_after'] },
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('certificate');
  }
}
