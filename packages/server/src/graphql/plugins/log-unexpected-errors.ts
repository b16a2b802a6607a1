import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context.js';

/** Logs, with the request id, every error that is not a refusal: clients see only a generic message. */
export const logUnexpectedErrors: ApolloServerPlugin<Context> = {
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
