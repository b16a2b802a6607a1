import {
  AccessErrors,
  APPOINT_ACTION,
  can,
  checkRegistration,
  checkRevocation,
  formatEnterpriseNumber,
  normalizeEmail,
  notFound,
  parseEnterpriseNumber,
  refusal,
  type AuditAction,
  type Role,
} from '@chaman/domain';
import { companyRepository } from '../company/company.repository.js';
import { isUniqueViolation } from '../db/errors.js';
import { isId, newId } from '../db/ids.js';
import { enqueue } from '../mail/outbox.js';
import { reviewAfterMandate, reviewAfterRevocation } from '../rest-account/account-review.js';
import { audit } from '../shared/audit.js';
import { emitEvent } from '../webhook/events.js';
import { decide, must, refuse, type Deps, type Outcome } from '../shared/use-case.js';
import { accessRepository } from './access.repository.js';
import { authorize, notAllowed, requireViewer, visibleCompany } from './authorization.js';
import type { MandateEntity } from './mandate.entity.js';
import type { PersonEntity } from './person.entity.js';
import type { RoleAssignmentEntity } from './role-assignment.entity.js';

const ROLE_WORDS: Record<Role, string> = {
  LEGAL_REPRESENTATIVE: 'legal representative',
  CHIEF_ACCESS_MANAGER: 'Chief Access Manager',
  ACCESS_MANAGER: 'Access Manager',
  CHAMAN: 'Chaman access',
};

/**
 * Gives `role` in a company to an email: ACTIVE if someone has proven that email is theirs, else
 * PENDING until someone does (verifyEmail): having signed up with an address is no proof of owning
 * it. Appointing oneself needs no proof (the appointer holds the company already). The invitation
 * is mailed to that address (from the outbox, committed with the role), in its owner's language,
 * or the appointer's when nobody has the address yet.
 */
export function appoint(
  deps: Deps,
  role: Exclude<Role, 'LEGAL_REPRESENTATIVE'>,
  input: { companyId: string; email: string },
): Promise<Outcome<{ assignment: RoleAssignmentEntity; person: PersonEntity | null }>> {
  return decide(async () => {
    const { viewer, company } = await authorize(deps, APPOINT_ACTION[role]!, input.companyId);
    const email = must(normalizeEmail(input.email));
    const held = () =>
      refusal(AccessErrors.roleAlreadyHeld, `${email} already holds ${ROLE_WORDS[role]} in this company (active or pending)`, { email, role });
    try {
      const result = await deps.db.transact(async (tx) => {
        if (await accessRepository.holdsRole(tx, input.companyId, role, email)) refuse(held());
        const person = await accessRepository.lockPersonByEmail(tx, email);
        const holder = person && (person.emailVerifiedAt !== null || person.id === viewer.person.id) ? person : null;
        const assignment: RoleAssignmentEntity = {
          id: newId(),
          companyId: input.companyId,
          role,
          email,
          personId: holder?.id ?? null,
          status: holder ? 'ACTIVE' : 'PENDING',
          createdAt: deps.now(),
          createdBy: viewer.person.id,
          revokedAt: null,
          revokedBy: null,
        };
        await accessRepository.insertRole(tx, assignment);
        await audit(tx, deps, {
          companyId: input.companyId,
          action: 'role.appointed',
          targetType: 'role-assignment',
          targetId: assignment.id,
          details: { role, email, status: assignment.status, ...(person ? { personName: `${person.firstName} ${person.lastName}` } : {}) },
        });
        await emitEvent(tx, deps.now(), input.companyId, 'role.changed', { roleAssignmentId: assignment.id, role, email, status: assignment.status, change: 'appointed' });
        const inviter = viewer.person;
        // Appointing oneself (a legal representative becoming chief) needs no invitation.
        if (person?.id !== inviter.id) {
          const params = {
            inviter: `${inviter.firstName} ${inviter.lastName}`,
            company: company.entity.name,
            role,
            email,
            hasAccount: person !== null,
            url: `${deps.config.publicUrl}/${person ? '' : 'sign-up'}`,
          };
          await enqueue(tx, { kind: 'invitation', to: email, language: person?.language ?? inviter.language, params }, deps.now());
        }
        // Who holds the role: nobody yet while it waits for the email's proof.
        return { assignment, person: holder };
      });
      deps.access.reset();
      return result;
    } catch (error) {
      if (isUniqueViolation(error)) refuse(held());
      throw error;
    }
  });
}

export function revokeRole(deps: Deps, roleAssignmentId: string): Promise<Outcome<RoleAssignmentEntity>> {
  return decide(async () => {
    const viewer = requireViewer(deps);
    if (!isId(roleAssignmentId)) refuse(notFound('role assignment', roleAssignmentId));
    const found = await accessRepository.roleById(deps.db, roleAssignmentId);
    const visible = found && (await visibleCompany(deps, found.companyId));
    if (!found || !visible) refuse(notFound('role assignment', roleAssignmentId));
    must(checkRegistration(visible.company.ref, 'revoke-chief-access-manager'));
    const result = await deps.db.transact(async (tx) => {
      // Read again inside the transaction: the count of chiefs must be the one the change applies to.
      const assignment = (await accessRepository.roleById(tx, roleAssignmentId))!;
      const activeChiefCount = await accessRepository.lockActiveChiefCount(tx, assignment.companyId);
      must(checkRevocation(visible.actor, visible.company.ref, { role: assignment.role, status: assignment.status, activeChiefCount }));
      const revokedAt = deps.now();
      await accessRepository.revokeRole(tx, assignment.id, revokedAt, viewer.person.id);
      if (assignment.personId && assignment.status === 'ACTIVE' && assignment.role !== 'LEGAL_REPRESENTATIVE') {
        await reviewAfterRevocation(tx, deps, assignment.companyId, assignment.personId, assignment.email);
      }
      await audit(tx, deps, {
        companyId: assignment.companyId,
        action: 'role.revoked',
        targetType: 'role-assignment',
        targetId: assignment.id,
        details: { role: assignment.role, email: assignment.email, before: assignment.status, after: 'REVOKED' },
      });
      await emitEvent(tx, revokedAt, assignment.companyId, 'role.changed', { roleAssignmentId: assignment.id, role: assignment.role, email: assignment.email, status: 'REVOKED', change: 'revoked' });
      return { ...assignment, status: 'REVOKED' as const, revokedAt, revokedBy: viewer.person.id };
    });
    deps.access.reset();
    return result;
  });
}

/** A company's chief access manager mandates a registered provider; PENDING until the provider accepts. */
export function createMandate(
  deps: Deps,
  input: { companyId: string; providerEnterpriseNumber: string; startsAt?: Date | null; endsAt?: Date | null },
): Promise<Outcome<MandateEntity>> {
  return decide(async () => {
    const { viewer, company } = await authorize(deps, 'create-mandate', input.companyId);
    const enterpriseNumber = must(parseEnterpriseNumber(input.providerEnterpriseNumber));
    const provider = await companyRepository.byEnterpriseNumber(deps.db, enterpriseNumber);
    if (!provider) {
      const formatted = formatEnterpriseNumber(enterpriseNumber);
      refuse(
        refusal(AccessErrors.providerNotRegistered, `No company with enterprise number ${formatted} is registered in Chaman; the provider must register first`, {
          enterpriseNumber: formatted,
        }),
      );
    }
    if (provider.id === input.companyId) refuse(refusal(AccessErrors.mandateSelf, 'A company cannot mandate itself'));
    const startsAt = input.startsAt ?? deps.now();
    const endsAt = input.endsAt ?? null;
    if (endsAt && endsAt.getTime() <= startsAt.getTime()) {
      refuse(refusal(AccessErrors.mandateDates, 'endsAt must be after startsAt', { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() }));
    }
    return deps.db.transact(async (tx) => {
      if (await accessRepository.hasOpenMandate(tx, input.companyId, provider.id)) {
        refuse(refusal(AccessErrors.mandateExists, `${provider.name} already holds a pending or active mandate from this company`, { provider: provider.name }));
      }
      const mandate: MandateEntity = {
        id: newId(),
        mandatorId: input.companyId,
        providerId: provider.id,
        status: 'PENDING',
        startsAt,
        endsAt,
        createdAt: deps.now(),
        createdBy: viewer.person.id,
        acceptedAt: null,
        acceptedBy: null,
        endedAt: null,
        endedBy: null,
      };
      await accessRepository.insertMandate(tx, mandate);
      for (const companyId of [mandate.mandatorId, mandate.providerId]) {
        await audit(tx, deps, {
          companyId,
          action: 'mandate.created',
          targetType: 'mandate',
          targetId: mandate.id,
          details: { mandator: input.companyId, provider: provider.id, startsAt, endsAt, mandatorName: company.entity.name, providerName: provider.name },
        });
        await emitEvent(tx, deps.now(), companyId, 'mandate.changed', {
          mandateId: mandate.id,
          mandatorId: mandate.mandatorId,
          providerId: mandate.providerId,
          status: 'PENDING',
          change: 'created',
          startsAt: startsAt.toISOString(),
          endsAt: endsAt?.toISOString() ?? null,
        });
      }
      return mandate;
    });
  });
}

/** A mandate visible to the caller: people with a role in either company (not those who merely use it by mandate). */
async function loadMandate(deps: Deps, mandateId: string) {
  requireViewer(deps);
  if (!isId(mandateId)) refuse(notFound('mandate', mandateId));
  const mandate = await accessRepository.mandateById(deps.db, mandateId);
  if (!mandate) refuse(notFound('mandate', mandateId));
  const actor = await deps.access.actor();
  const visible = [mandate.mandatorId, mandate.providerId].some((id) => (actor.roles[id] ?? []).length > 0);
  if (!visible) refuse(notFound('mandate', mandateId));
  return { mandate, actor };
}

export function acceptMandate(deps: Deps, mandateId: string): Promise<Outcome<MandateEntity>> {
  return decide(async () => {
    const { mandate, actor } = await loadMandate(deps, mandateId);
    const provider = await deps.access.company(mandate.providerId);
    if (provider) must(checkRegistration(provider.ref, 'accept-mandate'));
    if (!provider || !can(actor, 'accept-mandate', provider.ref)) notAllowed('accept-mandate');
    return changeMandate(deps, mandate, 'PENDING', 'ACTIVE', 'mandate.accepted');
  });
}

export function endMandate(deps: Deps, mandateId: string): Promise<Outcome<MandateEntity>> {
  return decide(async () => {
    const { mandate, actor } = await loadMandate(deps, mandateId);
    const sides = await Promise.all([mandate.mandatorId, mandate.providerId].map((id) => deps.access.company(id)));
    if (!sides.some((c) => c !== null && can(actor, 'end-mandate', c.ref))) notAllowed('end-mandate');
    return changeMandate(deps, mandate, null, 'ENDED', 'mandate.ended');
  });
}

async function changeMandate(deps: Deps, mandate: MandateEntity, from: 'PENDING' | null, to: 'ACTIVE' | 'ENDED', action: AuditAction): Promise<MandateEntity> {
  const viewer = requireViewer(deps);
  const result = await deps.db.transact(async (tx) => {
    const current = (await accessRepository.lockMandate(tx, mandate.id))!;
    if (current.status === 'ENDED' || (from !== null && current.status !== from)) {
      refuse(refusal(AccessErrors.mandateState, `This mandate is ${current.status}; it cannot become ${to}`, { status: current.status, wanted: to }));
    }
    const now = deps.now();
    const changed: MandateEntity =
      to === 'ACTIVE' ? { ...current, status: to, acceptedAt: now, acceptedBy: viewer.person.id } : { ...current, status: to, endedAt: now, endedBy: viewer.person.id };
    await accessRepository.updateMandate(tx, changed);
    // The companies' names as they are now, so that the log reads in words later.
    const [mandator, provider] = await Promise.all([current.mandatorId, current.providerId].map((id) => deps.access.company(id)));
    const names = { mandatorName: mandator?.entity.name ?? null, providerName: provider?.entity.name ?? null };
    for (const companyId of [current.mandatorId, current.providerId]) {
      await audit(tx, deps, { companyId, action, targetType: 'mandate', targetId: current.id, details: { before: current.status, after: to, ...names } });
      await emitEvent(tx, now, companyId, 'mandate.changed', {
        mandateId: current.id,
        mandatorId: current.mandatorId,
        providerId: current.providerId,
        status: to,
        change: to === 'ACTIVE' ? 'accepted' : 'ended',
      });
    }
    if (to === 'ENDED') await reviewAfterMandate(tx, deps, current.mandatorId, current.providerId);
    return changed;
  });
  deps.access.reset();
  return result;
}
