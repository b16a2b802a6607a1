import type { AuditAction } from '@chaman/domain';
import type { Reader, Tx } from '../db/database.js';
import { newId } from '../db/ids.js';
import { toDate } from '../db/rows.js';
import { sql } from '../db/sql.js';

/** One change to record, with who made it and from where. */
export interface AuditRecord {
  companyId: string;
  action: AuditAction;
  targetType: string;
  targetId: string;
  /** What changed: the before/after that matters. Never secrets. */
  details?: Record<string, unknown>;
  /** The provider the actor acted through, when by mandate. */
  viaCompanyId?: string | null;
  actor: { id: string; email: string } | null;
  origin: { ip: string | null; userAgent: string | null };
  at: Date;
}

export interface AuditRow {
  id: string;
  at: Date;
  action: string;
  actorId: string | null;
  actorEmail: string | null;
  viaCompanyName: string | null;
  targetType: string;
  targetId: string;
  details: string;
  ip: string | null;
  userAgent: string | null;
}

export const auditRepository = {
  /** Appends one entry, in the caller's transaction (so: only if the change commits). */
  async append(tx: Tx, r: AuditRecord): Promise<void> {
    await tx.run(sql`INSERT INTO audit_entry (id, company_id, actor_id, actor_email, via_company_id, action, target_type, target_id, details, ip, user_agent, created_at)
      VALUES (${newId()}, ${r.companyId}, ${r.actor?.id ?? null}, ${r.actor?.email ?? null}, ${r.viaCompanyId ?? null}, ${r.action}, ${r.targetType}, ${r.targetId},
              ${JSON.stringify(r.details ?? {})}, ${r.origin.ip?.slice(0, 64) ?? null}, ${r.origin.userAgent?.slice(0, 300) ?? null}, ${r.at.getTime()})`);
  },

  /** A page of a company's log, newest first, `limit` + 1 rows (the extra one says more follow). */
  async page(
    db: Reader,
    companyId: string,
    filter: { action?: string | null; actorEmail?: string | null; from?: Date | null; to?: Date | null; before?: string | null },
    limit: number,
  ): Promise<AuditRow[]> {
    const where = [sql`a.company_id = ${companyId}`];
    if (filter.action) where.push(sql`a.action = ${filter.action}`);
    if (filter.actorEmail) where.push(sql`a.actor_email = ${filter.actorEmail}`);
    if (filter.from) where.push(sql`a.created_at >= ${filter.from.getTime()}`);
    if (filter.to) where.push(sql`a.created_at < ${filter.to.getTime()}`);
    if (filter.before) where.push(sql`a.id < ${filter.before}`);
    const rows = await db.all(sql`SELECT a.id, a.created_at, a.action, a.actor_id, a.actor_email, v.name AS via_name, a.target_type, a.target_id, a.details, a.ip, a.user_agent
      FROM audit_entry a LEFT JOIN company v ON v.id = a.via_company_id
      WHERE ${sql.join(where, ' AND ')} ORDER BY a.id DESC LIMIT ${limit + 1}`);
    return rows.map((r) => ({
      id: r.id as string,
      at: toDate(r.created_at),
      action: r.action as string,
      actorId: (r.actor_id as string | null) ?? null,
      actorEmail: (r.actor_email as string | null) ?? null,
      viaCompanyName: (r.via_name as string | null) ?? null,
      targetType: r.target_type as string,
      targetId: r.target_id as string,
      details: r.details as string,
      ip: (r.ip as string | null) ?? null,
      userAgent: (r.user_agent as string | null) ?? null,
    }));
  },
};
