import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import { registerOidc } from './access/oidc.routes.js';
import type { Config } from './config.js';
import { Db } from './db/database.js';
import { statementScope } from './db/statement-counter.js';
import { registerGraphQL } from './graphql/server.js';
import { registerAdminUi } from './http/admin-ui.js';
import { registerHealth } from './http/health.js';
import { startMailSender } from './mail/sender.js';
import { createMetrics } from './metrics/metrics.js';
import { registerMetrics } from './metrics/metrics.routes.js';
import { startExpiryScanner, type ExpiryScanner } from './reminder/reminder.use-cases.js';
import { startRefusalWatch } from './webhook/refusal-bursts.js';
import { startWebhookSender } from './webhook/sender.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { keyEncryptionKeyFor } from './oauth/key-encryption.js';
import { ServerKeys } from './oauth/server-keys.js';
import { registerOAuth } from './oauth/oauth.routes.js';

export interface App {
  fastify: FastifyInstance;
  db: Db;
  ds: DataSource;
  keys: ServerKeys;
  /** The expiry reminders' scanner (it runs at start, then every EXPIRY_SCAN_MINUTES). */
  expiryScanner: ExpiryScanner;
  /** Stops accepting connections, lets requests in flight finish, then closes the database. */
  close(): Promise<void>;
}

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

/** How long requests in flight may take to finish once shutdown begins. */
const SHUTDOWN_GRACE_MS = 10_000;

/** What a test may put in place of the real world: the clock the use cases, the scan and the senders read. */
export interface AppOptions {
  now?: () => Date;
}

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const now = options.now ?? (() => new Date());
  const fastify = Fastify({
    logger: {
      level: config.logLevel,
      // Never log credentials, whatever route they come through.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      // A GraphQL GET carries its document and variables in the query string, where a secret may be
      // (an assertion given to debugClientAssertion, which is refused over GET, is still in the URL):
      // the log keeps the path only.
      serializers: {
        req: (request: { method: string; url: string; host?: string; ip?: string; socket?: { remotePort?: number } }) => ({
          method: request.method,
          url: request.url.startsWith('/graphql') ? request.url.split('?')[0] : request.url,
          host: request.host,
          remoteAddress: request.ip,
          remotePort: request.socket?.remotePort,
        }),
      },
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    // A request that has not arrived whole by then is dropped (slow clients cannot hold sockets).
    // Node checks requestTimeout every connectionsCheckingInterval (30 s by default): check often.
    serverFactory: (handler) =>
      createServer(
        { requestTimeout: config.requestTimeoutSeconds * 1000, connectionsCheckingInterval: Math.min(1000, config.requestTimeoutSeconds * 500) },
        handler,
      ),
    // A number of hops as a function: Fastify's types know only lists and functions (proxy-addr counts hops from the socket, 0 first).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
  });
  let shuttingDown = false;
  // Counting statements needs AsyncLocalStorage, whose promise hooks cost every request a little:
  // only outside production, where the count is shown (tests, the benchmark's probes).
  if (config.nodeEnv !== 'production') fastify.addHook('onRequest', (_request, _reply, done) => statementScope.run({ statements: 0 }, done));
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const scope = statementScope.getStore();
    if (scope) reply.header('x-sql-statements', String(scope.statements));
    // While shutting down, keep-alive sockets are closed after their response, so none lingers.
    if (shuttingDown) reply.header('connection', 'close');
  });

  const db = await Db.open(config.database);
  const ds = db.ds;

  // Only when they are served somewhere: otherwise the requests pay nothing for them.
  const metrics = config.metrics.token !== null || config.metrics.port !== null ? createMetrics({ db, log: fastify.log }) : null;
  const metricsEndpoint = metrics ? await registerMetrics(fastify, { config, metrics }) : null;
  registerHealth(fastify, db);
  const keys = new ServerKeys(db, config.tokenLifetimeSeconds, keyEncryptionKeyFor(config));
  await keys.init();
  const refusalWatch = startRefusalWatch({ db, now, log: fastify.log });
  const stopOAuth = registerOAuth(fastify, { db, config, keys, metrics, onRefused: refusalWatch.noted });
  registerSecurityHeaders(fastify, config);
  await registerGraphQL(fastify, { config, db, now, metrics });
  registerOidc(fastify, { db, config });
  registerAdminUi(fastify, config);
  const mailSender = startMailSender({ db, config: config.mail, log: fastify.log, now });
  const webhookSender = startWebhookSender({ db, config: config.webhooks, publicUrl: config.publicUrl, now, log: fastify.log });
  const expiryScanner = startExpiryScanner({ db, publicUrl: config.publicUrl, now, log: fastify.log }, config.expiryScanMinutes);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      shuttingDown = true;
      // fastify.close() waits for every socket; idle keep-alive ones are closed as they become
      // idle, and anything still open after the grace period is cut.
      const idle = setInterval(() => fastify.server.closeIdleConnections(), 100);
      const hard = setTimeout(() => fastify.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      try {
        await fastify.close();
      } finally {
        clearInterval(idle);
        clearTimeout(hard);
      }
      stopOAuth();
      await metricsEndpoint?.close();
      await refusalWatch.stop();
      await expiryScanner.stop();
      await webhookSender.stop();
      await mailSender.stop();
      await db.close();
    })();
    return closing;
  };
  return { fastify, db, ds, keys, expiryScanner, close };
}
