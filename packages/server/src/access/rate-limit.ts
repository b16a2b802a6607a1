import type { EntityManager } from 'typeorm';

export interface Limit {
  /** How many hits a window allows. */
  max: number;
  windowMs: number;
}

/**
 * Fixed-window counters kept in the database, so that every server instance counts the same hits.
 * `readCounter` reads a counter; `hit` adds one inside the caller's transaction.
 */
export async function readCounter(em: EntityManager, key: string, limit: Limit, now: number): Promise<{ count: number; resetAt: number }> {
  const p = em.connection.options.type === 'postgres' ? '$1' : '?';
  const rows: { window_start: string | number; count: number }[] = await em.query(
    `SELECT window_start, count FROM rate_limit WHERE key = ${p}`,
    [key],
  );
  const row = rows[0];
  if (!row || Number(row.window_start) + limit.windowMs <= now) return { count: 0, resetAt: now + limit.windowMs };
  return { count: Number(row.count), resetAt: Number(row.window_start) + limit.windowMs };
}

export async function hit(em: EntityManager, key: string, limit: Limit, now: number): Promise<void> {
  const pg = em.connection.options.type === 'postgres';
  const [k, n, w] = pg ? ['$1', '$2', '$3'] : ['?', '?', '?'];
  // A new window starts when the old one is over; otherwise the count goes up.
  await em.query(
    `INSERT INTO rate_limit (key, window_start, count) VALUES (${k}, ${n}, 1)
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN rate_limit.window_start + ${w} <= excluded.window_start THEN 1 ELSE rate_limit.count + 1 END,
       window_start = CASE WHEN rate_limit.window_start + ${w} <= excluded.window_start THEN excluded.window_start ELSE rate_limit.window_start END`,
    pg ? [key, now, limit.windowMs] : [key, now, limit.windowMs, limit.windowMs],
  );
}

export async function clearCounter(em: EntityManager, key: string): Promise<void> {
  const p = em.connection.options.type === 'postgres' ? '$1' : '?';
  await em.query(`DELETE FROM rate_limit WHERE key = ${p}`, [key]);
}
