import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/database.js';
import { sql } from '../db/sql.js';

/** GET /healthz: 200 when the database answers within a second, 503 otherwise (for load balancers). */
export function registerHealth(fastify: FastifyInstance, db: Db): void {
  fastify.get('/healthz', async (_request, reply) => {
    try {
      await Promise.race([
        db.one(sql`SELECT 1 AS ok`),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database timeout')), 1000).unref()),
      ]);
      return reply.code(200).send({ status: 'ok' });
    } catch (error) {
      reply.log.warn({ err: error }, 'health check failed');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
}
