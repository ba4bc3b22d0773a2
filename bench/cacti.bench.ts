/**
 * CACTI memory costs: time per table lookup (grid point and interpolated), per core re-pricing and per design edit;
 * then the direct CACTI runs in WebAssembly that price every configuration off the table's grid (fresh instance,
 * one run per memory size class, a memoised repeat, a design edit that needs a run). Prints figures; asserts nothing.
 *   npx tsx bench/cacti.bench.ts
 */
import { loadavg } from 'node:os';
import { lookupCacti, type CactiQuery } from '../src/engine/hardware/cacti';
import { runCactiDirect, useCactiRunner } from '../src/engine/hardware/cacti-costs';
import { installCactiWasm } from '../src/engine/io';
import { CACTI_TABLE } from '../src/engine/hardware/cacti-table';
import { applyDesignEdit } from '../src/engine/hardware/design-edits';
import { loadCoreFile } from '../src/engine/hardware/io';
import { resolveCoreMemoryCosts } from '../src/engine/hardware/memory-costs';

const REF = new URL('../../shared/reference/inputs/zigzag/hardware/generic_array_cacti.yaml', import.meta.url).pathname;
const loaded = loadCoreFile(REF);
if (!loaded.ok) throw new Error('generic_array_cacti.yaml did not load');
const core = loaded.value;

function time(label: string, n: number, f: (i: number) => void): void {
  for (let i = 0; i < Math.min(n, 1000); i++) f(i);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f(i);
  const us = ((performance.now() - t0) * 1000) / n;
  console.log(`${label.padEnd(52)} ${us.toFixed(2)} µs`);
}

time('lookup at a grid point (1 Kib × 16 b, 1R1W)', 200_000, () => {
  lookupCacti(CACTI_TABLE, { sizeBits: 1024, widthBits: 16, readPorts: 1, writePorts: 1, readWritePorts: 0, technologyNm: 22 });
});
time('lookup between grid points (size and width)', 200_000, (i) => {
  lookupCacti(CACTI_TABLE, { sizeBits: 300_000 + (i % 1000) * 8, widthBits: 48, readPorts: 1, writePorts: 1, readWritePorts: 0, technologyNm: 22 });
});
time('re-price generic_array_cacti (5 memories)', 20_000, () => {
  resolveCoreMemoryCosts(core, CACTI_TABLE, { file: 'bench' });
});
const acc = { name: 'g', cores: [core], offchipCoreId: null, links: [], edges: [], coreMemorySharing: [], coreFiles: [null], topology: { format: 'stream-typed' as const, connectivity: [], unitEnergyCost: 0 } };
time('design edit: rf_I size, re-priced', 20_000, (i) => {
  applyDesignEdit(acc, { kind: 'memory-size', coreId: 0, memory: 'rf_I', sizeBits: 1024 + 8 * (i % 64) }, { cactiTable: CACTI_TABLE });
});
console.log(`table: ${Object.keys(CACTI_TABLE.series).length} series, ${Object.values(CACTI_TABLE.series).reduce((s, x) => s + x.sizes.length, 0)} CACTI points`);

// ------------------------------------------------------------------------------------------- direct CACTI runs
console.log(`\ndirect CACTI runs (WebAssembly, one fresh instance per run); load average ${loadavg()[0]!.toFixed(2)}`);
let t0 = performance.now();
if (!(await installCactiWasm())) throw new Error('the CACTI module did not start');
console.log(`${'load + compile + probe the module (once per process)'.padEnd(52)} ${(performance.now() - t0).toFixed(0)} ms`);
const runs: [string, CactiQuery][] = [
  ['rf 1 Kib (as 128 Kib) × 20 b, 1R1W', { sizeBits: 131072, widthBits: 20, readPorts: 1, writePorts: 1, readWritePorts: 0, technologyNm: 22 }],
  ['SRAM 288 KiB × 192 b, 1R1W (off grid)', { sizeBits: 2_359_296 + 8, widthBits: 192, readPorts: 1, writePorts: 1, readWritePorts: 0, technologyNm: 22 }],
  ['SRAM 2.06 MB × 2048 b, 1RW (off grid)', { sizeBits: 16_842_752, widthBits: 2048, readPorts: 0, writePorts: 0, readWritePorts: 1, technologyNm: 22 }],
  ['SRAM 33 MB × 16384 b, 2R2W (off grid)', { sizeBits: 270_532_608, widthBits: 16384, readPorts: 2, writePorts: 2, readWritePorts: 0, technologyNm: 22 }],
  ['10.2 Gb × 2048 b, 1RW (DRAM-sized SRAM, off grid)', { sizeBits: 10_240_000_000, widthBits: 2048, readPorts: 0, writePorts: 0, readWritePorts: 1, technologyNm: 22 }],
];
for (const [label, query] of runs) {
  t0 = performance.now();
  const run = runCactiDirect(query)!;
  const ms = performance.now() - t0;
  t0 = performance.now();
  runCactiDirect(query);
  const memoUs = (performance.now() - t0) * 1000;
  console.log(`${label.padEnd(52)} ${ms.toFixed(0).padStart(5)} ms   memoised again ${memoUs.toFixed(1)} µs   ${run.ok ? `r ${run.read} / w ${run.write} pJ, ${run.area} mm²` : run.reason}`);
}
useCactiRunner(undefined);
await installCactiWasm();
t0 = performance.now();
const edited = applyDesignEdit(acc, { kind: 'memory-size', coreId: 0, memory: 'rf_I', sizeBits: 1032 }, { cactiTable: CACTI_TABLE });
const coldMs = performance.now() - t0;
t0 = performance.now();
applyDesignEdit(acc, { kind: 'memory-size', coreId: 0, memory: 'rf_I', sizeBits: 1032 }, { cactiTable: CACTI_TABLE });
console.log(`${'design edit rf_I 1032 b (off grid): direct run'.padEnd(52)} ${coldMs.toFixed(0).padStart(5)} ms   same edit again ${((performance.now() - t0) * 1000).toFixed(0)} µs   ${edited.ok ? 'ok' : 'refused'}`);
