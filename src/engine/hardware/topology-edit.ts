/**
 * Topology edits of an accelerator: every edit changes the topology DECLARATION (`TopologySource`) and derives
 * the links and the routing edges from it with `buildTopology`, exactly as the importer does. What an editor
 * shows is therefore what a re-import of the exported file gives.
 *
 * An edit keeps the design's own format when the format can express it; otherwise the design is first converted
 * to the typed format (`typedConversion`), as faithfully as that format allows, and the edit is made there.
 * `topologyConversionNotice` says what the conversion changed in routing. The rules are in docs/design-edits.md.
 */
import { buildTopology } from './topology';
import type { Accelerator, CoreEdge, Link, TopologySource } from './types';

export type TypedTopology = Extract<TopologySource, { format: 'stream-typed' }>;
export type TypedConnection = TypedTopology['connectivity'][number];
type PairsTopology = Extract<TopologySource, { format: 'stream-pairs' }>;
type GraphTopology = Extract<TopologySource, { format: 'stream-graph' }>;

export interface LinkFigures {
  /** bits/cycle */
  readonly bandwidth: number;
  /** pJ per active cycle */
  readonly unitEnergyCost: number;
}

/** The design with `topology` and the links and edges the importer derives from it. */
export function withTopology(acc: Accelerator, topology: TopologySource): Accelerator {
  const { links, edges } = buildTopology(topology, acc.cores, acc.offchipCoreId);
  return { ...acc, topology, links, edges };
}

/** The link ids each typed connectivity entry gives (`buildTopology`'s numbering): a link two, a bus one. */
export function typedEntryLinkIds(connectivity: readonly TypedConnection[]): number[][] {
  let next = 0;
  return connectivity.map((entry) => {
    const count = entry.type === 'link' ? (entry.cores.length === 2 ? 2 : 0) : 1;
    const ids = Array.from({ length: count }, (_, k) => next + k);
    next += count;
    return ids;
  });
}

/**
 * The figures every on-chip connection of an older-format design has (its one global bandwidth and energy);
 * undefined for the typed format, where each entry has its own.
 */
export function globalLinkFigures(topology: TopologySource): LinkFigures | undefined {
  return topology.format === 'stream-typed' ? undefined : { bandwidth: topology.bandwidth, unitEnergyCost: topology.unitEnergyCost };
}

// ---- conversion to the typed format ------------------------------------------------------------------------

export interface TypedConversion {
  readonly topology: TypedTopology;
  /** Typed entry index of each link of the design that routes something (a link no edge uses has none). */
  readonly entryOfLink: ReadonlyMap<number, number>;
  /** What the conversion changes in routing, in words; empty when nothing changes (a typed design). */
  readonly changes: readonly string[];
}

/** An unordered core pair as a key: "a-b" with a < b. */
export const pairKey = (a: number, b: number): string => (a < b ? `${a}-${b}` : `${b}-${a}`);
const isOffchipBus = (link: Link) => link.kind === 'bus' && link.role !== 'declared';

/**
 * The design's topology in the typed format, reproducing its routing as far as the format allows. The off-chip
 * connection of the older formats (role buses: each core ↔ off-chip only) becomes ONE declared bus over the cores
 * and the off-chip core, declared FIRST so that every later on-chip entry wins its pairs (in the typed format a
 * later declaration of a pair wins the edge); the on-chip links and buses that route something follow in their
 * order. What remains different: core pairs without an on-chip connection can now transfer over the off-chip bus
 * directly, and a DRAM's separate write and read buses become one shared bus (the typed format has no
 * direction-specific bus).
 */
export function typedConversion(acc: Accelerator): TypedConversion {
  const source = acc.topology;
  if (source.format === 'stream-typed') {
    const entryOfLink = new Map<number, number>();
    typedEntryLinkIds(source.connectivity).forEach((ids, entry) => ids.forEach((id) => entryOfLink.set(id, entry)));
    return { topology: source, entryOfLink, changes: [] };
  }
  const defaultEnergy = source.unitEnergyCost;
  const energyOf = (uec: number) => (uec === defaultEnergy ? null : uec);
  const used = new Map<number, CoreEdge[]>();
  for (const edge of acc.edges) used.set(edge.linkId, [...(used.get(edge.linkId) ?? []), edge]);
  const entries: TypedConnection[] = [];
  const entryOfLink = new Map<number, number>();
  const changes: string[] = [];

  const offchip = acc.links.filter((link): link is Extract<Link, { kind: 'bus' }> => isOffchipBus(link) && used.has(link.id));
  if (offchip.length > 0) {
    const cores = [...new Set(offchip.flatMap((bus) => bus.cores))];
    const write = offchip.find((bus) => bus.role !== 'offchip-read') ?? offchip[0]!;
    // Cores sharing memory may not be declared together (the file would not load): the second and later cores
    // of a sharing group get a bus of their own to the off-chip core.
    const onBus: number[] = [];
    const alone: number[] = [];
    for (const id of cores) {
      const sharesWithBus = acc.coreMemorySharing.some((group) => group.includes(id) && group.some((other) => other !== id && onBus.includes(other)));
      (sharesWithBus && id !== acc.offchipCoreId ? alone : onBus).push(id);
    }
    const bus = (members: number[]): TypedConnection => ({ type: 'bus', cores: members, bandwidth: write.bandwidth, unitEnergyCost: energyOf(write.unitEnergyCost) });
    entries.push(bus(onBus));
    for (const id of alone) entries.push(bus([id, acc.offchipCoreId!]));
    for (const link of offchip) entryOfLink.set(link.id, 0);
    const which = onBus.length === acc.cores.length ? 'every core' : `cores ${onBus.join(', ')}`;
    changes.push(`the off-chip connection (each core to the off-chip core only) is now a declared bus over ${which} at ${write.bandwidth} b/cc, declared first so that on-chip connections keep their pairs`);
    if (alone.length > 0) {
      changes.push(`core${alone.length > 1 ? 's' : ''} ${alone.join(', ')}, which share${alone.length > 1 ? '' : 's'} memory with a core on that bus and may not be declared with it, get${alone.length > 1 ? '' : 's'} a bus of ${alone.length > 1 ? 'their' : 'its'} own to the off-chip core at the same figures`);
    }
    const read = offchip.find((bus) => bus.role === 'offchip-read');
    if (read && read !== write) {
      changes.push(`the DRAM's separate write bus (${write.bandwidth} b/cc, core → off-chip) and read bus (${read.bandwidth} b/cc, off-chip → core) become that one shared bus: the typed format has no direction-specific bus`);
    }
  }
  // The last entry declared for each core pair: a link is reused for its other direction while no later entry
  // took the pair over.
  const lastEntryOfPair = new Map<string, number>();
  for (const link of acc.links) {
    const edges = used.get(link.id);
    if (!edges || isOffchipBus(link)) continue;
    if (link.kind === 'link') {
      const key = pairKey(link.from, link.to);
      const last = lastEntryOfPair.get(key);
      if (last !== undefined && entries[last]!.type === 'link') {
        entryOfLink.set(link.id, last);
        continue;
      }
      entries.push({ type: 'link', cores: [Math.min(link.from, link.to), Math.max(link.from, link.to)], bandwidth: link.bandwidth, unitEnergyCost: energyOf(link.unitEnergyCost) });
      lastEntryOfPair.set(key, entries.length - 1);
    } else {
      // A graph-format bus also carries the SIMD core's transfers without listing it: its routed cores join.
      const cores = [...new Set([...link.cores, ...edges.flatMap((e) => [e.from, e.to])])];
      entries.push({ type: 'bus', cores, bandwidth: link.bandwidth, unitEnergyCost: energyOf(link.unitEnergyCost) });
      for (let i = 0; i < cores.length; i++) for (let j = i + 1; j < cores.length; j++) lastEntryOfPair.set(pairKey(cores[i]!, cores[j]!), entries.length - 1);
    }
    entryOfLink.set(link.id, entries.length - 1);
  }
  const topology: TypedTopology = { format: 'stream-typed', connectivity: entries, unitEnergyCost: defaultEnergy };
  changes.push(...routingChanges(acc, buildTopology(topology, acc.cores, acc.offchipCoreId)));
  return { topology, entryOfLink, changes };
}

/** How a directed transfer is carried, for comparing two routings: the medium's kind and figures. */
function mediumOf(links: readonly Link[], id: number, offchipCoreId: number | null): string {
  const link = links.find((l) => l.id === id);
  if (!link) return `link ${id} (missing)`;
  const offchip = link.kind === 'bus' && offchipCoreId !== null && link.cores.includes(offchipCoreId);
  const what = link.kind === 'link' ? 'a link' : offchip ? 'the off-chip bus' : 'a bus';
  return `${what} (${link.bandwidth} b/cc, ${link.unitEnergyCost} pJ/cycle)`;
}

/** Core pairs whose transfers the converted topology routes differently, in words. */
function routingChanges(before: Accelerator, after: { links: readonly Link[]; edges: readonly CoreEdge[] }): string[] {
  const route = (links: readonly Link[], edges: readonly CoreEdge[]) => new Map(edges.map((e) => [`${e.from}→${e.to}`, mediumOf(links, e.linkId, before.offchipCoreId)]));
  const old = route(before.links, before.edges);
  const now = route(after.links, after.edges);
  const added = new Map<string, string[]>();
  const changed: string[] = [];
  for (const [pair, medium] of now) {
    const was = old.get(pair);
    if (was === undefined) {
      const [a, b] = pair.split('→').map(Number) as [number, number];
      // Both directions of a pair read as one "a↔b".
      if (now.has(`${b}→${a}`) && !old.has(`${b}→${a}`)) {
        if (a < b) added.set(medium, [...(added.get(medium) ?? []), `${a}↔${b}`]);
      } else added.set(medium, [...(added.get(medium) ?? []), pair]);
    } else if (was !== medium) changed.push(`${pair} moves from ${was} to ${medium}`);
  }
  const lost = [...old.keys()].filter((pair) => !now.has(pair));
  return [
    ...[...added].map(([medium, pairs]) => `${pairList(pairs)} (not connected to each other before) can now transfer directly over ${medium}`),
    ...changed,
    ...(lost.length > 0 ? [`${lost.join(', ')} lose their route`] : []),
  ];
}

/** "core pairs 0↔2, 1↔3", the first dozen of a long list and how many there are. */
function pairList(pairs: readonly string[]): string {
  const shown = pairs.length > 12 ? `${pairs.slice(0, 12).join(', ')} … (${pairs.length} in all)` : pairs.join(', ');
  return `core pair${pairs.length > 1 ? 's' : ''} ${shown}`;
}

/**
 * What an edit did to the routing of a design by converting its older-format topology to the typed format, in
 * words for the editor; undefined when the edit kept the design's format.
 */
export function topologyConversionNotice(before: Accelerator, after: Accelerator): string | undefined {
  if (before.topology.format === 'stream-typed' || after.topology.format !== 'stream-typed') return undefined;
  const { changes } = typedConversion(before);
  const routing = changes.length > 0 ? `Routing changes: ${changes.join('; ')}.` : 'Routing is unchanged.';
  return `The ${before.topology.format} topology format cannot express this edit, so the design's topology is now declared in the typed format (core_connectivity links and buses). ${routing} Undo to keep the original format.`;
}

// ---- edits -------------------------------------------------------------------------------------------------

const sameFigures = (a: LinkFigures, b: LinkFigures) => a.bandwidth === b.bandwidth && a.unitEnergyCost === b.unitEnergyCost;

function typedLink(a: number, b: number, figures: LinkFigures, defaultEnergy: number): TypedConnection {
  return { type: 'link', cores: [Math.min(a, b), Math.max(a, b)], bandwidth: figures.bandwidth, unitEnergyCost: figures.unitEnergyCost === defaultEnergy ? null : figures.unitEnergyCost };
}

function withTyped(acc: Accelerator, typed: TypedTopology, connectivity: readonly TypedConnection[]): Accelerator {
  return withTopology(acc, { ...typed, connectivity });
}

/**
 * Connects two cores with a bidirectional link (an existing link between them is kept). A pairs design keeps its
 * format for a connection between on-chip cores at its global figures.
 */
export function connectCores(acc: Accelerator, a: number, b: number, figures: LinkFigures): Accelerator {
  if (a === b || acc.links.some((l) => l.kind === 'link' && pairKey(l.from, l.to) === pairKey(a, b))) return acc;
  const source = acc.topology;
  if (source.format === 'stream-pairs' && sameFigures(source, figures) && a !== acc.offchipCoreId && b !== acc.offchipCoreId) {
    return withTopology(acc, { ...source, connectivity: [...source.connectivity, [Math.min(a, b), Math.max(a, b)]] });
  }
  const { topology } = typedConversion(acc);
  return withTyped(acc, topology, [...topology.connectivity, typedLink(a, b, figures, topology.unitEnergyCost)]);
}

/** Changes the figures of the link between two cores (both directions). */
export function setConnectionFigures(acc: Accelerator, a: number, b: number, changes: Partial<LinkFigures>): Accelerator {
  const key = pairKey(a, b);
  const current = acc.links.filter((l) => l.kind === 'link' && pairKey(l.from, l.to) === key);
  if (current.length === 0) return acc;
  if (current.every((l) => (changes.bandwidth ?? l.bandwidth) === l.bandwidth && (changes.unitEnergyCost ?? l.unitEnergyCost) === l.unitEnergyCost)) return acc;
  const { topology } = typedConversion(acc);
  const connectivity = topology.connectivity.map((entry) => {
    if (entry.type !== 'link' || entry.cores.length !== 2 || pairKey(entry.cores[0]!, entry.cores[1]!) !== key) return entry;
    const energy = changes.unitEnergyCost === undefined ? entry.unitEnergyCost : changes.unitEnergyCost === topology.unitEnergyCost && entry.unitEnergyCost === null ? null : changes.unitEnergyCost;
    return { ...entry, bandwidth: changes.bandwidth ?? entry.bandwidth, unitEnergyCost: energy };
  });
  return withTyped(acc, topology, connectivity);
}

/** Removes the link between two cores (both directions); a pairs design keeps its format. */
export function disconnectCores(acc: Accelerator, a: number, b: number): Accelerator {
  const key = pairKey(a, b);
  if (!acc.links.some((l) => l.kind === 'link' && pairKey(l.from, l.to) === key)) return acc;
  const source = acc.topology;
  if (source.format === 'stream-pairs') {
    return withTopology(acc, { ...source, connectivity: source.connectivity.filter((g) => !(g.length === 2 && pairKey(g[0]!, g[1]!) === key)) });
  }
  const { topology } = typedConversion(acc);
  return withTyped(acc, topology, topology.connectivity.filter((e) => !(e.type === 'link' && e.cores.length === 2 && pairKey(e.cores[0]!, e.cores[1]!) === key)));
}

const busCores = (cores: readonly number[]) => [...new Set(cores)].sort((x, y) => x - y);

/**
 * Puts cores on a new shared bus and returns its link id. Only the typed format declares a bus over chosen
 * cores (a pairs group of 3+ cores is one medium per pair), so other designs are converted.
 */
export function addTopologyBus(acc: Accelerator, cores: readonly number[], figures: LinkFigures): { accelerator: Accelerator; busId: number } {
  const { topology } = typedConversion(acc);
  const energy = figures.unitEnergyCost === topology.unitEnergyCost ? null : figures.unitEnergyCost;
  const connectivity = [...topology.connectivity, { type: 'bus' as const, cores: busCores(cores), bandwidth: figures.bandwidth, unitEnergyCost: energy }];
  return { accelerator: withTyped(acc, topology, connectivity), busId: typedEntryLinkIds(connectivity).at(-1)![0]! };
}

/**
 * Changes a bus (its cores or figures) and returns its link id afterwards: the id changes when the design is
 * converted to the typed format, where the off-chip bus is declared first. Older formats derive their buses
 * (from groups of 3+ cores, or the off-chip connection from the DRAM's ports), so any real change converts.
 */
export function updateTopologyBus(acc: Accelerator, busId: number, changes: { cores?: readonly number[] } & Partial<LinkFigures>): { accelerator: Accelerator; busId: number } {
  const bus = acc.links.find((l) => l.id === busId);
  if (!bus || bus.kind !== 'bus') return { accelerator: acc, busId };
  const cores = changes.cores ? busCores(changes.cores) : undefined;
  const unchanged =
    (changes.bandwidth ?? bus.bandwidth) === bus.bandwidth &&
    (changes.unitEnergyCost ?? bus.unitEnergyCost) === bus.unitEnergyCost &&
    (!cores || (cores.length === bus.cores.length && busCores(bus.cores).every((id, k) => id === cores[k])));
  if (unchanged) return { accelerator: acc, busId };
  const { topology, entryOfLink } = typedConversion(acc);
  const at = entryOfLink.get(busId);
  if (at === undefined) return { accelerator: acc, busId };
  const connectivity = topology.connectivity.map((entry, k) => {
    if (k !== at) return entry;
    const energy = changes.unitEnergyCost === undefined ? entry.unitEnergyCost : changes.unitEnergyCost === topology.unitEnergyCost && entry.unitEnergyCost === null ? null : changes.unitEnergyCost;
    return { ...entry, cores: cores ?? entry.cores, bandwidth: changes.bandwidth ?? entry.bandwidth, unitEnergyCost: energy };
  });
  return { accelerator: withTyped(acc, topology, connectivity), busId: typedEntryLinkIds(connectivity)[at]![0]! };
}

/**
 * Removes buses, given by their link ids (all at once: removing one renumbers the links after it, and converting
 * an older-format design renumbers them all). An older-format design is converted, then their entries removed.
 */
export function removeTopologyBuses(acc: Accelerator, busIds: readonly number[]): Accelerator {
  const ids = busIds.filter((id) => acc.links.some((l) => l.id === id && l.kind === 'bus'));
  if (ids.length === 0) return acc;
  const { topology, entryOfLink } = typedConversion(acc);
  const gone = new Set(ids.map((id) => entryOfLink.get(id)));
  return withTyped(acc, topology, topology.connectivity.filter((_, k) => !gone.has(k)));
}

// ---- cores -------------------------------------------------------------------------------------------------

/**
 * Renumbers cores: `order` lists old core ids in their new order (ids absent from it are removed); the topology
 * declaration, memory-sharing groups, core files and the off-chip id follow. A link loses a removed core, a bus
 * keeps the rest while it has two. A pairs design keeps its format while the off-chip core stays last (its file
 * has no id for it) and no group of 3+ cores shrinks to a pair (which would read as a link); a graph design
 * while its regular cores keep their order and, for a 2D mesh, their number.
 */
export function renumberCores(acc: Accelerator, order: readonly number[]): Accelerator {
  const newId = new Map(order.map((oldId, index) => [oldId, index]));
  const cores = order.map((oldId, index) => {
    const core = acc.cores.find((c) => c.id === oldId);
    if (!core) throw new Error(`renumberCores: no core ${oldId} in the design (cores 0..${acc.cores.length - 1})`);
    return { ...core, id: index, sharedMemoryGroupId: newId.get(core.sharedMemoryGroupId) ?? index };
  });
  const coreFiles = order.map((oldId) => acc.coreFiles[oldId] ?? null);
  const coreMemorySharing = acc.coreMemorySharing
    .map((group) => group.map((id) => newId.get(id)).filter((id): id is number => id !== undefined))
    .filter((group) => group.length >= 2);
  const offchipCoreId = acc.offchipCoreId === null ? null : (newId.get(acc.offchipCoreId) ?? null);
  const moved: Accelerator = { ...acc, cores, coreFiles, coreMemorySharing, offchipCoreId };
  const kept = renumberedInFormat(acc.topology, newId, moved);
  if (kept) return withTopology(moved, kept);
  const { topology } = typedConversion(acc);
  const connectivity: TypedConnection[] = [];
  for (const entry of topology.connectivity) {
    const members = entry.cores.map((id) => newId.get(id)).filter((id): id is number => id !== undefined);
    if (entry.type === 'link' ? members.length === 2 && entry.cores.length === 2 : members.length >= 2) connectivity.push({ ...entry, cores: members });
  }
  return withTyped(moved, topology, connectivity);
}

function renumberedInFormat(source: TopologySource, newId: ReadonlyMap<number, number>, moved: Accelerator): TopologySource | undefined {
  if (source.format === 'stream-pairs') return renumberedPairs(source, newId, moved);
  if (source.format === 'stream-graph') return graphFor(source, newId, moved);
  return undefined;
}

function renumberedPairs(source: PairsTopology, newId: ReadonlyMap<number, number>, moved: Accelerator): PairsTopology | undefined {
  if (moved.offchipCoreId !== null && moved.offchipCoreId !== moved.cores.length - 1) return undefined;
  const connectivity: number[][] = [];
  for (const group of source.connectivity) {
    const members = group.map((id) => newId.get(id)).filter((id): id is number => id !== undefined);
    if (group.length >= 3 && members.length === 2) return undefined;
    if (members.length >= 2) connectivity.push(members);
  }
  return { ...source, connectivity };
}

/**
 * The graph declaration of `moved` (cores renumbered by `newId`, off-chip id already moved), or undefined when the
 * format cannot express it: the regular cores (all but pooling, SIMD and off-chip) must keep their relative order
 * (a mesh places them by it) and a mesh must keep nb_rows × nb_cols of them.
 */
function graphFor(source: GraphTopology, newId: ReadonlyMap<number, number>, moved: Accelerator): GraphTopology | undefined {
  const mapped = (id: number | null) => (id === null ? null : (newId.get(id) ?? null));
  const poolingCoreId = mapped(source.poolingCoreId);
  const simdCoreId = mapped(source.simdCoreId);
  const special = [poolingCoreId, simdCoreId, moved.offchipCoreId];
  if (new Set(special.filter((x) => x !== null)).size !== special.filter((x) => x !== null).length) return undefined;
  const oldSpecial = [source.poolingCoreId, source.simdCoreId];
  const oldRegular = [...newId.keys()].sort((x, y) => x - y).filter((id) => !oldSpecial.includes(id) && newId.get(id) !== moved.offchipCoreId);
  const keptOrder = oldRegular.map((id) => newId.get(id)!);
  if (keptOrder.some((id, k) => k > 0 && id < keptOrder[k - 1]!)) return undefined;
  const regularCount = moved.cores.filter((c) => !special.includes(c.id)).length;
  if (source.graphType === '2d_mesh' && (source.nbRows ?? 1) * (source.nbCols ?? regularCount) !== regularCount) return undefined;
  return { ...source, poolingCoreId, simdCoreId };
}

/**
 * Makes `id` the off-chip core (null: none). A pairs design keeps its format when the off-chip core is the last
 * one or none, a graph design when the id is not its pooling or SIMD core and a mesh keeps its size.
 */
export function setOffchipCore(acc: Accelerator, id: number | null): Accelerator {
  if (id === acc.offchipCoreId) return acc;
  const moved = { ...acc, offchipCoreId: id };
  const identity = new Map(acc.cores.map((c) => [c.id, c.id]));
  const source = acc.topology;
  if (source.format === 'stream-typed') return withTopology(moved, source);
  if (source.format === 'stream-pairs' && (id === null || id === acc.cores.length - 1)) return withTopology(moved, source);
  if (source.format === 'stream-graph') {
    const graph = graphFor(source, identity, moved);
    if (graph) return withTopology(moved, graph);
  }
  return withTopology(moved, typedConversion(acc).topology);
}

/**
 * A rows × cols mesh in the typed format: cores 0..rows·cols-1 row by row, each linked to its right and lower
 * neighbour, and the off-chip core `offchipCoreId` on a bus with the first column. The bus is declared first so
 * that the links between first-column neighbours win their pairs.
 */
export function meshTopology(rows: number, cols: number, offchipCoreId: number, figures: LinkFigures): TypedTopology {
  const firstColumn = Array.from({ length: rows }, (_, r) => r * cols);
  const connectivity: TypedConnection[] = [{ type: 'bus', cores: [...firstColumn, offchipCoreId], bandwidth: figures.bandwidth, unitEnergyCost: null }];
  const link = (a: number, b: number) => connectivity.push({ type: 'link', cores: [a, b], bandwidth: figures.bandwidth, unitEnergyCost: null });
  for (let r = 0; r < rows; r += 1) {
    for (let c = 0; c < cols; c += 1) {
      const at = r * cols + c;
      if (c + 1 < cols) link(at, at + 1);
      if (r + 1 < rows) link(at, at + cols);
    }
  }
  return { format: 'stream-typed', connectivity, unitEnergyCost: figures.unitEnergyCost };
}
