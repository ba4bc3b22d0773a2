/**
 * Where a memory's CACTI figures come from:
 * 1. a grid point of the committed table (resources/cacti/cacti-table.json): CACTI's own figures, no run;
 * 2. otherwise a direct CACTI run through the CACTI WebAssembly module, when one is installed (`useCactiRunner`,
 *    done by the hosts through `installCactiWasm` of engine/io): CACTI's own figures for this exact configuration,
 *    memoised per configuration in this process (a run takes 0.1-5 s: bench/cacti.bench.ts);
 * 3. otherwise (no module here: the renderer's main thread) the table's interpolation, flagged as in cacti.ts.
 * CACTI finding no valid organisation is a refusal with its reason, never a guess.
 */
import { lookupCacti, type CactiCost, type CactiLookup, type CactiQuery, type CactiTable } from './cacti';
import type { CactiRun, CactiRunner } from './cacti-run';

let runner: CactiRunner | undefined;
const memo = new Map<string, CactiRun>();

/** Installs (or, with undefined, removes) the direct CACTI runner of this process; forgets memoised runs. */
export function useCactiRunner(next: CactiRunner | undefined): void {
  runner = next;
  memo.clear();
}

/** True when off-grid configurations are priced by a direct CACTI run (else by the table's interpolation). */
export function hasCactiRunner(): boolean {
  return runner !== undefined;
}

const keyOf = (q: CactiQuery) => `${q.technologyNm}/${q.readPorts}-${q.writePorts}-${q.readWritePorts}/${q.widthBits}/${q.sizeBits}`;

/** One direct CACTI run (memoised), or undefined when no runner is installed. */
export function runCactiDirect(q: CactiQuery): CactiRun | undefined {
  if (!runner) return undefined;
  const key = keyOf(q);
  let run = memo.get(key);
  if (!run) {
    run = runner(q);
    if (run) memo.set(key, run);
  }
  return run;
}

/** CACTI's figures for a memory by the rules of the module comment. */
export function priceCacti(table: CactiTable, q: CactiQuery): CactiLookup {
  const fromTable = lookupCacti(table, q);
  if (fromTable.ok && fromTable.cost.exact) return fromTable;
  const run = runCactiDirect(q);
  if (!run) return fromTable;
  if (!run.ok) return { ok: false, reason: run.reason };
  const cost: CactiCost = { readEnergy: run.read, writeEnergy: run.write, area: run.area, exact: true, betweenWidths: false, direct: true };
  return { ok: true, cost };
}
