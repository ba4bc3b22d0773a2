/**
 * Editing operations on a hardware design (the engine's Accelerator document). Every operation is pure: it
 * returns a new document and leaves the old one untouched, which is what undo/redo keeps. Core ids stay
 * 0..N-1 (the accelerator format requires it) with the off-chip core last. Topology edits go through the
 * engine's topology edits (src/engine/hardware/topology-edit.ts): they change the topology declaration, in the
 * design's own format where it can express the edit, and derive links and edges from it as the importer does.
 */
import {
  addTopologyBus, connectCores, disconnectCores, globalLinkFigures, meshTopology, pairKey, removeTopologyBuses, renumberCores, setConnectionFigures, setOffchipCore, updateTopologyBus, withTopology, type LinkFigures,
} from '../../engine/browser';
import type { Accelerator, Core, Link } from '../../engine/hardware/types';
import { coreFromTemplate, isCoreTemplate, templateById, type CoreTemplate } from './core-library';

export type BusLink = Extract<Link, { kind: 'bus' }>;
export type PointLink = Extract<Link, { kind: 'link' }>;

/** The two directed links between a pair of cores, shown and edited as one connection. */
export interface Connection {
  /** "a-b" with a < b. */
  readonly key: string;
  readonly a: number;
  readonly b: number;
  readonly linkIds: readonly number[];
  readonly bandwidth: number;
  readonly unitEnergyCost: number;
}

export const DEFAULT_BANDWIDTH = 64;

export function emptyDesign(name: string): Accelerator {
  const offchip = coreFromTemplate(templateById('offchip')!, 0, 'offchip');
  return {
    name,
    cores: [offchip],
    offchipCoreId: 0,
    links: [],
    edges: [],
    coreMemorySharing: [],
    coreFiles: [null],
    topology: { format: 'stream-typed', connectivity: [], unitEnergyCost: 0 },
  };
}

export function connections(design: Accelerator): Connection[] {
  const byPair = new Map<string, PointLink[]>();
  for (const link of design.links) {
    if (link.kind !== 'link') continue;
    const key = pairKey(link.from, link.to);
    byPair.set(key, [...(byPair.get(key) ?? []), link]);
  }
  return [...byPair.entries()].map(([key, links]) => {
    const [a, b] = key.split('-').map(Number);
    return { key, a, b, linkIds: links.map((l) => l.id), bandwidth: links[0].bandwidth, unitEnergyCost: links[0].unitEnergyCost };
  });
}

export function buses(design: Accelerator): BusLink[] {
  return design.links.filter((link): link is BusLink => link.kind === 'bus');
}

/**
 * Figures of a new link or bus: an older-format design's global bandwidth and energy (so that it keeps its format),
 * else the editor's default bandwidth at the design's default energy.
 */
export function newLinkFigures(design: Accelerator): LinkFigures {
  return globalLinkFigures(design.topology) ?? { bandwidth: DEFAULT_BANDWIDTH, unitEnergyCost: design.topology.unitEnergyCost };
}

/** Adds a core (before the off-chip core, which stays last) and returns the new design and the core's id. */
export function addCore(design: Accelerator, template: CoreTemplate | Core, name?: string): { design: Accelerator; id: number } {
  const offchipLast = design.offchipCoreId !== null && design.offchipCoreId === design.cores.length - 1;
  const id = offchipLast ? design.cores.length - 1 : design.cores.length;
  const base = isCoreTemplate(template) ? coreFromTemplate(template, id) : { ...template, id, sharedMemoryGroupId: id };
  const core: Core = { ...base, name: name ?? uniqueName(design, base.name) };
  // Appended with the next id, then moved before the off-chip core; the topology follows (the engine's renumbering).
  const last = design.cores.length;
  const appended: Accelerator = { ...design, cores: [...design.cores, { ...core, id: last, sharedMemoryGroupId: last }], coreFiles: [...design.coreFiles, null] };
  if (core.type === 'memory' && design.offchipCoreId === null) return { design: setOffchipCore(appended, last), id: last };
  const ids = design.cores.map((c) => c.id);
  const order = offchipLast ? [...ids.slice(0, -1), last, ids[ids.length - 1]] : [...ids, last];
  return { design: renumberCores(appended, order), id };
}

export function uniqueName(design: Accelerator, base: string): string {
  const names = new Set(design.cores.map((core) => core.name));
  if (!names.has(base)) return base;
  for (let i = 2; ; i += 1) if (!names.has(`${base}_${i}`)) return `${base}_${i}`;
}

export function removeCores(design: Accelerator, ids: readonly number[]): Accelerator {
  const gone = new Set(ids);
  return renumberCores(design, design.cores.map((core) => core.id).filter((id) => !gone.has(id)));
}

export function replaceCore(design: Accelerator, core: Core): Accelerator {
  return { ...design, cores: design.cores.map((c) => (c.id === core.id ? core : c)) };
}

/** Connects two cores with a bidirectional link (two directed links); an existing connection is kept. */
export function connect(design: Accelerator, a: number, b: number, figures: LinkFigures = newLinkFigures(design)): Accelerator {
  return connectCores(design, a, b, figures);
}

export function updateConnection(design: Accelerator, key: string, changes: Partial<LinkFigures>): Accelerator {
  const [a, b] = key.split('-').map(Number);
  return setConnectionFigures(design, a, b, changes);
}

export function removeConnection(design: Accelerator, key: string): Accelerator {
  const [a, b] = key.split('-').map(Number);
  return disconnectCores(design, a, b);
}

/** Puts cores on a new shared bus. */
export function addBus(design: Accelerator, cores: readonly number[], figures: LinkFigures = newLinkFigures(design)): { design: Accelerator; id: number } {
  const added = addTopologyBus(design, cores, figures);
  return { design: added.accelerator, id: added.busId };
}

/** Changes a bus; `id` is the bus's id afterwards (it moves when an older-format design is converted). */
export function updateBus(design: Accelerator, id: number, changes: { cores?: readonly number[] } & Partial<LinkFigures>): { design: Accelerator; id: number } {
  const updated = updateTopologyBus(design, id, changes);
  return { design: updated.accelerator, id: updated.busId };
}

/** Removes buses by id, all at once (removing one renumbers the links after it). */
export function removeBuses(design: Accelerator, ids: readonly number[]): Accelerator {
  return removeTopologyBuses(design, ids);
}

/** Marks cores as sharing their top-level memories (one group; cores leave any group they were in). */
export function shareMemory(design: Accelerator, group: readonly number[]): Accelerator {
  const members = [...new Set(group)].sort((x, y) => x - y);
  const others = design.coreMemorySharing.map((g) => g.filter((id) => !members.includes(id))).filter((g) => g.length >= 2);
  const coreMemorySharing = members.length >= 2 ? [...others, members] : others;
  const groupOf = new Map<number, number>();
  for (const g of coreMemorySharing) for (const id of g) groupOf.set(id, g[0]);
  const cores = design.cores.map((core) => ({ ...core, sharedMemoryGroupId: groupOf.get(core.id) ?? core.id }));
  return { ...design, cores, coreMemorySharing };
}

/** Copies of the given cores (for paste), added before the off-chip core; returns their new ids. */
export function duplicateCores(design: Accelerator, source: readonly Core[]): { design: Accelerator; ids: number[] } {
  let next = design;
  const ids: number[] = [];
  for (const core of source) {
    if (core.type === 'memory') continue;
    const added = addCore(next, core, uniqueName(next, `${core.name}_copy`));
    next = added.design;
    ids.push(added.id);
  }
  return { design: next, ids };
}

/**
 * A rows × cols mesh of one core template, each core linked to its right and lower neighbour, with an
 * off-chip core on a bus to every core of the first column (the engine's `meshTopology`).
 */
export function meshDesign(name: string, rows: number, cols: number, template: CoreTemplate, bandwidth = DEFAULT_BANDWIDTH): Accelerator {
  const n = rows * cols;
  const cores: Core[] = [];
  for (let i = 0; i < n; i += 1) cores.push(coreFromTemplate(template, i, `${template.id}_${Math.floor(i / cols)}_${i % cols}`));
  cores.push(coreFromTemplate(templateById('offchip')!, n, 'offchip'));
  const base: Accelerator = { ...emptyDesign(name), cores, offchipCoreId: n, coreFiles: cores.map(() => null) };
  return withTopology(base, meshTopology(rows, cols, n, { bandwidth, unitEnergyCost: 0 }));
}
