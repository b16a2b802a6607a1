import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database.js';
import { emitEvent } from './events.js';
import { webhookRepository } from './webhook.repository.js';

/** A burst: at least this many refused token requests for one client ... */
export const BURST_REFUSALS = 20;
/** ... within this window ... */
export const BURST_WINDOW_MS = 5 * 60_000;
/** ... announced at most once per client in this time. */
export const BURST_QUIET_MS = 60 * 60_000;
/** Refusals are looked at together, this long after the first of a series (the attempts are committed by then). */
const CHECK_DELAY_MS = 2000;

export interface RefusalWatch {
  /** Called by the token endpoint for each refused request it recorded on an account. */
  noted(accountId: string): void;
  stop(): Promise<void>;
}

/**
 * Announces bursts of refused token requests (`token.refusals`). The token endpoint already records
 * every attempt; a refusal only notes its account here, in memory, so a granted request costs
 * nothing more. A couple of seconds after a refusal, one statement counts the refusals of the
 * noted accounts in the last 5 minutes in the database (those of every instance). Refusals of
 * callers who proved no key are only counted per IP in the database (not one row each, so that
 * junk cannot push real attempts out), so this instance also counts the refusals it saw itself in
 * the window: a burst is the larger of the two counts reaching 20. A burst is
 * announced in a transaction that claims it for the hour (`token_refusal_burst`), so that one
 * instance announces it, once.
 */
export function startRefusalWatch(deps: { db: Db; now: () => Date; log: FastifyBaseLogger }): RefusalWatch {
  const noted = new Set<string>();
  /** When this instance refused each account's requests, within the window. */
  const seen = new Map<string, number[]>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  async function check(): Promise<void> {
    const now = deps.now();
    const since = now.getTime() - BURST_WINDOW_MS;
    const seenHere = new Map<string, number>();
    for (const id of noted) seenHere.set(id, (seen.get(id) ?? []).filter((at) => at >= since).length);
    noted.clear();
    for (const [id, times] of seen) {
      const recent = times.filter((at) => at >= since);
      if (recent.length === 0) seen.delete(id);
      else seen.set(id, recent);
    }
    const bursts = await webhookRepository.refusalBursts(deps.db, seenHere, since, BURST_REFUSALS);
    for (const b of bursts) {
      await deps.db.transact(async (tx) => {
        if (!(await webhookRepository.claimBurst(tx, b.accountId, now.getTime(), now.getTime() - BURST_QUIET_MS))) return;
        await emitEvent(tx, now, b.companyId, 'token.refusals', { accountId: b.accountId, clientId: b.clientId, name: b.name, refusals: b.count, windowMinutes: BURST_WINDOW_MS / 60_000 });
      });
    }
  }

  return {
    noted(accountId) {
      if (stopped) return;
      noted.add(accountId);
      const times = seen.get(accountId);
      if (times) times.push(deps.now().getTime());
      else seen.set(accountId, [deps.now().getTime()]);
      timer ??= setTimeout(() => {
        timer = undefined;
        running = check().catch((error: unknown) => deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'counting refused token requests failed'));
      }, CHECK_DELAY_MS);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
