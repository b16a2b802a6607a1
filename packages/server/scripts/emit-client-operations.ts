// Writes src/metrics/client-operations.ts from the admin UI's .graphql documents (run it after
// adding or renaming an operation there; a test fails when the file is stale).
import { writeFileSync } from 'node:fs';
import { clientOperationNames, clientOperationsModule, MODULE_FILE } from './client-operations.js';

writeFileSync(MODULE_FILE, clientOperationsModule(clientOperationNames()));
console.log(`wrote ${MODULE_FILE.pathname}`);
