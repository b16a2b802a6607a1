import type { Language } from '@chaman/domain';
import type { Reader, Tx } from '../db/database.js';
import { toDate, toDateOrNull } from '../db/rows.js';
import { sql } from '../db/sql.js';

/** A certificate used by at least one active account, near or past its end. */
export interface CertificateInUse {
  id: string;
  companyId: string;
  companyName: string;
  name: string;
  notAfter: Date;
}

/** Someone a reminder goes to. */
export interface Recipient {
  /** The person's id; null for a company's shared address. */
  personId: string | null;
  email: string;
  firstName: string | null;
  language: Language;
}

export interface NotificationEmailRow {
  email: string;
  verifiedAt: Date | null;
  proofTokenId: string;
}

const toRecipient = (r: Record<string, unknown>): Recipient => ({
  personId: r.person_id as string,
  email: r.email as string,
  firstName: r.first_name as string,
  language: r.language as Language,
});

/** The roles that may use Chaman (the domain's `use-chaman`), and those that manage access. */
const USERS = sql`('CHIEF_ACCESS_MANAGER', 'ACCESS_MANAGER', 'CHAMAN')`;
const MANAGERS = sql`('CHIEF_ACCESS_MANAGER', 'ACCESS_MANAGER')`;

/** Every statement of the expiry reminders: what is due, who hears of it, and what was sent. */
export const reminderRepository = {
  /** The certificates ending by `until` (or ended) that an ACTIVE account uses. */
  async certificatesInUse(db: Reader, until: number): Promise<CertificateInUse[]> {
    const rows = await db.all(sql`SELECT c.id, c.company_id, co.name AS company_name, c.name, c.not_after FROM certificate c JOIN company co ON co.id = c.company_id
      WHERE c.not_after <= ${until} AND EXISTS (
        SELECT 1 FROM rest_account_certificate l JOIN rest_account a ON a.id = l.account_id WHERE l.certificate_id = c.id AND a.status = 'ACTIVE')
      ORDER BY c.not_after, c.id`);
    return rows.map((r) => ({ id: r.id as string, companyId: r.company_id as string, companyName: r.company_name as string, name: r.name as string, notAfter: toDate(r.not_after) }));
  },

  /** The stages already sent for these certificates, as "id:stage". */
  async sentStages(db: Reader, certificateIds: readonly string[]): Promise<Set<string>> {
    if (certificateIds.length === 0) return new Set();
    const rows = await db.all(sql`SELECT certificate_id, stage FROM certificate_reminder WHERE certificate_id IN (${sql.list(certificateIds)})`);
    return new Set(rows.map((r) => `${String(r.certificate_id)}:${Number(r.stage)}`));
  },

  /**
   * Claims the stage of a certificate: true for the one transaction that inserts it, false for any
   * other (on PostgreSQL a concurrent insert waits for the first to commit, then does nothing).
   */
  async claimStage(tx: Tx, certificateId: string, stage: number, at: number): Promise<boolean> {
    return (await tx.run(sql`INSERT INTO certificate_reminder (certificate_id, stage, sent_at) VALUES (${certificateId}, ${stage}, ${at}) ON CONFLICT DO NOTHING`)) === 1;
  },

  /** The ACTIVE accounts using the certificate, by name. */
  async activeAccountsUsing(tx: Reader, certificateId: string): Promise<{ id: string; name: string; clientId: string }[]> {
    const rows = await tx.all(sql`SELECT a.id, a.name, a.client_id FROM rest_account_certificate l JOIN rest_account a ON a.id = l.account_id
      WHERE l.certificate_id = ${certificateId} AND a.status = 'ACTIVE' ORDER BY a.name, a.id`);
    return rows.map((r) => ({ id: r.id as string, name: r.name as string, clientId: r.client_id as string }));
  },

  /**
   * Who hears of a company's certificates: its people who may use Chaman and the access managers
   * of the providers it mandated, each once, without those who turned reminders off.
   */
  async reminderRecipients(tx: Reader, companyId: string): Promise<Recipient[]> {
    const rows = await tx.all(sql`SELECT DISTINCT p.id AS person_id, p.email, p.first_name, p.language FROM person p
      WHERE p.id IN (
          SELECT r.person_id FROM role_assignment r WHERE r.company_id = ${companyId} AND r.status = 'ACTIVE' AND r.role IN ${USERS}
          UNION
          SELECT r.person_id FROM mandate m JOIN role_assignment r ON r.company_id = m.provider_id
            WHERE m.mandator_id = ${companyId} AND m.status = 'ACTIVE' AND r.status = 'ACTIVE' AND r.role IN ${MANAGERS})
        AND NOT EXISTS (SELECT 1 FROM reminder_opt_out o WHERE o.person_id = p.id)
      ORDER BY p.email`);
    return rows.map(toRecipient);
  },

  /** The company's access managers (chiefs included), each once. */
  async accessManagers(tx: Reader, companyId: string): Promise<Recipient[]> {
    const rows = await tx.all(sql`SELECT DISTINCT p.id AS person_id, p.email, p.first_name, p.language FROM person p
      JOIN role_assignment r ON r.person_id = p.id WHERE r.company_id = ${companyId} AND r.status = 'ACTIVE' AND r.role IN ${MANAGERS} ORDER BY p.email`);
    return rows.map(toRecipient);
  },

  async companyName(tx: Reader, companyId: string): Promise<string> {
    const row = await tx.one<{ name: string }>(sql`SELECT name FROM company WHERE id = ${companyId}`);
    return row?.name ?? '';
  },

  /** The company's shared address, once proven. */
  async provenNotificationEmail(tx: Reader, companyId: string): Promise<Recipient | null> {
    const row = await tx.one(sql`SELECT email, language FROM company_notification_email WHERE company_id = ${companyId} AND verified_at IS NOT NULL`);
    return row ? { personId: null, email: row.email as string, firstName: null, language: row.language as Language } : null;
  },

  async notificationEmail(db: Reader, companyId: string): Promise<NotificationEmailRow | null> {
    const row = await db.one(sql`SELECT email, verified_at, proof_token_id FROM company_notification_email WHERE company_id = ${companyId}`);
    return row ? { email: row.email as string, verifiedAt: toDateOrNull(row.verified_at), proofTokenId: row.proof_token_id as string } : null;
  },

  async setNotificationEmail(tx: Tx, companyId: string, v: { email: string; language: Language; proofTokenId: string; setBy: string; at: number }): Promise<void> {
    await tx.run(sql`INSERT INTO company_notification_email (company_id, email, language, proof_token_id, verified_at, set_by, set_at)
      VALUES (${companyId}, ${v.email}, ${v.language}, ${v.proofTokenId}, NULL, ${v.setBy}, ${v.at})
      ON CONFLICT (company_id) DO UPDATE SET email = excluded.email, language = excluded.language, proof_token_id = excluded.proof_token_id,
        verified_at = NULL, set_by = excluded.set_by, set_at = excluded.set_at`);
  },

  async clearNotificationEmail(tx: Tx, companyId: string): Promise<void> {
    await tx.run(sql`DELETE FROM company_notification_email WHERE company_id = ${companyId}`);
  },

  /** Proves the address the token was mailed to; the company it belongs to, or null when it was changed since. */
  async proveNotificationEmail(tx: Tx, proofTokenId: string, email: string, at: number): Promise<string | null> {
    const row = await tx.one<{ company_id: string }>(sql`SELECT company_id FROM company_notification_email WHERE proof_token_id = ${proofTokenId} AND email = ${email}`);
    if (!row) return null;
    await tx.run(sql`UPDATE company_notification_email SET verified_at = ${at} WHERE company_id = ${row.company_id} AND verified_at IS NULL`);
    return row.company_id;
  },

  async remindersOff(db: Reader, personId: string): Promise<boolean> {
    return (await db.one(sql`SELECT 1 AS off FROM reminder_opt_out WHERE person_id = ${personId}`)) !== undefined;
  },

  async setReminders(tx: Tx, personId: string, enabled: boolean, at: number): Promise<void> {
    if (enabled) await tx.run(sql`DELETE FROM reminder_opt_out WHERE person_id = ${personId}`);
    else await tx.run(sql`INSERT INTO reminder_opt_out (person_id, since) VALUES (${personId}, ${at}) ON CONFLICT DO NOTHING`);
  },
};
