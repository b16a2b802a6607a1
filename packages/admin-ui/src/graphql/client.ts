import { cacheExchange, Client, fetchExchange } from '@urql/core';

/**
 * One client for the app. Requests go to the page's own origin, so the session cookie rides along
 * and no CORS is involved (in development Vite proxies /graphql to the server).
 */
export const client = new Client({
  url: '/graphql',
  exchanges: [cacheExchange, fetchExchange],
  fetchOptions: () => ({ credentials: 'same-origin' }),
  preferGetMethod: false,
  // Show what is cached at once, and always refresh it: the document cache cannot know that a
  // list it holds empty was changed by a mutation elsewhere (a mandate received, a role granted).
  requestPolicy: 'cache-and-network',
});
