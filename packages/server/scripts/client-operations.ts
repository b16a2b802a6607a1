// The names of the operations the admin UI sends (its src/graphql/**/*.graphql), as the module
// src/metrics/client-operations.ts lists them: the GraphQL metrics label those names and count any
// other as `other`, so that a client cannot make up label values.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';

export const DOCUMENTS_DIR = new URL('../../admin-ui/src/graphql/', import.meta.url).pathname;
export const MODULE_FILE = new URL('../src/metrics/client-operations.ts', import.meta.url);

/** Every named operation of the .graphql documents under `dir`, sorted, each once. */
export function clientOperationNames(dir = DOCUMENTS_DIR): string[] {
  const names = new Set<string>();
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.graphql'));
  for (const file of files) {
    for (const definition of parse(readFileSync(join(dir, file), 'utf8')).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.add(definition.name.value);
    }
  }
  return [...names].sort();
}

/** The module's text for these names. */
export function clientOperationsModule(names: readonly string[]): string {
  return `// Written by \`pnpm --filter @chaman/server client-operations\` from packages/admin-ui/src/graphql/**/*.graphql;
// test/metrics.test.ts fails when it is stale. Do not edit by hand.

/** The operations the admin UI sends, by name: the only operation names the GraphQL metrics label as they are. */
export const CLIENT_OPERATION_NAMES: readonly string[] = [
${names.map((name) => `  '${name}',\n`).join('')}];
`;
}
