/**
 * Editing operations on a hardware design (the engine's Accelerator document). Every operation is pure: it
 * returns a new document and leaves the old one untouched, which is what undo/redo keeps. Core ids stay
 * 0..N-1 (the accelerator format requires it) with the off-chip core last; links, edges, memory-sharing
 * groups and the topology declaration are renumbered and regenerated as needed.
 */
import type { Accelerator, Core, CoreEdge, Link, TopologySource } from '../../engine/hardware/types';
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

export function pairKey(a: number, b: number): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

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

/** Directed routing edges of a set of links: later declarations of a pair win, keeping the first position. */
export function edgesOf(links: readonly Link[]): CoreEdge[] {
  const edges = new Map<string, CoreEdge>();
  const put = (from: number, to: number, linkId: number) => {
    const key = `${from}>${to}`;
    edges.set(key, { from, to, linkId });
  };
  for (const link of links) {
    if (link.kind === 'link') put(link.from, link.to, link.id);
    else for (const from of link.cores) for (const to of link.cores) if (from !== to) put(from, to, link.id);
  }
  return [...edges.values()];
}

/** The topology declaration written on export: one typed entry per connection and per bus. */
export function topologyOf(design: Pick<Accelerator, 'links'>, unitEnergyCost = 0): TopologySource {
  const connectivity: { type: 'link' | 'bus'; cores: number[]; bandwidth: number; unitEnergyCost: number | null }[] = [];
  const seen = new Set<string>();
  for (const link of design.links) {
    if (link.kind === 'bus') {
      connectivity.push({ type: 'bus', cores: [...link.cores], bandwidth: link.bandwidth, unitEnergyCost: link.unitEnergyCost });
      continue;
    }
    const key = pairKey(link.from, link.to);
    if (seen.has(key)) continue;
    seen.add(key);
    connectivity.push({ type: 'link', cores: [Math.min(link.from, link.to), Math.max(link.from, link.to)], bandwidth: link.bandwidth, unitEnergyCost: link.unitEnergyCost });
  }
  return { format: 'stream-typed', connectivity, unitEnergyCost };
}

function defaultUnitEnergy(design: Accelerator): number {
  return 'unitEnergyCost' in design.topology ? design.topology.unitEnergyCost : 0;
}

/**
 * What an edit did to a design read from an older topology format (pairs or graph), whose off-chip buses connect
 * each core to the off-chip core only: `withLinks` rewrote its topology in the typed format, where a bus connects
 * every pair of its cores, so core-to-core transfers may now take the off-chip bus. Undefined for any other edit.
 */
export function topologyRewriteNotice(before: Accelerator, after: Accelerator): string | undefined {
  if (before.topology.format === 'stream-typed' || after.topology.format !== 'stream-typed') return undefined;
  if (!before.links.some((link) => link.kind === 'bus' && link.role !== 'declared')) return undefined;
  return `This design's links came from an older topology format (${before.topology.format}), in which the off-chip buses connect each core to the off-chip core only. The edit rewrote them in the typed format, where a bus connects every pair of its cores, so transfers between cores may now take the off-chip bus. Undo to keep the original routing.`;
}

/** Replaces the links and regenerates what depends on them (edges, topology). */
export function withLinks(design: Accelerator, links: readonly Link[]): Accelerator {
  return { ...design, links, edges: edgesOf(links), topology: topologyOf({ links }, defaultUnitEnergy(design)) };
}

function nextLinkId(design: Accelerator): number {
  return design.links.reduce((max, link) => Math.max(max, link.id + 1), 0);
}

/**
 * Renumbers cores: `order` lists old core ids in their new order (ids absent from it are removed). Links lose
 * removed cores (a bus keeps the rest while it has two), sharing groups and the off-chip id follow.
 */
export function renumber(design: Accelerator, order: readonly number[]): Accelerator {
  const newId = new Map(order.map((oldId, index) => [oldId, index]));
  const cores = order.map((oldId, index) => {
    const core = design.cores.find((c) => c.id === oldId)!;
    const group = newId.get(core.sharedMemoryGroupId);
    return { ...core, id: index, sharedMemoryGroupId: group ?? index };
  });
  const coreFiles = order.map((oldId) => design.coreFiles[oldId] ?? null);
  const links: Link[] = [];
  for (const link of design.links) {
    if (link.kind === 'link') {
      const from = newId.get(link.from);
      const to = newId.get(link.to);
      if (from !== undefined && to !== undefined) links.push({ ...link, from, to });
    } else {
      const members = link.cores.map((id) => newId.get(id)).filter((id): id is number => id !== undefined);
      if (members.length >= 2) links.push({ ...link, cores: members });
    }
  }
  const coreMemorySharing = design.coreMemorySharing
    .map((group) => group.map((id) => newId.get(id)).filter((id): id is number => id !== undefined))
    .filter((group) => group.length >= 2);
  const offchipCoreId = design.offchipCoreId === null ? null : (newId.get(design.offchipCoreId) ?? null);
  return withLinks({ ...design, cores, coreFiles, coreMemorySharing, offchipCoreId }, links);
}

/** Adds a core (before the off-chip core, which stays last) and returns the new design and the core's id. */
export function addCore(design: Accelerator, template: CoreTemplate | Core, name?: string): { design: Accelerator; id: number } {
  const offchipLast = design.offchipCoreId !== null && design.offchipCoreId === design.cores.length - 1;
  const id = offchipLast ? design.cores.length - 1 : design.cores.length;
  const base = isCoreTemplate(template) ? coreFromTemplate(template, id) : { ...template, id, sharedMemoryGroupId: id };
  const core: Core = { ...base, name: name ?? uniqueName(design, base.name) };
  if (core.type === 'memory' && design.offchipCoreId === null) {
    const added = { ...design, cores: [...design.cores, { ...core, id: design.cores.length, sharedMemoryGroupId: design.cores.length }], coreFiles: [...design.coreFiles, null], offchipCoreId: design.cores.length };
    return { design: withLinks(added, added.links), id: design.cores.length };
  }
  // Append, then move the off-chip core back to the end.
  const appended: Accelerator = { ...design, cores: [...design.cores, { ...core, id: 1e9 }], coreFiles: [...design.coreFiles, null] };
  const ids = design.cores.map((c) => c.id);
  const order = offchipLast ? [...ids.slice(0, -1), 1e9, ids[ids.length - 1]] : [...ids, 1e9];
  const withTemp = { ...appended, cores: appended.cores.map((c) => (c.id === 1e9 ? { ...c, sharedMemoryGroupId: 1e9 } : c)) };
  return { design: renumber(withTemp, order), id };
}

export function uniqueName(design: Accelerator, base: string): string {
  const names = new Set(design.cores.map((core) => core.name));
  if (!names.has(base)) return base;
  for (let i = 2; ; i += 1) if (!names.has(`${base}_${i}`)) return `${base}_${i}`;
}

export function removeCores(design: Accelerator, ids: readonly number[]): Accelerator {
  const gone = new Set(ids);
  return renumber(design, design.cores.map((core) => core.id).filter((id) => !gone.has(id)));
}

export function replaceCore(design: Accelerator, core: Core): Accelerator {
  return { ...design, cores: design.cores.map((c) => (c.id === core.id ? core : c)) };
}

/** Connects two cores with a bidirectional link (two directed links); an existing connection is kept. */
export function connect(design: Accelerator, a: number, b: number, bandwidth = DEFAULT_BANDWIDTH, unitEnergyCost = 0): Accelerator {
  if (a === b || connections(design).some((c) => c.key === pairKey(a, b))) return design;
  const id = nextLinkId(design);
  const links: Link[] = [
    ...design.links,
    { kind: 'link', id, from: a, to: b, bandwidth, unitEnergyCost },
    { kind: 'link', id: id + 1, from: b, to: a, bandwidth, unitEnergyCost },
  ];
  return withLinks(design, links);
}

export function updateConnection(design: Accelerator, key: string, changes: { bandwidth?: number; unitEnergyCost?: number }): Accelerator {
  const links = design.links.map((link) => (link.kind === 'link' && pairKey(link.from, link.to) === key ? { ...link, ...changes } : link));
  return withLinks(design, links);
}

export function removeConnection(design: Accelerator, key: string): Accelerator {
  return withLinks(design, design.links.filter((link) => !(link.kind === 'link' && pairKey(link.from, link.to) === key)));
}

/** Puts cores on a new shared bus. */
export function addBus(design: Accelerator, cores: readonly number[], bandwidth = DEFAULT_BANDWIDTH, unitEnergyCost = 0): { design: Accelerator; id: number } {
  const id = nextLinkId(design);
  const members = [...new Set(cores)].sort((x, y) => x - y);
  const bus: BusLink = { kind: 'bus', id, cores: members, bandwidth, unitEnergyCost, role: 'declared' };
  return { design: withLinks(design, [...design.links, bus]), id };
}

export function updateBus(design: Accelerator, id: number, changes: { cores?: readonly number[]; bandwidth?: number; unitEnergyCost?: number }): Accelerator {
  const links = design.links.map((link) => (link.kind === 'bus' && link.id === id ? { ...link, ...changes, ...(changes.cores ? { cores: [...new Set(changes.cores)].sort((x, y) => x - y) } : {}) } : link));
  return withLinks(design, links);
}

export function removeLink(design: Accelerator, id: number): Accelerator {
  return withLinks(design, design.links.filter((link) => link.id !== id));
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
 * off-chip core on a bus to every core of the first column.
 */
export function meshDesign(name: string, rows: number, cols: number, template: CoreTemplate, bandwidth = DEFAULT_BANDWIDTH): Accelerator {
  const n = rows * cols;
  const cores: Core[] = [];
  for (let i = 0; i < n; i += 1) cores.push(coreFromTemplate(template, i, `${template.id}_${Math.floor(i / cols)}_${i % cols}`));
  cores.push(coreFromTemplate(templateById('offchip')!, n, 'offchip'));
  const links: Link[] = [];
  let id = 0;
  const link = (a: number, b: number) => {
    links.push({ kind: 'link', id: id++, from: a, to: b, bandwidth, unitEnergyCost: 0 });
    links.push({ kind: 'link', id: id++, from: b, to: a, bandwidth, unitEnergyCost: 0 });
  };
  for (let r = 0; r < rows; r += 1) {
    for (let c = 0; c < cols; c += 1) {
      const at = r * cols + c;
      if (c + 1 < cols) link(at, at + 1);
      if (r + 1 < rows) link(at, at + cols);
    }
  }
  const firstColumn = Array.from({ length: rows }, (_, r) => r * cols);
  links.push({ kind: 'bus', id: id++, cores: [...firstColumn, n], bandwidth, unitEnergyCost: 0, role: 'declared' });
  const base: Accelerator = {
    name,
    cores,
    offchipCoreId: n,
    links: [],
    edges: [],
    coreMemorySharing: [],
    coreFiles: cores.map(() => null),
    topology: { format: 'stream-typed', connectivity: [], unitEnergyCost: 0 },
  };
  return withLinks(base, links);
}
