import type { ApolloServerPlugin } from '@apollo/server';
import { RequestErrors } from '@chaman/domain';
import { BREAK, visit, type DocumentNode } from 'graphql';
import type { Context } from '../context.js';
import { requestRefusal } from '../errors.js';

/** Fields whose arguments are secrets: a GET would put them in its URL, which logs and proxies keep. */
export const POST_ONLY_FIELDS = ['debugClientAssertion'] as const;

function selectsPostOnlyField(document: DocumentNode): string | null {
  let found: string | null = null;
  visit(document, {
    Field(node) {
      if ((POST_ONLY_FIELDS as readonly string[]).includes(node.name.value)) {
        found = node.name.value;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Refuses over GET any document that selects a field of POST_ONLY_FIELDS, before it runs (whether sent whole or as a persisted query). */
export const postOnlyFields: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document }) {
        if (request.http?.method !== 'GET') return;
        const field = selectsPostOnlyField(document);
        if (field) {
          throw requestRefusal(RequestErrors.postOnly, `${field} takes a secret: send it with POST, never GET (a URL ends up in logs and proxies)`, { field });
        }
      },
    };
  },
};
