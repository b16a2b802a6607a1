import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Metrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether the Authorization header carries the token, compared in constant time: both sides are
 * hashed first, so neither the content nor the length of the token shows in the timing.
 */
function bearerChecker(token: string | null): (header: string | undefined) => boolean {
  if (token === null) return () => true;
  const expected = digest(token);
  return (header) => {
    const presented = header === undefined ? null : /^Bearer +(\S+)$/i.exec(header)?.[1];
    return typeof presented === 'string' && timingSafeEqual(digest(presented), expected);
  };
}

export interface MetricsEndpoint {
  /** Stops the metrics listener, if there is one. */
  close(): Promise<void>;
}

/**
 * Records every HTTP request of the main port, and answers GET /metrics: on METRICS_PORT when it is
 * set (a listener of its own on HOST), else on the main port when METRICS_TOKEN is set. Elsewhere
 * /metrics is an unknown path (404). Wherever it is answered, METRICS_TOKEN (if set) must come as a
 * bearer token; a missing or wrong one gets 401 and nothing more.
 */
export async function registerMetrics(fastify: FastifyInstance, { config, metrics }: { config: Config; metrics: Metrics }): Promise<MetricsEndpoint> {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeHttpRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  const authorized = bearerChecker(config.metrics.token);

  const port = config.metrics.port;
  if (port === null) {
    fastify.get(METRICS_PATH, async (request, reply) => {
      if (!authorized(request.headers.authorization)) return reply.code(401).header('www-authenticate', 'Bearer').send();
      const { contentType, body } = await metrics.scrape();
      return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
    });
    return { close: async () => undefined };
  }

  const server = createServer({ requestTimeout: config.requestTimeoutSeconds * 1000 }, (request, response) =>
    answerScrape(request, response, { authorized, metrics, log: fastify.log }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  fastify.log.info({ host: config.host, port }, `metrics at http://${config.host}:${port}${METRICS_PATH}`);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The metrics listener: GET (or HEAD) /metrics, nothing else. */
function answerScrape(
  request: IncomingMessage,
  response: ServerResponse,
  { authorized, metrics, log }: { authorized: (header: string | undefined) => boolean; metrics: Metrics; log: FastifyBaseLogger },
): void {
  const path = (request.url ?? '/').split('?')[0];
  if (path !== METRICS_PATH || (request.method !== 'GET' && request.method !== 'HEAD')) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`Only GET ${METRICS_PATH} is served on this port\n`);
    return;
  }
  if (!authorized(request.headers.authorization)) {
    response.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
    return;
  }
  metrics.scrape().then(
    ({ contentType, body }) => {
      response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : body);
    },
    (error: unknown) => {
      log.error({ err: error }, 'metrics: the scrape failed');
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('The metrics could not be collected; the server log says why\n');
    },
  );
}
