import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a person needs to recognise their sessions (the browser and network address they signed in
 * from), and which credential created each one (a personal access token records the session it
 * was created in; sessions, created by a password, record nothing).
 *
 * Personal access tokens may no longer create personal access tokens. Before this, a token could
 * mint others that survived its revocation, and nothing recorded which ones it minted. This
 * migration therefore revokes every live personal access token that was created while the same
 * person held another live one: any of those may have been minted by a token, and none can be told
 * apart from one created in the admin UI. A token created while its owner held no other live token
 * can only have been created by a session, and is kept. The owners create the revoked ones again,
 * signed in.
 */
export class Sessions1764000008000 implements MigrationInterface {
  name = 'Sessions1764000008000';

  async up(qr: QueryRunner): Promise<void> {
    // Plain ALTER TABLE: TypeORM's addColumn rebuilds a SQLite table, a long copy for a big one.
    await qr.query('ALTER TABLE credential ADD COLUMN user_agent varchar(300)');
    await qr.query('ALTER TABLE credential ADD COLUMN ip varchar(64)');
    await qr.query('ALTER TABLE credential ADD COLUMN created_by_credential varchar(36)');
    const now = Date.now();
    await qr.query(
      `UPDATE credential SET revoked_at = ${now}
        WHERE kind = 'PERSONAL_ACCESS_TOKEN' AND revoked_at IS NULL AND expires_at > ${now}
          AND EXISTS (SELECT 1 FROM credential other
                       WHERE other.person_id = credential.person_id AND other.kind = 'PERSONAL_ACCESS_TOKEN'
                         AND (other.created_at < credential.created_at OR (other.created_at = credential.created_at AND other.id < credential.id))
                         AND other.expires_at > credential.created_at
                         AND (other.revoked_at IS NULL OR other.revoked_at > credential.created_at))`,
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    // The tokens revoked by `up` stay revoked: whether a token minted them cannot be known.
    await qr.query('ALTER TABLE credential DROP COLUMN created_by_credential');
    await qr.query('ALTER TABLE credential DROP COLUMN ip');
    await qr.query('ALTER TABLE credential DROP COLUMN user_agent');
  }
}
