/**
 * Memories with `auto_cost_extraction: true` take CACTI's figures for their current size, width, ports and
 * node. Reference: ZigZag 3.8.0 on generic_array_cacti.yaml (22 nm), r_cost / w_cost (pJ) / area (mm²).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACTI_TABLE } from '../../../src/engine/hardware/cacti-table';
import { resolveCoreMemoryCosts } from '../../../src/engine/hardware/memory-costs';
import { buildCore } from '../../../src/engine/hardware/model';
import type { Core, MemoryInstance } from '../../../src/engine/hardware/types';
import { ZIGZAG_INPUTS } from '../../support/reference';
import { expectOk } from '../../support/result';
import { zigzagCore } from '../../support/zigzag-inputs';

const REFERENCE: Record<string, [number, number, number]> = {
  rf_I: [0.0878633, 0.159245, 0.000320741],
  rf_W: [0.0878633, 0.159245, 0.000320741],
  rf_O: [0.199462, 0.29577, 0.000950414],
  sram_32MB: [171925, 204890, 710.457],
  dram: [17119.6, 19384.6, 1053.63],
};

function editMemory(core: Core, name: string, edit: (m: MemoryInstance) => MemoryInstance): Core {
  return buildCore({
    ...core,
    memories: core.memories.map((l) => ({ instance: l.instance.name === name ? edit(l.instance) : l.instance, operands: l.operands, servedDimensions: l.servedDimensions })),
  });
}

describe('automatic memory costs (CACTI table)', () => {
  const file = join(ZIGZAG_INPUTS, 'hardware', 'generic_array_cacti.yaml');
  const core = zigzagCore('generic_array_cacti');

  it('gives every memory of generic_array_cacti ZigZag 3.8.0’s figures (within 1 %)', () => {
    const resolved = expectOk(resolveCoreMemoryCosts(core, CACTI_TABLE, { file }));
    for (const level of resolved.memories) {
      const m = level.instance;
      const ref = REFERENCE[m.name]!;
      expect(m.readCost, `${m.name} readCost`).toBeWithinRelative(ref[0], 0.01);
      expect(m.writeCost, `${m.name} writeCost`).toBeWithinRelative(ref[1], 0.01);
      expect(m.area, `${m.name} area`).toBeWithinRelative(ref[2], 0.01);
    }
  });

  it('never leaves an automatic memory at 0 pJ: costs follow the size, and a size with no figures is an error naming the memory', () => {
    const bigger = editMemory(core, 'rf_I', (m) => ({ ...m, sizeBits: 4096 }));
    const r = expectOk(resolveCoreMemoryCosts(bigger, CACTI_TABLE, { file }));
    const rf = r.memories.find((l) => l.instance.name === 'rf_I')!.instance;
    expect(rf.readCost).toBeGreaterThan(REFERENCE.rf_I![0]);
    expect(rf.area).toBeGreaterThan(REFERENCE.rf_I![2]);
    for (const l of r.memories) expect(l.instance.readCost).toBeGreaterThan(0);

    const huge = editMemory(core, 'dram', (m) => ({ ...m, sizeBits: 1e16 }));
    const failed = resolveCoreMemoryCosts(huge, CACTI_TABLE, { file });
    expect(failed.ok).toBe(false);
    if (!failed.ok) {
      expect(failed.issues[0]).toMatchObject({ file, field: 'memories.dram' });
      expect(failed.issues[0]!.found).toMatch(/outside the CACTI table/);
    }
  });

  it('refuses a memory type or technology node the table lacks, naming the memory', () => {
    const dram = editMemory(core, 'dram', (m) => ({ ...m, memType: 'dram' }));
    const a = resolveCoreMemoryCosts(dram, CACTI_TABLE, { file });
    expect(!a.ok && a.issues[0]!.field).toBe('memories.dram');
    expect(!a.ok && a.issues[0]!.found).toMatch(/mem_type "dram"/);
    const node = resolveCoreMemoryCosts({ ...core, technology: 7 }, CACTI_TABLE, { file });
    expect(!node.ok && node.issues.map((i) => i.field)).toEqual(['memories.rf_I', 'memories.rf_W', 'memories.rf_O', 'memories.sram_32MB', 'memories.dram']);
    expect(!node.ok && node.issues[0]!.found).toMatch(/technology 7 nm/);
  });
});
