import { describe, expect, it } from 'vitest';
import type { Accelerator } from '../../../src/engine/hardware/types';
import { CORE_LIBRARY, coreFromTemplate, templateById } from '../../../src/renderer/hardware/core-library';
import {
  addBus, addCore, buses, connect, connections, duplicateCores, edgesOf, emptyDesign, meshDesign, removeConnection, removeCores, shareMemory, topologyOf, topologyRewriteNotice, updateBus, updateConnection, withLinks,
} from '../../../src/renderer/hardware/design';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import { validateDesign } from '../../../src/engine/browser';

const tpu = templateById('tpu_like')!;
const simd = templateById('simd')!;

function twoCores(): Accelerator {
  let design = emptyDesign('d');
  design = addCore(design, tpu).design;
  design = addCore(design, simd).design;
  return design;
}

describe('design editing operations', () => {
  it('starts with only an off-chip core', () => {
    const design = emptyDesign('d');
    expect(design.cores.map((c) => c.name)).toEqual(['offchip']);
    expect(design.offchipCoreId).toBe(0);
  });

  it('adds cores before the off-chip core, keeping ids 0..N-1', () => {
    const design = twoCores();
    expect(design.cores.map((c) => [c.id, c.name])).toEqual([[0, 'tpu_like'], [1, 'simd'], [2, 'offchip']]);
    expect(design.offchipCoreId).toBe(2);
    expect(design.coreFiles).toEqual([null, null, null]);
    expect(design.cores.every((c) => c.sharedMemoryGroupId === c.id)).toBe(true);
  });

  it('names a second core of a kind uniquely', () => {
    const design = addCore(twoCores(), tpu).design;
    expect(design.cores.map((c) => c.name)).toEqual(['tpu_like', 'simd', 'tpu_like_2', 'offchip']);
  });

  it('connects two cores with one directed link each way, and edges for routing', () => {
    const design = connect(twoCores(), 0, 1, 128, 0.5);
    expect(design.links).toEqual([
      { kind: 'link', id: 0, from: 0, to: 1, bandwidth: 128, unitEnergyCost: 0.5 },
      { kind: 'link', id: 1, from: 1, to: 0, bandwidth: 128, unitEnergyCost: 0.5 },
    ]);
    expect(design.edges).toEqual([{ from: 0, to: 1, linkId: 0 }, { from: 1, to: 0, linkId: 1 }]);
    expect(connect(design, 1, 0)).toBe(design);
    expect(connections(design)).toEqual([{ key: '0-1', a: 0, b: 1, linkIds: [0, 1], bandwidth: 128, unitEnergyCost: 0.5 }]);
  });

  it('edits and removes a connection as one', () => {
    let design = connect(twoCores(), 0, 1);
    design = updateConnection(design, '0-1', { bandwidth: 32 });
    expect(design.links.map((l) => l.bandwidth)).toEqual([32, 32]);
    design = removeConnection(design, '0-1');
    expect(design.links).toEqual([]);
    expect(design.edges).toEqual([]);
  });

  it('puts cores on a bus with an edge for every ordered pair', () => {
    const { design, id } = addBus(twoCores(), [2, 0, 1], 64);
    expect(buses(design)).toEqual([{ kind: 'bus', id, cores: [0, 1, 2], bandwidth: 64, unitEnergyCost: 0, role: 'declared' }]);
    expect(design.edges).toHaveLength(6);
    const smaller = updateBus(design, id, { cores: [0, 2] });
    expect(smaller.edges.map((e) => [e.from, e.to])).toEqual([[0, 2], [2, 0]]);
  });

  it('writes the topology declaration as typed links and buses', () => {
    const design = addBus(connect(twoCores(), 0, 1, 256), [0, 1, 2], 64).design;
    expect(topologyOf(design)).toEqual({
      format: 'stream-typed',
      unitEnergyCost: 0,
      connectivity: [
        { type: 'link', cores: [0, 1], bandwidth: 256, unitEnergyCost: 0 },
        { type: 'bus', cores: [0, 1, 2], bandwidth: 64, unitEnergyCost: 0 },
      ],
    });
    expect(design.topology).toEqual(topologyOf(design));
  });

  it('renumbers cores, links and buses when a core is removed', () => {
    let design = addCore(twoCores(), tpu).design;
    design = connect(design, 0, 2);
    design = connect(design, 1, 2);
    design = addBus(design, [0, 1, 3]).design;
    design = removeCores(design, [0]);
    expect(design.cores.map((c) => [c.id, c.name])).toEqual([[0, 'simd'], [1, 'tpu_like_2'], [2, 'offchip']]);
    expect(design.offchipCoreId).toBe(2);
    expect(connections(design).map((c) => c.key)).toEqual(['0-1']);
    expect(buses(design)[0].cores).toEqual([0, 2]);
  });

  it('drops a bus left with fewer than two cores', () => {
    const design = removeCores(addBus(twoCores(), [0, 1]).design, [1]);
    expect(buses(design)).toEqual([]);
  });

  it('groups cores that share memory and follows renumbering', () => {
    let design = addCore(twoCores(), tpu).design;
    design = shareMemory(design, [2, 0]);
    expect(design.coreMemorySharing).toEqual([[0, 2]]);
    expect(design.cores.map((c) => c.sharedMemoryGroupId)).toEqual([0, 1, 0, 3]);
    design = removeCores(design, [1]);
    expect(design.coreMemorySharing).toEqual([[0, 1]]);
    expect(design.cores.map((c) => c.sharedMemoryGroupId)).toEqual([0, 0, 2]);
  });

  it('pastes copies of cores with new ids and names', () => {
    const design = twoCores();
    const pasted = duplicateCores(design, [design.cores[0], design.cores[2]]);
    expect(pasted.ids).toEqual([2]);
    expect(pasted.design.cores.map((c) => c.name)).toEqual(['tpu_like', 'simd', 'tpu_like_copy', 'offchip']);
    expect(pasted.design.cores[2].memories).toEqual(design.cores[0].memories);
  });

  it('generates a valid mesh with an off-chip bus', () => {
    const mesh = meshDesign('m', 8, 8, tpu);
    expect(mesh.cores).toHaveLength(65);
    expect(connections(mesh)).toHaveLength(2 * 8 * 7);
    expect(buses(mesh)[0].cores).toEqual([0, 8, 16, 24, 32, 40, 48, 56, 64]);
    expect(validateDesign(mesh)).toEqual([]);
  });

  it('lets a later declaration of a pair win in the routing edges', () => {
    const edges = edgesOf([
      { kind: 'link', id: 0, from: 0, to: 1, bandwidth: 1, unitEnergyCost: 0 },
      { kind: 'bus', id: 1, cores: [0, 1], bandwidth: 1, unitEnergyCost: 0, role: 'declared' },
    ]);
    expect(edges).toEqual([{ from: 0, to: 1, linkId: 1 }, { from: 1, to: 0, linkId: 1 }]);
  });
});

describe('designs from an older topology format', () => {
  it('say so when an edit rewrites their off-chip buses in the typed format, and only then', () => {
    const older = loadAcceleratorFile('resources/inputs/stream/examples/hardware/eyeriss_like_dual_core.yaml');
    if (!older.ok) throw new Error(older.issues.map((i) => i.expected).join('; '));
    expect(older.value.topology.format).not.toBe('stream-typed');
    const edited = withLinks(older.value, older.value.links);
    expect(edited.topology.format).toBe('stream-typed');
    expect(topologyRewriteNotice(older.value, edited)).toMatch(/older topology format .* off-chip buses connect each core to the off-chip core only/);
    // The next edit of the rewritten design, and edits of typed designs, say nothing.
    expect(topologyRewriteNotice(edited, withLinks(edited, edited.links))).toBeUndefined();
    const typed = addCore(emptyDesign('typed'), templateById('tpu_like')!).design;
    expect(topologyRewriteNotice(typed, withLinks(typed, typed.links))).toBeUndefined();
  });
});

describe('core library', () => {
  it('derives per-operand hierarchies and unroll counts like the hardware model', () => {
    const core = coreFromTemplate(tpu, 3);
    expect(core.id).toBe(3);
    expect(core.hierarchy.I2.map((l) => l.instance.name)).toEqual(['rf_128B', 'sram_2MB']);
    expect(core.hierarchy.O.map((l) => l.instance.name)).toEqual(['rf_2B', 'sram_2MB']);
    expect(core.memories.map((l) => l.unrollCount)).toEqual([1024, 32, 1]);
    expect(core.memories[2].levelOfOperand).toEqual({ I1: 0, I2: 1, O: 1 });
    expect(core.memories[1].portAllocation.O).toEqual({ tl: 'r_port_1', th: 'r_port_2', fh: 'w_port_1', fl: 'w_port_2' });
  });

  it('has a valid core for every template', () => {
    let design = emptyDesign('lib');
    for (const template of CORE_LIBRARY.filter((t) => t.type === 'compute')) design = addCore(design, template).design;
    const ids = design.cores.filter((c) => c.id !== design.offchipCoreId).map((c) => c.id);
    design = addBus(design, [...ids, design.offchipCoreId!]).design;
    expect(validateDesign(design)).toEqual([]);
    const dram = design.cores[design.offchipCoreId!];
    expect(dram.type).toBe('memory');
    expect(dram.memories[0].instance.ports.map((p) => p.type)).toEqual(['read_write']);
  });
});
