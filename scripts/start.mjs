#!/usr/bin/env node
// `npm start`: launches the Electron app when its binary is available (and a display exists); otherwise starts the
// web host on 127.0.0.1 and prints its URL. It always says which of the two it did.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const require = createRequire(import.meta.url);
const extraArgs = process.argv.slice(2);

function electronBinary() {
  const pkgDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  const resolveBinary = () => (existsSync(pathFile) ? join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : undefined);
  let binary = resolveBinary();
  if (binary && existsSync(binary)) return { binary };
  // Electron ≥42 downloads its binary on first launch; give it one bounded try.
  const download = spawnSync(process.execPath, [join(pkgDir, 'install.js')], { stdio: 'ignore', timeout: 90_000 });
  binary = resolveBinary();
  if (download.status === 0 && binary && existsSync(binary)) return { binary };
  return { reason: 'the Electron binary is not installed and could not be downloaded' };
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

function startWebHost(reason) {
  console.log(`Stream Studio: ${reason}; starting the web host instead (same app, in your browser).`);
  const built = join('out/renderer/index.html');
  const sources = Math.max(newestMtime('src/renderer'), newestMtime('src/shared'));
  if (!existsSync(built) || statSync(built).mtimeMs < sources) {
    console.log('Building the user interface...');
    run('npx', ['vite', 'build', '--config', 'renderer.vite.config.ts', '--logLevel', 'warn']);
  }
  const host = spawn(process.execPath, ['bin/stream-studio.js', 'serve', ...extraArgs], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => host.kill(signal));
  host.on('exit', (code) => process.exit(code ?? 0));
}

const electron = electronBinary();
if (!electron.binary) startWebHost(electron.reason);
else if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) startWebHost('no display is available for a desktop window');
else {
  console.log('Stream Studio: launching the Electron desktop app.');
  run('npx', ['electron-vite', 'build']);
  const app = spawn(electron.binary, ['.', ...extraArgs], { stdio: 'inherit' });
  app.on('exit', (code) => {
    if (code !== 0) startWebHost(`the Electron app exited with code ${code}`);
    else process.exit(0);
  });
}
