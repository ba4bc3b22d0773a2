/**
 * Builds the links and the directed core graph from an accelerator file's topology declaration, as the
 * reference Stream does for each format:
 * - `stream-typed`: a `link` gives two directed links (A→B, B→A) at full bandwidth each; a `bus` gives ONE
 *   shared medium attached to both directions of every core pair in it. No implicit off-chip connection.
 * - `stream-pairs` (ed4e12ef): a pair gives two directed links; a group of 3+ cores gives one shared
 *   two-way medium PER PAIR (ed4e12ef creates a new bus object for each pair). The off-chip core is then
 *   connected to every core: with a single-port DRAM by one shared link (bandwidth = the DRAM's write
 *   bandwidth) used in both directions by all cores; otherwise by one shared write link (to off-chip) and
 *   one shared read link (from off-chip).
 * - `stream-graph` (2024-05..10): a 2D mesh (Fortran-ordered, directed N/E/S/W links) or one bus over the
 *   regular cores, links to a pooling core, infinite-bandwidth zero-energy links to a SIMD core, then the
 *   off-chip connection as above (regular cores, then pooling, then SIMD).
 * A pair declared twice keeps its first position in the edge list but the link of its last declaration.
 */
import { portFor, topMemoryLevel } from './model';
import type { Core, CoreEdge, Link, TopologySource } from './types';

export interface Topology {
  readonly links: readonly Link[];
  readonly edges: readonly CoreEdge[];
}

class TopologyBuilder {
  readonly links: Link[] = [];
  private readonly edges: CoreEdge[] = [];
  private readonly edgeIndex = new Map<string, number>();

  addLink(from: number, to: number, bandwidth: number, unitEnergyCost: number): void {
    const id = this.links.length;
    this.links.push({ kind: 'link', id, from, to, bandwidth, unitEnergyCost });
    this.addEdge(from, to, id);
  }

  addBus(cores: readonly number[], bandwidth: number, unitEnergyCost: number, role: 'declared' | 'offchip' | 'offchip-write' | 'offchip-read'): number {
    const id = this.links.length;
    this.links.push({ kind: 'bus', id, cores: [...cores], bandwidth, unitEnergyCost, role });
    return id;
  }

  addEdge(from: number, to: number, linkId: number): void {
    const key = `${from}>${to}`;
    const at = this.edgeIndex.get(key);
    if (at === undefined) {
      this.edgeIndex.set(key, this.edges.length);
      this.edges.push({ from, to, linkId });
    } else this.edges[at] = { from, to, linkId };
  }

  /** Both directions of every pair in `cores` over one shared link. */
  addBusEdges(cores: readonly number[], linkId: number): void {
    for (let i = 0; i < cores.length; i++) {
      for (let j = i + 1; j < cores.length; j++) {
        this.addEdge(cores[i]!, cores[j]!, linkId);
        this.addEdge(cores[j]!, cores[i]!, linkId);
      }
    }
  }

  result(): Topology {
    // Links no edge uses any more (a bus whose pairs were all redeclared later) are kept: ids stay stable.
    return { links: this.links, edges: this.edges };
  }
}

/** Write and read bandwidth of the off-chip DRAM as the reference reads them (the O operand's top memory). */
export function offchipBandwidths(offchip: Core): { read: number; write: number; portCount: number } | undefined {
  const level = topMemoryLevel(offchip, 'O') ?? offchip.memories[0];
  if (!level) return undefined;
  const legacy = level.instance.legacy;
  const write = legacy?.writeBandwidth ?? (portFor(level, 'O', 'fh') ?? level.instance.ports[0])?.bandwidthMax ?? 0;
  const read = legacy?.readBandwidth ?? (portFor(level, 'O', 'tl') ?? level.instance.ports[0])?.bandwidthMax ?? 0;
  return { read, write, portCount: level.instance.ports.length };
}

function connectOffchip(b: TopologyBuilder, cores: readonly Core[], offchipId: number, others: readonly number[], unitEnergyCost: number): void {
  const offchip = cores[offchipId];
  const bw = offchip ? offchipBandwidths(offchip) : undefined;
  if (!bw) return;
  const attached = [...others, offchipId];
  let toOffchip: number;
  let fromOffchip: number;
  if (bw.portCount === 1) {
    toOffchip = fromOffchip = b.addBus(attached, bw.write, unitEnergyCost, 'offchip');
  } else {
    toOffchip = b.addBus(attached, bw.write, unitEnergyCost, 'offchip-write');
    fromOffchip = b.addBus(attached, bw.read, unitEnergyCost, 'offchip-read');
  }
  for (const id of others) {
    b.addEdge(id, offchipId, toOffchip);
    b.addEdge(offchipId, id, fromOffchip);
  }
}

export function buildTopology(source: TopologySource, cores: readonly Core[], offchipCoreId: number | null): Topology {
  const b = new TopologyBuilder();
  switch (source.format) {
    case 'stream-typed':
      for (const c of source.connectivity) {
        const uec = c.unitEnergyCost ?? source.unitEnergyCost;
        if (c.type === 'link') {
          if (c.cores.length !== 2) continue;
          b.addLink(c.cores[0]!, c.cores[1]!, c.bandwidth, uec);
          b.addLink(c.cores[1]!, c.cores[0]!, c.bandwidth, uec);
        } else {
          b.addBusEdges(c.cores, b.addBus(c.cores, c.bandwidth, uec, 'declared'));
        }
      }
      break;
    case 'stream-pairs': {
      for (const group of source.connectivity) {
        if (group.length === 2) {
          b.addLink(group[0]!, group[1]!, source.bandwidth, source.unitEnergyCost);
          b.addLink(group[1]!, group[0]!, source.bandwidth, source.unitEnergyCost);
          continue;
        }
        for (let i = 0; i < group.length; i++) {
          for (let j = i + 1; j < group.length; j++) {
            const pair = [group[i]!, group[j]!];
            b.addBusEdges(pair, b.addBus(pair, source.bandwidth, source.unitEnergyCost, 'declared'));
          }
        }
      }
      if (offchipCoreId !== null) {
        const others = cores.map((c) => c.id).filter((id) => id !== offchipCoreId);
        connectOffchip(b, cores, offchipCoreId, others, source.unitEnergyCost);
      }
      break;
    }
    case 'stream-graph':
      buildGraphTopology(b, source, cores, offchipCoreId);
      break;
  }
  return b.result();
}

function buildGraphTopology(
  b: TopologyBuilder,
  source: Extract<TopologySource, { format: 'stream-graph' }>,
  cores: readonly Core[],
  offchipCoreId: number | null,
): void {
  const special = [source.poolingCoreId, source.simdCoreId, offchipCoreId];
  const regular = cores.map((c) => c.id).filter((id) => !special.includes(id));
  const { bandwidth, unitEnergyCost: uec, poolingCoreId: pooling, simdCoreId: simd } = source;
  if (source.graphType === '2d_mesh') {
    const rows = source.nbRows ?? 1;
    const cols = source.nbCols ?? regular.length;
    // Fortran order: the core at (r, c) is regular[c * rows + r].
    const at = (r: number, c: number) => regular[c * rows + r];
    const chain = (ids: (number | undefined)[]) => {
      const list = ids.filter((x): x is number => x !== undefined);
      for (let i = 0; i + 1 < list.length; i++) b.addLink(list[i]!, list[i + 1]!, bandwidth, uec);
      for (let i = list.length - 1; i > 0; i--) b.addLink(list[i]!, list[i - 1]!, bandwidth, uec);
    };
    for (let r = 0; r < rows; r++) chain(Array.from({ length: cols }, (_, c) => at(r, c)));
    for (let c = 0; c < cols; c++) chain(Array.from({ length: rows }, (_, r) => at(r, c)));
  } else {
    b.addBusEdges(regular, b.addBus(regular, bandwidth, uec, 'declared'));
  }
  if (pooling !== null) {
    for (const id of regular) {
      b.addLink(id, pooling, bandwidth, uec);
      b.addLink(pooling, id, bandwidth, uec);
    }
  }
  if (simd !== null) {
    if (source.graphType === '2d_mesh') {
      for (const id of regular) {
        b.addLink(id, simd, Infinity, 0);
        b.addLink(simd, id, Infinity, 0);
      }
      if (pooling !== null) {
        b.addLink(pooling, simd, Infinity, 0);
        b.addLink(simd, pooling, Infinity, 0);
      }
    } else {
      const busId = b.links.find((l) => l.kind === 'bus')?.id;
      if (busId !== undefined) {
        for (const id of regular) {
          b.addEdge(id, simd, busId);
          b.addEdge(simd, id, busId);
        }
        if (pooling !== null) {
          b.addEdge(pooling, simd, busId);
          b.addEdge(simd, pooling, busId);
        }
      }
    }
  }
  if (offchipCoreId !== null) {
    const others = [...regular, ...(pooling !== null ? [pooling] : []), ...(simd !== null ? [simd] : [])];
    connectOffchip(b, cores, offchipCoreId, others, uec);
  }
}
