/** Consistent design edits: derived fields follow the field changed (docs/design-edits.md). */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CACTI_TABLE } from '../../../src/engine/hardware/cacti-table';
import { applyDesignEdit, followDimension } from '../../../src/engine/hardware/design-edits';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import type { Accelerator } from '../../../src/engine/hardware/types';
import { loadMappingFile } from '../../../src/engine/mapping/io';
import { expectOk } from '../../support/result';
import { zigzagCore } from '../../support/zigzag-inputs';

const EXAMPLES = fileURLToPath(new URL('../../../resources/inputs/stream/examples/', import.meta.url));
const quad = () => expectOk(loadAcceleratorFile(join(EXAMPLES, 'hardware', 'tpu_like_quad_core.yaml')));
const quadMapping = () => expectOk(loadMappingFile(join(EXAMPLES, 'mapping', 'tpu_like_quad_core.yaml')));

function single(core = zigzagCore('generic_array_cacti')): Accelerator {
  return { name: core.name, cores: [core], offchipCoreId: null, links: [], edges: [], coreMemorySharing: [], coreFiles: [null], topology: { format: 'stream-typed', connectivity: [], unitEnergyCost: 0 } };
}

describe('followDimension', () => {
  it('re-derives an unrolling that filled the dimension, keeps ones that fit and clips the last ones that do not', () => {
    expect(followDimension([{ loopDim: 'K', factor: 32 }], 32, 16).unrollings).toEqual([{ loopDim: 'K', factor: 16 }]);
    expect(followDimension([{ loopDim: 'K', factor: 32 }], 32, 64).unrollings).toEqual([{ loopDim: 'K', factor: 64 }]);
    expect(followDimension([{ loopDim: 'K', factor: 8 }], 32, 16)).toEqual({ unrollings: [{ loopDim: 'K', factor: 8 }] });
    const mixed = followDimension([{ loopDim: 'OX', factor: 4 }, { loopDim: 'K', factor: 8 }], 32, 12);
    expect(mixed.unrollings).toEqual([{ loopDim: 'OX', factor: 4 }, { loopDim: 'K', factor: 3 }]);
    expect(mixed.note).toBe('OX 4 · K 8 → OX 4 · K 3');
    expect(followDimension([{ loopDim: 'OX', factor: 4 }, { loopDim: 'K', factor: 8 }], 32, 5).unrollings).toEqual([{ loopDim: 'OX', factor: 4 }]);
  });
});

describe('applyDesignEdit', () => {
  it('re-prices an automatic-cost memory from CACTI when its size changes; given costs stay', () => {
    const acc = single();
    const out = expectOk(applyDesignEdit(acc, { kind: 'memory-size', coreId: 0, memory: 'rf_I', sizeBits: 2048 }, { cactiTable: CACTI_TABLE }));
    const before = expectOk(applyDesignEdit(acc, { kind: 'memory-size', coreId: 0, memory: 'rf_I', sizeBits: 1024 }, { cactiTable: CACTI_TABLE }));
    const rf = (a: Accelerator) => a.cores[0]!.memories.find((l) => l.instance.name === 'rf_I')!.instance;
    expect(rf(out.accelerator).sizeBits).toBe(2048);
    expect(rf(out.accelerator).readCost).toBeGreaterThan(rf(before.accelerator).readCost);
    expect(out.notes[0]).toMatch(/rf_I costs \(CACTI\)/);

    const q = quad();
    const given = expectOk(applyDesignEdit(q, { kind: 'memory-size', coreId: 1, memory: q.cores[1]!.memories[0]!.instance.name, sizeBits: 4096 }));
    expect(given.accelerator.cores[1]!.memories[0]!.instance.readCost).toBe(q.cores[1]!.memories[0]!.instance.readCost);
    expect(given.accelerator.cores[0]).toBe(q.cores[0]);
  });

  it('names the memory when the table has no figures for the new shape', () => {
    const r = applyDesignEdit(single(), { kind: 'memory-size', coreId: 0, memory: 'sram_32MB', sizeBits: 2 ** 40 }, { cactiTable: CACTI_TABLE });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ field: 'cores[0].memories.sram_32MB' });
  });

  it('changes port counts, moving the functions of removed ports', () => {
    const out = expectOk(applyDesignEdit(single(), { kind: 'memory-ports', coreId: 0, memory: 'rf_O', readPorts: 1, writePorts: 1, readWritePorts: 0 }));
    const ports = out.accelerator.cores[0]!.memories.find((l) => l.instance.name === 'rf_O')!.instance.ports;
    expect(ports.map((p) => p.name)).toEqual(['r_port_1', 'w_port_1']);
    expect(ports[0]!.allocation.map((a) => a.direction).sort()).toEqual(['th', 'tl']);
    expect(ports[1]!.allocation.map((a) => a.direction).sort()).toEqual(['fh', 'fl']);
  });

  it('brings dataflows and the mapping’s spatial unrollings along with an array dimension, or names the conflict', () => {
    const q = quad();
    const m = quadMapping();
    const out = expectOk(applyDesignEdit(q, { kind: 'array-dimension', coreId: 0, dimension: 'D1', size: 16 }, { mapping: m }));
    const core0 = out.accelerator.cores[0]!;
    expect(core0.operationalArray.dimensions[0]!.size).toBe(16);
    expect(core0.dataflows?.D1).toEqual([{ loopDim: 'K', factor: 16 }]);
    expect(core0.memories.find((l) => l.servedDimensions.length === 0)?.unrollCount).toBe(16 * 32);
    expect(out.notes.some((n) => n.includes('dataflows D1: K 32 → K 16'))).toBe(true);
    expect(out.accelerator.cores[1]).toBe(q.cores[1]);

    const bad = applyDesignEdit(q, { kind: 'array-dimension', coreId: 0, dimension: 'D3', size: 4 });
    expect(!bad.ok && bad.issues[0]!.expected).toMatch(/an array dimension of core/);
  });
});
