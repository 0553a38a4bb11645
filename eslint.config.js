import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.scratch', 'node_modules', '.tools', '.data', 'db/migrations', 'coverage', 'bench/results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code is replayed: it must stay deterministic and free of I/O.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({
            name,
            message: 'Node built-ins are not deterministic; use activities.',
          })),
          patterns: [
            { group: ['node:*'], message: 'Node built-ins are not deterministic; use activities.' },
            { group: ['**/activities/*', '!**/activities/index'], message: 'Import activities as types only.' },
            {
              group: ['**/db/*', '**/api/*', '**/runtime/*', '**/config/*'],
              message: 'Workflows import only deterministic code.',
            },
          ],
        },
      ],
    },
  },
  {
    // domain/ holds the rules only: no I/O, no rendering, no framework (reports/ renders, db/ stores, api/ serves).
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.{1,2}/|zod$|chinese-days(/|$))',
              message: 'domain/ takes no package but zod and chinese-days: I/O and rendering belong outside it.',
            },
            {
              group: [
                '**/activities/*',
                '**/api/*',
                '**/bin/*',
                '**/config/*',
                '**/db/*',
                '**/reports/*',
                '**/runtime/*',
                '**/workflows/*',
              ],
              message: 'domain/ holds the rules; the layers that store, serve and render import it, not the reverse.',
            },
          ],
        },
      ],
    },
  },
  {
    // testkit/ is product-side: the scripts, benchmarks and the cluster drill run it without a test runner.
    files: ['testkit/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vitest', '@temporalio/testing'], message: 'testkit/ runs outside the test runner.' },
            { group: ['**/test/*'], message: 'testkit/ is what test/ imports, not the reverse.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
