import {
  APPOINT_ACTION,
  can,
  checkRevocation,
  formatEnterpriseNumber,
  normalizeEmail,
  parseEnterpriseNumber,
  AccessErrors,
  type AuditAction,
  type Role,
} from '@chaman/domain';
import { audit } from '../audit/audit.js';
import { CompanyEntity } from '../company/company.entity.js';
import { isUniqueViolation } from '../db/errors.js';
import { isId, newId } from '../db/ids.js';
import { authorize, notFound, requireViewer, visibleCompany } from '../graphql/authorize.js';
import type { Context } from '../graphql/context.js';
import { clientError, ErrorCode, unwrap } from '../graphql/errors.js';
import { MandateEntity } from './mandate.entity.js';
import { PersonEntity } from './person.entity.js';
import { RoleAssignmentEntity } from './role-assignment.entity.js';

const ROLE_WORDS: Record<Role, string> = {
  LEGAL_REPRESENTATIVE: 'legal representative',
  CHIEF_ACCESS_MANAGER: 'Chief Access Manager',
  ACCESS_MANAGER: 'Access Manager',
  CHAMAN: 'Chaman access',
};

/** Gives `role` in a company to an email: ACTIVE if someone has that email, else PENDING until they sign up. */
export async function appoint(ctx: Context, role: Exclude<Role, 'LEGAL_REPRESENTATIVE'>, input: { companyId: string; email: string }) {
  const action = APPOINT_ACTION[role]!;
  const { viewer } = await authorize(ctx, action, input.companyId);
  const email = unwrap(normalizeEmail(input.email));
  const duplicate = () =>
    clientError(ErrorCode.conflict, `${email} already holds ${ROLE_WORDS[role]} in this company (active or pending)`);
  try {
    const assignment = await ctx.transact(async (em) => {
      const live = await em
        .createQueryBuilder(RoleAssignmentEntity, 'ra')
        .where('ra.company_id = :c AND ra.role = :r AND ra.email = :e AND ra.status <> :revoked', {
          c: input.companyId,
          r: role,
          e: email,
          revoked: 'REVOKED',
        })
        .getExists();
      if (live) throw duplicate();
      const person = await em.findOneBy(PersonEntity, { email });
      const assignment: RoleAssignmentEntity = {
        id: newId(),
        companyId: input.companyId,
        role,
        email,
        personId: person?.id ?? null,
        status: person ? 'ACTIVE' : 'PENDING',
        createdAt: new Date(),
        createdBy: viewer.person.id,
        revokedAt: null,
        revokedBy: null,
      };
      await em.insert(RoleAssignmentEntity, assignment);
      await audit(em, ctx, {
        companyId: input.companyId,
        action: 'role.appointed',
        targetType: 'role-assignment',
        targetId: assignment.id,
        details: { role, email, status: assignment.status },
      });
      return { assignment, person };
    });
    ctx.access.reset();
    return assignment;
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate();
    throw error;
  }
}

export async function revokeRole(ctx: Context, roleAssignmentId: string) {
  const viewer = requireViewer(ctx);
  if (!isId(roleAssignmentId)) notFound('role assignment', roleAssignmentId);
  const found = await ctx.ds.getRepository(RoleAssignmentEntity).findOneBy({ id: roleAssignmentId });
  const visible = found && (await visibleCompany(ctx, found.companyId));
  if (!found || !visible) notFound('role assignment', roleAssignmentId);
  const result = await ctx.transact(async (em) => {
    // Read again inside the transaction: the count of chiefs must be the one the change applies to.
    const assignment = (await em.findOneBy(RoleAssignmentEntity, { id: roleAssignmentId }))!;
    const chiefs = em
      .createQueryBuilder(RoleAssignmentEntity, 'ra')
      .where("ra.company_id = :c AND ra.role = 'CHIEF_ACCESS_MANAGER' AND ra.status = 'ACTIVE'", { c: assignment.companyId });
    // PostgreSQL: lock the chiefs' rows so two concurrent revocations cannot both pass the count.
    if (em.connection.options.type === 'postgres') chiefs.setLock('pessimistic_write');
    const activeChiefCount = (await chiefs.getMany()).length;
    const check = checkRevocation(visible.actor, visible.company.ref, {
      role: assignment.role,
      status: assignment.status,
      activeChiefCount,
    });
    if (!check.ok) {
      const code = check.error.code === AccessErrors.alreadyRevoked ? ErrorCode.conflict : ErrorCode.forbidden;
      throw clientError(code, check.error.message, { reason: check.error.code });
    }
    const revokedAt = new Date();
    await em.update(RoleAssignmentEntity, { id: assignment.id }, { status: 'REVOKED', revokedAt, revokedBy: viewer.person.id });
    await audit(em, ctx, {
      companyId: assignment.companyId,
      action: 'role.revoked',
      targetType: 'role-assignment',
      targetId: assignment.id,
      details: { role: assignment.role, email: assignment.email, before: assignment.status, after: 'REVOKED' },
    });
    return { ...assignment, status: 'REVOKED' as const, revokedAt, revokedBy: viewer.person.id };
  });
  ctx.access.reset();
  return result;
}

/** A company's chief access manager mandates a registered provider; PENDING until the provider accepts. */
export async function createMandate(
  ctx: Context,
  input: { companyId: string; providerEnterpriseNumber: string; startsAt?: Date | null; endsAt?: Date | null },
): Promise<MandateEntity> {
  const { viewer } = await authorize(ctx, 'create-mandate', input.companyId);
  const enterpriseNumber = unwrap(parseEnterpriseNumber(input.providerEnterpriseNumber));
  const provider = await ctx.ds.getRepository(CompanyEntity).findOneBy({ enterpriseNumber });
  if (!provider) {
    throw clientError(
      ErrorCode.badUserInput,
      `No company with enterprise number ${formatEnterpriseNumber(enterpriseNumber)} is registered in Chaman; the provider must register first`,
    );
  }
  if (provider.id === input.companyId) {
    throw clientError(ErrorCode.badUserInput, 'A company cannot mandate itself', { reason: AccessErrors.mandateSelf });
  }
  const startsAt = input.startsAt ?? new Date();
  const endsAt = input.endsAt ?? null;
  if (endsAt && endsAt.getTime() <= startsAt.getTime()) {
    throw clientError(ErrorCode.badUserInput, 'endsAt must be after startsAt');
  }
  return ctx.transact(async (em) => {
    const open = await em
      .createQueryBuilder(MandateEntity, 'm')
      .where("m.mandator_id = :a AND m.provider_id = :b AND m.status IN ('PENDING', 'ACTIVE')", { a: input.companyId, b: provider.id })
      .getExists();
    if (open) throw clientError(ErrorCode.conflict, `${provider.name} already holds a pending or active mandate from this company`);
    const mandate: MandateEntity = {
      id: newId(),
      mandatorId: input.companyId,
      providerId: provider.id,
      status: 'PENDING',
      startsAt,
      endsAt,
      createdAt: new Date(),
      createdBy: viewer.person.id,
      acceptedAt: null,
      acceptedBy: null,
      endedAt: null,
      endedBy: null,
    };
    await em.insert(MandateEntity, mandate);
    for (const companyId of [mandate.mandatorId, mandate.providerId]) {
      await audit(em, ctx, {
        companyId,
        action: 'mandate.created',
        targetType: 'mandate',
        targetId: mandate.id,
        details: { mandator: input.companyId, provider: provider.id, startsAt, endsAt },
      });
    }
    return mandate;
  });
}

async function loadMandate(ctx: Context, mandateId: string) {
  requireViewer(ctx);
  if (!isId(mandateId)) notFound('mandate', mandateId);
  const mandate = await ctx.ds.getRepository(MandateEntity).findOneBy({ id: mandateId });
  if (!mandate) notFound('mandate', mandateId);
  const actor = await ctx.access.actor();
  const sides = await Promise.all([ctx.access.company(mandate.mandatorId), ctx.access.company(mandate.providerId)]);
  // Visible to people with a role in either company (not to people who merely use it by mandate).
  const visible = sides.some((c) => c && (actor.roles[c.entity.id] ?? []).length > 0);
  if (!visible) notFound('mandate', mandateId);
  return { mandate, actor, mandator: sides[0]!, provider: sides[1]! };
}

export async function acceptMandate(ctx: Context, mandateId: string): Promise<MandateEntity> {
  const { mandate, actor, provider } = await loadMandate(ctx, mandateId);
  if (!can(actor, 'accept-mandate', { id: provider.entity.id })) {
    throw clientError(ErrorCode.forbidden, 'Only a Chief Access Manager or an Access Manager of the provider may accept this mandate');
  }
  return changeMandate(ctx, mandate, 'PENDING', 'ACTIVE', 'mandate.accepted');
}

export async function endMandate(ctx: Context, mandateId: string): Promise<MandateEntity> {
  const { mandate, actor } = await loadMandate(ctx, mandateId);
  if (![mandate.mandatorId, mandate.providerId].some((c) => can(actor, 'end-mandate', { id: c }))) {
    throw clientError(ErrorCode.forbidden, 'Only a Chief Access Manager or an Access Manager of either company may end this mandate');
  }
  return changeMandate(ctx, mandate, null, 'ENDED', 'mandate.ended');
}

async function changeMandate(
  ctx: Context,
  mandate: MandateEntity,
  from: 'PENDING' | null,
  to: 'ACTIVE' | 'ENDED',
  action: AuditAction,
): Promise<MandateEntity> {
  const viewer = requireViewer(ctx);
  const result = await ctx.transact(async (em) => {
    const current = (await em.findOneBy(MandateEntity, { id: mandate.id }))!;
    if (current.status === 'ENDED' || (from !== null && current.status !== from)) {
      throw clientError(ErrorCode.conflict, `This mandate is ${current.status}; it cannot become ${to}`, {
        reason: AccessErrors.mandateState,
      });
    }
    const now = new Date();
    const change =
      to === 'ACTIVE' ? { status: to, acceptedAt: now, acceptedBy: viewer.person.id } : { status: to, endedAt: now, endedBy: viewer.person.id };
    await em.update(MandateEntity, { id: mandate.id }, change);
    for (const companyId of [current.mandatorId, current.providerId]) {
      await audit(em, ctx, {
        companyId,
        action,
        targetType: 'mandate',
        targetId: current.id,
        details: { before: current.status, after: to },
      });
    }
    return { ...current, ...change };
  });
  ctx.access.reset();
  return result;
}
