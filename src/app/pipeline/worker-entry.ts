import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the pipeline worker module is: beside this file when running from TypeScript sources (tsx: dev, tests,
 * CLI), or `worker.js` beside the bundled main when built.
 */
export function defaultWorkerEntry(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, 'worker.ts'), join(here, 'worker.js'), join(here, 'pipeline', 'worker.js')]) {
    if (existsSync(candidate)) return candidate;
  }
  return join(here, 'worker.js');
}
