import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Which person an identity at an OpenID provider signs in as. Keyed by the provider's issuer and
 * its subject (`sub`), never by email: a provider may let anyone claim any address, and an address
 * may later pass to someone else; the subject stays the same person.
 */
export class IdentityLinks1764000010000 implements MigrationInterface {
  name = 'IdentityLinks1764000010000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'identity_link',
        columns: [
          // 255 each: the OpenID Connect specification bounds `sub` at 255 ASCII characters.
          { name: 'issuer', type: 'varchar', length: '255', isPrimary: true },
          { name: 'subject', type: 'varchar', length: '255', isPrimary: true },
          { name: 'person_id', type: 'varchar', length: '36' },
          { name: 'created_at', type: 'bigint' },
        ],
        foreignKeys: [{ columnNames: ['person_id'], referencedTableName: 'person', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [{ name: 'idx_identity_link_person', columnNames: ['person_id', 'issuer'] }],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('identity_link');
  }
}
