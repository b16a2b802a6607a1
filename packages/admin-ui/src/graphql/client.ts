import { cacheExchange, Client, fetchExchange, mapExchange } from '@urql/core';

const expiredListeners = new Set<() => void>();

/** Calls `listener` whenever an answer says the session expired (access/session-expired). */
export function onSessionExpired(listener: () => void): void {
  expiredListeners.add(listener);
}

/**
 * One client for the app. Requests go to the page's own origin, so the session cookie rides along
 * and no CORS is involved (in development Vite proxies /graphql to the server).
 */
export const client = new Client({
  url: '/graphql',
  exchanges: [
    cacheExchange,
    // Whatever operation learns it first, the whole app learns that the session expired.
    mapExchange({
      onError(error) {
        if (error.graphQLErrors.some((e) => e.extensions?.reason === 'access/session-expired')) for (const l of expiredListeners) l();
      },
    }),
    fetchExchange,
  ],
  fetchOptions: () => ({ credentials: 'same-origin' }),
  preferGetMethod: false,
  // Show what is cached at once, and always refresh it: the document cache cannot know that a
  // list it holds empty was changed by a mutation elsewhere (a mandate received, a role granted).
  requestPolicy: 'cache-and-network',
});
