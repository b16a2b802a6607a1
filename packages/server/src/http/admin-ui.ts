import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';

/** Paths that belong to the API: never answered with the admin UI's index.html. */
const API_PREFIXES = ['/graphql', '/healthz', '/REST/', '/.well-known/', '/metrics'];

/** Serves the built admin UI at / (its index.html for every other page path), and 404s the rest. */
export function registerAdminUi(fastify: FastifyInstance, config: Config): void {
  const dir = config.adminUiDir;
  const hasUi = dir !== null && existsSync(join(dir, 'index.html'));
  if (!hasUi && dir !== null) {
    fastify.log.warn({ dir }, 'the admin UI is not built; run `pnpm build` to serve it at /');
  }
  if (hasUi) {
    fastify.register(fastifyStatic, {
      root: dir,
      wildcard: false,
      // Vite's file names carry a content hash, so they can be cached for good; index.html cannot.
      setHeaders: (res, path) => {
        res.header(
          'cache-control',
          /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  fastify.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isApi = API_PREFIXES.some((p) => path === p || path.startsWith(p));
    const wantsPage = request.method === 'GET' || request.method === 'HEAD';
    if (hasUi && wantsPage && !isApi && !/\/assets\//.test(path)) {
      // Single-page app: the client-side router owns every other path.
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    }
    return reply.code(404).send({ error: 'not_found', message: `No route for ${request.method} ${path}` });
  });
}
