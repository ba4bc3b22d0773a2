#!/usr/bin/env node
// Builds the renderer, then runs the WebdriverIO suite against the web host in headless Debian Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const driver = process.env.CHROMEDRIVER_BIN ?? '/usr/bin/chromedriver';
for (const [what, path] of [['Chromium', chromium], ['ChromeDriver', driver]]) {
  if (!existsSync(path)) {
    console.error(`E2E tests need ${what} at ${path}. On Debian: sudo apt-get install -y chromium chromium-driver (bash .ci/run does it).`);
    process.exit(1);
  }
}
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1;
const built = run('npx', ['vite', 'build', '--config', 'renderer.vite.config.ts', '--logLevel', 'warn']);
if (built !== 0) process.exit(built);
process.exit(run('npx', ['wdio', 'run', 'wdio.conf.ts', ...process.argv.slice(2)]));
