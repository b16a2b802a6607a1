import type { PersonEventKind } from '@chaman/domain';
import type { Reader, Tx } from '../db/database.js';
import { newId } from '../db/ids.js';
import { toDate } from '../db/rows.js';
import { sql } from '../db/sql.js';

/** One event of a person's own history, as recorded. */
export interface PersonEventRow {
  id: string;
  kind: PersonEventKind;
  at: Date;
  /** JSON object: what the event concerns (a token's id and name...). Never secrets. */
  details: string;
  ip: string | null;
  userAgent: string | null;
}

export interface PersonEventRecord {
  personId: string;
  kind: PersonEventKind;
  details: Record<string, string | number | boolean | null>;
  origin: { ip: string | null; userAgent: string | null };
  at: Date;
}

/** Every statement on a person's history and on the devices that signed in as them. */
export const personHistoryRepository = {
  /** Appends one event, in the caller's transaction (so: only if what it records commits). */
  async append(tx: Tx, r: PersonEventRecord): Promise<void> {
    await tx.run(sql`INSERT INTO person_event (id, person_id, kind, details, ip, user_agent, created_at)
      VALUES (${newId()}, ${r.personId}, ${r.kind}, ${JSON.stringify(r.details)}, ${r.origin.ip?.slice(0, 64) ?? null}, ${r.origin.userAgent?.slice(0, 300) ?? null}, ${r.at.getTime()})`);
  },

  /** A page of the person's history, newest first, `limit` + 1 rows (the extra one says more follow). */
  async page(db: Reader, personId: string, before: string | null, limit: number): Promise<PersonEventRow[]> {
    const rows = await db.all(sql`SELECT id, kind, details, ip, user_agent, created_at FROM person_event
      WHERE person_id = ${personId}${before ? sql` AND id < ${before}` : sql``} ORDER BY id DESC LIMIT ${limit + 1}`);
    return rows.map((r) => ({
      id: r.id as string,
      kind: r.kind as PersonEventKind,
      at: toDate(r.created_at),
      details: r.details as string,
      ip: (r.ip as string | null) ?? null,
      userAgent: (r.user_agent as string | null) ?? null,
    }));
  },

  /** Whether the device whose cookie hashes to `deviceHash` signed in as this person before. */
  async knowsDevice(db: Reader, personId: string, deviceHash: string): Promise<boolean> {
    return (await db.one(sql`SELECT 1 AS known FROM person_device WHERE person_id = ${personId} AND device_hash = ${deviceHash}`)) !== undefined;
  },

  async rememberDevice(tx: Tx, personId: string, deviceHash: string, at: Date): Promise<void> {
    await tx.run(sql`INSERT INTO person_device (person_id, device_hash, first_seen_at, last_seen_at) VALUES (${personId}, ${deviceHash}, ${at.getTime()}, ${at.getTime()})
      ON CONFLICT (person_id, device_hash) DO UPDATE SET last_seen_at = excluded.last_seen_at`);
  },
};
