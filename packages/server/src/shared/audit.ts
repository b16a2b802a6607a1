import type { Tx } from '../db/database.js';
import { auditRepository, type AuditRecord } from '../audit/audit.repository.js';
import type { Deps } from './use-case.js';

/**
 * Records a change made by the request's caller, in the change's transaction. The details keep the
 * caller's name as it is now (`actorName`): the log says who did it in words even after the person
 * changes their name or leaves.
 */
export function audit(tx: Tx, deps: Deps, facts: Omit<AuditRecord, 'actor' | 'origin' | 'at'>): Promise<void> {
  const person = deps.viewer?.person;
  return auditRepository.append(tx, {
    ...facts,
    details: person ? { ...facts.details, actorName: `${person.firstName} ${person.lastName}` } : facts.details,
    actor: person ? { id: person.id, email: person.email } : null,
    origin: deps.origin,
    at: deps.now(),
  });
}
