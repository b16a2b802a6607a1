// The ceiling for the integrator read: the same HTTP stack (Fastify + Apollo Server + graphql-js)
// answering the same query shape over objects in memory, with no database and no authentication.
import { ApolloServer } from '@apollo/server';
import fastifyApollo from '@as-integrations/fastify';
import Fastify from 'fastify';

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

const fastify = Fastify({ logger: false });
const apollo = new ApolloServer({ typeDefs, resolvers });
await apollo.start();
await fastify.register(fastifyApollo(apollo));
await fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => void fastify.close().then(() => process.exit(0)));
