import type { Reader, Tx } from '../db/database.js';
import { toDate, toDateOrNull } from '../db/rows.js';
import { sql } from '../db/sql.js';
import type { EmailTokenEntity, EmailTokenKind } from './email-token.entity.js';

function rowToToken(r: Record<string, unknown>): EmailTokenEntity {
  return {
    id: r.id as string,
    kind: r.kind as EmailTokenKind,
    personId: r.person_id as string,
    email: r.email as string,
    secretHash: '',
    createdAt: toDate(r.created_at),
    expiresAt: toDate(r.expires_at),
    usedAt: toDateOrNull(r.used_at),
  };
}

/** Every statement about the secrets of mailed links (email proofs, password resets). */
export const emailTokenRepository = {
  async insert(tx: Tx, t: EmailTokenEntity): Promise<void> {
    await tx.run(sql`INSERT INTO email_token (id, kind, person_id, email, secret_hash, created_at, expires_at, used_at)
      VALUES (${t.id}, ${t.kind}, ${t.personId}, ${t.email}, ${t.secretHash}, ${t.createdAt.getTime()}, ${t.expiresAt.getTime()}, ${t.usedAt?.getTime() ?? null})`);
  },

  /**
   * The token of this kind with this secret hash, used or not, expired or not (the caller says
   * which). In a transaction on PostgreSQL its row stays locked until commit, so that two uses of one
   * link cannot both see it unused.
   */
  async lockBySecret(tx: Tx, kind: EmailTokenKind, secretHash: string): Promise<EmailTokenEntity | null> {
    const row = await tx.one(sql`SELECT id, kind, person_id, email, created_at, expires_at, used_at FROM email_token
      WHERE secret_hash = ${secretHash} AND kind = ${kind}${sql.forUpdate()}`);
    return row ? rowToToken(row) : null;
  },

  async bySecret(db: Reader, kind: EmailTokenKind, secretHash: string): Promise<EmailTokenEntity | null> {
    const row = await db.one(sql`SELECT id, kind, person_id, email, created_at, expires_at, used_at FROM email_token
      WHERE secret_hash = ${secretHash} AND kind = ${kind}`);
    return row ? rowToToken(row) : null;
  },

  /** Whether the person has an unused token of this kind that is still in force at `at`. */
  async hasLive(db: Reader, personId: string, kind: EmailTokenKind, at: Date): Promise<boolean> {
    const row = await db.one(sql`SELECT 1 AS live FROM email_token
      WHERE person_id = ${personId} AND kind = ${kind} AND expires_at > ${at.getTime()} AND used_at IS NULL`);
    return row !== undefined;
  },

  /** Uses up every unused token of this kind the person has (one reset spends the other links mailed before it). */
  async useAll(tx: Tx, personId: string, kind: EmailTokenKind, at: Date): Promise<void> {
    await tx.run(sql`UPDATE email_token SET used_at = ${at.getTime()} WHERE person_id = ${personId} AND kind = ${kind} AND used_at IS NULL`);
  },

  /** Marks one token used; false when it already was (a use that raced another). */
  async use(tx: Tx, id: string, at: Date): Promise<boolean> {
    return (await tx.run(sql`UPDATE email_token SET used_at = ${at.getTime()} WHERE id = ${id} AND used_at IS NULL`)) === 1;
  },
};
