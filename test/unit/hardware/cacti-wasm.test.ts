/**
 * CACTI in WebAssembly (resources/cacti/cacti.mjs, scripts/cacti-wasm.mjs) against native CACTI: the direct runs
 * recorded in test/fixtures/cacti/direct-runs.json (native CACTI 7 of ZigZag 3.8.0, scripts/cacti-table.mjs). A
 * representative handful (each run takes 0.1-1 s at these sizes): reference memories, widths between the table's, the worst
 * between-width interpolation of the table, CACTI organisation jumps, a port combination the table lacks and a
 * shape CACTI finds no organisation for. Then the pricing rule (cacti-costs.ts): table grid point, else a direct run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupCacti } from '../../../src/engine/hardware/cacti';
import { cactiKey, cactiRunCount, hasCactiRunner, priceCacti, rememberCactiRuns, runCactiDirect, takeCactiRuns, useCactiRunner } from '../../../src/engine/hardware/cacti-costs';
import { cactiConfig, parseCactiCsv } from '../../../src/engine/hardware/cacti-run';
import { CACTI_TABLE } from '../../../src/engine/hardware/cacti-table';
import { installCactiWasm } from '../../../src/engine/io';
import { describeRun, DIRECT_RUNS, queryOf, type DirectRun } from '../../fixtures/cacti/direct-runs';

const FIX = DIRECT_RUNS;
const q = queryOf;
const name = describeRun;
const small = (run: DirectRun) => run.sizeBits <= 2 ** 20;
const tableError = (run: DirectRun) => {
  const res = lookupCacti(CACTI_TABLE, q(run));
  return res.ok ? Math.max(Math.abs(res.cost.readEnergy / run.read - 1), Math.abs(res.cost.writeEnergy / run.write - 1), Math.abs(res.cost.area / run.area - 1)) : 0;
};

const betweenWidths = FIX.offGrid.runs.filter((r) => !r.invalid && small(r) && !CACTI_TABLE.grid.widths.includes(r.width));
const byPorts = (rw: number) => betweenWidths.filter((r) => r.rw === rw).slice(0, 2);
const worst = [...betweenWidths].sort((a, b) => tableError(b) - tableError(a))[0]!;
const jumpCells = [...FIX.jumps.cells].sort((a, b) => a.at.sizeBits - b.at.sizeBits).slice(0, 2);

/** The handful compared with native CACTI, by what each shows. */
const CASES: { why: string; run: DirectRun }[] = [
  ...FIX.runs.filter((r) => small(r) && r.sizeBits === 1024).map((run) => ({ why: 'reference memory (generic_array_cacti rf)', run })),
  { why: 'port combination the table lacks (0+0+2)', run: FIX.runs.find((r) => r.r === 0 && r.rw === 2 && small(r))! },
  ...[...byPorts(0), ...byPorts(1)].map((run) => ({ why: 'width between the table widths', run })),
  { why: `the table's worst between-width interpolation (${(tableError(worst) * 100).toFixed(0)} % off)`, run: worst },
  ...jumpCells.flatMap((c) => [c.below, c.at, c.above].map((run) => ({ why: 'at a CACTI organisation jump', run }))),
  { why: 'sweep-region SRAM between widths', run: FIX.offGrid.runs.find((r) => !r.invalid && r.sizeBits > 2 ** 21 && r.sizeBits < 2 ** 23 && !CACTI_TABLE.grid.widths.includes(r.width))! },
];

beforeAll(async () => {
  expect(await installCactiWasm()).toBe(true);
});
afterAll(() => useCactiRunner(undefined));

describe('CACTI compiled to WebAssembly', () => {
  it('covers the cases it claims to (fixture selection)', () => {
    expect(CASES.every((c) => c.run !== undefined)).toBe(true);
    expect(CASES.length).toBeGreaterThanOrEqual(14);
    expect(new Set(CASES.map((c) => `${c.run.r}+${c.run.w}+${c.run.rw}`)).size).toBeGreaterThanOrEqual(4);
    expect(tableError(worst)).toBeGreaterThan(0.05);
  });

  it.each(CASES.map((c) => [`${c.why}: ${name(c.run)}`, c.run] as const))('gives native CACTI’s figures: %s', (_label, run) => {
    const res = runCactiDirect(q(run));
    if (!res?.ok) throw new Error(`${name(run)}: ${res ? res.reason : 'no runner'}`);
    // CACTI prints 6 significant digits; the module reproduces them exactly.
    expect({ read: res.read, write: res.write, area: res.area }).toEqual({ read: run.read, write: run.write, area: run.area });
  });

  it('says so, naming CACTI’s reason, where CACTI finds no valid organisation', () => {
    const invalid = FIX.offGrid.runs.find((r) => r.invalid && small(r))!;
    const res = runCactiDirect(q(invalid));
    expect(res?.ok).toBe(false);
    expect(res && !res.ok && res.reason).toMatch(/CACTI finds no valid organisation.*no valid data array organizations found/);
  });
});

describe('pricing a memory: the table at its grid points, a direct CACTI run elsewhere', () => {
  it('takes a grid point from the table without running CACTI', () => {
    const ref = FIX.runs[0]!;
    const res = priceCacti(CACTI_TABLE, q(ref));
    expect(res.ok && res.cost).toMatchObject({ readEnergy: ref.read, writeEnergy: ref.write, area: ref.area, exact: true, betweenWidths: false });
    expect(res.ok && res.cost.direct).toBeUndefined();
  });

  it('runs CACTI between grid points: exact, not flagged approximate', () => {
    const res = priceCacti(CACTI_TABLE, q(worst));
    expect(res.ok && res.cost).toEqual({ readEnergy: worst.read, writeEnergy: worst.write, area: worst.area, exact: true, betweenWidths: false, direct: true });
  });

  it('falls back to the table’s flagged interpolation where no CACTI module is installed', async () => {
    expect(hasCactiRunner()).toBe(true);
    useCactiRunner(undefined);
    try {
      const res = priceCacti(CACTI_TABLE, q(worst));
      expect(res.ok && res.cost).toMatchObject({ exact: false, betweenWidths: true });
      expect(res.ok && res.cost.direct).toBeUndefined();
    } finally {
      expect(await installCactiWasm()).toBe(true);
    }
  });
});

describe('direct CACTI results kept by the host (a workspace)', () => {
  it('hands back new runs to store, and uses a remembered result instead of running CACTI', () => {
    const run = FIX.offGrid.runs.filter((r) => !r.invalid && small(r))[1]!;
    const query = { ...q(run), technologyNm: 28 };
    useCactiRunner(undefined);
    expect(runCactiDirect(query)).toBeUndefined();
    // A result another process stored (here: made up, so that its use is visible) is used though no module is installed.
    const stored = { key: cactiKey(query), query, run: { ok: true as const, read: 1, write: 2, area: 3 } };
    rememberCactiRuns([stored, { ...stored, key: 'not the key of its query', query: { ...query, sizeBits: query.sizeBits * 2 } }]);
    takeCactiRuns();
    const runs = cactiRunCount();
    expect(priceCacti(CACTI_TABLE, query)).toEqual({ ok: true, cost: { readEnergy: 1, writeEnergy: 2, area: 3, exact: true, betweenWidths: false, direct: true } });
    expect(runCactiDirect({ ...query, sizeBits: query.sizeBits * 2 })).toBeUndefined();
    expect(cactiRunCount()).toBe(runs);
    expect(takeCactiRuns()).toEqual({ fresh: [], reused: [stored.key] });
  });

  it('collects CACTI’s answers (figures, no valid organisation) for the host, once each', async () => {
    expect(await installCactiWasm()).toBe(true);
    takeCactiRuns();
    const run = FIX.offGrid.runs.filter((r) => !r.invalid && small(r))[0]!;
    const invalid = FIX.offGrid.runs.find((r) => r.invalid && small(r))!;
    const runs = cactiRunCount();
    runCactiDirect(q(run));
    runCactiDirect(q(run));
    runCactiDirect(q(invalid));
    expect(cactiRunCount()).toBe(runs + 2);
    const { fresh, reused } = takeCactiRuns();
    expect(reused).toEqual([]);
    expect(fresh.map((f) => [f.key, f.run.ok])).toEqual([[cactiKey(q(run)), true], [cactiKey(q(invalid)), false]]);
    expect(fresh[0]!.run).toEqual({ ok: true, read: run.read, write: run.write, area: run.area });
    expect(takeCactiRuns().fresh).toEqual([]);
  });
});

describe('the CACTI driver', () => {
  it('writes ZigZag’s configuration for the memory', () => {
    const text = cactiConfig({ sizeBits: 8192, widthBits: 24, readPorts: 2, writePorts: 1, readWritePorts: 0, technologyNm: 28 });
    for (const line of ['-size (bytes) 1024', '-block size (bytes) 24', '-output/input bus width 24', '-exclusive read port 2', '-exclusive write port 1', '-read-write port 0', '-technology (u) 0.028', '-cache type "ram"', '-UCA bank count 1', '-Optimize ED or ED^2 (ED, ED^2, NONE): "ED^2"']) {
      expect(text.split('\n'), line).toContain(line);
    }
  });

  it('reads only the columns it needs (a scratchpad’s N/A columns are no obstacle) and refuses a non-number', () => {
    const header = 'Tech node (nm), Capacity (bytes), Dynamic search energy (nJ), Dynamic read energy (nJ), Dynamic write energy (nJ), Area (mm2), Tag array: Dynamic read energy (nJ)';
    expect(parseCactiCsv(`${header}\n22, 128, N/A, 8.78633e-05, 0.000159245, 0.000320741, N/A\n`)).toEqual({ ok: true, read: 0.0878633, write: 0.159245, area: 0.000320741 });
    const bad = parseCactiCsv(`${header}\n22, 128, N/A, N/A, 0.000159245, 0.000320741, N/A\n`);
    expect(bad.ok ? 'ok' : bad.reason).toMatch(/"Dynamic read energy \(nJ\)" is not a number: N\/A/);
  });
});
