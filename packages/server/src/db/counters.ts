import type { Tx } from './database.js';
import { sql } from './sql.js';

/** Numbers handed out once and never again, across every server instance. */
export type CounterName = 'nsso_number' | 'client_id';

/**
 * Draws the next number of a counter inside the caller's transaction. PostgreSQL uses a sequence
 * (no lock held until commit, never rolled back, so a number is never reused); SQLite, whose writers
 * are serialised anyway, increments a row of the `counter` table.
 */
export async function nextNumber(tx: Tx, name: CounterName): Promise<number> {
  const row = await tx.one<{ value: unknown }>(
    sql.either({
      postgres: sql`SELECT nextval('${sql.raw(name)}_seq') AS value`,
      sqlite: sql`INSERT INTO counter (name, value) VALUES (${name}, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
    }),
  );
  return Number(row!.value);
}
