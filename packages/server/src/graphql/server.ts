import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { RequestErrors } from '@chaman/domain';
import type { FastifyInstance } from 'fastify';
import { AccessLoader } from '../access/access-loader.js';
import { authenticate } from '../access/authenticate.js';
import { presentedSecret } from '../http/credentials.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Context } from './context.js';
import { createFormatError, ErrorCode } from './errors.js';
import { compilingGateway } from './executor.js';
import { createLoaders } from './loaders.js';
import { checkVariables } from './plugins/check-variables.js';
import { documentLimitRules, MAX_TOKENS, tokenCount } from './plugins/document-limits.js';
import { logUnexpectedErrors } from './plugins/log-unexpected-errors.js';
import { postOnlyFields } from './plugins/post-only.js';
import { operationMetrics } from './plugins/operation-metrics.js';
import { queryCostLimit } from './plugins/query-cost.js';
import { buildGraphQLSchema } from './schema.js';

/**
 * POST and GET /graphql: Apollo Server with our executor, the limits on hostile requests and the
 * context every resolver receives.
 */
export async function registerGraphQL(
  fastify: FastifyInstance,
  { config, db, now, metrics }: { config: Config; db: Db; now: () => Date; metrics: Metrics | null },
): Promise<void> {
  // Documents over MAX_TOKENS are refused before Apollo parses them (parsing is the cost).
  fastify.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url !== '/graphql') return;
    const body = request.body as { query?: unknown } | undefined;
    const query = (request.method === 'GET' ? (request.query as { query?: unknown }).query : body?.query) as unknown;
    if (typeof query === 'string' && query.length > MAX_TOKENS && tokenCount(query, MAX_TOKENS) > MAX_TOKENS) {
      return reply.code(400).send({
        errors: [
          {
            message: `Token limit of ${MAX_TOKENS} exceeded: the document is too large`,
            extensions: { code: ErrorCode.badUserInput, reason: RequestErrors.tooManyTokens, params: { maxTokens: MAX_TOKENS } },
          },
        ],
      });
    }
  });

  const schema = await buildGraphQLSchema();
  const apollo = new ApolloServer<Context>({
    // Apollo Server runs the requests; queries it has seen before run compiled (graphql-jit).
    gateway: compilingGateway(schema),
    introspection: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // Depth, aliases and directives are bounded when a document is validated (once per document).
    validationRules: documentLimitRules(),
    // Field suggestions ("did you mean ...?") would map the schema for an attacker in production.
    formatError: createFormatError({ hideSuggestions: config.nodeEnv === 'production' }),
    logger: fastify.log,
    plugins: [
      fastifyApolloDrainPlugin(fastify),
      // No per-field cache-control instrumentation (nothing here is cacheable by hint), and no
      // Apollo landing page (it loads from a CDN; the playground is bundled in the admin UI).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      logUnexpectedErrors,
      // Both before either executor runs: variables first, then the cost they give the query.
      checkVariables,
      queryCostLimit(schema),
      postOnlyFields,
      // Only when metrics are served: a plugin costs every request a little.
      ...(metrics ? [operationMetrics(metrics)] : []),
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
          now,
          origin: { ip: request.ip ?? null, userAgent: typeof userAgent === 'string' ? userAgent : null },
        },
      };
    },
  });
}
