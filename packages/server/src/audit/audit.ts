import type { AuditAction } from '@chaman/domain';
import type { EntityManager } from 'typeorm';
import { newId } from '../db/ids.js';
import type { Context } from '../graphql/context.js';
import { AuditEntryEntity } from './audit-entry.entity.js';

export interface AuditFacts {
  companyId: string;
  action: AuditAction;
  targetType: string;
  targetId: string;
  /** What changed: the before/after that matters. Never secrets. */
  details?: Record<string, unknown>;
  /** The provider the actor acted through, when by mandate. */
  viaCompanyId?: string | null;
}

/** Appends one entry to the company's audit log, in the caller's transaction (so: only if the change commits). */
export async function audit(em: EntityManager, ctx: Context, facts: AuditFacts): Promise<void> {
  const ua = ctx.request.headers['user-agent'];
  await em.insert(AuditEntryEntity, {
    id: newId(),
    companyId: facts.companyId,
    actorId: ctx.viewer?.person.id ?? null,
    actorEmail: ctx.viewer?.person.email ?? null,
    viaCompanyId: facts.viaCompanyId ?? null,
    action: facts.action,
    targetType: facts.targetType,
    targetId: facts.targetId,
    details: JSON.stringify(facts.details ?? {}),
    ip: ctx.request.ip?.slice(0, 64) ?? null,
    userAgent: typeof ua === 'string' ? ua.slice(0, 300) : null,
    createdAt: new Date(),
  });
}
