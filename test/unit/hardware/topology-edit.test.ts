import { describe, expect, it } from 'vitest';
import { fail, ok, unwrap } from '../../../src/engine/errors';
import { exportAcceleratorYaml } from '../../../src/engine/hardware/accelerator-export';
import { parseAcceleratorYaml } from '../../../src/engine/hardware/accelerator-yaml';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import {
  addTopologyBus, connectCores, disconnectCores, globalLinkFigures, meshTopology, removeTopologyBuses, renumberCores, setConnectionFigures, setOffchipCore, topologyConversionNotice, typedConversion,
  updateTopologyBus, withTopology,
} from '../../../src/engine/hardware/topology-edit';
import type { Accelerator, Link } from '../../../src/engine/hardware/types';
import { INVALID_UPSTREAM, ref, referenceFiles } from './reference-files';

const accelerators = referenceFiles().filter((f) => f.kind === 'accelerator' && !INVALID_UPSTREAM[f.rel]);
const load = (rel: string) => unwrap(loadAcceleratorFile(ref(rel)));
const topologyOf = (acc: Accelerator) => ({ topology: acc.topology, links: acc.links, edges: acc.edges, offchipCoreId: acc.offchipCoreId });

/** Export to YAML and read it back with the engine's loader, the core files served from memory. */
function reimport(acc: Accelerator): Accelerator {
  const exported = unwrap(exportAcceleratorYaml(acc));
  const cores = new Map(exported.cores.map((c) => [c.ref, c.text]));
  return unwrap(
    parseAcceleratorYaml(exported.accelerator, 'exported.yaml', (coreRef, field) => {
      const text = cores.get(coreRef);
      return text === undefined ? fail([{ file: 'exported.yaml', field, expected: 'an exported core file', found: coreRef }]) : ok({ text, file: coreRef });
    }),
  );
}

/** Adds a copy of core 0 before the off-chip core (as the editor adds a core) and returns it with its id. */
function withExtraCore(acc: Accelerator): { acc: Accelerator; id: number } {
  const last = acc.cores.length;
  const appended: Accelerator = { ...acc, cores: [...acc.cores, { ...acc.cores[0]!, id: last, sharedMemoryGroupId: last, name: 'extra' }], coreFiles: [...acc.coreFiles, null] };
  const ids = acc.cores.map((c) => c.id);
  const offchipLast = acc.offchipCoreId === last - 1;
  const order = offchipLast ? [...ids.slice(0, -1), last, last - 1] : [...ids, last];
  return { acc: renumberCores(appended, order), id: offchipLast ? last - 1 : last };
}

/** The medium each directed core pair is routed over (kind and figures; a bus with the off-chip core marked). */
function routes(acc: Accelerator): Map<string, string> {
  const byId = new Map<number, Link>(acc.links.map((l) => [l.id, l]));
  return new Map(
    acc.edges.map((e) => {
      const link = byId.get(e.linkId)!;
      const offchip = link.kind === 'bus' && acc.offchipCoreId !== null && link.cores.includes(acc.offchipCoreId);
      return [`${e.from}>${e.to}`, `${link.kind === 'bus' ? (offchip ? 'offchip-bus' : 'bus') : 'link'} ${link.bandwidth} ${link.unitEnergyCost}`];
    }),
  );
}

describe('topology edits that leave the topology as it was give the loaded links and edges', () => {
  it('finds the reference accelerators in every format', () => {
    const formats = new Set(accelerators.map((f) => load(f.rel).topology.format));
    expect([...formats].sort()).toEqual(['stream-graph', 'stream-pairs', 'stream-typed']);
  });

  for (const file of accelerators) {
    it(`${file.rel}: renumbering to the same order, and adding then removing a core`, () => {
      const acc = load(file.rel);
      const same = renumberCores(acc, acc.cores.map((c) => c.id));
      expect(topologyOf(same)).toEqual(topologyOf(acc));
      const added = withExtraCore(acc);
      const removed = renumberCores(added.acc, added.acc.cores.map((c) => c.id).filter((id) => id !== added.id));
      if (acc.topology.format === 'stream-graph') {
        // A 2D mesh has no place for one more core: the design went to the typed format, routing every pair the
        // file routed over the same medium.
        expect(removed.topology.format).toBe('stream-typed');
        const before = routes(acc);
        const after = routes(removed);
        for (const [pair, medium] of before) expect(after.get(pair), pair).toBe(medium);
      } else {
        expect(topologyOf(removed)).toEqual(topologyOf(acc));
      }
      expect(removed.cores).toEqual(acc.cores);
    });

    it(`${file.rel}: the typed conversion routes every pair the file routes over the same medium; new pairs only over the off-chip bus`, () => {
      const acc = load(file.rel);
      const converted = withTopology(acc, typedConversion(acc).topology);
      const before = routes(acc);
      const after = routes(converted);
      for (const [pair, medium] of before) expect(after.get(pair), pair).toBe(medium);
      const added = [...after].filter(([pair]) => !before.has(pair));
      for (const [pair, medium] of added) expect(medium, pair).toMatch(/^offchip-bus /);
      if (acc.topology.format === 'stream-typed') expect(converted.links).toEqual(acc.links);
      // The notice names exactly the pairs that gained a route.
      const notice = topologyConversionNotice(acc, converted) ?? '';
      const named = new Set([...notice.matchAll(/(\d+)↔(\d+)/g)].map((m) => `${m[1]}>${m[2]}`));
      const gained = added.map(([pair]) => pair).filter((pair) => Number(pair.split('>')[0]) < Number(pair.split('>')[1]));
      if (gained.length <= 12) expect([...named].sort()).toEqual(gained.sort());
      if (acc.topology.format !== 'stream-typed') expect(notice).toMatch(/off-chip connection .* is now a declared bus/);
    });

    it(`${file.rel}: the export of an edited design re-imports to the links and edges the edit gave`, () => {
      const acc = load(file.rel);
      // A core added and linked to core 0 at the design's figures (a pairs design keeps its format).
      const extra = withExtraCore(acc);
      const inFormat = connectCores(extra.acc, 0, extra.id, globalLinkFigures(acc.topology) ?? { bandwidth: 64, unitEnergyCost: 0 });
      if (acc.topology.format === 'stream-pairs') expect(inFormat.topology.format).toBe('stream-pairs');
      expect(topologyOf(reimport(inFormat))).toEqual(topologyOf(inFormat));
      const converted = addTopologyBus(acc, [0, acc.cores.length - 1], { bandwidth: 7, unitEnergyCost: 0 }).accelerator;
      expect(converted.topology.format).toBe('stream-typed');
      expect(topologyOf(reimport(converted))).toEqual(topologyOf(converted));
    });
  }
});

describe('a stream-pairs design keeps its format for the edits the format expresses', () => {
  const dual = () => load('inputs/stream/examples/hardware/eyeriss_like_dual_core.yaml');
  const global = { bandwidth: 32, unitEnergyCost: 0 };

  it('adds a core, which gets its off-chip connection as the format gives it', () => {
    const acc = dual();
    expect(acc.offchipCoreId).toBe(4);
    const { acc: added, id } = withExtraCore(acc);
    expect(id).toBe(4);
    expect(added.topology).toEqual(acc.topology);
    expect(added.offchipCoreId).toBe(5);
    const offchipBus = added.links.find((l) => l.kind === 'bus' && l.role === 'offchip');
    expect(offchipBus).toMatchObject({ cores: [0, 1, 2, 3, 4, 5], bandwidth: 64 });
    expect(added.edges.filter((e) => e.linkId === offchipBus!.id).map((e) => `${e.from}>${e.to}`)).toContain('4>5');
    // Core-to-core pairs are never routed over the off-chip buses.
    expect(added.edges.filter((e) => e.linkId === offchipBus!.id).every((e) => e.from === 5 || e.to === 5)).toBe(true);
  });

  it('connects and disconnects a pair at the global figures', () => {
    const acc = dual();
    const linked = connectCores(acc, 3, 2, global);
    expect(linked.topology).toEqual({ ...acc.topology, connectivity: [...(acc.topology as { connectivity: readonly (readonly number[])[] }).connectivity, [2, 3]] });
    expect(linked.links.filter((l) => l.kind === 'bus').map((l) => (l as { role: string }).role)).toEqual(['offchip']);
    expect(routes(linked).get('2>3')).toBe('link 32 0');
    expect(topologyConversionNotice(acc, linked)).toBeUndefined();
    const unlinked = disconnectCores(linked, 2, 3);
    expect(topologyOf(unlinked)).toEqual(topologyOf(acc));
    expect(topologyOf(reimport(linked))).toEqual(topologyOf(linked));
  });

  it('goes to the typed format for a link at another bandwidth, keeping the on-chip routes and saying what changed', () => {
    const acc = dual();
    const next = connectCores(acc, 2, 3, { bandwidth: 128, unitEnergyCost: 0 });
    expect(next.topology.format).toBe('stream-typed');
    const connectivity = next.topology.format === 'stream-typed' ? next.topology.connectivity : [];
    expect(connectivity[0]).toMatchObject({ type: 'bus', cores: [0, 1, 2, 3, 4], bandwidth: 64 });
    expect(connectivity.at(-1)).toMatchObject({ type: 'link', cores: [2, 3], bandwidth: 128 });
    expect(routes(next).get('0>1')).toBe('link 32 0');
    expect(routes(next).get('2>3')).toBe('link 128 0');
    expect(routes(next).get('0>4')).toBe('offchip-bus 64 0');
    expect(topologyConversionNotice(acc, next)).toMatch(/stream-pairs .* now declared in the typed format.* off-chip connection .* bus over every core at 64 b\/cc, declared first/);
    expect(topologyConversionNotice(acc, setConnectionFigures(acc, 0, 1, { bandwidth: 16 }))).toMatch(/core pair 2↔3 \(not connected to each other before\) can now transfer directly over the off-chip bus/);
  });

  it('keeps the bus being edited addressable by the id the edit returns', () => {
    const acc = dual();
    const offchip = acc.links.find((l) => l.kind === 'bus')!;
    const edited = updateTopologyBus(acc, offchip.id, { bandwidth: 100 });
    const bus = edited.accelerator.links.find((l) => l.id === edited.busId);
    expect(bus).toMatchObject({ kind: 'bus', cores: [0, 1, 2, 3, 4], bandwidth: 100 });
    expect(edited.busId).not.toBe(offchip.id);
    expect(updateTopologyBus(acc, offchip.id, { bandwidth: offchip.bandwidth })).toEqual({ accelerator: acc, busId: offchip.id });
  });

  it('goes to the typed format when the off-chip core is no longer the last core', () => {
    const acc = dual();
    const moved = renumberCores(acc, [4, 0, 1, 2, 3]);
    expect(moved.topology.format).toBe('stream-typed');
    expect(moved.offchipCoreId).toBe(0);
    expect(routes(moved).get('1>2')).toBe('link 32 0');
    expect(routes(moved).get('1>0')).toBe('offchip-bus 64 0');
    expect(setOffchipCore(acc, null).topology).toEqual(acc.topology);
    expect(setOffchipCore(acc, 2).topology.format).toBe('stream-typed');
  });
});

describe('direction-specific off-chip buses (a DRAM with a read and a write port)', () => {
  it('become one shared bus in the typed format, which the notice says; cores sharing memory get one each', () => {
    const acc = load('inputs/stream/examples/hardware/fusemax.yaml');
    expect(acc.links.map((l) => (l.kind === 'bus' ? l.role : l.kind))).toEqual(['offchip-write', 'offchip-read']);
    expect(acc.coreMemorySharing).toEqual([[0, 1]]);
    const next = addTopologyBus(acc, [0, 2], { bandwidth: 8, unitEnergyCost: 0 }).accelerator;
    expect(next.topology).toMatchObject({ connectivity: [{ type: 'bus', cores: [0, 2] }, { type: 'bus', cores: [1, 2] }, { type: 'bus', cores: [0, 2], bandwidth: 8 }] });
    const notice = topologyConversionNotice(acc, next);
    expect(notice).toMatch(/separate write bus .* and read bus .* become that one shared bus: the typed format has no direction-specific bus/);
    expect(notice).toMatch(/core 1, which shares memory with a core on that bus and may not be declared with it, gets a bus of its own/);
  });
});

describe('typed designs', () => {
  const typed = () => load('inputs/stream-tutorial/lab1/hardware/hda_bus.yaml');

  it('update and remove a bus by id, several at once', () => {
    const acc = typed();
    const updated = updateTopologyBus(acc, 1, { cores: [3, 0, 1] });
    expect(updated.busId).toBe(1);
    expect(updated.accelerator.links[1]).toMatchObject({ cores: [0, 1, 3] });
    const none = removeTopologyBuses(acc, [0, 1]);
    expect(none.links).toEqual([]);
    expect(none.edges).toEqual([]);
  });

  it('a mesh declares its off-chip bus first, so first-column neighbours keep their link', () => {
    const cores = typed().cores;
    const acc = withTopology({ ...typed(), cores: [cores[0]!, cores[1]!, cores[2]!, { ...cores[0]!, id: 3 }, { ...cores[3]!, id: 4 }], offchipCoreId: 4, coreFiles: [null, null, null, null, null] }, meshTopology(2, 2, 4, { bandwidth: 16, unitEnergyCost: 0 }));
    expect(routes(acc).get('0>2')).toBe('link 16 0');
    expect(routes(acc).get('0>4')).toBe('offchip-bus 16 0');
    expect(acc.links.filter((l) => l.kind === 'link')).toHaveLength(8);
  });
});
