// The ceiling for the integrator read: the same HTTP stack (Fastify + Apollo Server + graphql-js)
// answering the same query shape over objects in memory, with no database and no authentication;
// and, at POST /token-floor, a reference for the token endpoint (see below).
import { ApolloServer } from '@apollo/server';
import fastifyApollo from '@as-integrations/fastify';
import Fastify, { type FastifyInstance } from 'fastify';

/** Where the ceiling answers the token endpoint's form as the endpoint would, doing nothing else. */
export const TOKEN_FLOOR_PATH = '/token-floor';

const typeDefs = `#graphql
  type Permission { code: String! }
  type Certificate { name: String! notAfter: String! }
  type RestAccount { clientId: String! name: String! health: String! permissions: [Permission!]! certificates: [Certificate!]! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type RestAccountConnection { nodes: [RestAccount!]! pageInfo: PageInfo! }
  type Company { id: ID! restAccounts(first: Int): RestAccountConnection! }
  type Query { company(id: ID!): Company }
`;
const accounts = Array.from({ length: 100 }, (_, i) => ({
  clientId: `self_service_expeditor_${i + 1}`,
  name: `account ${i}`,
  health: 'OK',
  permissions: [{ code: 'demo-consult' }, { code: 'dimona-consult' }],
  certificates: [{ name: 'bench', notAfter: '2027-11-25T00:00:00.000Z' }],
}));
const resolvers = {
  Query: { company: (_: unknown, { id }: { id: string }) => ({ id }) },
  Company: { restAccounts: (_: unknown, { first }: { first: number }) => ({ nodes: accounts.slice(0, first), pageInfo: { hasNextPage: true, endCursor: 'x' } }) },
};

/** The ceiling server, ready to listen or to be injected into. */
export async function createCeiling(): Promise<FastifyInstance> {
  const fastify = Fastify({ logger: false });
  const apollo = new ApolloServer({ typeDefs, resolvers });
  await apollo.start();
  await fastify.register(fastifyApollo(apollo));

  // A reference for the token endpoint: the same HTTP stack receiving the same form and answering a
  // token-sized JSON, with nothing in between (no checks, no crypto, no database).
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, new URLSearchParams(body as string));
  });
  const accessToken = 'x'.repeat(640);
  fastify.post(TOKEN_FLOOR_PATH, async (request, reply) => {
    const form = request.body as URLSearchParams;
    return reply
      .header('cache-control', 'no-store')
      .send({ access_token: accessToken, token_type: 'Bearer', expires_in: 600, scope: form.get('scope') ?? 'scope:demo:consult' });
  });
  return fastify;
}
