import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/engine/errors';
import { loadAcceleratorFile, loadCoreFile, resolveCoreReference } from '../../../src/engine/hardware/io';
import { memoryBandwidth, portFor, topMemoryLevel, topMemoryLevels } from '../../../src/engine/hardware/model';
import type { Accelerator } from '../../../src/engine/hardware/types';
import { ref } from './reference-files';

/** The link of the direct edge from core `from` to core `to`, if any. */
function linkBetween(accelerator: Accelerator, from: number, to: number) {
  const edge = accelerator.edges.find((e) => e.from === from && e.to === to);
  return edge === undefined ? undefined : accelerator.links.find((l) => l.id === edge.linkId);
}

describe('core import (ZigZag 3.8.0 legacy format)', () => {
  const core = unwrap(loadCoreFile(ref('inputs/zigzag/hardware/tpu_like.yaml')));

  it('builds the per-operand hierarchy bottom-up', () => {
    expect(core.format).toBe('zigzag-legacy');
    expect(core.hierarchy.I2.map((l) => l.instance.name)).toEqual(['rf_128B', 'dram']);
    expect(core.hierarchy.I1.map((l) => l.instance.name)).toEqual(['sram_2MB', 'dram']);
    expect(core.hierarchy.O.map((l) => l.instance.name)).toEqual(['rf_2B', 'sram_2MB', 'dram']);
    expect(topMemoryLevel(core, 'O')!.instance.name).toBe('dram');
    expect(topMemoryLevels(core).map((l) => l.instance.name)).toEqual(['dram']);
    const sram = core.memories.find((l) => l.instance.name === 'sram_2MB')!;
    expect(sram.levelOfOperand).toEqual({ I1: 0, O: 1 });
  });

  it('applies 3.8.0 port defaults: min bandwidth from the granularity, rw ports at the read bandwidth', () => {
    const sram = core.memories.find((l) => l.instance.name === 'sram_2MB')!;
    expect(sram.instance.ports.map((p) => [p.name, p.type, p.bandwidthMin, p.bandwidthMax])).toEqual([
      ['r_port_1', 'read', 64, 2048],
      ['w_port_1', 'write', 64, 2048],
    ]);
    expect(portFor(sram, 'O', 'th')?.name).toBe('r_port_1');
    expect(portFor(sram, 'I1', 'fh')?.name).toBe('w_port_1');
    const dram = topMemoryLevel(core, 'I1')!;
    expect(dram.instance.ports).toHaveLength(1);
    expect(dram.instance.ports[0]).toMatchObject({ name: 'rw_port_1', type: 'read_write', bandwidthMin: 64, bandwidthMax: 64 });
    expect(dram.instance.ports[0]!.allocation).toHaveLength(8);
  });

  it("reads a memory's bandwidth from r_bw / w_bw first, then from its widest port of the kind", () => {
    const sram = core.memories.find((l) => l.instance.name === 'sram_2MB')!.instance;
    expect([memoryBandwidth(sram, 'read'), memoryBandwidth(sram, 'write')]).toEqual([2048, 2048]);
    // A read/write port carries r_bw in this format: the write width is still w_bw, not the widest port that writes.
    const rw = { name: 'rw_port_1', type: 'read_write' as const, bandwidthMin: 4096, bandwidthMax: 4096, allocation: [] };
    const legacy = { ...sram, ports: [...sram.ports, rw], legacy: { ...sram.legacy!, readBandwidth: 4096, writeBandwidth: 1024 } };
    expect([memoryBandwidth(legacy, 'read'), memoryBandwidth(legacy, 'write')]).toEqual([4096, 1024]);
    const { legacy: _, ...typed } = legacy;
    expect([memoryBandwidth(typed, 'read'), memoryBandwidth(typed, 'write')]).toEqual([4096, 4096]);
    expect(memoryBandwidth({ ...typed, ports: typed.ports.filter((p) => p.type === 'write') }, 'read')).toBeUndefined();
  });

  it('counts instances over the array dimensions a memory does not serve', () => {
    const byName = (n: string) => core.memories.find((l) => l.instance.name === n)!;
    expect(byName('rf_128B').unrollCount).toBe(1024);
    expect(byName('rf_2B').unrollCount).toBe(1024);
    expect(byName('sram_2MB').unrollCount).toBe(1);
    expect(core.operationalArray).toMatchObject({ unitEnergy: 0.04, dimensions: [{ name: 'D1', size: 32 }, { name: 'D2', size: 32 }] });
  });

  it('keeps the last of duplicated YAML keys, as PyYAML does', () => {
    // tpu_like.yaml has two `ports:` keys under sram_2MB; the second (3 operands → I1 and O only) wins.
    const sram = core.memories.find((l) => l.instance.name === 'sram_2MB')!;
    expect(sram.operands).toEqual(['I1', 'O']);
  });

  it('reads IMC arrays and CACTI flags', () => {
    const aimc = unwrap(loadCoreFile(ref('inputs/zigzag/hardware/aimc.yaml')));
    expect(aimc.operationalArray.imc?.imcType).toBe('analog');
    const cacti = unwrap(loadCoreFile(ref('inputs/zigzag/hardware/generic_array_cacti.yaml')));
    expect(cacti.memories.some((l) => l.instance.autoCostExtraction)).toBe(true);
  });

  it('reads core dataflows', () => {
    const stream = unwrap(loadCoreFile(ref('inputs/stream/examples/hardware/cores/tpu_like.yaml')));
    expect(stream.dataflows).toEqual({ D1: [{ loopDim: 'K', factor: 32 }], D2: [{ loopDim: 'C', factor: 32 }] });
  });
});

describe('core import (ports format)', () => {
  it('reads named ports with their own bandwidths and allocations', () => {
    const core = unwrap(loadCoreFile(ref('zigzag-golden/inputs/hardware_gemm_l1.yaml')));
    expect(core.format).toBe('zigzag-ports');
    const l1 = core.memories.find((l) => l.instance.name === 'l1')!;
    expect(l1.instance.ports.map((p) => [p.name, p.bandwidthMin, p.bandwidthMax])).toEqual([
      ['rw_port_1', 64, 512],
      ['rw_port_2', 64, 512],
      ['rw_port_3', 64, 2048],
    ]);
    expect(l1.portAllocation).toEqual({ I1: { tl: 'rw_port_1' }, I2: { tl: 'rw_port_2' }, O: { tl: 'rw_port_3', fl: 'rw_port_3' } });
  });
});

describe('accelerator import: links as the reference builds them', () => {
  it('older format (ed4e12ef): two directed links per pair, one shared off-chip link at the DRAM write bandwidth', () => {
    const acc = unwrap(loadAcceleratorFile(ref('inputs/stream/examples/hardware/tpu_like_quad_core.yaml')));
    expect(acc.topology.format).toBe('stream-pairs');
    expect(acc.cores.map((c) => c.name)).toEqual(['tpu_like', 'tpu_like', 'tpu_like', 'tpu_like', 'pooling', 'pooling', 'offchip']);
    expect(acc.cores.map((c) => c.id)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(acc.offchipCoreId).toBe(6);
    expect(acc.cores.map((c) => c.type)).toEqual(['compute', 'compute', 'compute', 'compute', 'compute', 'compute', 'memory']);
    const pointToPoint = acc.links.filter((l) => l.kind === 'link');
    expect(pointToPoint).toHaveLength(24);
    expect(pointToPoint.every((l) => l.bandwidth === 32 && l.unitEnergyCost === 0)).toBe(true);
    expect(linkBetween(acc, 0, 1)).not.toBe(linkBetween(acc, 1, 0));
    const offchip = acc.links.filter((l) => l.kind === 'bus');
    expect(offchip).toEqual([{ kind: 'bus', id: 24, cores: [0, 1, 2, 3, 4, 5, 6], bandwidth: 64, unitEnergyCost: 0, role: 'offchip' }]);
    // Every core reaches the off-chip core in both directions over that one shared link.
    for (let c = 0; c < 6; c++) {
      expect(linkBetween(acc, c, 6)?.id).toBe(24);
      expect(linkBetween(acc, 6, c)?.id).toBe(24);
    }
    expect(acc.edges).toHaveLength(24 + 12);
    expect(linkBetween(acc, 0, 2)).toBeUndefined();
  });

  it('gives every core its own objects, even when several cores come from one file', () => {
    const acc = unwrap(loadAcceleratorFile(ref('inputs/stream/examples/hardware/tpu_like_quad_core.yaml')));
    expect(acc.cores[0]!.memories[2]).not.toBe(acc.cores[1]!.memories[2]);
    expect(acc.cores[0]!.memories[2]).toEqual(acc.cores[1]!.memories[2]);
    expect(acc.cores[1]!.hierarchy.O[1]).toBe(acc.cores[1]!.memories[2]);
    expect(acc.cores.map((c) => c.sharedMemoryGroupId)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('older format with a two-port DRAM: separate shared write and read links', () => {
    const acc = unwrap(loadAcceleratorFile(ref('inputs/stream/examples/hardware/fusemax.yaml')));
    expect(acc.links.map((l) => (l.kind === 'bus' ? [l.role, l.bandwidth] : l.kind))).toEqual([
      ['offchip-write', 3200],
      ['offchip-read', 3200],
    ]);
    expect(linkBetween(acc, 0, 2)?.id).toBe(0);
    expect(linkBetween(acc, 2, 0)?.id).toBe(1);
    expect(acc.coreMemorySharing).toEqual([[0, 1]]);
    expect(acc.cores.map((c) => c.sharedMemoryGroupId)).toEqual([0, 0, 2]);
  });

  it('newer format: one shared bus per entry; a pair declared twice uses its last declaration', () => {
    const acc = unwrap(loadAcceleratorFile(ref('inputs/stream-tutorial/lab1/hardware/hda_bus.yaml')));
    expect(acc.topology.format).toBe('stream-typed');
    expect(acc.offchipCoreId).toBe(3);
    expect(acc.links).toEqual([
      { kind: 'bus', id: 0, cores: [0, 1, 2], bandwidth: 32, unitEnergyCost: 0, role: 'declared' },
      { kind: 'bus', id: 1, cores: [0, 1, 2, 3], bandwidth: 32, unitEnergyCost: 0, role: 'declared' },
    ]);
    expect(acc.edges).toHaveLength(12);
    expect(acc.edges.every((e) => e.linkId === 1)).toBe(true);
    // First-declaration order is kept.
    expect(acc.edges.slice(0, 2)).toEqual([{ from: 0, to: 1, linkId: 1 }, { from: 1, to: 0, linkId: 1 }]);
  });

  it('graph format: Fortran-ordered 2D mesh plus the off-chip link', () => {
    const acc = unwrap(loadAcceleratorFile(ref('inputs/stream/testing/hardware/quad_testing_core_offchip.yaml')));
    expect(acc.topology.format).toBe('stream-graph');
    const links = acc.links.filter((l) => l.kind === 'link').map((l) => (l.kind === 'link' ? `${l.from}>${l.to}` : ''));
    expect(links).toEqual(['0>2', '2>0', '1>3', '3>1', '0>1', '1>0', '2>3', '3>2']);
    expect(acc.offchipCoreId).toBe(4);
  });
});

describe('core file resolution', () => {
  it('finds bare names in hardware folders near the accelerator, and repository-style paths by their tail', () => {
    const acc = ref('inputs/stream/examples/hardware/tpu_like_quad_core.yaml');
    expect(resolveCoreReference('tpu_like.yaml', acc)).toBe(ref('inputs/stream/examples/hardware/cores/tpu_like.yaml'));
    const fusemax = ref('inputs/stream/examples/hardware/fusemax.yaml');
    expect(resolveCoreReference('stream/inputs/examples/hardware/cores/fusemax_vec.yaml', fusemax)).toBe(
      ref('inputs/stream/examples/hardware/cores/fusemax_vec.yaml'),
    );
    expect(resolveCoreReference('no_such_core.yaml', acc)).toBeUndefined();
  });
});
