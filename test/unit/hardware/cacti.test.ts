/**
 * CACTI memory costs: the table lookup (exact at grid points, interpolated between them, refusals with reasons)
 * and the bundled table against direct CACTI runs recorded in test/fixtures/cacti/direct-runs.json.
 */
import { describe, expect, it } from 'vitest';
import { lookupCacti, techUm, type CactiTable } from '../../../src/engine/hardware/cacti';
import { CACTI_TABLE } from '../../../src/engine/hardware/cacti-table';
import { DIRECT_RUNS, queryOf, type DirectRun } from '../../fixtures/cacti/direct-runs';

const FIX = DIRECT_RUNS;
const RUNS = FIX.runs;
const ALL = [...FIX.runs, ...FIX.offGrid.runs, ...FIX.atTableWidths.runs];

const q = queryOf;

const TINY: CactiTable = {
  format: 'test',
  grid: { techs: [0.022], ports: [[1, 1, 0]], widths: [16, 32], sizes: [1024, 2048, 4096] },
  series: {
    '0.022/1-1-0/16': { sizes: [1024, 2048, 4096], read: [1, 2, 4], write: [2, 4, 8], area: [0.1, 0.2, 0.4] },
    '0.022/1-1-0/32': { sizes: [1024, 2048, 4096], read: [3, null, 5], write: [4, null, 6], area: [0.3, null, 0.5] },
  },
};

describe('lookupCacti', () => {
  it('returns grid figures unchanged and interpolates linearly in size and width between them', () => {
    const at = (sizeBits: number, widthBits: number) =>
      lookupCacti(TINY, { sizeBits, widthBits, readPorts: 1, writePorts: 1, readWritePorts: 0, technologyNm: 22 });
    expect(at(2048, 16)).toEqual({ ok: true, cost: { readEnergy: 2, writeEnergy: 4, area: 0.2, exact: true, betweenWidths: false } });
    const mid = at(3072, 16);
    expect(mid.ok && mid.cost).toMatchObject({ readEnergy: 3, writeEnergy: 6, exact: false, betweenWidths: false });
    const wide = at(1024, 24);
    expect(wide.ok && wide.cost.readEnergy).toBeCloseTo(2, 12);
    expect(wide.ok && wide.cost.betweenWidths).toBe(true);
  });

  it('refuses, with the reason, points next to a missing organisation, outside the grid or with unknown ports/nodes', () => {
    const reason = (r: ReturnType<typeof lookupCacti>) => (r.ok ? 'ok' : r.reason);
    const base = { sizeBits: 2048, widthBits: 32, readPorts: 1, writePorts: 1, readWritePorts: 0, technologyNm: 22 };
    expect(reason(lookupCacti(TINY, base))).toMatch(/no valid organisation for 2048 b/);
    expect(reason(lookupCacti(TINY, { ...base, sizeBits: 1536 }))).toMatch(/no valid organisation at 2048 b.*cannot be interpolated/);
    expect(reason(lookupCacti(TINY, { ...base, sizeBits: 8192, widthBits: 16 }))).toMatch(/outside the CACTI table/);
    expect(reason(lookupCacti(TINY, { ...base, widthBits: 64 }))).toMatch(/read bandwidth 64 b is outside/);
    expect(reason(lookupCacti(TINY, { ...base, readPorts: 3 }))).toMatch(/3 read \+ 1 write \+ 0 read\/write ports are not in the CACTI table/);
    expect(reason(lookupCacti(TINY, { ...base, technologyNm: 45 }))).toMatch(/technology 45 nm is not in the CACTI table/);
  });

  it('keys nodes by CACTI µm figures', () => {
    expect(techUm(22)).toBe(0.022);
    expect(techUm(90)).toBe(0.09);
  });
});

describe('the bundled CACTI table against direct CACTI runs', () => {
  const tabled = (run: DirectRun) =>
    CACTI_TABLE.grid.techs.includes(run.tech) && CACTI_TABLE.grid.ports.some(([r, w, rw]) => r === run.r && w === run.w && rw === run.rw);
  const onGrid = (run: DirectRun) => {
    const s = CACTI_TABLE.series[`${run.tech}/${run.r}-${run.w}-${run.rw}/${run.width}`];
    return s !== undefined && s.sizes.includes(run.sizeBits);
  };

  it('gives CACTI’s own figures at grid points (every reference memory of generic_array_cacti among them)', () => {
    const grid = RUNS.filter((r) => tabled(r) && onGrid(r));
    expect(grid.length).toBeGreaterThanOrEqual(6);
    for (const run of grid) {
      const res = lookupCacti(CACTI_TABLE, q(run));
      if (!res.ok) throw new Error(res.reason);
      expect(res.cost.exact).toBe(true);
      expect(res.cost.readEnergy).toBeWithinRelative(run.read, 1e-12);
      expect(res.cost.writeEnergy).toBeWithinRelative(run.write, 1e-12);
      expect(res.cost.area).toBeWithinRelative(run.area, 1e-12);
    }
  });

  const errorOf = (run: DirectRun) => {
    const res = lookupCacti(CACTI_TABLE, q(run));
    if (!res.ok) return null;
    const error = Math.max(
      Math.abs(res.cost.readEnergy / run.read - 1),
      Math.abs(res.cost.writeEnergy / run.write - 1),
      Math.abs(res.cost.area / run.area - 1),
    );
    return { error, cost: res.cost, name: `${run.sizeBits} b × ${run.width} b, ${run.r}+${run.w}+${run.rw}` };
  };
  const between = ALL.filter((r) => !r.invalid && tabled(r) && !onGrid(r));
  const atTableWidth = between.filter((r) => CACTI_TABLE.grid.widths.includes(r.width));
  const offTableWidth = between.filter((r) => !CACTI_TABLE.grid.widths.includes(r.width));
  /** The grid cell (neighbouring table sizes) of a size at a table width. */
  const cellOf = (run: DirectRun) => {
    const sizes = CACTI_TABLE.series[`${run.tech}/${run.r}-${run.w}-${run.rw}/${run.width}`]!.sizes;
    const hi = sizes.findIndex((s) => s > run.sizeBits);
    return [sizes[hi - 1]!, sizes[hi]!] as const;
  };
  const sameShape = (a: DirectRun, b: DirectRun) => a.width === b.width && a.r === b.r && a.w === b.w && a.rw === b.rw && a.tech === b.tech;

  it('interpolates along size within 5 % of a direct CACTI run at every table width, except across a CACTI organisation jump shown in the fixture', () => {
    expect(atTableWidth.length).toBeGreaterThanOrEqual(60);
    const jumps = FIX.jumps.cells;
    for (const run of atTableWidth) {
      const e = errorOf(run);
      if (!e) continue; // next to a grid point without a valid organisation: refused (tested below)
      expect(e.cost.betweenWidths, e.name).toBe(false);
      if (e.error <= 0.05) continue;
      // Off by more than 5 %: the fixture must show CACTI's own jump inside this grid cell — two direct runs at most
      // 1/32 of the cell apart whose figures differ by more than 5 %, where no interpolation can follow CACTI.
      const [lo, hi] = cellOf(run);
      const jump = jumps.find((j) => sameShape(j.at, run) && j.at.sizeBits === run.sizeBits);
      expect(jump, `${e.name}: ${(e.error * 100).toFixed(1)} % off and no CACTI jump recorded in its cell`).toBeDefined();
      const { below, above } = jump!;
      expect(sameShape(below, run) && sameShape(above, run)).toBe(true);
      expect(below.sizeBits).toBeGreaterThanOrEqual(lo);
      expect(above.sizeBits).toBeLessThanOrEqual(hi);
      expect(above.sizeBits - below.sizeBits).toBeLessThanOrEqual((hi - lo) / 32);
      const step = Math.max(Math.abs(above.read / below.read - 1), Math.abs(above.write / below.write - 1), Math.abs(above.area / below.area - 1));
      expect(step, e.name).toBeGreaterThan(0.05);
    }
    const within = atTableWidth.map(errorOf).filter((e) => e !== null && e.error <= 0.05).length;
    expect(within / atTableWidth.length).toBeGreaterThanOrEqual(AT_TABLE_WIDTH_WITHIN_5_PERCENT);
  });

  it('flags figures between table widths as approximate (CACTI is not monotone in the width) and keeps them within the measured spread', () => {
    expect(offTableWidth.length).toBeGreaterThanOrEqual(200);
    const errors = offTableWidth.map(errorOf).filter((e) => e !== null);
    for (const e of errors) expect(e.cost.betweenWidths, e.name).toBe(true);
    const within = errors.filter((e) => e.error <= 0.05).length;
    expect(within / errors.length).toBeGreaterThanOrEqual(BETWEEN_WIDTHS_WITHIN_5_PERCENT);
    const multiplesOf8 = errors.filter((e) => Number(e.name.split(' × ')[1]!.split(' ')[0]) % 8 === 0);
    for (const e of multiplesOf8) expect(e.error, e.name).toBeLessThan(BETWEEN_WIDTHS_MAX_ERROR_MULTIPLE_OF_8);
  });

  it('shows why: at one size CACTI’s figures jump up and down with the width, outside any interpolation of the neighbours', () => {
    const scan = FIX.widthScan.runs;
    expect(scan.length).toBeGreaterThanOrEqual(9);
    // Some width's figure lies more than 5 % outside the range of the scan's two neighbouring widths.
    const outside = scan.slice(1, -1).some((run, i) => {
      const [a, b] = [scan[i]!, scan[i + 2]!];
      return (['read', 'write', 'area'] as const).some((k) => run[k] > Math.max(a[k], b[k]) * 1.05 || run[k] < Math.min(a[k], b[k]) * 0.95);
    });
    expect(outside).toBe(true);
  });

  it('refuses every shape where CACTI finds no valid organisation', () => {
    const invalid = ALL.filter((r) => r.invalid && tabled(r));
    expect(invalid.length).toBeGreaterThanOrEqual(5);
    for (const run of invalid) expect(lookupCacti(CACTI_TABLE, q(run)).ok, `${run.sizeBits} b × ${run.width} b`).toBe(false);
  });

  it('refuses port combinations the table does not hold, naming them', () => {
    const run = RUNS.find((r) => r.r === 0 && r.rw === 2);
    expect(run).toBeDefined();
    const res = lookupCacti(CACTI_TABLE, q(run!));
    expect(res.ok ? 'ok' : res.reason).toMatch(/0 read \+ 0 write \+ 2 read\/write ports are not in the CACTI table/);
  });
});

/**
 * Measured on the committed table (docs/design-edits.md), recorded as floors so a worse table fails. At table
 * widths 187 of 226 off-grid shapes are within 5 % and each of the other 39 lies in a cell where CACTI's figures
 * jump (by 6.6-152 % within 1/32 of the cell, recorded in the fixture). Between table widths 195 of 328 are within
 * 5 %, the worst 125 % off (81 % for widths that are multiples of 8 b): the 5 % goal does not hold there, which is
 * why such figures are flagged (betweenWidths).
 */
const AT_TABLE_WIDTH_WITHIN_5_PERCENT = 0.82;
const BETWEEN_WIDTHS_WITHIN_5_PERCENT = 0.55;
const BETWEEN_WIDTHS_MAX_ERROR_MULTIPLE_OF_8 = 0.85;
