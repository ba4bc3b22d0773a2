/**
 * CACTI memory costs from the committed table: time per lookup (grid point and interpolated), per core
 * re-pricing and per design edit, which is why nothing is cached in the workspace. Prints figures; asserts nothing.
 *   npx tsx bench/cacti.bench.ts
 */
import { lookupCacti } from '../src/engine/hardware/cacti';
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
