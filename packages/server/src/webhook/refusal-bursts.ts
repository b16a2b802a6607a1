import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database.js';
import { emitEvent } from './events.js';
import { webhookRepository } from './webhook.repository.js';

/** A burst: at least this many refused token requests for one client ... */
export const BURST_REFUSALS = 20;
/** ... within this window (counted by the minute: this minute and the four before) ... */
export const BURST_WINDOW_MINUTES = 5;
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
 * Announces bursts of refused token requests (`token.refusals`). A refusal only counts its account
 * here, in memory, so a granted request costs nothing more. A couple of seconds after a refusal, one
 * transaction adds what this instance counted to the accounts' counts of the minute
 * (`token_refusal_count`, shared by every instance), reads their sums over the last 5 minutes, and
 * announces a burst where there is one, claiming it for the hour (`token_refusal_burst`) so that one
 * instance announces it, once.
 */
export function startRefusalWatch(deps: { db: Db; now: () => Date; log: FastifyBaseLogger }): RefusalWatch {
  const noted = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  async function check(): Promise<void> {
    const counts = [...noted].map(([accountId, refusals]) => ({ accountId, refusals }));
    noted.clear();
    const now = deps.now();
    const minute = Math.floor(now.getTime() / 60_000);
    const ids = counts.map((c) => c.accountId);
    await deps.db.transact(async (tx) => {
      await webhookRepository.countRefusals(tx, counts, minute);
      await webhookRepository.forgetRefusals(tx, ids, minute - BURST_WINDOW_MINUTES);
      for (const b of await webhookRepository.refusalBursts(tx, ids, minute - BURST_WINDOW_MINUTES + 1, BURST_REFUSALS)) {
        if (!(await webhookRepository.claimBurst(tx, b.accountId, now.getTime(), now.getTime() - BURST_QUIET_MS))) continue;
        await emitEvent(tx, now, b.companyId, 'token.refusals', { accountId: b.accountId, clientId: b.clientId, name: b.name, refusals: b.count, windowMinutes: BURST_WINDOW_MINUTES });
      }
    });
  }

  return {
    noted(accountId) {
      if (stopped) return;
      noted.set(accountId, (noted.get(accountId) ?? 0) + 1);
      timer ??= setTimeout(() => {
        timer = undefined;
        running = check().catch((error: unknown) => deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'counting refused token requests failed'));
      }, CHECK_DELAY_MS);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      // What this instance counted but did not write yet still counts for the others.
      if (noted.size > 0) await check().catch((error: unknown) => deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'counting refused token requests failed'));
    },
  };
}
