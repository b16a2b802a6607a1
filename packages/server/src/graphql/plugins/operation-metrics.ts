import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Metrics } from '../../metrics/metrics.js';
import type { Context } from '../context.js';
import { CLIENT_CODES } from '../errors.js';

/**
 * `ok`; the code of the first error when it is a refusal's public code (or one of the request
 * errors graphql-js and Apollo answer with); `error` for anything unexpected. Bounded: the codes
 * are the server's own.
 */
function outcomeOf(errors: readonly GraphQLFormattedError[] | undefined): string {
  const code = errors?.[0]?.extensions?.code;
  if (errors === undefined || errors.length === 0) return 'ok';
  return typeof code === 'string' && CLIENT_CODES.has(code) ? code : 'error';
}

/** Counts each GraphQL operation by name and outcome, and how long it took, for GET /metrics. */
export function operationMetrics(metrics: Metrics): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, request, response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          metrics.observeGraphQLOperation(operationName ?? request.operationName, outcomeOf(errors), (performance.now() - started) / 1000);
        },
      };
    },
  };
}
