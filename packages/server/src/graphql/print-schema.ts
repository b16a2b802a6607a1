import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildGraphQLSchema } from './schema.js';

/** schema.graphql's content: sorted so that moving code around does not change the file. */
export async function printSchemaFile(): Promise<string> {
  const schema = await buildGraphQLSchema();
  return `# Generated from the server's resolvers by \`pnpm --filter @chaman/server schema\`. Do not edit.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}
