import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransactionRunner } from '../src/db/transaction.js';
import { databaseKinds } from './support/databases.js';
import { startTestServer, type TestServer } from './support/server.js';

describe.each(databaseKinds)('transactions on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => server.stop());

  const p = (i: number) => (kind === 'postgres' ? `$${i}` : '?');

  async function read(name: string): Promise<number | undefined> {
    const rows = await server.app.ds.query(`SELECT value FROM counter WHERE name = ${p(1)}`, [name]);
    return rows[0] === undefined ? undefined : Number(rows[0].value);
  }

  it('run concurrently without losing a write (read-modify-write in each)', async () => {
    const transact = createTransactionRunner(server.app.ds);
    await server.app.ds.query(`INSERT INTO counter (name, value) VALUES (${p(1)}, 0)`, ['concurrent']);
    await Promise.all(
      Array.from({ length: 50 }, () =>
        transact(async (em) => {
          // Read, yield to the event loop, write: interleaving would lose increments.
          const [row] = await em.query(
            `SELECT value FROM counter WHERE name = ${p(1)}${kind === 'postgres' ? ' FOR UPDATE' : ''}`,
            ['concurrent'],
          );
          await new Promise((r) => setImmediate(r));
          await em.query(`UPDATE counter SET value = ${p(1)} WHERE name = ${p(2)}`, [Number(row.value) + 1, 'concurrent']);
        }),
      ),
    );
    expect(await read('concurrent')).toBe(50);
  });

  it('roll back everything when the work throws, and keep serving the next ones', async () => {
    const transact = createTransactionRunner(server.app.ds);
    await expect(
      transact(async (em) => {
        await em.query(`INSERT INTO counter (name, value) VALUES (${p(1)}, 1)`, ['rolled-back']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await read('rolled-back')).toBeUndefined();
    await transact((em) => em.query(`INSERT INTO counter (name, value) VALUES (${p(1)}, 7)`, ['after']));
    expect(await read('after')).toBe(7);
  });

  it('roll back when a statement fails (constraint violation)', async () => {
    const transact = createTransactionRunner(server.app.ds);
    await expect(
      transact(async (em) => {
        await em.query(`INSERT INTO counter (name, value) VALUES (${p(1)}, 1)`, ['dup']);
        await em.query(`INSERT INTO counter (name, value) VALUES (${p(1)}, 2)`, ['dup']);
      }),
    ).rejects.toThrow();
    expect(await read('dup')).toBeUndefined();
  });
});
