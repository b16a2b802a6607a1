import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a person proved their email (a link mailed to it, or an identity provider that vouches for
 * it); NULL until then. People who existed before keep their roles and are asked to prove it.
 */
export class EmailVerified1764000009000 implements MigrationInterface {
  name = 'EmailVerified1764000009000';

  async up(qr: QueryRunner): Promise<void> {
    // Plain ALTER TABLE: TypeORM's addColumn rebuilds a SQLite table, a long copy for a big one.
    await qr.query('ALTER TABLE person ADD COLUMN email_verified_at bigint');
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.query('ALTER TABLE person DROP COLUMN email_verified_at');
  }
}
