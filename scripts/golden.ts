/**
 * Regenerates test/golden/metrics.json: `npm run golden` (all cases) or `npm run golden -- ID_SUBSTRING...`
 * (only matching cases; the others keep their stored figures). Reference Stream figures (`referenceStream`)
 * are measured with the reference by hand and come from test/golden/reference-figures.ts. Prints every figure
 * that moved, for the commit message.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { CASES, GOLDEN_FILE, modesOf, runCase, type Compat, type Outcome } from '../test/golden/cases';
import { REFERENCE_FIGURES } from '../test/golden/reference-figures';

interface StoredCase {
  readonly id: string;
  readonly accelerator: string;
  readonly workload: string;
  readonly mapping: string;
  readonly allocation: string;
  readonly stacks?: readonly (readonly number[])[];
  readonly note?: string;
  readonly results: Record<string, Record<Compat, Outcome>>;
  readonly referenceStream?: unknown;
}

interface GoldenFile {
  readonly about: string;
  readonly cases: StoredCase[];
}

const wanted = process.argv.slice(2);
const previous: GoldenFile | undefined = existsSync(GOLDEN_FILE) ? (JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as GoldenFile) : undefined;
const old = new Map((previous?.cases ?? []).map((c) => [c.id, c]));
const cases: StoredCase[] = [];
const t0 = performance.now();
for (const c of CASES) {
  const before = old.get(c.id);
  const results: Record<string, Record<Compat, Outcome>> = {};
  for (const mode of modesOf(c)) {
    const row = {} as Record<Compat, Outcome>;
    for (const compat of ['default', 'reference'] as const) {
      if (wanted.length > 0 && !wanted.some((w) => c.id.includes(w)) && before?.results[mode]?.[compat]) {
        row[compat] = before.results[mode][compat];
        continue;
      }
      const t = performance.now();
      row[compat] = await runCase(c, compat, mode);
      const was = before?.results[mode]?.[compat];
      const moved = JSON.stringify(was) !== JSON.stringify(row[compat]);
      console.log(`${c.id} ${mode} ${compat}: ${JSON.stringify(row[compat])} (${((performance.now() - t) / 1000).toFixed(1)} s)${moved ? `  MOVED from ${JSON.stringify(was)}` : ''}`);
    }
    results[mode] = row;
  }
  cases.push({
    id: c.id,
    accelerator: c.accelerator,
    workload: c.workload,
    mapping: c.mapping,
    allocation: c.allocation,
    ...(c.stacks ? { stacks: c.stacks } : {}),
    ...(c.note ? { note: c.note } : {}),
    results,
    ...(REFERENCE_FIGURES[c.id] ? { referenceStream: REFERENCE_FIGURES[c.id] } : {}),
  });
}
const file: GoldenFile = {
  about:
    'Golden metrics (latency cycles, energy pJ, CN count) of every shipped example, default model and compat reference; ' +
    'regenerate with `npm run golden` (docs/golden-metrics.md). referenceStream: figures of the reference Stream, measured by hand.',
  cases,
};
writeFileSync(GOLDEN_FILE, `${JSON.stringify(file, null, 2)}\n`);
console.log(`wrote ${GOLDEN_FILE} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
