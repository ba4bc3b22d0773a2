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

// Who may import whom (docs/architecture.md, "Layout"). Each folder lists the folders of ours it must not import.
// A folder is matched both as itself ('../server', its index) and by what is inside it ('../server/x').
const ours = Object.fromEntries(
  ['engine', 'shared', 'app', 'main', 'server', 'cli', 'preload', 'renderer'].map((f) => [f, [`**/${f}`, `**/${f}/**`]]),
);
/** A `no-restricted-imports` pattern forbidding the named folders of ours, with the reason. */
function forbid(folders, message) {
  return { group: folders.flatMap((f) => ours[f]), message };
}
const hostMessage = 'src/main, src/server and src/cli are hosts of the app core (src/app): they import src/app, src/shared and the engine, not each other.';
/** App code uses the engine's public API: its barrel (src/engine/index.ts) and file loaders (src/engine/io.ts). */
const engineBarrel = {
  group: ['**/engine/**', '!**/engine/io'],
  message: "Import the engine from its barrel ('…/engine') or its file loaders ('…/engine/io'); export what you need there.",
};
/** Browser code takes engine values from the browser-safe barrel; types may come from anywhere in the engine. */
const browserEngineBarrel = {
  group: ['**/engine/**', '!**/engine/browser'],
  allowTypeImports: true,
  message: "Import engine code from '…/engine/browser' (the browser-safe barrel; export what you need there). Type-only imports may name any engine module.",
};

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'coverage/**', 'test/e2e/screenshots/**', '**/*.d.ts', '**/*.d.mts', 'resources/cacti/cacti.mjs'] },
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
          { group: ['electron', ...['app', 'main', 'renderer', 'server', 'cli', 'preload', 'shared'].flatMap((f) => ours[f])], message: 'The engine depends on nothing of ours.' },
          { group: nodeImportPatterns, message: 'Node modules only in io.ts, *worker*.ts and *-pool.ts files of the engine.' },
        ],
      }],
    },
  },
  {
    files: nodeOnlyEngineFiles,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['electron', ...['app', 'main', 'renderer', 'server', 'cli', 'preload', 'shared'].flatMap((f) => ours[f])], message: 'The engine depends on nothing of ours.' }],
      }],
    },
  },
  // The renderer runs sandboxed in a browser: no Node modules, no Electron, no main-process code.
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.svelte'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'electron', 'better-sqlite3', 'ws'].map((name) => ({ name, message: 'The renderer is a browser page: talk to window.studio.' })),
        patterns: [
          { group: [...nodeImportPatterns, 'electron', 'better-sqlite3', 'ws'], message: 'The renderer is a browser page: talk to window.studio.' },
          { group: [...['app', 'main', 'server', 'cli', 'preload'].flatMap((f) => ours[f]), '**/engine/**/io', '**/engine/**/*.io'], message: 'The renderer only imports src/shared and engine types.' },
          browserEngineBarrel,
        ],
      }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'electron', 'better-sqlite3'].map((name) => ({ name, message: 'src/shared runs in the renderer too.' })),
        patterns: [
          { group: [...nodeImportPatterns, 'electron', 'better-sqlite3'], message: 'src/shared runs in the renderer too.' },
          forbid(['app', 'main', 'server', 'cli', 'preload', 'renderer'], 'src/shared depends on nothing but the engine types.'),
          browserEngineBarrel,
        ],
      }],
    },
  },
  // The app core (services, store, pipeline host, static files): plain Node, shared by every host; no Electron.
  {
    files: ['src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'src/app runs in the web host and the CLI too: Electron only in src/main.' }],
        patterns: [
          { group: ['electron/*'], message: 'src/app runs in the web host and the CLI too: Electron only in src/main.' },
          forbid(['main', 'server', 'cli', 'preload', 'renderer'], 'src/app is the core the hosts use; it imports only src/shared and the engine.'),
          engineBarrel,
        ],
      }],
    },
  },
  // The hosts: Electron (src/main), the web host (src/server), the command line (src/cli).
  {
    files: ['src/main/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [forbid(['server', 'cli', 'preload', 'renderer'], hostMessage), engineBarrel] }] },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The web host runs without Electron.' }],
        patterns: [forbid(['main', 'cli', 'preload', 'renderer'], hostMessage), engineBarrel],
      }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    ignores: ['src/cli/commands/serve.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The CLI runs without Electron.' }],
        patterns: [forbid(['main', 'server', 'preload', 'renderer'], hostMessage), engineBarrel],
      }],
    },
  },
  // `stream-studio serve` is the one place where a host starts another: the CLI launches the web host.
  {
    files: ['src/cli/commands/serve.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The CLI runs without Electron.' }],
        patterns: [forbid(['main', 'preload', 'renderer'], hostMessage), engineBarrel],
      }],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [forbid(['engine', 'app', 'main', 'server', 'cli', 'renderer'], 'The preload only bridges window.studio: it imports src/shared and electron.')],
      }],
    },
  },
);
