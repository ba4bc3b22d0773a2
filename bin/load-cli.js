// Finds the CLI to run: the built JavaScript (out/node/cli.js, made by `npm install` / `npm ci` through the
// package's `prepare` script, or by `npm run build`), or, for development, the TypeScript sources through tsx:
// when there is no build, when a source file is newer than the build (an edited checkout), or when
// STREAM_STUDIO_DEV=1.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUILT_CLI = join(root, 'out', 'node', 'cli.js');
/** What out/node is built from (vite.node.config.ts); the renderer is not part of it. */
const SOURCE_DIRS = ['engine', 'shared', 'app', 'server', 'cli'].map((d) => join(root, 'src', d));

/** True when some file under `dir` was modified after `time` (stops at the first one). */
function hasNewerFile(dir, time) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false; // no sources shipped: the build is all there is
  }
  for (const entry of entries) {
    const path = `${dir}/${entry.name}`; // not path.join: its normalisation is most of this walk's cost
    if (entry.isDirectory() ? hasNewerFile(path, time) : statSync(path).mtimeMs > time) return true;
  }
  return false;
}

/** Whether the built CLI exists and is at least as new as every source it was built from. */
export function builtCliIsCurrent() {
  if (process.env.STREAM_STUDIO_DEV === '1') return false;
  let builtAt;
  try {
    builtAt = statSync(BUILT_CLI).mtimeMs;
  } catch {
    return false;
  }
  return !SOURCE_DIRS.some((dir) => hasNewerFile(dir, builtAt));
}

/** The CLI's `main(args)`, from the build when it is current, else from the sources through tsx. */
export async function loadCli() {
  if (builtCliIsCurrent()) return (await import(pathToFileURL(BUILT_CLI).href)).main;
  const { register } = await import('tsx/esm/api');
  register();
  return (await import(pathToFileURL(join(root, 'src', 'cli', 'index.ts')).href)).main;
}
