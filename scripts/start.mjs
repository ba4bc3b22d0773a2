#!/usr/bin/env node
// `npm start`: launches the Electron app when its binary is available (and a display exists); otherwise starts the
// web host on 127.0.0.1 in this process and prints its URL. It always says which of the two it did.
//
// Start-up cost matters here (the goal is the URL within 2 s of the command): the web host runs from the built
// CLI (out/node, made by `npm install`/`npm ci`; see bin/load-cli.js), and a failed attempt to fetch the Electron
// binary is remembered instead of being retried at every start.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const require = createRequire(import.meta.url);
const extraArgs = process.argv.slice(2);
/** Where a failed download of the Electron binary is remembered (per Electron version). */
const electronMemo = join(root, 'node_modules', '.cache', 'stream-studio', 'electron-unavailable.json');

function electronBinary() {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { reason: 'Electron is not installed' };
  }
  const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  const pathFile = join(pkgDir, 'path.txt');
  const resolveBinary = () => (existsSync(pathFile) ? join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : undefined);
  let binary = resolveBinary();
  if (binary && existsSync(binary)) return { binary };
  // Electron ≥42 downloads its binary on first launch: try once per Electron version, then remember the failure.
  const retry = process.env.STREAM_STUDIO_ELECTRON === 'retry';
  if (!retry && existsSync(electronMemo)) {
    const memo = JSON.parse(readFileSync(electronMemo, 'utf8'));
    if (memo.version === version) {
      return { reason: `the Electron ${version} binary could not be downloaded on ${memo.date} (STREAM_STUDIO_ELECTRON=retry npm start tries again)` };
    }
  }
  console.log(`Stream Studio: fetching the Electron ${version} binary (once)...`);
  const download = spawnSync(process.execPath, [join(pkgDir, 'install.js')], { stdio: 'ignore', timeout: 90_000 });
  binary = resolveBinary();
  if (download.status === 0 && binary && existsSync(binary)) {
    rmSync(electronMemo, { force: true });
    return { binary };
  }
  mkdirSync(dirname(electronMemo), { recursive: true });
  writeFileSync(electronMemo, `${JSON.stringify({ version, date: new Date().toISOString().slice(0, 10) })}\n`);
  return { reason: `the Electron ${version} binary is not installed and could not be downloaded` };
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function run(cmd, args) {
  const { status } = spawnSync(cmd, args, { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}

async function startWebHost(reason) {
  console.log(`Stream Studio: ${reason}; starting the web host instead (same app, in your browser).`);
  const built = join('out/renderer/index.html');
  const sources = Math.max(newestMtime('src/renderer'), newestMtime('src/shared'));
  if (!existsSync(built) || statSync(built).mtimeMs < sources) {
    console.log('Building the user interface...');
    run('npx', ['vite', 'build', '--config', 'renderer.vite.config.ts', '--logLevel', 'warn']);
  }
  // In this process (no second Node start-up): the same command as `stream-studio serve`.
  const { loadCli } = await import('../bin/load-cli.js');
  const main = await loadCli();
  process.exit(await main(['serve', ...extraArgs]));
}

const electron = electronBinary();
if (!electron.binary) await startWebHost(electron.reason);
else if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) await startWebHost('no display is available for a desktop window');
else {
  console.log('Stream Studio: launching the Electron desktop app.');
  run('npx', ['electron-vite', 'build']);
  const app = spawn(electron.binary, ['.', ...extraArgs], { stdio: 'inherit' });
  app.on('exit', (code) => {
    if (code !== 0) void startWebHost(`the Electron app exited with code ${code}`);
    else process.exit(0);
  });
}
