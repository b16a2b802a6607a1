import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for every operation in src/graphql/*.graphql, checked against the server's
// committed schema: a query that asks for a field the server lacks fails here, not in production.
const config: CodegenConfig = {
  schema: '../server/schema.graphql',
  documents: 'src/graphql/**/*.graphql',
  generates: {
    'src/graphql/generated.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string' },
        avoidOptionals: { field: true, inputValue: false },
      },
    },
  },
};
export default config;
