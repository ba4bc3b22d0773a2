import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

import { builtinModules } from 'node:module';

// Bare builtin names are matched exactly (`paths`), `node:` specifiers by pattern: a pattern such as "stream"
// would also match our own `../stream/...` folder.
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
const nodeImportPatterns = ['node:*'];
const nodeOnlyEngineFiles = ['src/engine/**/io.ts', 'src/engine/**/*.io.ts', 'src/engine/**/*worker*.ts', 'src/engine/**/*-pool.ts'];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'coverage/**', 'test/e2e/screenshots/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  // The engine is pure TypeScript: nothing of the app, no Electron, no DOM; node:fs only in io.ts files.
  {
    files: ['src/engine/**/*.ts'],
    ignores: nodeOnlyEngineFiles,
    languageOptions: { globals: { ...globals.es2024 } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.map((name) => ({ name, message: 'Node modules only in io.ts, *worker*.ts and *-pool.ts files of the engine.' })),
        patterns: [
          { group: ['electron', '**/main/**', '**/renderer/**', '**/server/**', '**/cli/**', '**/preload/**', '**/shared/**'], message: 'The engine depends on nothing of ours.' },
          { group: nodeImportPatterns, message: 'Node modules only in io.ts, *worker*.ts and *-pool.ts files of the engine.' },
        ],
      }],
    },
  },
  {
    files: nodeOnlyEngineFiles,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['electron', '**/main/**', '**/renderer/**', '**/server/**', '**/cli/**', '**/preload/**', '**/shared/**'], message: 'The engine depends on nothing of ours.' }],
      }],
    },
  },
  // The renderer runs sandboxed in a browser: no Node modules, no Electron, no main-process code.
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.svelte'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'electron', 'better-sqlite3', 'ws'].map((name) => ({ name, message: 'The renderer is a browser page: talk to window.studio.' })),
        patterns: [
          { group: [...nodeImportPatterns, 'electron', 'better-sqlite3', 'ws'], message: 'The renderer is a browser page: talk to window.studio.' },
          { group: ['**/main/**', '**/server/**', '**/cli/**', '**/preload/**', '**/engine/**/io', '**/engine/**/*.io'], message: 'The renderer only imports src/shared and engine types.' },
        ],
      }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'electron', 'better-sqlite3'].map((name) => ({ name, message: 'src/shared runs in the renderer too.' })),
        patterns: [
          { group: [...nodeImportPatterns, 'electron', 'better-sqlite3'], message: 'src/shared runs in the renderer too.' },
          { group: ['**/main/**', '**/server/**', '**/cli/**', '**/preload/**', '**/renderer/**'], message: 'src/shared depends on nothing but the engine types.' },
        ],
      }],
    },
  },
);
