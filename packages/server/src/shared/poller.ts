/** What the background work logs with (Fastify's logger is one). */
export interface Log {
  error(facts: object, message: string): void;
  warn(facts: object, message: string): void;
}

export interface Poller {
  /** Whether stop() was called: work in progress gives back what it has not started. */
  readonly stopped: boolean;
  /** Stops polling and waits for the round in progress, if any. */
  stop(): Promise<void>;
}

/**
 * Runs `round` every `everyMs`, one round at a time (the next is scheduled when one ends), logging
 * a round that throws as `what`: the loop of the outboxes' senders (mail, webhooks).
 */
export function startPoller(everyMs: number, round: (poller: Poller) => Promise<void>, log: Log, what: string): Poller {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const poller = {
    stopped: false,
    async stop() {
      poller.stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
  const schedule = () => {
    if (poller.stopped) return;
    timer = setTimeout(() => {
      running = round(poller)
        .catch((error: unknown) => log.error({ err: error instanceof Error ? error.message : String(error) }, what))
        .finally(schedule);
    }, everyMs);
  };
  schedule();
  return poller;
}
