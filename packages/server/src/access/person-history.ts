import type { PersonEventKind } from '@chaman/domain';
import type { Tx } from '../db/database.js';
import type { Deps } from '../shared/use-case.js';
import { personHistoryRepository } from './person-history.repository.js';

/**
 * Records an event of `personId`'s own history with the request's time, IP and user agent, in the
 * transaction of what it records (a failed sign-in, where nothing else is written, in its own).
 * `details`: what the person needs to recognise the event, never a secret.
 */
export function recordPersonEvent(
  tx: Tx,
  deps: Pick<Deps, 'origin' | 'now'>,
  personId: string,
  kind: PersonEventKind,
  details: Record<string, string | number | boolean | null> = {},
): Promise<void> {
  return personHistoryRepository.append(tx, { personId, kind, details, origin: deps.origin, at: deps.now() });
}
