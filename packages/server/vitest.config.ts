import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { reporters } from '../../vitest.shared.js';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships both index.mjs and a CommonJS index.js. Node (and type-graphql, which is
    // CommonJS) load the latter; Vite would pick the former, and graphql refuses to meet a second
    // copy of itself. Point Vite at the one Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    reporters: reporters(),
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
