import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultWorkerEntry } from './worker-entry';

export interface WorkerBundle {
  readonly entry: string;
  dispose(): void;
}

/**
 * When running from TypeScript sources (CLI, web host, tests), bundles the worker into one ES module so that each
 * run's process starts in a fraction of the time tsx needs to load the engine file by file. Built apps already
 * have a bundled worker and use it as is. The bundle lives under node_modules/.cache so that it resolves the
 * native better-sqlite3 module like the sources do.
 */
export async function prepareWorkerEntry(): Promise<WorkerBundle> {
  const source = defaultWorkerEntry();
  if (!source.endsWith('.ts')) return { entry: source, dispose: () => undefined };
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  const cacheDir = join(root, 'node_modules', '.cache', 'stream-studio');
  const outDir = join(cacheDir, `${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(outDir, { recursive: true });
    removeStaleBundles(cacheDir);
    // Node does not look past node_modules for a package scope: declare the bundle's files ES modules here.
    writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
    const { build } = await import('esbuild');
    await build({
      // The GA's worker threads load `ga-worker.js` beside the module that starts them.
      entryPoints: { worker: source, 'ga-worker': join(root, 'src', 'engine', 'stream', 'ga-worker.ts') },
      outdir: outDir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['better-sqlite3'],
      logLevel: 'silent',
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    });
    return { entry: join(outDir, 'worker.js'), dispose: () => rmSync(outDir, { recursive: true, force: true }) };
  } catch {
    rmSync(outDir, { recursive: true, force: true });
    // No bundler available: run the sources through tsx (slower start, same behaviour).
    return { entry: source, dispose: () => undefined };
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Bundles left by hosts that were killed (they could not clean up). */
function removeStaleBundles(dir: string): void {
  for (const name of readdirSync(dir)) {
    const match = /^(?:worker-)?(\d+)-[0-9a-f]+(?:\.mjs)?$/.exec(name);
    if (match && !isAlive(Number(match[1]))) rmSync(join(dir, name), { recursive: true, force: true });
  }
}
