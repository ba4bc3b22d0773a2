/**
 * Where a memory's CACTI figures come from:
 * 1. a grid point of the committed table (resources/cacti/cacti-table.json): CACTI's own figures, no run;
 * 2. otherwise a direct CACTI result: one priced before and handed in by the host (`rememberCactiRuns`: the
 *    workspace keeps them, as it keeps cost LUT entries), else a direct CACTI run through the CACTI WebAssembly
 *    module, when one is installed (`useCactiRunner`, done by the hosts through `installCactiWasm` of engine/io);
 *    CACTI's own figures for this exact configuration, memoised per configuration in this process (a run takes
 *    0.1-5 s: bench/cacti.bench.ts). New runs are collected for the host to store (`takeCactiRuns`);
 * 3. otherwise (no module here: the renderer's main thread) the table's interpolation, flagged as in cacti.ts.
 * CACTI finding no valid organisation is a refusal with its reason, never a guess.
 */
import { contentHash } from '../content-hash';
import { lookupCacti, type CactiCost, type CactiLookup, type CactiQuery, type CactiTable } from './cacti';
import { cactiConfig, type CactiRun, type CactiRunner } from './cacti-run';

/** A direct CACTI result as a workspace keeps it: the key of CACTI's whole configuration, the query, CACTI's answer. */
export interface StoredCactiRun {
  readonly key: string;
  readonly query: CactiQuery;
  readonly run: CactiRun;
}

/** What this process priced by direct CACTI results since the last `takeCactiRuns`. */
export interface CactiRunDelta {
  /** Results of CACTI runs made here (to store). */
  readonly fresh: readonly StoredCactiRun[];
  /** Keys of remembered (stored) results used, once each. */
  readonly reused: readonly string[];
}

let runner: CactiRunner | undefined;
const memo = new Map<string, { readonly entry: StoredCactiRun; readonly remembered: boolean }>();
/** Results handed in by the host, by key. */
const remembered = new Map<string, StoredCactiRun>();
let fresh: StoredCactiRun[] = [];
let reused = new Set<string>();
let directRuns = 0;

/** Installs (or, with undefined, removes) the direct CACTI runner of this process; forgets memoised runs. */
export function useCactiRunner(next: CactiRunner | undefined): void {
  runner = next;
  memo.clear();
}

/** True when off-grid configurations are priced by a direct CACTI run (else by the table's interpolation). */
export function hasCactiRunner(): boolean {
  return runner !== undefined;
}

/**
 * The key of a configuration: the content hash of the configuration text CACTI reads, so that any change of
 * what is asked of CACTI (a port, a node, one of the driver's fixed options) is another key.
 */
export function cactiKey(q: CactiQuery): string {
  return contentHash(cactiConfig(q));
}

/**
 * Results priced before (by another process, kept in a workspace): used instead of running CACTI again. Entries
 * whose key is not the key of their query (another driver's configuration) are ignored.
 */
export function rememberCactiRuns(runs: Iterable<StoredCactiRun>): void {
  for (const r of runs) if (!remembered.has(r.key) && cactiKey(r.query) === r.key) remembered.set(r.key, r);
}

/** New direct CACTI results and the remembered ones used since the last call (then forgotten). */
export function takeCactiRuns(): CactiRunDelta {
  const out = { fresh, reused: [...reused] };
  fresh = [];
  reused = new Set();
  return out;
}

/** How many times this process has run CACTI (a remembered or memoised result is no run). */
export function cactiRunCount(): number {
  return directRuns;
}

/** CACTI's own answers are worth keeping: figures, or no valid organisation; not a module that failed here. */
const keepable = (run: CactiRun) => run.ok || /no valid organisation/.test(run.reason);

const queryKey = (q: CactiQuery) => `${q.technologyNm}/${q.readPorts}-${q.writePorts}-${q.readWritePorts}/${q.widthBits}/${q.sizeBits}`;

/** One direct CACTI result (remembered, memoised or run now), or undefined when there is none and no runner. */
export function runCactiDirect(q: CactiQuery): CactiRun | undefined {
  const qk = queryKey(q);
  let hit = memo.get(qk);
  if (!hit) {
    const key = cactiKey(q);
    const known = remembered.get(key);
    if (known) hit = { entry: known, remembered: true };
    else {
      if (!runner) return undefined;
      const run = runner(q);
      if (!run) return undefined;
      directRuns++;
      hit = { entry: { key, query: { ...q }, run }, remembered: false };
      if (keepable(run)) fresh.push(hit.entry);
    }
    memo.set(qk, hit);
  }
  if (hit.remembered) reused.add(hit.entry.key);
  return hit.entry.run;
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
