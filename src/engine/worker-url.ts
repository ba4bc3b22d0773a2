/** Where a worker's script is, for the pools that start one (GA evaluation, MILP, live what-if, run and sweep processes). */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * The URL to start the worker script `name` (no extension) that sits beside the calling module, whose
 * `import.meta.url` is `callerUrl`: the built `name.js` (the build puts every worker entry beside the chunks), or,
 * when the caller runs from TypeScript sources (tsx, vitest), a one-line module that registers tsx's loader and then
 * imports `name.ts`.
 */
export function siblingWorkerUrl(callerUrl: string, name: string): URL {
  const fromSources = callerUrl.endsWith('.ts');
  const target = new URL(`./${name}${fromSources ? '.ts' : '.js'}`, callerUrl);
  if (!fromSources) return target;
  const tsx = pathToFileURL(createRequire(callerUrl).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(target.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/**
 * Node options for a child process whose entry is a TypeScript source: tsx's loader, named by its file URL (as
 * `--import tsx`, Node would look for the package from the process's working directory, where it need not be).
 */
export function tsxExecArgv(): string[] {
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
}
