/**
 * Loads the CACTI WebAssembly module (resources/cacti/cacti.mjs: ZigZag 3.8.0's CACTI 7 compiled by
 * scripts/cacti-wasm.mjs; CACTI's licence in resources/cacti/LICENSE-CACTI.txt) and installs it as this process's
 * direct CACTI runner, so memories between the table's grid points get CACTI's own figures (cacti-costs.ts).
 * Called by the Node hosts (CLI, pipeline, sweep and what-if workers); the renderer's main thread cannot
 * compile a wasm module synchronously and keeps the table's interpolation.
 */
import { cactiRunner } from './cacti-run';
import { hasCactiRunner, useCactiRunner } from './cacti-costs';

/** Installs the module once per process; false (and the table's interpolation stays) if it cannot start here. */
export async function installCactiWasm(): Promise<boolean> {
  if (hasCactiRunner()) return true;
  try {
    const { default: createCacti } = await import('../../../resources/cacti/cacti.mjs');
    const probe: Record<string, unknown> = { print: () => undefined, printErr: () => undefined };
    const ready: unknown = createCacti(probe);
    if (ready instanceof Promise) ready.catch(() => undefined);
    if (typeof probe.callMain !== 'function') return false;
    useCactiRunner(cactiRunner(createCacti));
    return true;
  } catch {
    return false;
  }
}
