// One lint configuration for the whole monorepo.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      'e2e/artifacts/**',
      'packages/admin-ui/src/graphql/generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // type-graphql and TypeORM take classes as `Function` values.
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'vue/multi-word-component-names': 'off',
      // Formatting is Prettier's job.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    // Tests read GraphQL answers whose shape the assertions check.
    files: ['**/test/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The domain runs in browsers and in Node: no framework, no I/O, no Node built-ins.
    files: ['packages/domain/src/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'packages/domain runs in browsers too: no Node built-ins.' },
            {
              group: [
                'fs', 'path', 'crypto', 'os', 'http', 'https', 'net', 'child_process', 'stream', 'buffer', 'util',
                'typeorm', 'type-graphql', '@apollo/*', 'fastify', '@fastify/*', 'graphql', 'vue', 'vue-*', 'pg',
                'better-sqlite3', 'naive-ui', '@chaman/server', '@chaman/admin-ui',
              ],
              message: 'packages/domain holds pure rules: no frameworks, databases or I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    // The server's core knows nothing of its edges: use cases, repositories and the OAuth decisions
    // take plain inputs and return results, so the token route, scripts and tests reuse them.
    files: [
      'packages/server/src/**/*.use-cases.ts',
      'packages/server/src/**/*.repository.ts',
      'packages/server/src/shared/**/*.ts',
      'packages/server/src/db/**/*.ts',
      'packages/server/src/oauth/client-authentication.ts',
      'packages/server/src/oauth/jwt.ts',
      'packages/server/src/oauth/token-records.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['graphql', 'type-graphql', '@apollo/*', 'fastify', '@fastify/*', '**/graphql/*', '**/*.resolver.js', '**/*.type.js', '**/*.input.js', '**/http/*'],
              message: 'Use cases and repositories import no GraphQL and no HTTP: take plain inputs, return a Result.',
            },
          ],
        },
      ],
    },
  },
  {
    // Nothing imports the server or the admin UI (arrows point to the domain only).
    files: ['packages/admin-ui/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@chaman/server', '@chaman/server/*'], message: 'The UI talks to the server over GraphQL only.' }] }],
    },
  },
);
