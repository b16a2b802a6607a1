import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import fastifyStatic from '@fastify/static';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import Fastify, { type FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { Lexer, Source, TokenKind } from 'graphql';
import type { DataSource } from 'typeorm';
import { AccessLoader } from './access/access-loader.js';
import { authenticate } from './access/authenticate.js';
import { presentedSecret } from './http/credentials.js';
import type { Config } from './config.js';
import { Db } from './db/database.js';
import { statementScope } from './db/statement-counter.js';
import type { Context } from './graphql/context.js';
import { clientError, ErrorCode, formatError } from './graphql/errors.js';
import { compilingGateway } from './graphql/executor.js';
import { createLoaders } from './graphql/loaders.js';
import { buildGraphQLSchema } from './graphql/schema.js';
import { registerHealth } from './http/health.js';
import { ServerKeys } from './oauth/server-keys.js';
import { registerOAuth } from './oauth/token-endpoint.js';

export interface App {
  fastify: FastifyInstance;
  db: Db;
  ds: DataSource;
  keys: ServerKeys;
  /** Stops accepting connections, lets requests in flight finish, then closes the database. */
  close(): Promise<void>;
}

/**
 * Content-Security-Policy for the admin UI and the playground: everything from this origin only.
 * Styles allow inline because the component library and the playground's editor inject <style>.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  workerSrc: ["'self'", 'blob:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Helmet's headers, worked out once. (@fastify/helmet builds helmet's middleware, and parses the
 * CSP, again on every request: about 2% of a GraphQL read.)
 */
function securityHeaders(options: HelmetOptions): [string, string][] {
  const headers = new Map<string, string>();
  const collect = {
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  helmet(options)({} as IncomingMessage, collect as unknown as ServerResponse, () => {});
  return [...headers];
}

/** How long requests in flight may take to finish once shutdown begins. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Paths that belong to the API: never answered with the admin UI's index.html. */
const API_PREFIXES = ['/graphql', '/healthz', '/REST/', '/.well-known/'];

const logUnexpectedErrors: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ contextValue, errors }) {
        for (const error of errors) {
          const code = error.extensions?.code;
          if (code === undefined || code === 'INTERNAL_SERVER_ERROR') {
            contextValue.log.error({ err: error.originalError ?? error, path: error.path }, 'unexpected GraphQL error');
          }
        }
      },
    };
  },
};

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === 'object') return Object.values(value).some(containsNul);
  return false;
}

/**
 * NUL characters: PostgreSQL cannot store them in text, and no name, email or certificate needs
 * one. Refused at the edge for every operation, so no resolver meets them.
 */
const refuseNulCharacters: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request }) {
        const query = request.query ?? '';
        if (containsNul(request.variables) || query.includes('\u0000') || query.includes('\\u0000')) {
          // Apollo answers errors thrown here with 500 unless told otherwise: this is the client's.
          throw clientError(ErrorCode.badUserInput, 'Text may not contain NUL (\\u0000) characters', { http: { status: 400 } });
        }
      },
    };
  },
};

const MAX_TOKENS = 3000;

/** The number of tokens of a GraphQL document, counting no further than `max` + 1. */
function tokenCount(query: string, max: number): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (count <= max && lexer.advance().kind !== TokenKind.EOF) count++;
  } catch {
    // A syntax error: the parser reports it, with its own code.
  }
  return count;
}

export async function createApp(config: Config): Promise<App> {
  const fastify = Fastify({
    logger: {
      level: config.logLevel,
      // Never log credentials, whatever route they come through.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
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
    trustProxy: process.env.TRUST_PROXY === 'true',
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

  registerHealth(fastify, db);
  const keys = new ServerKeys(db, config.tokenLifetimeSeconds);
  await keys.init();
  const stopOAuth = registerOAuth(fastify, { db, config, keys });

  const headers = securityHeaders({
    contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY },
    // HSTS only means something behind https.
    strictTransportSecurity: config.publicUrl.startsWith('https:') ? { maxAge: 31_536_000 } : false,
  });
  fastify.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    reply.raw.removeHeader('x-powered-by');
    done();
  });

  // Hostile queries: depth, cost, aliases, directives and tokens are bounded before execution;
  // field suggestions ("did you mean ...?") would map the schema for an attacker in production.
  const armor = new ApolloArmor({
    maxDepth: { n: 12 },
    // The admin UI's richest query costs about 10,000 by graphql-armor's count.
    costLimit: { maxCost: 20000 },
    maxAliases: { n: 15 },
    maxDirectives: { n: 20 },
    // Counted by limitTokens below: graphql-armor's own token plugin turns syntax errors into 500s.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: config.nodeEnv === 'production' },
  }).protect();
  // Documents over MAX_TOKENS are refused before Apollo parses them (parsing is the cost).
  fastify.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url !== '/graphql') return;
    const body = request.body as { query?: unknown } | undefined;
    const query = (request.method === 'GET' ? (request.query as { query?: unknown }).query : body?.query) as unknown;
    if (typeof query === 'string' && query.length > MAX_TOKENS && tokenCount(query, MAX_TOKENS) > MAX_TOKENS) {
      return reply.code(400).send({ errors: [{ message: `Token limit of ${MAX_TOKENS} exceeded: the document is too large`, extensions: { code: ErrorCode.badUserInput } }] });
    }
  });

  const apollo = new ApolloServer<Context>({
    // Apollo Server runs the requests; queries it has seen before run compiled (graphql-jit).
    gateway: compilingGateway(await buildGraphQLSchema()),
    introspection: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    validationRules: armor.validationRules,
    formatError,
    logger: fastify.log,
    // graphql-armor is CommonJS: its plugin type comes from Apollo's CJS typings, the same objects.
    plugins: [
      fastifyApolloDrainPlugin(fastify),
      // No per-field cache-control instrumentation (nothing here is cacheable by hint), and no
      // Apollo landing page (it loads from a CDN; the playground is bundled in the admin UI).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      logUnexpectedErrors,
      refuseNulCharacters,
      ...(armor.plugins as unknown as ApolloServerPlugin<Context>[]),
    ],
  });
  await apollo.start();
  await fastify.register(fastifyApollo(apollo), {
    context: async (request, reply): Promise<Context> => {
      const { viewer, problem } = await authenticate(db, config, presentedSecret(request));
      const access = new AccessLoader(db, viewer);
      const userAgent = request.headers['user-agent'];
      return {
        request,
        reply,
        log: request.log,
        config,
        viewer,
        authProblem: problem,
        access,
        loaders: createLoaders(db),
        deps: {
          db,
          config,
          viewer,
          authProblem: problem,
          access,
          now: () => new Date(),
          origin: { ip: request.ip ?? null, userAgent: typeof userAgent === 'string' ? userAgent : null },
        },
      };
    },
  });

  registerAdminUi(fastify, config);

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
      await db.close();
    })();
    return closing;
  };
  return { fastify, db, ds, keys, close };
}

function registerAdminUi(fastify: FastifyInstance, config: Config): void {
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
