import { describe, expect, it } from 'vitest';
import type { Accelerator } from '../../../src/engine/hardware/types';
import { CORE_LIBRARY, coreFromTemplate, templateById } from '../../../src/renderer/hardware/core-library';
import {
  addBus, addCore, buses, connect, connections, duplicateCores, emptyDesign, meshDesign, removeBuses, removeConnection, removeCores, shareMemory, updateBus, updateConnection,
} from '../../../src/renderer/hardware/design';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import { topologyConversionNotice, validateDesign } from '../../../src/engine/browser';
import { carryBusPositions } from '../../../src/renderer/hardware/layout-store';

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
    const design = connect(twoCores(), 0, 1, { bandwidth: 128, unitEnergyCost: 0.5 });
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
    const { design, id } = addBus(twoCores(), [2, 0, 1], { bandwidth: 64, unitEnergyCost: 0 });
    expect(buses(design)).toEqual([{ kind: 'bus', id, cores: [0, 1, 2], bandwidth: 64, unitEnergyCost: 0, role: 'declared' }]);
    expect(design.edges).toHaveLength(6);
    const smaller = updateBus(design, id, { cores: [0, 2] });
    expect(smaller.id).toBe(id);
    expect(smaller.design.edges.map((e) => [e.from, e.to])).toEqual([[0, 2], [2, 0]]);
  });

  it('writes the topology declaration as typed links and buses, and derives the links from it', () => {
    const design = addBus(connect(twoCores(), 0, 1, { bandwidth: 256, unitEnergyCost: 0 }), [0, 1, 2], { bandwidth: 64, unitEnergyCost: 0 }).design;
    expect(design.topology).toEqual({
      format: 'stream-typed',
      unitEnergyCost: 0,
      connectivity: [
        { type: 'link', cores: [0, 1], bandwidth: 256, unitEnergyCost: null },
        { type: 'bus', cores: [0, 1, 2], bandwidth: 64, unitEnergyCost: null },
      ],
    });
    expect(design.links.map((l) => l.id)).toEqual([0, 1, 2]);
  });

  it('removes several buses at once although each removal renumbers the links after it', () => {
    let design = addBus(twoCores(), [0, 2]).design;
    design = addBus(design, [1, 2]).design;
    design = addBus(design, [0, 1]).design;
    expect(buses(design).map((b) => b.id)).toEqual([0, 1, 2]);
    expect(buses(removeBuses(design, [0, 2])).map((b) => b.cores)).toEqual([[1, 2]]);
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
    // The off-chip bus is declared first: first-column neighbours keep their link.
    const edge = mesh.edges.find((e) => e.from === 0 && e.to === 8)!;
    expect(mesh.links.find((l) => l.id === edge.linkId)?.kind).toBe('link');
  });

  it('lets a later declaration of a pair win in the routing edges', () => {
    const design = addBus(connect(twoCores(), 0, 1), [0, 1]);
    expect(design.design.edges).toEqual([{ from: 0, to: 1, linkId: design.id }, { from: 1, to: 0, linkId: design.id }]);
  });
});

describe('designs from an older topology format', () => {
  const older = () => {
    const loaded = loadAcceleratorFile('resources/inputs/stream/examples/hardware/eyeriss_like_dual_core.yaml');
    if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.expected).join('; '));
    expect(loaded.value.topology.format).toBe('stream-pairs');
    return loaded.value;
  };
  const routeOf = (d: Accelerator, from: number, to: number) => {
    const edge = d.edges.find((e) => e.from === from && e.to === to);
    return edge && d.links.find((l) => l.id === edge.linkId);
  };

  it('keep their format for a connection at the global figures and a new core, which gets its off-chip connection', () => {
    const design = older();
    const linked = connect(design, 2, 3);
    expect(linked.topology.format).toBe('stream-pairs');
    expect(routeOf(linked, 2, 3)).toMatchObject({ kind: 'link', bandwidth: 32 });
    expect(topologyConversionNotice(design, linked)).toBeUndefined();
    const added = addCore(linked, tpu);
    expect(added.design.topology.format).toBe('stream-pairs');
    expect(routeOf(added.design, added.id, 5)).toMatchObject({ kind: 'bus', role: 'offchip' });
    // Core pairs stay off the off-chip bus.
    expect(routeOf(added.design, 0, added.id)).toBeUndefined();
    expect(removeConnection(linked, '2-3').topology).toEqual(design.topology);
  });

  it('say precisely what changes when an edit rewrites them in the typed format, and only then', () => {
    const design = older();
    const edited = updateConnection(design, '0-1', { bandwidth: 16 });
    expect(edited.topology.format).toBe('stream-typed');
    expect(routeOf(edited, 0, 1)).toMatchObject({ kind: 'link', bandwidth: 16 });
    expect(routeOf(edited, 0, 2)).toMatchObject({ kind: 'link', bandwidth: 32 });
    expect(topologyConversionNotice(design, edited)).toMatch(/stream-pairs topology format cannot express this edit.*off-chip connection .* declared bus over every core at 64 b\/cc.*core pair 2↔3 \(not connected to each other before\) can now transfer directly over the off-chip bus/);
    // The next edit of the rewritten design, and edits of typed designs, say nothing.
    expect(topologyConversionNotice(edited, updateConnection(edited, '0-1', { bandwidth: 8 }))).toBeUndefined();
    const typed = addCore(emptyDesign('typed'), templateById('tpu_like')!).design;
    expect(topologyConversionNotice(typed, connect(typed, 0, 1))).toBeUndefined();
  });

  it("keep each bus's place on the canvas when a converting edit renumbers the buses, and give it back on undo", () => {
    const design = older();
    const edited = updateConnection(design, '0-1', { bandwidth: 16 });
    const [before] = buses(design);
    const [after] = buses(edited);
    expect(after!.cores).toEqual(before!.cores);
    expect(after!.id).not.toBe(before!.id);
    const place = { x: 40, y: 300 };
    const positions = { 'core-0': { x: 0, y: 0 }, [`bus-${before!.id}`]: place };
    const carried = carryBusPositions(design, edited, positions);
    expect(carried).toEqual({ 'core-0': { x: 0, y: 0 }, [`bus-${after!.id}`]: place });
    expect(carryBusPositions(edited, design, carried)).toEqual(positions);
    // No bus renumbered: the same positions.
    const next = updateConnection(edited, '0-1', { bandwidth: 8 });
    expect(carryBusPositions(edited, next, carried)).toBe(carried);
  });

  it('keep the edited bus addressable: its id after a converting edit points to it', () => {
    const design = older();
    const offchip = buses(design)[0];
    const edited = updateBus(design, offchip.id, { bandwidth: 100 });
    expect(edited.design.topology.format).toBe('stream-typed');
    expect(buses(edited.design).find((b) => b.id === edited.id)).toMatchObject({ cores: [0, 1, 2, 3, 4], bandwidth: 100 });
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
