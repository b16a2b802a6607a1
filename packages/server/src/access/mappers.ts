import type { MandateEntity } from './mandate.entity.js';
import type { PersonEntity } from './person.entity.js';
import type { RoleAssignmentEntity } from './role-assignment.entity.js';
import { RoleAssignment, Role, RoleAssignmentStatus, MandateStatus } from './access.type.js';

export type MandateRow = Omit<MandateEntity, never>;

export function toRoleAssignment(e: RoleAssignmentEntity, person?: Pick<PersonEntity, 'id' | 'firstName' | 'lastName'> | null): RoleAssignment {
  return {
    id: e.id,
    role: e.role as Role,
    email: e.email,
    status: e.status as RoleAssignmentStatus,
    person: person ? { id: person.id, firstName: person.firstName, lastName: person.lastName } : null,
    createdAt: e.createdAt,
    revokedAt: e.revokedAt,
    companyId: e.companyId,
  };
}

/** A mandate before its two companies are resolved (Mandate.mandator and .provider do that). */
export function toMandateRow(e: MandateEntity) {
  return { ...e, status: e.status as MandateStatus };
}
