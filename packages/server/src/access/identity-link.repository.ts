import type { Reader, Tx } from '../db/database.js';
import { sql } from '../db/sql.js';
import { rowToPerson } from './access.repository.js';
import type { IdentityLinkEntity } from './identity-link.entity.js';
import type { PersonEntity } from './person.entity.js';

const PERSON_COLUMNS = sql`p.id, p.email, p.first_name, p.last_name, p.password_hash, p.language, p.created_at, p.email_verified_at`;

/** Every statement about the links between identities at OpenID providers and people. */
export const identityLinkRepository = {
  /** The person the provider's identity is linked to, or null. */
  async personOf(db: Reader, issuer: string, subject: string): Promise<PersonEntity | null> {
    const row = await db.one(sql`SELECT ${PERSON_COLUMNS} FROM identity_link l JOIN person p ON p.id = l.person_id
      WHERE l.issuer = ${issuer} AND l.subject = ${subject}`);
    return row ? rowToPerson(row) : null;
  },

  /** The subject the person is linked to at the provider, or null. */
  async subjectOf(db: Reader, personId: string, issuer: string): Promise<string | null> {
    const row = await db.one<{ subject: string }>(sql`SELECT subject FROM identity_link WHERE person_id = ${personId} AND issuer = ${issuer}`);
    return row?.subject ?? null;
  },

  async insert(tx: Tx, link: IdentityLinkEntity): Promise<void> {
    await tx.run(sql`INSERT INTO identity_link (issuer, subject, person_id, created_at)
      VALUES (${link.issuer}, ${link.subject}, ${link.personId}, ${link.createdAt.getTime()})`);
  },

  /** Records that the person proved the email, unless they already had; true when this proved it. */
  async markEmailVerified(tx: Tx, personId: string, at: Date): Promise<boolean> {
    return (await tx.run(sql`UPDATE person SET email_verified_at = ${at.getTime()} WHERE id = ${personId} AND email_verified_at IS NULL`)) === 1;
  },

  /** Removes every link of the person to identities at providers; answers how many. */
  async removeAllOf(tx: Tx, personId: string): Promise<number> {
    return tx.run(sql`DELETE FROM identity_link WHERE person_id = ${personId}`);
  },
};
