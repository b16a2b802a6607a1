import type { Tx } from '../db/database.js';
import { sql } from '../db/sql.js';

export interface Limit {
  /** How many hits a window allows. */
  max: number;
  windowMs: number;
}

/** A counter after a hit: how many hits its window holds now, and when the window ends. */
export interface Count {
  count: number;
  resetAt: number;
}

/**
 * Fixed-window counters. `hit` counts and answers in one step, so that a limit checked against its
 * answer holds under any concurrency (checking first and counting later let 150 concurrent wrong
 * passwords through a limit of 10).
 */
export interface RateLimiter {
  hit(key: string, limit: Limit, now: number): Promise<Count>;
  /** Takes back one hit (an attempt that turned out not to count, such as a correct password). */
  unhit(key: string): Promise<void>;
  clear(key: string): Promise<void>;
}

/**
 * Counters in the database, inside the caller's transaction: every instance counts the same hits,
 * and a refusal that rolls the transaction back takes its hit back with it.
 */
export function databaseLimiter(tx: Tx): RateLimiter {
  return {
    async hit(key, limit, now) {
      // A new window starts when the old one is over; otherwise the count goes up. The row stays
      // locked (PostgreSQL) or the database is held (SQLite) until the transaction ends.
      const row = await tx.one<{ window_start: unknown; count: unknown }>(sql`INSERT INTO rate_limit (key, window_start, count) VALUES (${key}, ${now}, 1)
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN rate_limit.window_start + ${limit.windowMs} <= excluded.window_start THEN 1 ELSE rate_limit.count + 1 END,
          window_start = CASE WHEN rate_limit.window_start + ${limit.windowMs} <= excluded.window_start THEN excluded.window_start ELSE rate_limit.window_start END
        RETURNING window_start, count`);
      return { count: Number(row!.count), resetAt: Number(row!.window_start) + limit.windowMs };
    },
    async unhit(key) {
      await tx.run(sql`UPDATE rate_limit SET count = count - 1 WHERE key = ${key} AND count > 0`);
    },
    async clear(key) {
      await tx.run(sql`DELETE FROM rate_limit WHERE key = ${key}`);
    },
  };
}

/** The most keys a memory limiter keeps before it starts afresh (a flood of distinct keys cannot grow it without bound). */
const MAX_MEMORY_KEYS = 100_000;

/**
 * Counters in this process's memory: for limits each instance may count on its own (the token
 * endpoint's, where a database write per request would cost more than the request).
 */
export function memoryLimiter(): RateLimiter & { hitNow(key: string, limit: Limit, now: number): Count } {
  const counters = new Map<string, Count>();
  const hitNow = (key: string, limit: Limit, now: number): Count => {
    let entry = counters.get(key);
    if (!entry || entry.resetAt <= now) {
      if (counters.size >= MAX_MEMORY_KEYS) counters.clear();
      entry = { count: 0, resetAt: now + limit.windowMs };
      counters.set(key, entry);
    }
    entry.count++;
    return { ...entry };
  };
  return {
    hitNow,
    hit: async (key, limit, now) => hitNow(key, limit, now),
    async unhit(key) {
      const entry = counters.get(key);
      if (entry && entry.count > 0) entry.count--;
    },
    async clear(key) {
      counters.delete(key);
    },
  };
}
