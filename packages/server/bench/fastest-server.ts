// The fastest possible answer on Node to the integrator read: a bare `node:http` server answering
// the exact query the benchmark sends (workload.ts) from objects held in memory, a page of the size
// and shape the real read returns (50 accounts with two permissions and one certificate each,
// about 10.8 kB of JSON), with the query compiled by graphql-jit over a minimal schema built by
// graphql-js's buildSchema and plain resolvers. No framework, no database, no authentication; a
// document is parsed, validated and compiled the first time it is seen, then answered from a Map.
// What is left is Node's HTTP, JSON and the compiled query: a bound for any server of this read.
import { createServer } from 'node:http';
import { buildSchema, GraphQLObjectType, parse, validate, type GraphQLFieldResolver } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

const schema = buildSchema(`
  type Permission { code: String! }
  type Certificate { name: String! notAfter: String! }
  type RestAccount { clientId: String! name: String! health: String! permissions: [Permission!]! certificates: [Certificate!]! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type RestAccountConnection { nodes: [RestAccount!]! pageInfo: PageInfo! }
  type Company { id: ID! restAccounts(first: Int): RestAccountConnection! }
  type Query { company(id: ID!): Company }
`);

// The seeded company's page: 50 accounts (the seed gives the first company exactly a page), each
// with the seed's permissions and certificate; the cursor is an id in base64 as the server's is.
const certificate = { name: 'bench', notAfter: '2027-11-25T00:00:00.000Z' };
const accounts = Array.from({ length: 50 }, (_, i) => ({
  clientId: `self_service_expeditor_${50 - i}`,
  name: `account ${49 - i}`,
  health: 'OK',
  permissions: [{ code: 'demo-consult' }, { code: 'dimona-consult' }],
  certificates: [certificate],
}));
const endCursor = Buffer.from('01a234b2-e4c7-76c1-b597-593e104ebd8c').toString('base64');

const resolve = (type: string, field: string, resolver: GraphQLFieldResolver<unknown, unknown>) => {
  (schema.getType(type) as GraphQLObjectType).getFields()[field]!.resolve = resolver;
};
resolve('Query', 'company', (_root, { id }) => ({ id }));
resolve('Company', 'restAccounts', (_company, { first }) => {
  const nodes = accounts.slice(0, Math.max(0, Math.min(first ?? 50, 100)));
  return { nodes, pageInfo: { hasNextPage: accounts.length > nodes.length, endCursor } };
});

const compiled = new Map<string, CompiledQuery>();

function compiledFor(query: string): CompiledQuery | { errors: readonly unknown[] } {
  const known = compiled.get(query);
  if (known) return known;
  const document = parse(query);
  const errors = validate(schema, document);
  if (errors.length > 0) return { errors };
  const result = compileQuery(schema, document);
  if (!isCompiledQuery(result)) return { errors: result.errors ?? [] };
  compiled.set(query, result);
  return result;
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    let body: string;
    let status = 200;
    try {
      const { query, variables } = JSON.parse(Buffer.concat(chunks).toString()) as { query: string; variables?: Record<string, unknown> };
      const compiledQuery = compiledFor(query);
      if ('query' in compiledQuery) {
        // The resolvers are synchronous: the compiled query answers at once, never with a promise.
        const result = compiledQuery.query(undefined, {}, variables ?? {});
        body = compiledQuery.stringify(result);
      } else {
        status = 400;
        body = JSON.stringify(compiledQuery);
      }
    } catch (error) {
      status = 400;
      body = JSON.stringify({ errors: [{ message: error instanceof Error ? error.message : String(error) }] });
    }
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
