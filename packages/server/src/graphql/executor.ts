import type { ApolloServerOptions } from '@apollo/server';
import { execute, getOperationAST, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

type Gateway = NonNullable<Extract<ApolloServerOptions<object>, { gateway?: unknown }>['gateway']>;
type Executor = Awaited<ReturnType<Gateway['load']>>['executor'];

/**
 * How many times a query document runs through graphql-js before it is compiled. Compiling the
 * integrator's read costs about 1 ms (measured), as much as parsing and validating it or a few of
 * its executions, so a document sent once (a playground experiment, or a stream of distinct
 * documents meant to exhaust the CPU) is never compiled; a repeated query is, on its second run.
 */
export const COMPILE_AFTER = 1;

interface Seen {
  runs: number;
  /** The compiled query, or null when graphql-jit declined the document (graphql-js runs it). */
  compiled?: CompiledQuery | null;
}

/**
 * Executes queries compiled by graphql-jit, once a document has been seen COMPILE_AFTER times;
 * everything else (mutations, first runs, documents graphql-jit cannot compile) with graphql-js.
 * graphql-js interprets the document anew for every field of every object; the compiled query is
 * straight-line JavaScript for this document and schema (what Mercurius does). Apollo Server still
 * parses, validates and caches the documents, runs the plugins and formats the errors: it takes an
 * executor through its gateway interface, with the schema handed over as the gateway's.
 */
export function compilingGateway(schema: GraphQLSchema): Gateway {
  // Keyed by the document Apollo Server parsed and keeps in its document cache: a document that
  // falls out of that cache is dropped here too.
  const seen = new WeakMap<DocumentNode, Map<string | null, Seen>>();

  const executor: Executor = async (request) => {
    const { document, context } = request;
    const operationName = request.request.operationName ?? null;
    const variables = request.request.variables;
    let byOperation = seen.get(document);
    if (!byOperation) seen.set(document, (byOperation = new Map()));
    let entry = byOperation.get(operationName);
    if (!entry) byOperation.set(operationName, (entry = { runs: 0 }));
    if (entry.compiled === undefined && ++entry.runs > COMPILE_AFTER) entry.compiled = compile(schema, document, operationName);
    const run = () => execute({ schema, document, contextValue: context, variableValues: variables, operationName });
    if (!entry.compiled) return run();
    const result = (await entry.compiled.query(undefined, context, variables)) as ExecutionResult;
    // No data at all: the variables were refused before execution. graphql-jit words that its own
    // way, without the variable's node by which Apollo Server tells the client's error (400,
    // BAD_USER_INPUT) from ours; graphql-js refuses them again in the words clients know.
    if (result.data === undefined && result.errors) return run();
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    load: async () => ({ schema, executor }),
    stop: async () => {},
  };
}

/** Queries only: mutations run once each, so compiling them would only add cost. */
function compile(schema: GraphQLSchema, document: DocumentNode, operationName: string | null): CompiledQuery | null {
  if (getOperationAST(document, operationName)?.operation !== 'query') return null;
  const compiled = compileQuery(schema, document, operationName ?? undefined);
  return isCompiledQuery(compiled) ? compiled : null;
}

/**
 * graphql-jit's errors are GraphQLErrors by prototype only: their message and extensions are
 * read-only properties. Apollo Server and its plugins treat errors as graphql-js makes them (a
 * plugin that rewrote a message turned a NOT_FOUND into a 500 on compiled runs only), so each is
 * made again as graphql-js would have made it.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const made = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions });
  // graphql-jit gives the locations it computed, not the nodes graphql-js computes them from.
  if (error.locations) Object.defineProperty(made, 'locations', { value: error.locations, enumerable: true, writable: true, configurable: true });
  return made;
}
