import type { Reader, Tx } from '../db/database.js';
import { toDate } from '../db/rows.js';
import { sql } from '../db/sql.js';
import type { MailEntity } from './mail.entity.js';

/** A claimed mail: what the sender needs to deliver it. */
export interface ClaimedMail {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  attempts: number;
  createdAt: Date;
}

/** The outbox rows still to deliver, of one kind: how many, and since when the oldest waits. */
export interface OutboxBacklog {
  kind: string;
  pending: number;
  /** When the oldest of them was written (ms since the epoch). */
  oldestCreatedAt: number;
}

/** Pending, due, and held by no sender (or by one whose lease ran out: it died or hung). */
const due = (now: number) => sql`status = 'PENDING' AND next_attempt_at <= ${now} AND (lease_until IS NULL OR lease_until <= ${now})`;

export const mailRepository = {
  async insert(tx: Tx, m: MailEntity): Promise<void> {
    await tx.run(sql`INSERT INTO mail_outbox (id, kind, recipient, language, subject, text_body, html_body, status, created_at, next_attempt_at, attempts, lease_until, claim, sent_at, last_error)
      VALUES (${m.id}, ${m.kind}, ${m.recipient}, ${m.language}, ${m.subject}, ${m.textBody}, ${m.htmlBody}, ${m.status}, ${m.createdAt.getTime()},
              ${m.nextAttemptAt.getTime()}, ${m.attempts}, ${m.leaseUntil?.getTime() ?? null}, ${m.claim}, ${m.sentAt?.getTime() ?? null}, ${m.lastError})`);
  },

  /** Whether any mail is due: a read outside transactions, so that an idle sender never takes the write lock. */
  async anyDue(db: Reader, now: number): Promise<boolean> {
    return (await db.one(sql`SELECT 1 AS due FROM mail_outbox WHERE ${due(now)} LIMIT 1`)) !== undefined;
  },

  /**
   * What is still to deliver, by kind, for the operators' metrics: one statement, on the index
   * that starts with status (delivered rows, the bulk of the table, are not read). Rows of every
   * kind the outbox holds are counted, whatever writes them.
   */
  async backlogByKind(db: Reader): Promise<OutboxBacklog[]> {
    const rows = await db.all(sql`SELECT kind, COUNT(*) AS pending, MIN(created_at) AS oldest FROM mail_outbox WHERE status = 'PENDING' GROUP BY kind`);
    return rows.map((r) => ({ kind: r.kind as string, pending: Number(r.pending), oldestCreatedAt: Number(r.oldest) }));
  },

  /**
   * Takes up to `limit` due mails for one sender until `leaseUntil`, counting the attempt. On
   * PostgreSQL the rows another instance is claiming at the same moment are skipped (SKIP LOCKED),
   * and those it claimed are no longer due once it commits; on SQLite the transaction holds the
   * database's write lock from BEGIN IMMEDIATE on, so claims of two processes follow each other.
   */
  async claim(tx: Tx, options: { now: number; leaseUntil: number; claim: string; limit: number }): Promise<ClaimedMail[]> {
    const rows = await tx.all(sql`SELECT id, kind, recipient, subject, text_body, html_body, attempts, created_at FROM mail_outbox
      WHERE ${due(options.now)} ORDER BY next_attempt_at, id LIMIT ${options.limit}${sql.either({ postgres: sql` FOR UPDATE SKIP LOCKED`, sqlite: sql`` })}`);
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id as string);
    await tx.run(sql`UPDATE mail_outbox SET lease_until = ${options.leaseUntil}, claim = ${options.claim}, attempts = attempts + 1 WHERE id IN (${sql.list(ids)})`);
    return rows.map((r) => ({
      id: r.id as string,
      kind: r.kind as string,
      recipient: r.recipient as string,
      subject: r.subject as string,
      textBody: r.text_body as string,
      htmlBody: r.html_body as string,
      attempts: Number(r.attempts) + 1,
      createdAt: toDate(r.created_at),
    }));
  },

  /** Delivered: kept, marked sent. False when the claim was lost (its lease ran out and another sender took it). */
  async markSent(tx: Tx, id: string, claim: string, at: number): Promise<boolean> {
    return (await tx.run(sql`UPDATE mail_outbox SET status = 'SENT', sent_at = ${at}, lease_until = NULL, last_error = NULL
      WHERE id = ${id} AND claim = ${claim} AND status = 'PENDING'`)) === 1;
  },

  /** Gives back the mails of a claim that were not tried (the sender is stopping), as if never claimed. */
  async release(tx: Tx, claim: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.run(sql`UPDATE mail_outbox SET lease_until = NULL, claim = NULL, attempts = attempts - 1
      WHERE claim = ${claim} AND status = 'PENDING' AND id IN (${sql.list(ids)})`);
  },

  /** Mails waiting (pending), for the operators' metrics. */
  async outboxDepth(db: Reader): Promise<number> {
    const row = await db.one<{ n: unknown }>(sql`SELECT count(*) AS n FROM mail_outbox WHERE status = 'PENDING'`);
    return Number(row?.n ?? 0);
  },
  /** How long the oldest pending mail has waited, in seconds (0 when none waits), for the operators' metrics. */
  async oldestPendingAgeSeconds(db: Reader, now: number): Promise<number> {
    const row = await db.one<{ oldest: unknown }>(sql`SELECT min(created_at) AS oldest FROM mail_outbox WHERE status = 'PENDING'`);
    return row?.oldest === null || row?.oldest === undefined ? 0 : Math.max(0, (now - Number(row.oldest)) / 1000);
  },
  /** Not delivered this time: due again at `nextAttemptAt`, or FAILED when `giveUp`; the error kept either way. */
  async markFailed(tx: Tx, id: string, claim: string, options: { nextAttemptAt: number; error: string; giveUp: boolean }): Promise<void> {
    await tx.run(sql`UPDATE mail_outbox SET status = ${options.giveUp ? 'FAILED' : 'PENDING'}, next_attempt_at = ${options.nextAttemptAt},
        lease_until = NULL, last_error = ${options.error.slice(0, 1000)}
      WHERE id = ${id} AND claim = ${claim} AND status = 'PENDING'`);
  },
};
