import { AuditEntry } from '../audit/audit-entry.type.js';
import { connectionOf } from '../graphql/connection.js';
import { Mandate, RoleAssignment } from './access.type.js';

export const RoleAssignmentConnection = connectionOf(RoleAssignment, 'RoleAssignment', 'role assignment');
export const MandateConnection = connectionOf(Mandate, 'Mandate', 'mandate');
export const AuditEntryConnection = connectionOf(AuditEntry, 'AuditEntry', 'audit entry');
