/**
 * COALA-style list scheduler: places CNs one at a time, in priority order among the ready ones, on their
 * allocated cores. For each CN it moves the tensors it needs over the interconnect (earliest window with enough
 * link bandwidth), makes room in the receiving memory (evicting by priority × size, writing evicted data back
 * off-chip), reserves off-chip bandwidth for the whole run of a CN whose operands do not fit on chip, and frees
 * tensors once their last consumer has run.
 */
import type { MemoryOperand } from '../../hardware/types';
import type { CnGraph, Range } from '../cn-graph';
import type { HardwareView } from '../hardware-view';
import { LinkState, intersectWindows, type Window } from './link-state';
import { MemoryState, ScheduleError } from './memory-manager';
import type { CnExecution, EnergyTotals, ScheduleOutcome, SchedulerFeatures, TransferCause, TransferRecord } from './types';

const CAUSES: readonly TransferCause[] = ['offchip', 'offchip_write', 'core_to_core', 'eviction', 'sink', 'block'];

export interface ScheduleRequest {
  readonly graph: CnGraph;
  readonly hw: HardwareView;
  /** Core per CN. */
  readonly cores: Int32Array;
  readonly execution: readonly CnExecution[];
  /** Position of each CN in the scheduling order (lower = earlier). */
  readonly priority: Int32Array;
  readonly features: SchedulerFeatures;
  /** Keep per-transfer records (for results); off for GA fitness evaluations. */
  readonly record: boolean;
  /** Checked between CNs. */
  readonly signal?: AbortSignal;
}

interface TensorObj {
  readonly eq: number;
  readonly base: number; // base tensor id, or -1 for a sub-tensor
  readonly size: number;
  readonly memOp: MemoryOperand;
  readonly originCn: number;
  readonly layerId: number;
  readonly operand: string;
  readonly dims: readonly string[];
  readonly ranges: readonly Range[];
}

/** Equality classes of base tensors by content key, cached per graph (sub-tensors may equal base tensors). */
const keyCache = new WeakMap<CnGraph, Map<string, number>>();
function tensorKey(layerId: number, operand: string, ranges: readonly Range[]): string {
  return `${layerId}|${operand}|${ranges.map((r) => `${r[0]}:${r[1]}`).join(',')}`;
}
function baseKeys(graph: CnGraph): Map<string, number> {
  let m = keyCache.get(graph);
  if (!m) {
    m = new Map();
    for (const t of graph.tensors) m.set(tensorKey(t.layerId, t.operand, t.ranges), t.id);
    keyCache.set(graph, m);
  }
  return m;
}

/** Everything about a CN graph that does not depend on the allocation, computed once per graph. */
interface GraphStatic {
  readonly baseTensors: readonly TensorObj[];
  readonly succs: readonly (readonly number[])[];
  readonly preds: readonly (readonly number[])[];
  /** Per CN: constant operands, then the outputs of producer CNs of other layers, by producer layer. */
  readonly needs: readonly (readonly { readonly t: number; readonly memOp: MemoryOperand }[])[];
  readonly sinkStrict: Uint8Array;
  readonly sinkLoose: Uint8Array;
  /** 2024 reference: a layer is a sink when any of its CNs has no successor. */
  readonly sinkAnyLeaf: Uint8Array;
  /** Per CN: the intra-core tiled dimensions of its layer. */
  readonly intraDims: readonly (readonly string[])[];
  /** `needs` split into parallel arrays (used as is when nothing is streamed). */
  readonly needTensors: readonly number[][];
  readonly needOps: readonly MemoryOperand[][];
}
const staticCache = new WeakMap<CnGraph, GraphStatic>();

function graphStatic(g: CnGraph): GraphStatic {
  const cached = staticCache.get(g);
  if (cached) return cached;
  const baseTensors = g.tensors.map((t) => ({ eq: t.id, base: t.id, size: t.sizeBits, memOp: t.memoryOperand, originCn: t.originCn, layerId: t.layerId, operand: t.operand, dims: t.dims, ranges: t.ranges }));
  const succs = g.nodes.map((_, i) => uniqueSorted(g.outEdges[i].map((e) => g.edges[e].to)));
  const preds = g.nodes.map((_, i) => uniqueSorted(g.inEdges[i].map((e) => g.edges[e].from)));
  const needs = g.nodes.map((node) => {
    const plan = g.plans.get(node.layerId)!;
    const list: { t: number; memOp: MemoryOperand; origin: number }[] = [];
    for (const op of plan.layer.constantOperands) list.push({ t: node.tensors[op], memOp: plan.memoryOperandOf[op], origin: node.layerId });
    const inEdges = g.inEdges[node.index]
      .map((ei) => g.edges[ei])
      .filter((e) => e.operand !== null && g.nodes[e.from].layerId !== node.layerId)
      .sort((a, b) => g.nodes[a.from].layerId - g.nodes[b.from].layerId || g.nodes[a.from].subId - g.nodes[b.from].subId);
    for (const e of inEdges) {
      const pred = g.nodes[e.from];
      const predPlan = g.plans.get(pred.layerId)!;
      list.push({ t: pred.tensors[predPlan.layer.outputOperand], memOp: plan.memoryOperandOf[e.operand!], origin: pred.layerId });
    }
    list.sort((a, b) => a.origin - b.origin);
    return list.map(({ t, memOp }) => ({ t, memOp }));
  });
  const sinkStrict = new Uint8Array(g.nodes.length);
  const sinkLoose = new Uint8Array(g.nodes.length);
  const sinkAnyLeaf = new Uint8Array(g.nodes.length);
  for (const plan of g.plans.values()) {
    const anyLeaf = plan.cns.some((c) => g.outEdges[c].length === 0);
    const strict = plan.cns.every((c) => g.outEdges[c].length === 0);
    const loose = plan.cns.every((c) => g.outEdges[c].every((e) => g.nodes[g.edges[e].to].layerId === plan.layer.id));
    for (const c of plan.cns) {
      if (!g.nodes[c].producesFinalOutput) continue;
      if (strict) sinkStrict[c] = 1;
      if (anyLeaf) sinkAnyLeaf[c] = 1;
      if (loose) sinkLoose[c] = 1;
    }
  }
  const intraDims = g.nodes.map((n) => g.plans.get(n.layerId)!.tiling.intra.map((l) => l.dim));
  const needTensors = needs.map((list) => list.map((x) => x.t));
  const needOps = needs.map((list) => list.map((x) => x.memOp));
  const st = { baseTensors, succs, preds, needs, sinkStrict, sinkLoose, sinkAnyLeaf, intraDims, needTensors, needOps };
  staticCache.set(g, st);
  return st;
}

/** Scheduling-order positions of every layer's CNs, per priority array. */
const orderCache = new WeakMap<Int32Array, Map<number, number[]>>();

export function schedule(req: ScheduleRequest): ScheduleOutcome {
  return new CoalaScheduler(req).run();
}

class CoalaScheduler {
  private readonly g: CnGraph;
  private readonly hw: HardwareView;
  private readonly cores: Int32Array;
  private readonly exec: readonly CnExecution[];
  private readonly features: SchedulerFeatures;
  private readonly offchip: number;
  private readonly mems: MemoryState[];
  private readonly links: LinkState[];
  private readonly linkBits: number[];
  private readonly linkEnergy: number[];
  private readonly tensors: TensorObj[];
  private readonly subEq = new Map<string, number>();
  private nextEq: number;
  /** Per base tensor and memory: priority (prioVal) and whether the tensor has one there (prioHas). */
  private readonly prioVal: Float64Array;
  private readonly prioHas: Uint8Array;
  private readonly nMems: number;
  private readonly needs: GraphStatic['needs'];
  private readonly intraDims: GraphStatic['intraDims'];
  private readonly static: GraphStatic;
  private readonly tooLarge: (readonly MemoryOperand[])[];
  private readonly start: Float64Array;
  private readonly end: Float64Array;
  private readonly scheduled: Uint8Array;
  private readonly coreIdleFrom: Map<number, number>;
  private readonly totals: EnergyTotals;
  private readonly transfers: TransferRecord[] = [];
  private eventsEnd = 0;
  /** Multicast: earlier transfers per tensor equality class that later receivers may join. */
  private readonly sent = new Map<number, { mem: number; start: number; end: number; links: Set<number> }[]>();
  private readonly sinkCns: Uint8Array;
  private readonly succs: GraphStatic['succs'];
  private readonly preds: GraphStatic['preds'];
  /** Scheduling order index of every CN per layer (for the layer barrier check). */
  private readonly orderByLayer: Map<number, number[]>;

  constructor(private readonly req: ScheduleRequest) {
    this.g = req.graph;
    this.hw = req.hw;
    this.cores = req.cores;
    this.exec = req.execution;
    this.features = req.features;
    this.offchip = req.hw.offchipCoreId;
    this.mems = req.hw.memories.map((m) => new MemoryState(m.sizeBits));
    this.links = req.hw.links.map((l) => new LinkState(l.bandwidth));
    this.linkBits = req.hw.links.map(() => 0);
    this.linkEnergy = req.hw.links.map(() => 0);
    const st = graphStatic(this.g);
    this.tensors = st.baseTensors.slice();
    this.nextEq = this.g.tensors.length;
    this.nMems = this.mems.length;
    this.prioVal = new Float64Array(this.g.tensors.length * this.nMems);
    this.prioHas = new Uint8Array(this.g.tensors.length * this.nMems);
    this.tooLarge = this.exec.map((e) => e.tooLarge);
    this.needs = st.needs;
    this.intraDims = st.intraDims;
    this.static = st;
    const n = this.g.nodes.length;
    this.start = new Float64Array(n).fill(-1);
    this.end = new Float64Array(n).fill(-1);
    this.scheduled = new Uint8Array(n);
    this.coreIdleFrom = new Map();
    for (const c of [...new Set(this.cores)].sort((a, b) => a - b)) this.coreIdleFrom.set(c, 0);
    this.totals = {
      cnOnChip: 0,
      cnMac: 0,
      cnOffChip: 0,
      linkByCause: { offchip: 0, offchip_write: 0, core_to_core: 0, eviction: 0, sink: 0, block: 0 },
      memoryByCause: { offchip: 0, offchip_write: 0, core_to_core: 0, eviction: 0, sink: 0, block: 0 },
    };
    this.succs = st.succs;
    this.preds = st.preds;
    this.sinkCns = req.features.era === 2024 ? st.sinkAnyLeaf : req.features.sinkIgnoresIntraLayerEdges ? st.sinkLoose : st.sinkStrict;
    let order = orderCache.get(req.priority);
    if (!order) {
      order = new Map();
      for (const plan of this.g.plans.values()) order.set(plan.layer.id, plan.cns.map((c) => req.priority[c]));
      orderCache.set(req.priority, order);
    }
    this.orderByLayer = order;
  }

  // ---------------------------------------------------------------- tensors and memories

  private memOf(core: number, op: MemoryOperand): number {
    return this.hw.top(core, op);
  }

  private coreContains(t: number, core: number): boolean {
    const tensor = this.tensors[t];
    return this.mems[this.memOf(core, tensor.memOp)].contains(tensor.eq);
  }

  private spawn(t: number, core: number, op: MemoryOperand, storedSince: number, availableSince: number): void {
    const tensor = this.tensors[t];
    this.mems[this.memOf(core, op)].add(tensor.eq, t, tensor.size, storedSince, availableSince);
  }

  private removeTensor(t: number, core: number, op: MemoryOperand, time: number): void {
    const tensor = this.tensors[t];
    this.mems[this.memOf(core, op)].remove(tensor.eq, tensor.size, time);
  }

  /** Memory instance holding the tensor that has held it longest (or the given core's instance). */
  private storingMemory(t: number, suggestedCore: number | null): { mem: number; available: number } {
    const tensor = this.tensors[t];
    if (suggestedCore !== null) {
      const mem = this.memOf(suggestedCore, tensor.memOp);
      const available = this.mems[mem].availableSince(tensor.eq);
      if (available === undefined) throw new ScheduleError(`tensor ${this.describe(t)} is not on core ${suggestedCore}`);
      return { mem, available };
    }
    let best = -1;
    let bestT = Infinity;
    for (let m = 0; m < this.mems.length; m++) {
      const a = this.mems[m].availableSince(tensor.eq);
      if (a !== undefined && a < bestT) {
        bestT = a;
        best = m;
      }
    }
    if (best < 0) throw new ScheduleError(`tensor ${this.describe(t)} is stored nowhere`);
    return { mem: best, available: bestT };
  }

  private instancePriority(t: number, mem: number): number {
    const tensor = this.tensors[t];
    if (tensor.base < 0) return 0;
    const row = tensor.base * this.nMems;
    if (this.prioHas[row + mem]) return this.prioVal[row + mem];
    let sum = 0;
    for (let m = 0; m < this.nMems; m++) if (this.prioHas[row + m] && !this.mems[m].contains(tensor.eq)) sum += this.prioVal[row + m];
    return sum;
  }

  private totalPriority(t: number): number {
    const row = this.tensors[t].base * this.nMems;
    let sum = 0;
    for (let m = 0; m < this.nMems; m++) if (this.prioHas[row + m]) sum += this.prioVal[row + m];
    return sum;
  }

  private addPriority(t: number, mem: number, delta: number): void {
    const i = this.tensors[t].base * this.nMems + mem;
    this.prioHas[i] = 1;
    this.prioVal[i] += delta;
  }

  private setPriority(t: number, mem: number, value: number): void {
    const i = this.tensors[t].base * this.nMems + mem;
    this.prioHas[i] = 1;
    this.prioVal[i] = value;
  }

  private describe(t: number): string {
    const x = this.tensors[t];
    return `L${x.layerId}.${x.operand}[${x.ranges.map((r) => `${r[0]}:${r[1]}`).join(',')}]`;
  }

  private interSplits(cn: number): number {
    return this.g.plans.get(this.g.nodes[cn].layerId)!.tiling.interSplits;
  }

  private memOpOf(cn: number, layerOperand: string): MemoryOperand {
    return this.g.plans.get(this.g.nodes[cn].layerId)!.memoryOperandOf[layerOperand];
  }

  // ---------------------------------------------------------------- setup

  private initPriorities(): void {
    const { nodes, edges } = this.g;
    for (const n of nodes) {
      const plan = this.g.plans.get(n.layerId)!;
      for (const op of plan.layer.operands) {
        const t = n.tensors[op];
        if (op === plan.layer.outputOperand) {
          for (const ei of this.g.outEdges[n.index]) {
            const e = edges[ei];
            if (nodes[e.to].layerId === n.layerId || e.operand === null) continue;
            this.addPriority(t, this.memOf(this.cores[e.to], this.memOpOf(e.to, e.operand)), 1);
          }
        } else {
          const base = this.g.tensors[t].basePriority;
          if (base === null) continue;
          this.setPriority(t, this.memOf(this.cores[n.index], this.tensors[t].memOp), base);
        }
      }
    }
  }

  private initOffchipTensors(): void {
    for (const n of this.g.nodes) {
      const plan = this.g.plans.get(n.layerId)!;
      const isSource = this.g.inEdges[n.index].length === 0;
      for (const op of plan.layer.operands) {
        const constant = plan.layer.constantOperands.includes(op);
        if (!(constant || (op !== plan.layer.outputOperand && isSource))) continue;
        const t = n.tensors[op];
        if (this.coreContains(t, this.offchip)) continue;
        this.spawn(t, this.offchip, plan.memoryOperandOf[op], 0, 0);
      }
    }
  }

  private prefetch(): void {
    const ops = this.features.prefetchOperands;
    if (ops.length === 0) return;
    for (const n of this.g.nodes) {
      const plan = this.g.plans.get(n.layerId)!;
      for (const op of plan.layer.constantOperands) {
        if (!ops.includes(op)) continue;
        const t = n.tensors[op];
        if (this.coreContains(t, this.cores[n.index])) continue;
        this.transfer(t, this.cores[n.index], plan.memoryOperandOf[op], 0, [], null, 1, null);
      }
    }
  }

  // ---------------------------------------------------------------- main loop

  run(): ScheduleOutcome {
    this.initPriorities();
    this.initOffchipTensors();
    this.prefetch();
    const byOrder = this.features.candidateSelection === 'order';
    const heap = new CandidateHeap(this.req.priority);
    const candidates: { cn: number; predsEnd: number }[] = [];
    const add = (cn: number, predsEnd: number) => (byOrder ? heap.push(cn, predsEnd) : candidates.push({ cn, predsEnd }));
    const waiting = new Int32Array(this.g.nodes.length);
    for (const n of this.g.nodes) {
      waiting[n.index] = this.preds[n.index].length;
      if (waiting[n.index] === 0) add(n.index, this.coreIdleFrom.get(this.cores[n.index]) ?? 0);
    }
    const total = this.g.nodes.length;
    for (let done = 0; done < total; done++) {
      if ((done & 63) === 0 && this.req.signal?.aborted) throw new DOMException('The pipeline was cancelled', 'AbortError');
      let cn: number;
      let predsEnd: number;
      if (byOrder) {
        if (heap.size === 0) throw new ScheduleError('no CN is ready: the CN graph has a cycle');
        [cn, predsEnd] = heap.pop();
      } else {
        if (candidates.length === 0) throw new ScheduleError('no CN is ready: the CN graph has a cycle');
        const pick = this.pickCandidate(candidates);
        ({ cn, predsEnd } = candidates[pick]);
        candidates.splice(pick, 1);
      }
      this.scheduleCn(cn, predsEnd);
      for (const s of this.succs[cn]) {
        if (--waiting[s] === 0) {
          let pe = 0;
          for (const p of this.preds[s]) pe = Math.max(pe, this.end[p]);
          add(s, pe);
        }
      }
    }
    let latency = this.eventsEnd;
    for (let i = 0; i < total; i++) latency = Math.max(latency, this.end[i]);
    const t = this.totals;
    let energy = t.cnOnChip + t.cnOffChip;
    for (const c of CAUSES) energy += t.linkByCause[c] + t.memoryByCause[c];
    return {
      latency,
      energy,
      totals: t,
      start: this.start,
      end: this.end,
      transfers: this.transfers,
      memoryTraces: this.mems.map((m) => ({ times: m.times, usage: m.usage, peak: m.peak })),
      linkBusyCycles: this.links.map((l) => l.busyCycles()),
      linkBits: this.linkBits,
      linkEnergy: this.linkEnergy,
      tensorInfo: (id: number) => {
        const x = this.tensors[id];
        return { layerId: x.layerId, operand: x.operand, bits: x.size, ranges: x.ranges };
      },
    };
  }

  private pickCandidate(candidates: readonly { cn: number; predsEnd: number }[]): number {
    const prio = this.req.priority;
    let best = 0;
    for (let i = 1; i < candidates.length; i++) if (prio[candidates[i].cn] < prio[candidates[best].cn]) best = i;
    const mode = this.features.candidateSelection;
    if (mode === 'order') return best;
    const stack = this.g.plans.get(this.g.nodes[candidates[best].cn].layerId)!.stackIndex;
    let chosen = best;
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i];
      if (this.g.plans.get(this.g.nodes[c.cn].layerId)!.stackIndex !== stack) continue;
      const cur = candidates[chosen];
      const better =
        mode === 'latency'
          ? c.predsEnd < cur.predsEnd || (c.predsEnd === cur.predsEnd && prio[c.cn] < prio[cur.cn])
          : this.g.nodes[c.cn].layerId > this.g.nodes[cur.cn].layerId ||
            (this.g.nodes[c.cn].layerId === this.g.nodes[cur.cn].layerId && prio[c.cn] < prio[cur.cn]);
      if (better) chosen = i;
    }
    return chosen;
  }

  /** Constant operands, then producer outputs by producer (layer, tile): the 2024 reference's list before sorting. */
  private needs2024(cn: number): { t: number; memOp: MemoryOperand }[] {
    const node = this.g.nodes[cn];
    const plan = this.g.plans.get(node.layerId)!;
    const list: { t: number; memOp: MemoryOperand }[] = plan.layer.constantOperands.map((op) => ({ t: node.tensors[op], memOp: plan.memoryOperandOf[op] }));
    const edges = this.g.inEdges[cn]
      .map((ei) => this.g.edges[ei])
      .filter((e) => e.operand !== null && this.g.nodes[e.from].layerId !== node.layerId)
      .sort((a, b) => this.g.nodes[a.from].layerId - this.g.nodes[b.from].layerId || this.g.nodes[a.from].subId - this.g.nodes[b.from].subId);
    for (const e of edges) {
      const pred = this.g.nodes[e.from];
      list.push({ t: pred.tensors[this.g.plans.get(pred.layerId)!.layer.outputOperand], memOp: plan.memoryOperandOf[e.operand!] });
    }
    return list;
  }

  /** Tensors a CN fetches and the memory operand each goes to; treat the arrays as read-only. */
  private tensorsNeeded(cn: number): { tensors: number[]; ops: MemoryOperand[] } {
    const tooLarge = this.tooLarge[cn];
    if (this.features.era === 2024) {
      // The 2024 reference sorts (tensor, operand) pairs, and tensors compare by size.
      const list = this.needs2024(cn).filter((x) => !tooLarge.includes(x.memOp));
      list.sort((a, b) => this.tensors[a.t].size - this.tensors[b.t].size);
      return { tensors: list.map((x) => x.t), ops: list.map((x) => x.memOp) };
    }
    if (tooLarge.length === 0) return { tensors: this.static.needTensors[cn], ops: this.static.needOps[cn] };
    const tensors: number[] = [];
    const ops: MemoryOperand[] = [];
    for (const need of this.needs[cn]) {
      if (tooLarge.length > 0 && tooLarge.includes(need.memOp)) continue;
      tensors.push(need.t);
      ops.push(need.memOp);
    }
    return { tensors, ops };
  }

  private subTensorIfNeeded(t: number, cn: number, core: number): number {
    if (!this.features.subTensors) return t;
    const intra = this.intraDims[cn];
    if (intra.length === 0) return t;
    const tensor = this.tensors[t];
    const dims = intra.filter((d) => tensor.dims.includes(d));
    if (dims.length === 0 || this.coreContains(t, core)) return t;
    const node = this.g.nodes[cn];
    const needed = dims.map((d) => node.ranges[d]);
    const full = dims.map((d) => tensor.ranges[tensor.dims.indexOf(d)]);
    if (needed.every((r, i) => r[1] - r[0] === full[i][1] - full[i][0])) return t;
    if (this.features.wholeTensorWhenNotOffchip && !this.coreContains(t, this.offchip)) return t;
    const available = this.storingMemoryOnCore(t, this.offchip);
    const ranges = [...tensor.ranges];
    let compression = 1;
    dims.forEach((d, i) => {
      const idx = tensor.dims.indexOf(d);
      ranges[idx] = needed[i];
      compression *= (full[i][1] - full[i][0]) / (needed[i][1] - needed[i][0]);
    });
    const key = tensorKey(tensor.layerId, tensor.operand, ranges);
    let eq = baseKeys(this.g).get(key) ?? this.subEq.get(key);
    if (eq === undefined) {
      eq = this.nextEq++;
      this.subEq.set(key, eq);
    }
    const id = this.tensors.length;
    this.tensors.push({ eq, base: -1, size: Math.trunc(tensor.size / compression), memOp: tensor.memOp, originCn: tensor.originCn, layerId: tensor.layerId, operand: tensor.operand, dims: tensor.dims, ranges });
    this.spawn(id, this.offchip, tensor.memOp, available, available);
    return id;
  }

  private storingMemoryOnCore(t: number, core: number): number {
    const tensor = this.tensors[t];
    const a = this.mems[this.memOf(core, tensor.memOp)].availableSince(tensor.eq);
    if (a === undefined) throw new ScheduleError(`tensor ${this.describe(t)} must be off-chip to be fetched in slices`);
    return a;
  }

  /**
   * A CN whose streamed operands turn out to fit once only slices are fetched keeps them on chip. The 2024
   * reference has no such reset: a too-large operand always streams.
   */
  private resetTooLargeForSlices(cn: number, subs: readonly number[], ops: readonly MemoryOperand[], core: number): void {
    const tooLarge = this.tooLarge[cn];
    if (this.features.era === 2024 || tooLarge.length === 0 || subs.length === 0) return;
    const node = this.g.nodes[cn];
    const plan = this.g.plans.get(node.layerId)!;
    for (const op of plan.layer.constantOperands) if (tooLarge.includes(plan.memoryOperandOf[op])) return;
    const perOp = new Map<MemoryOperand, number>();
    subs.forEach((s, i) => perOp.set(ops[i], (perOp.get(ops[i]) ?? 0) + this.tensors[s].size));
    const out = this.tensors[node.tensors[plan.layer.outputOperand]];
    perOp.set(out.memOp, (perOp.get(out.memOp) ?? 0) + out.size);
    const seen = new Set<number>();
    for (const op of ['I1', 'I2', 'O'] as const) {
      if (!this.hw.hasTop(core, op)) continue;
      const mem = this.hw.top(core, op);
      if (seen.has(mem)) continue;
      seen.add(mem);
      let required = 0;
      for (const o of ['I1', 'I2', 'O'] as const) if (this.hw.hasTop(core, o) && this.hw.top(core, o) === mem) required += perOp.get(o) ?? 0;
      if (required > this.hw.memories[mem].sizeBits) return;
    }
    this.tooLarge[cn] = [];
  }

  private syncCoresIfLayerStart(cn: number): void {
    const node = this.g.nodes[cn];
    if (node.subId !== 0) return;
    const myIdx = this.req.priority[cn];
    for (const p of this.preds[cn]) {
      const pl = this.g.nodes[p].layerId;
      if (pl === node.layerId) continue;
      for (const idx of this.orderByLayer.get(pl) ?? []) if (idx >= myIdx) return;
    }
    let max = 0;
    for (const v of this.coreIdleFrom.values()) max = Math.max(max, v);
    for (const k of this.coreIdleFrom.keys()) this.coreIdleFrom.set(k, max);
  }

  private scheduleCn(cn: number, predsEnd: number): void {
    const node = this.g.nodes[cn];
    const plan = this.g.plans.get(node.layerId)!;
    const core = this.cores[cn];
    let { tensors: full, ops } = this.tensorsNeeded(cn);
    let subs = this.intraDims[cn].length === 0 ? full : full.map((t) => this.subTensorIfNeeded(t, cn, core));
    const streamedBefore = this.tooLarge[cn].length;
    this.resetTooLargeForSlices(cn, subs, ops, core);
    if (this.features.fetchAfterStreamingReset && streamedBefore > 0 && this.tooLarge[cn].length === 0) {
      ({ tensors: full, ops } = this.tensorsNeeded(cn));
      subs = this.intraDims[cn].length === 0 ? full : full.map((t) => this.subTensorIfNeeded(t, cn, core));
    }
    const era2024 = this.features.era === 2024;
    const fraction = era2024 ? 1 : 1 / plan.tiling.interSplits;
    if (this.features.syncCoresAtLayerStart) this.syncCoresIfLayerStart(cn);
    const idleFrom = this.coreIdleFrom.get(core) ?? 0;
    let t = Math.max(idleFrom, predsEnd);
    const tooLarge = this.tooLarge[cn];
    if (tooLarge.length > 0) t = this.clearMemories(core, tooLarge, t, subs, fraction);
    let headstart = 0;
    if (this.features.transferHeadstart) {
      subs.forEach((s, i) => {
        const offMem = this.hw.memories[this.hw.top(this.offchip, ops[i])];
        headstart += Math.ceil(this.tensors[s].size / (offMem.portBwMax * fraction));
      });
    }
    // The 2024 reference moves a tensor as soon as it exists and there is room, whatever the core is doing.
    const earliest = era2024 ? 0 : idleFrom - headstart;
    subs.forEach((s, i) => {
      const done = this.transfer(s, core, ops[i], earliest, subs, null, fraction, null);
      t = Math.max(t, done);
    });
    if (this.features.writeBackStreamedInputs && tooLarge.length > 0) t = Math.max(t, this.writeBackStreamedInputs(cn, fraction));
    const outT = node.tensors[plan.layer.outputOperand];
    const outOp = this.tensors[outT].memOp;
    const outCore = tooLarge.includes(outOp) ? this.offchip : core;
    if (era2024) {
      t = this.blockOffchip(cn, core, t);
      t = this.makeSpace(outT, outCore, outOp, t, subs);
    } else {
      t = this.makeSpace(outT, outCore, outOp, t, subs);
      t = this.blockOffchip(cn, core, t);
    }
    const runtime = this.exec[cn].runtime;
    const end = t + runtime;
    this.spawn(outT, outCore, outOp, t, end);
    this.start[cn] = t;
    this.end[cn] = end;
    this.coreIdleFrom.set(core, end);
    this.scheduled[cn] = 1;
    this.totals.cnOnChip += this.exec[cn].onChipEnergy;
    this.totals.cnMac += this.exec[cn].macEnergy;
    this.totals.cnOffChip += this.exec[cn].offChipEnergy;
    // Release what this CN used.
    full.forEach((ft, i) => this.addPriority(ft, this.memOf(core, ops[i]), -1));
    this.checkForRemoval(full, end, fraction);
    subs.forEach((s, i) => {
      if (full.includes(s)) return;
      this.removeTensor(s, core, ops[i], end);
      this.removeTensor(s, this.offchip, ops[i], end);
    });
    if (this.sinkCns[cn] && !tooLarge.includes('O')) {
      this.removal(outT, core, this.tensors[outT].memOp, end, fraction, true, 'sink');
    }
  }

  /** Writes producer outputs a CN will stream from off-chip to off-chip memory first; returns when they are there. */
  private writeBackStreamedInputs(cn: number, fraction: number): number {
    let done = 0;
    for (const need of this.needs[cn]) {
      if (!this.tooLarge[cn].includes(need.memOp)) continue;
      const tensor = this.tensors[need.t];
      if (tensor.layerId === this.g.nodes[cn].layerId || this.coreContains(need.t, this.offchip)) continue;
      done = Math.max(done, this.transfer(need.t, this.offchip, tensor.memOp, 0, [], null, fraction, 'offchip_write'));
    }
    return done;
  }

  private checkForRemoval(full: readonly number[], end: number, fraction: number): void {
    for (const t of full) {
      if (this.totalPriority(t) !== 0) continue;
      const tensor = this.tensors[t];
      for (let m = 0; m < this.mems.length; m++) {
        if (!this.mems[m].contains(tensor.eq)) continue;
        const memCores = this.hw.memories[m].cores;
        let when = end;
        const origin = this.g.nodes[tensor.originCn];
        const originPlan = this.g.plans.get(origin.layerId)!;
        if (tensor.operand === originPlan.layer.outputOperand) {
          let max = -Infinity;
          for (const s of this.succs[tensor.originCn]) {
            const sn = this.g.nodes[s];
            if (sn.layerId === origin.layerId) continue;
            if (!memCores.includes(this.offchip) && !memCores.includes(this.cores[s])) continue;
            if (this.end[s] >= 0) max = Math.max(max, this.end[s]);
          }
          if (max > -Infinity) when = max;
        }
        this.removal(t, memCores[0], tensor.memOp, when, fraction, false, null);
      }
    }
  }

  private clearMemories(core: number, ops: readonly MemoryOperand[], t: number, exceptions: readonly number[], fraction: number): number {
    for (const op of ops) {
      const mem = this.memOf(core, op);
      for (const victim of this.mems[mem].storedAt(t)) {
        if (exceptions.includes(victim)) continue;
        t = this.removal(victim, core, op, t, fraction, true, 'eviction');
      }
    }
    return t;
  }

  /** Removes a tensor from a core, first writing it back off-chip when asked and it is not there yet. */
  private removal(t: number, core: number, op: MemoryOperand, time: number, fraction: number, writeBack: boolean, cause: TransferCause | null): number {
    if (writeBack && !this.coreContains(t, this.offchip)) {
      const done = this.transfer(t, this.offchip, op, 0, [], core, fraction, cause);
      time = Math.max(time, done);
    }
    this.removeTensor(t, core, op, time);
    return time;
  }

  private makeSpace(t: number, core: number, op: MemoryOperand, time: number, avoid: readonly number[]): number {
    const tensor = this.tensors[t];
    const spaceAt = this.mems[this.memOf(core, op)].timeForAddition(tensor.size, time);
    const victims = this.victims(t, core, spaceAt, avoid);
    if (core === this.offchip && victims.length > 0) throw new ScheduleError('evictions required in off-chip memory; make it larger');
    for (const v of victims) {
      const f = this.features.era === 2024 ? 1 : 1 / this.interSplits(this.tensors[v].originCn);
      const done = this.removal(v, core, op, time, f, true, 'eviction');
      time = Math.max(time, done);
    }
    return Math.max(spaceAt, time);
  }

  private victims(t: number, core: number, time: number, exceptions: readonly number[]): number[] {
    const tensor = this.tensors[t];
    const mem = this.memOf(core, tensor.memOp);
    const state = this.mems[mem];
    if (state.capacity < tensor.size) throw new ScheduleError(`tensor ${this.describe(t)} (${tensor.size} bits) is larger than memory ${this.hw.memories[mem].key}`);
    const minEvict = tensor.size - (state.capacity - state.usageAt(time));
    if (minEvict <= 0) return [];
    const stored = state.storedAt(time);
    const candidates = stored
      .filter((s) => !exceptions.includes(s))
      .map((s, order) => ({ s, order, importance: this.instancePriority(s, mem) * this.tensors[s].size, size: this.tensors[s].size }));
    candidates.sort((a, b) => a.importance - b.importance || a.size - b.size || a.order - b.order);
    const out: number[] = [];
    let freed = 0;
    for (const c of candidates) {
      if (freed >= minEvict) break;
      out.push(c.s);
      freed += c.size;
    }
    if (freed < minEvict) throw new ScheduleError(`cannot free ${minEvict} bits in ${this.hw.memories[mem].key} for ${this.describe(t)}`);
    return out;
  }

  /** Moves a tensor to `receiver`; returns when it is available there. */
  private transfer(
    t: number,
    receiver: number,
    op: MemoryOperand,
    earliest: number,
    avoid: readonly number[],
    sender: number | null,
    fraction: number,
    cause: TransferCause | null,
  ): number {
    if (this.coreContains(t, receiver)) return earliest;
    const source = this.storingMemory(t, sender);
    const from = Math.max(earliest, source.available);
    const ready = this.makeSpace(t, receiver, op, from, avoid);
    const senderCore = this.hw.memories[source.mem].cores[0];
    const route = this.hw.route(senderCore, receiver);
    const tensor = this.tensors[t];
    let startT: number;
    let duration: number;
    const bws = route.map((l) => Math.ceil(fraction * this.links[l].bandwidth));
    const receiverMem = this.memOf(receiver, op);
    let joined: { mem: number; start: number; end: number; links: Set<number> } | undefined;
    if (route.length === 0) {
      startT = ready;
      duration = 0;
    } else {
      duration = Math.ceil(tensor.size / Math.min(...bws));
      const own = this.commonWindow(route.map((l, i) => ({ link: l, bw: Math.min(bws[i], this.links[l].bandwidth) })), ready, duration, t);
      if (this.features.multicast) joined = this.joinableTransfer(tensor.eq, source.mem, route, bws, ready, duration);
      if (joined && joined.start > own) joined = undefined;
      startT = joined ? joined.start : own;
    }
    const endT = startT + duration;
    this.spawn(t, receiver, op, startT, endT);
    let linkEnergy = 0;
    let newEverywhere = true;
    route.forEach((l, i) => {
      if (joined?.links.has(l)) return;
      const isNew = this.links[l].reserve(t, startT, endT, bws[i]);
      if (isNew) {
        const unit = this.hw.links[l].unitEnergyCost;
        const e = this.features.linkEnergyPerBit ? tensor.size * unit : duration * unit * fraction;
        linkEnergy += e;
        this.linkEnergy[l] += e;
        this.linkBits[l] += tensor.size;
      } else newEverywhere = false;
    });
    if (newEverywhere && route.length > 0) this.eventsEnd = Math.max(this.eventsEnd, endT);
    // A receiver joining a multicast only pays its own write: the sender read happened once.
    const memoryEnergy = joined
      ? this.hw.writeEnergy(tensor.size, receiverMem)
      : this.features.era === 2024
        ? this.hw.levelTransferEnergy(tensor.size, source.mem, receiverMem)
        : this.hw.transferMemoryEnergy(tensor.size, source.mem, receiverMem);
    if (joined) for (const l of route) joined.links.add(l);
    else if (this.features.multicast && route.length > 0) {
      const list = this.sent.get(tensor.eq) ?? [];
      list.push({ mem: source.mem, start: startT, end: endT, links: new Set(route) });
      this.sent.set(tensor.eq, list);
    }
    const finalCause: TransferCause = cause ?? (senderCore === this.offchip ? 'offchip' : 'core_to_core');
    this.totals.linkByCause[finalCause] += linkEnergy;
    this.totals.memoryByCause[finalCause] += memoryEnergy;
    if (senderCore !== this.offchip) {
      if (this.features.era === 2024) {
        // 2024: removed when the sender's memory has no priority entry for it, or a zero one.
        const i = tensor.base >= 0 ? tensor.base * this.nMems + source.mem : -1;
        if (i < 0 || !this.prioHas[i] || this.prioVal[i] === 0) this.removeTensor(t, senderCore, tensor.memOp, endT);
      } else {
        const notOnProducer = senderCore !== this.cores[tensor.originCn];
        if (notOnProducer && this.instancePriority(t, source.mem) === 0) this.removeTensor(t, senderCore, tensor.memOp, endT);
      }
    }
    if (this.req.record) {
      this.transfers.push({ tensor: t, from: senderCore, to: receiver, links: route, start: startT, end: endT, bits: tensor.size, linkEnergy, memoryEnergy, cause: finalCause });
    }
    return endT;
  }

  /**
   * An earlier transfer of the same data from the same memory that this receiver can join: it starts no earlier
   * than the receiver is ready, lasts as long, and every link of this route it did not use is free meanwhile.
   */
  private joinableTransfer(eq: number, mem: number, route: readonly number[], bws: readonly number[], ready: number, duration: number) {
    for (const prev of this.sent.get(eq) ?? []) {
      if (prev.mem !== mem || prev.start < ready || prev.end - prev.start !== duration) continue;
      const free = route.every((l, i) => {
        if (prev.links.has(l)) return true;
        const w = this.links[l].idleWindows(Math.min(bws[i], this.links[l].bandwidth), duration, prev.start);
        return w.length > 0 && w[0][0] === prev.start;
      });
      if (free) return prev;
    }
    return undefined;
  }

  /** A link's candidate windows; the 2024 reference puts the windows of earlier events carrying the tensors first. */
  private linkWindows(link: number, bw: number, duration: number, earliest: number, tensors: readonly number[]): Window[] {
    const idle = this.links[link].idleWindows(bw, duration, earliest);
    if (this.features.era !== 2024) return idle;
    return [...this.links[link].carriedWindows(tensors, duration, earliest), ...idle];
  }

  /** Earliest start ≥ `earliest` at which every link has `bw` free for `duration` cycles. */
  private commonWindow(requests: readonly { link: number; bw: number }[], earliest: number, duration: number, tensor: number): number {
    let windows: Window[] = [];
    requests.forEach((r, i) => {
      const w = this.linkWindows(r.link, r.bw, duration, earliest, [tensor]);
      windows = i === 0 ? w : intersectWindows(windows, w).filter((p) => p[1] - p[0] >= duration);
    });
    if (windows.length === 0) throw new ScheduleError('no idle window on the route');
    return windows[0][0];
  }

  /** 2024 reference: one reservation per link for everything the CN streams over it (total bandwidth, rounded up). */
  private blockPerLink(perLink: Map<number, { tensor: number; bw: number; toOffchip: boolean }[]>, core: number, t: number, duration: number): number {
    let windows: Window[] = [];
    let first = true;
    for (const [l, list] of perLink) {
      const total = list.reduce((s, x) => s + x.bw, 0);
      const w = this.linkWindows(l, Math.min(total, this.links[l].bandwidth), duration, t, list.map((x) => x.tensor));
      windows = first ? w : intersectWindows(windows, w).filter((p) => p[1] - p[0] >= duration);
      first = false;
    }
    if (windows.length === 0) throw new ScheduleError('no idle window to stream operands from off-chip');
    const start = windows[0][0];
    const end = start + duration;
    for (const [l, list] of perLink) {
      const total = list.reduce((s, x) => s + x.bw, 0);
      if (this.links[l].reserve(list[0].tensor, start, end, Math.ceil(total))) {
        this.eventsEnd = Math.max(this.eventsEnd, end);
        this.linkBits[l] += total * duration;
        if (this.req.record) {
          const x = list[0];
          this.transfers.push({ tensor: x.tensor, from: x.toOffchip ? core : this.offchip, to: x.toOffchip ? this.offchip : core, links: [l], start, end, bits: total * duration, linkEnergy: 0, memoryEnergy: 0, cause: 'block' });
        }
      }
    }
    return start;
  }

  /** Reserves off-chip bandwidth for the whole run of a CN that streams operands; returns its start time. */
  private blockOffchip(cn: number, core: number, t: number): number {
    const tooLarge = this.tooLarge[cn];
    if (tooLarge.length === 0) return t;
    const node = this.g.nodes[cn];
    const plan = this.g.plans.get(node.layerId)!;
    const exec = this.exec[cn];
    const perLink = new Map<number, { tensor: number; bw: number; toOffchip: boolean }[]>();
    const add = (links: readonly number[], tensor: number, bw: number, toOffchip: boolean) => {
      for (const l of new Set(links)) {
        if (!perLink.has(l)) perLink.set(l, []);
        perLink.get(l)!.push({ tensor, bw, toOffchip });
      }
    };
    if (tooLarge.includes('O')) add(this.hw.route(core, this.offchip), node.tensors[plan.layer.outputOperand], exec.offchipWriteBw, true);
    const inOps = tooLarge.filter((o) => o !== 'O');
    if (inOps.length > 0) {
      const route = this.hw.route(this.offchip, core);
      for (const memOp of inOps) {
        const layerOp = plan.layer.operands.find((o) => plan.memoryOperandOf[o] === memOp);
        if (layerOp === undefined) continue;
        add(route, node.tensors[layerOp], exec.offchipReadBw[memOp] ?? 0, false);
      }
    }
    if (perLink.size === 0) return t;
    const duration = exec.runtime;
    if (this.features.era === 2024) return this.blockPerLink(perLink, core, t, duration);
    let windows: Window[] = [];
    let first = true;
    for (const [l, list] of perLink) {
      const total = list.reduce((s, x) => s + x.bw, 0);
      const bwLimit = this.links[l].bandwidth;
      const required = total > bwLimit ? list.reduce((s, x) => s + Math.floor((bwLimit / total) * x.bw), 0) : total;
      const w = this.links[l].idleWindows(required, duration, t);
      windows = first ? w : intersectWindows(windows, w).filter((p) => p[1] - p[0] >= duration);
      first = false;
    }
    if (windows.length === 0) throw new ScheduleError('no idle window to stream operands from off-chip');
    const start = windows[0][0];
    const end = start + duration;
    for (const [l, list] of perLink) {
      for (const x of list) {
        const isNew = this.links[l].reserve(x.tensor, start, end, x.bw);
        if (isNew) {
          this.eventsEnd = Math.max(this.eventsEnd, end);
          this.linkBits[l] += x.bw * duration;
          if (this.req.record) {
            this.transfers.push({
              tensor: x.tensor,
              from: x.toOffchip ? core : this.offchip,
              to: x.toOffchip ? this.offchip : core,
              links: [l],
              start,
              end,
              bits: x.bw * duration,
              linkEnergy: 0,
              memoryEnergy: 0,
              cause: 'block',
            });
          }
        }
      }
    }
    return start;
  }
}

/** Ready CNs by scheduling-order position (lowest first). */
class CandidateHeap {
  private readonly cns: number[] = [];
  private readonly ends: number[] = [];
  constructor(private readonly priority: Int32Array) {}
  get size(): number {
    return this.cns.length;
  }
  push(cn: number, predsEnd: number): void {
    const { cns, ends, priority } = this;
    let i = cns.length;
    cns.push(cn);
    ends.push(predsEnd);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (priority[cns[parent]] <= priority[cn]) break;
      cns[i] = cns[parent];
      ends[i] = ends[parent];
      i = parent;
    }
    cns[i] = cn;
    ends[i] = predsEnd;
  }
  pop(): [number, number] {
    const { cns, ends, priority } = this;
    const top: [number, number] = [cns[0], ends[0]];
    const lastCn = cns.pop()!;
    const lastEnd = ends.pop()!;
    const n = cns.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && priority[cns[r]] < priority[cns[l]] ? r : l;
        if (priority[cns[c]] >= priority[lastCn]) break;
        cns[i] = cns[c];
        ends[i] = ends[c];
        i = c;
      }
      cns[i] = lastCn;
      ends[i] = lastEnd;
    }
    return top;
  }
}

function uniqueSorted(xs: number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}
