#!/usr/bin/env node
// `prepare` (run by `npm install` and `npm ci`): builds what the installed commands run, so that neither
// `stream-studio` nor `npm start` transpiles TypeScript at start-up:
//   out/node      the CLI, the web host and the pipeline workers (vite.node.config.ts)
//   out/renderer  the user interface the web host serves (renderer.vite.config.ts)
// Without the build tools (an install with --omit=dev) it says so and leaves the commands on their TypeScript
// sources through tsx, which still work, only slower to start.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
let vite;
try {
  vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
} catch {
  console.log('stream-studio prepare: vite is not installed (devDependencies omitted); the commands will run from the TypeScript sources.');
  process.exit(0);
}
for (const config of ['vite.node.config.ts', 'renderer.vite.config.ts']) {
  const { status } = spawnSync(process.execPath, [vite, 'build', '--config', config, '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
