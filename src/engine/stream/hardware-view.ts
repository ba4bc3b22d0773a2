/**
 * What the multi-core scheduler needs to know about an accelerator, precomputed once: the top-level memory
 * instance per (core, memory operand) with shared instances merged, and the route (links of the first shortest
 * path, as the reference's routing picks it) for every ordered core pair.
 */
import type { Accelerator, Core, Link, MemoryLevel, MemoryOperand } from '../hardware/types';
import { computeCores, memoryBandwidth } from '../hardware/model';

export interface TopMemory {
  readonly index: number;
  /** "<core id>:<memory name>" of the first core holding it. */
  readonly key: string;
  readonly name: string;
  readonly sizeBits: number;
  /** Cores whose top level this instance is (several when memory is shared). */
  readonly cores: readonly number[];
  readonly readCost: number;
  readonly writeCost: number;
  /** Port 0's minimum and maximum bandwidth, bits/cycle (the reference costs transfers on port 0). */
  readonly portBwMin: number;
  readonly portBwMax: number;
  /** Read / write bandwidth of the memory (`memoryBandwidth`; 1 without a port of the kind). */
  readonly readBw: number;
  readonly writeBw: number;
}

export interface LinkInfo {
  readonly index: number;
  readonly id: string;
  readonly label: string;
  readonly bandwidth: number;
  readonly unitEnergyCost: number;
}

const OPS: readonly MemoryOperand[] = ['I1', 'I2', 'O'];
const opIndex = (op: MemoryOperand): number => (op === 'I1' ? 0 : op === 'I2' ? 1 : 2);

export class HardwareView {
  readonly accelerator: Accelerator;
  readonly offchipCoreId: number;
  readonly memories: TopMemory[] = [];
  readonly links: LinkInfo[] = [];
  /** topOf[core * 3 + op] = index into memories, or -1 when the core holds no level for that operand. */
  private readonly topOf: Int32Array;
  /** Routes as link indices, keyed sender * nCores + receiver. */
  private readonly routes: (readonly number[] | null)[];
  readonly nCores: number;
  /**
   * Per memory instance: read and write cost per port-0 access scaled by the port's width ratio, and the port's
   * minimum width (the terms of `readEnergy` / `writeEnergy`, read on every transfer of a schedule).
   */
  private readonly readScale: Float64Array;
  private readonly writeScale: Float64Array;
  private readonly portMin: Float64Array;
  /** Per memory instance: the first core it serves (the core a transfer out of it is sent by). */
  readonly firstCoreOf: Int32Array;
  /**
   * `readsFrom[m * nCores + core]` is 1 when CNs on the core may read a copy in memory instance m: the memory's own
   * cores, or every core for the off-chip memory.
   */
  readonly readsFrom: Uint8Array;

  constructor(accelerator: Accelerator) {
    this.accelerator = accelerator;
    if (accelerator.offchipCoreId === null) {
      throw new Error(`Accelerator ${accelerator.name} has no off-chip core; Stream needs one to hold inputs and weights.`);
    }
    this.offchipCoreId = accelerator.offchipCoreId;
    this.nCores = accelerator.cores.length;
    this.topOf = new Int32Array(this.nCores * 3).fill(-1);
    const byKey = new Map<string, number>();
    const cores: number[][] = [];
    for (const core of accelerator.cores) {
      for (let o = 0; o < OPS.length; o++) {
        const level = topLevel(core, OPS[o]);
        if (!level) continue;
        const sharedKey = `${core.sharedMemoryGroupId}/${level.instance.name}`;
        let idx = byKey.get(sharedKey);
        if (idx === undefined) {
          idx = this.memories.length;
          byKey.set(sharedKey, idx);
          const port = level.instance.ports[0];
          this.memories.push({
            index: idx,
            key: `${core.id}:${level.instance.name}`,
            name: level.instance.name,
            sizeBits: level.instance.sizeBits,
            cores: [],
            readCost: level.instance.readCost,
            writeCost: level.instance.writeCost,
            portBwMin: port?.bandwidthMin ?? 1,
            portBwMax: port?.bandwidthMax ?? 1,
            readBw: memoryBandwidth(level.instance, 'read') ?? 1,
            writeBw: memoryBandwidth(level.instance, 'write') ?? 1,
          });
          cores.push([]);
        }
        if (!cores[idx].includes(core.id)) cores[idx].push(core.id);
        this.topOf[core.id * 3 + o] = idx;
      }
    }
    this.memories.forEach((m, i) => ((m as { cores: readonly number[] }).cores = cores[i]));
    const linkIndex = new Map<number, number>();
    for (const link of accelerator.links) {
      linkIndex.set(link.id, this.links.length);
      this.links.push({ index: this.links.length, id: String(link.id), label: linkLabel(link, this.offchipCoreId), bandwidth: link.bandwidth, unitEnergyCost: link.unitEnergyCost });
    }
    this.routes = computeRoutes(accelerator, linkIndex);
    this.readScale = Float64Array.from(this.memories, (m) => m.readCost * (m.portBwMin / m.portBwMax));
    this.writeScale = Float64Array.from(this.memories, (m) => m.writeCost * (m.portBwMin / m.portBwMax));
    this.portMin = Float64Array.from(this.memories, (m) => m.portBwMin);
    this.firstCoreOf = Int32Array.from(this.memories, (m) => m.cores[0]);
    this.readsFrom = new Uint8Array(this.memories.length * this.nCores);
    this.memories.forEach((m, i) => {
      const offchip = m.cores.includes(this.offchipCoreId);
      for (let c = 0; c < this.nCores; c++) this.readsFrom[i * this.nCores + c] = offchip || m.cores.includes(c) ? 1 : 0;
    });
  }

  core(id: number): Core {
    return this.accelerator.cores[id];
  }

  /** Top memory index of `core` for `op`; throws when the core cannot hold that operand. */
  top(coreId: number, op: MemoryOperand): number {
    const idx = this.topOf[coreId * 3 + opIndex(op)];
    if (idx < 0) throw new Error(`Core ${coreId} has no memory for operand ${op}`);
    return idx;
  }

  hasTop(coreId: number, op: MemoryOperand): boolean {
    return this.topOf[coreId * 3 + opIndex(op)] >= 0;
  }

  /** Links of the route sender → receiver; [] when they are the same core. Throws when unreachable. */
  route(sender: number, receiver: number): readonly number[] {
    if (sender === receiver) return [];
    const r = this.routes[sender * this.nCores + receiver];
    if (!r) throw new Error(`No communication path from core ${sender} to core ${receiver}`);
    return r;
  }

  /** Memory energy of moving `bits` out of `from` (read) into `to` (write), costed on port 0 like the reference. */
  transferMemoryEnergy(bits: number, from: number, to: number): number {
    return this.readEnergy(bits, from) + this.writeEnergy(bits, to);
  }

  readEnergy(bits: number, memory: number): number {
    return this.readScale[memory] * Math.ceil(bits / this.portMin[memory]);
  }

  /** The 2024 reference's transfer energy: accesses of the memories' full read / write width. */
  levelTransferEnergy(bits: number, from: number, to: number): number {
    const s = this.memories[from];
    const r = this.memories[to];
    return s.readCost * Math.ceil(bits / s.readBw) + r.writeCost * Math.ceil(bits / r.writeBw);
  }

  writeEnergy(bits: number, memory: number): number {
    return this.writeScale[memory] * Math.ceil(bits / this.portMin[memory]);
  }

  /** Compute cores (those with an operational array), excluding the off-chip core. */
  computeCoreIds(): number[] {
    return computeCores(this.accelerator).map((c) => c.id);
  }
}

export function topLevel(core: Core, op: MemoryOperand): MemoryLevel | undefined {
  const levels = core.hierarchy[op];
  return levels && levels.length > 0 ? levels[levels.length - 1] : undefined;
}

function linkLabel(link: Link, offchip: number): string {
  if (link.kind === 'link') return `core ${link.from} → core ${link.to}`;
  if (link.role !== 'declared') return `off-chip core ${offchip} ↔ any`;
  return `bus [${link.cores.join(',')}]`;
}

/**
 * First shortest path per ordered pair: breadth-first search over the directed core graph with neighbours in
 * declaration order, each node keeping the first node that reached it (networkx's all_shortest_paths()[0]).
 */
function computeRoutes(accelerator: Accelerator, linkIndex: Map<number, number>): (readonly number[] | null)[] {
  const n = accelerator.cores.length;
  const adjacency: { to: number; link: number }[][] = Array.from({ length: n }, () => []);
  for (const e of accelerator.edges) adjacency[e.from].push({ to: e.to, link: linkIndex.get(e.linkId)! });
  const routes: (readonly number[] | null)[] = new Array(n * n).fill(null);
  for (let s = 0; s < n; s++) {
    const parent = new Int32Array(n).fill(-1);
    const parentLink = new Int32Array(n).fill(-1);
    const seen = new Uint8Array(n);
    seen[s] = 1;
    const queue = [s];
    for (let qi = 0; qi < queue.length; qi++) {
      const u = queue[qi];
      for (const { to, link } of adjacency[u]) {
        if (seen[to]) continue;
        seen[to] = 1;
        parent[to] = u;
        parentLink[to] = link;
        queue.push(to);
      }
    }
    for (let t = 0; t < n; t++) {
      if (t === s || !seen[t]) continue;
      const path: number[] = [];
      for (let v = t; v !== s; v = parent[v]) path.push(parentLink[v]);
      routes[s * n + t] = path.reverse();
    }
  }
  return routes;
}
