// Writes schema.graphql from the resolvers. The admin UI's typed documents are generated from it,
// and a test fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { printSchemaFile } from '../src/graphql/print-schema.js';

const file = new URL('../schema.graphql', import.meta.url);
writeFileSync(file, await printSchemaFile());
console.log(`wrote ${file.pathname}`);
