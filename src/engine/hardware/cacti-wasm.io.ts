/**
 * Loads the CACTI WebAssembly module (resources/cacti/cacti.mjs: ZigZag 3.8.0's CACTI 7 compiled by
 * scripts/cacti-wasm.mjs; CACTI's licence in resources/cacti/LICENSE-CACTI.txt) and installs it as this process's
 * direct CACTI runner, so memories between the table's grid points get CACTI's own figures (cacti-costs.ts).
 * Called by the Node hosts (CLI, pipeline, sweep and what-if workers); the renderer's main thread cannot
 * compile a wasm module synchronously and keeps the table's interpolation.
 */
import { cactiRunner, type CactiModuleFactory } from './cacti-run';
import { hasCactiRunner, useCactiRunner } from './cacti-costs';

/** Whether the module starts synchronously here (it then has `callMain`); compiles and instantiates it once. */
function startsSynchronously(createCacti: CactiModuleFactory): boolean {
  try {
    const probe: Record<string, unknown> = { print: () => undefined, printErr: () => undefined };
    const ready: unknown = createCacti(probe);
    if (ready instanceof Promise) ready.catch(() => undefined);
    return typeof probe.callMain === 'function';
  } catch {
    return false;
  }
}

/**
 * Installs the module once per process; false if it cannot be loaded. Whether it starts here is checked at the
 * first direct run, not now: compiling the module costs every command ~30 ms of CPU, and most never run CACTI
 * (grid points and explicit costs need no run). If it does not start, the table's interpolation stays.
 */
export async function installCactiWasm(): Promise<boolean> {
  if (hasCactiRunner()) return true;
  try {
    const { default: createCacti } = await import('../../../resources/cacti/cacti.mjs');
    const run = cactiRunner(createCacti);
    let starts: boolean | undefined;
    useCactiRunner((query) => {
      starts ??= startsSynchronously(createCacti);
      return starts ? run(query) : undefined;
    });
    return true;
  } catch {
    return false;
  }
}
