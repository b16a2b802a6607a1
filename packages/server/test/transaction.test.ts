import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../src/db/sql.js';
import { databaseKinds } from './support/databases.js';
import { startTestServer, type TestServer } from './support/server.js';

describe.each(databaseKinds)('transactions on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => server.stop());

  async function read(name: string): Promise<number | undefined> {
    const row = await server.app.db.one<{ value: unknown }>(sql`SELECT value FROM counter WHERE name = ${name}`);
    return row === undefined ? undefined : Number(row.value);
  }

  it('run concurrently without losing a write (read-modify-write in each)', async () => {
    const { db } = server.app;
    await db.transact((tx) => tx.run(sql`INSERT INTO counter (name, value) VALUES (${'concurrent'}, 0)`));
    await Promise.all(
      Array.from({ length: 50 }, () =>
        db.transact(async (tx) => {
          // Read, yield to the event loop, write: interleaving would lose increments.
          const row = await tx.one<{ value: unknown }>(sql`SELECT value FROM counter WHERE name = ${'concurrent'}${sql.forUpdate()}`);
          await new Promise((r) => setImmediate(r));
          await tx.run(sql`UPDATE counter SET value = ${Number(row!.value) + 1} WHERE name = ${'concurrent'}`);
        }),
      ),
    );
    expect(await read('concurrent')).toBe(50);
  });

  it('roll back everything when the work throws, and keep serving the next ones', async () => {
    const { db } = server.app;
    await expect(
      db.transact(async (tx) => {
        await tx.run(sql`INSERT INTO counter (name, value) VALUES (${'rolled-back'}, 1)`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await read('rolled-back')).toBeUndefined();
    await db.transact((tx) => tx.run(sql`INSERT INTO counter (name, value) VALUES (${'after'}, 7)`));
    expect(await read('after')).toBe(7);
  });

  it('roll back when a statement fails (constraint violation)', async () => {
    const { db } = server.app;
    await expect(
      db.transact(async (tx) => {
        await tx.run(sql`INSERT INTO counter (name, value) VALUES (${'dup'}, 1)`);
        await tx.run(sql`INSERT INTO counter (name, value) VALUES (${'dup'}, 2)`);
      }),
    ).rejects.toThrow();
    expect(await read('dup')).toBeUndefined();
  });

  it('never let a read outside the transaction see rows that are then rolled back', async () => {
    const { db } = server.app;
    const seen: (number | undefined)[] = [];
    await expect(
      db.transact(async (tx) => {
        await tx.run(sql`INSERT INTO counter (name, value) VALUES (${'uncommitted'}, 42)`);
        // The transaction's own reads see the row; a read of another request, made while the
        // transaction holds it, must not (on SQLite it used to run on the writer's connection).
        expect(Number((await tx.one<{ value: unknown }>(sql`SELECT value FROM counter WHERE name = ${'uncommitted'}`))!.value)).toBe(42);
        seen.push(await read('uncommitted'));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(seen).toEqual([undefined]);
    expect(await read('uncommitted')).toBeUndefined();
  });

  it('let reads proceed, seeing the last committed value, while a transaction is open', async () => {
    const { db } = server.app;
    await db.transact((tx) => tx.run(sql`INSERT INTO counter (name, value) VALUES (${'committed'}, 1)`));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const writing = db.transact(async (tx) => {
      await tx.run(sql`UPDATE counter SET value = 2 WHERE name = ${'committed'}`);
      await held;
    });
    // The write transaction has taken its lock and changed the row, but not committed.
    await new Promise((r) => setTimeout(r, 50));
    expect(await read('committed')).toBe(1);
    release();
    await writing;
    expect(await read('committed')).toBe(2);
  });
});
