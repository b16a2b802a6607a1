import type { EntityManager } from 'typeorm';

/** Numbers handed out once and never again, across every server instance. */
export type CounterName = 'nsso_number' | 'client_id';

/**
 * Draws the next number of a counter inside the caller's transaction. PostgreSQL uses a sequence
 * (no lock held until commit, never rolled back, so a number is never reused); SQLite, whose writers
 * are serialised anyway, increments a row of the `counter` table.
 */
export async function nextNumber(em: EntityManager, name: CounterName): Promise<number> {
  if (em.connection.options.type === 'postgres') {
    const rows: { value: string }[] = await em.query(`SELECT nextval('${name}_seq') AS value`);
    return Number(rows[0]!.value);
  }
  const rows: { value: number }[] = await em.query(
    'INSERT INTO counter (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value',
    [name],
  );
  return Number(rows[0]!.value);
}
