/**
 * Everything about a CN graph that the scheduler needs and that does not depend on the allocation, computed once
 * per graph and shared by every schedule of it (GA evaluations included).
 */
import { MEMORY_OPERANDS, type MemoryOperand } from '../../hardware/types';
import type { CnGraph, Range } from '../cn-graph';

/** A tensor the scheduler moves: a base tensor of the CN graph, or a slice of one (a sub-tensor). */
export interface TensorObj {
  /** Equality class: two tensor objects with the same content share one stored copy. */
  readonly eq: number;
  /** Base tensor id, or -1 for a sub-tensor. */
  readonly base: number;
  readonly size: number;
  readonly memOp: MemoryOperand;
  readonly originCn: number;
  readonly layerId: number;
  readonly operand: string;
  readonly dims: readonly string[];
  readonly ranges: readonly Range[];
}

/** An input a CN fetches: the tensor and the memory operand it goes to. */
export interface Need {
  readonly t: number;
  readonly memOp: MemoryOperand;
  /** The slice of `t` this CN needs along its intra-core tiled dims, or null when it needs all of `t`. */
  readonly slice: SliceTemplate | null;
}

/** A slice of a tensor: its equality class (shared by every slice of the same content), size and ranges. */
export interface SliceTemplate {
  readonly eq: number;
  readonly size: number;
  readonly ranges: readonly Range[];
}

/** How the scheduler sets the priorities at the start: add 1 per consumer memory, or set a constant's base priority. */
export interface PriorityInit {
  readonly add: boolean;
  readonly t: number;
  /** CN whose core decides the memory. */
  readonly cn: number;
  readonly memOp: MemoryOperand;
  readonly value: number;
}

/**
 * One list of CN ids per CN, packed in one typed array (contiguous, so the per-CN loops of every schedule read
 * memory in order): the list of CN `i` is `items[start[i]]` up to (not including) `items[start[i + 1]]`.
 */
export interface PerCnLists {
  readonly start: Int32Array;
  readonly items: Int32Array;
}

function perCnLists(lists: readonly (readonly number[])[]): PerCnLists {
  const start = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) start[i + 1] = start[i] + lists[i].length;
  const items = new Int32Array(start[lists.length]);
  lists.forEach((list, i) => items.set(list, start[i]));
  return { start, items };
}

export interface PreparedGraph {
  readonly baseTensors: readonly TensorObj[];
  /** Per base tensor: its size, and its own id (a base tensor is its own equality class and base). */
  readonly baseSizes: Float64Array;
  readonly baseIds: Int32Array;
  /** Per base tensor: its memory operand as an index into MEMORY_OPERANDS. */
  readonly baseOps: Uint8Array;
  /** Per base tensor: its origin CN. */
  readonly baseOrigins: Int32Array;
  readonly succs: readonly (readonly number[])[];
  readonly preds: readonly (readonly number[])[];
  /**
   * Per CN: its needs (constant operands, then the outputs of producer CNs of other layers, by producer (layer,
   * tile)), stably sorted by producer layer.
   */
  readonly needsByLayer: readonly (readonly Need[])[];
  /** Sink CNs under each rule of `SchedulerFeatures.sinkLayers`. */
  readonly sinks: Readonly<Record<'no-consumer-layer' | 'every-cn-leaf' | 'any-cn-leaf', Uint8Array>>;
  /** Per CN: the intra-core tiled dimensions of its layer. */
  readonly intraDims: readonly (readonly string[])[];
  /** Per CN: 1 when its layer is tiled within a core (`intraDims` not empty). */
  readonly tiledInCore: Uint8Array;
  /** Per CN: number of inter-core splits of its layer. */
  readonly interSplits: Int32Array;
  /** Number of tensor equality classes (base tensors and every distinct slice). */
  readonly equalityClasses: number;
  /** Per CN: its output tensor. */
  readonly outputTensor: Int32Array;
  /** Per CN, packed: its successors, its predecessors, and its successors in other layers. */
  readonly succLists: PerCnLists;
  readonly predLists: PerCnLists;
  readonly consumerElsewhereLists: PerCnLists;
  /** Per base tensor: whether it is the output of its origin CN. */
  readonly isOutput: Uint8Array;
  /** Priority initialisation steps (see PriorityInit), in order, as typed columns. */
  readonly priorityInitColumns: {
    readonly add: Uint8Array;
    readonly t: Int32Array;
    readonly cn: Int32Array;
    /** Memory operand as an index into MEMORY_OPERANDS. */
    readonly op: Uint8Array;
    readonly value: Int32Array;
  };
  /**
   * Tensors that start in off-chip memory (constants and the inputs of source CNs), in order, with their memory
   * operand as an index into MEMORY_OPERANDS.
   */
  readonly offchipAtStart: { readonly t: Int32Array; readonly op: Uint8Array };
  /** Per CN: its constant operands (layer operand, tensor, memory operand), for prefetching. */
  readonly constants: readonly (readonly { readonly operand: string; readonly t: number; readonly memOp: MemoryOperand }[])[];
  /** Per CN: the layer's constant operands' memory operands. */
  readonly constantMemOps: readonly (readonly MemoryOperand[])[];
  /**
   * tensorOfMemOp[cn * 3 + k] for memory operand k of I1, I2, O: the tensor of the CN's first layer operand stored
   * under it, or -1.
   */
  readonly tensorOfMemOp: Int32Array;
  /** Per fetch order, every CN's needs (by producer layer, or by tensor size) in typed columns (see NeedColumns). */
  readonly needColumns: Readonly<Record<'producer-layer' | 'size', NeedColumns>>;
  /** The slices some CN needs, indexed by `NeedColumns.slice`. */
  readonly sliceTemplates: readonly SliceTemplate[];
  /** The largest number of needs of any CN. */
  readonly maxNeeds: number;
}

/**
 * The needs of every CN in one set of contiguous columns (the per-CN step of every schedule reads them in order
 * rather than chasing three small arrays per CN): the needs of CN `i` are entries `start[i]` to `start[i + 1]`.
 */
export interface NeedColumns {
  readonly start: Int32Array;
  readonly t: Int32Array;
  /** Memory operand the tensor goes to, as an index into MEMORY_OPERANDS. */
  readonly op: Uint8Array;
  /** Index into `sliceTemplates` of the slice needed, or -1 for the whole tensor. */
  readonly slice: Int32Array;
}

function needColumns(lists: readonly (readonly Need[])[], sliceIndex: ReadonlyMap<SliceTemplate, number>): NeedColumns {
  const start = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) start[i + 1] = start[i] + lists[i].length;
  const n = start[lists.length];
  const t = new Int32Array(n);
  const op = new Uint8Array(n);
  const slice = new Int32Array(n);
  lists.forEach((list, i) =>
    list.forEach((need, j) => {
      t[start[i] + j] = need.t;
      op[start[i] + j] = MEMORY_OPERANDS.indexOf(need.memOp);
      slice[start[i] + j] = need.slice === null ? -1 : sliceIndex.get(need.slice)!;
    }),
  );
  return { start, t, op, slice };
}

export function tensorKey(layerId: number, operand: string, ranges: readonly Range[]): string {
  return `${layerId}|${operand}|${ranges.map((r) => `${r[0]}:${r[1]}`).join(',')}`;
}

const cache = new WeakMap<CnGraph, PreparedGraph>();

/** A priority is a count of consumer CNs (at most the graph's CN count), kept in 32-bit integers by the scheduler. */
function int32Priority(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 2 ** 30) throw new Error(`internal: priority ${value} is not a count of CNs`);
  return value;
}

export function prepareGraph(g: CnGraph): PreparedGraph {
  const cached = cache.get(g);
  if (cached) return cached;
  const baseTensors = g.tensors.map((t) => ({ eq: t.id, base: t.id, size: t.sizeBits, memOp: t.memoryOperand, originCn: t.originCn, layerId: t.layerId, operand: t.operand, dims: t.dims, ranges: t.ranges }));
  const baseKeys = new Map<string, number>();
  for (const t of g.tensors) baseKeys.set(tensorKey(t.layerId, t.operand, t.ranges), t.id);
  const succs = g.nodes.map((_, i) => uniqueSorted(g.outEdges[i].map((e) => g.edges[e].to)));
  const preds = g.nodes.map((_, i) => uniqueSorted(g.inEdges[i].map((e) => g.edges[e].from)));
  const subEq = new Map<string, number>();
  const sliceOf = (t: number, cn: number): SliceTemplate | null => {
    const intra = g.plans.get(g.nodes[cn].layerId)!.tiling.intra.map((l) => l.dim);
    const tensor = baseTensors[t];
    const dims = intra.filter((d) => tensor.dims.includes(d));
    if (dims.length === 0) return null;
    const node = g.nodes[cn];
    const needed = dims.map((d) => node.ranges[d]);
    const full = dims.map((d) => tensor.ranges[tensor.dims.indexOf(d)]);
    if (needed.every((r, i) => r[1] - r[0] === full[i][1] - full[i][0])) return null;
    const ranges = [...tensor.ranges];
    let compression = 1;
    dims.forEach((d, i) => {
      const idx = tensor.dims.indexOf(d);
      ranges[idx] = needed[i];
      compression *= (full[i][1] - full[i][0]) / (needed[i][1] - needed[i][0]);
    });
    const key = tensorKey(tensor.layerId, tensor.operand, ranges);
    let eq = baseKeys.get(key) ?? subEq.get(key);
    if (eq === undefined) {
      eq = baseTensors.length + subEq.size;
      subEq.set(key, eq);
    }
    return { eq, size: Math.trunc(tensor.size / compression), ranges };
  };
  const needsInOrder = g.nodes.map((node) => {
    const plan = g.plans.get(node.layerId)!;
    const list: Need[] = plan.layer.constantOperands.map((op) => ({ t: node.tensors[op], memOp: plan.memoryOperandOf[op], slice: sliceOf(node.tensors[op], node.index) }));
    const inEdges = g.inEdges[node.index]
      .map((ei) => g.edges[ei])
      .filter((e) => e.operand !== null && g.nodes[e.from].layerId !== node.layerId)
      .sort((a, b) => g.nodes[a.from].layerId - g.nodes[b.from].layerId || g.nodes[a.from].subId - g.nodes[b.from].subId);
    for (const e of inEdges) {
      const pred = g.nodes[e.from];
      const t = pred.tensors[g.plans.get(pred.layerId)!.layer.outputOperand];
      list.push({ t, memOp: plan.memoryOperandOf[e.operand!], slice: sliceOf(t, node.index) });
    }
    return list;
  });
  const needsByLayer = needsInOrder.map((list) => [...list].sort((a, b) => g.tensors[a.t].layerId - g.tensors[b.t].layerId));
  const needsBySize = needsInOrder.map((list) => [...list].sort((a, b) => g.tensors[a.t].sizeBits - g.tensors[b.t].sizeBits));
  const sinks = { 'no-consumer-layer': new Uint8Array(g.nodes.length), 'every-cn-leaf': new Uint8Array(g.nodes.length), 'any-cn-leaf': new Uint8Array(g.nodes.length) };
  for (const plan of g.plans.values()) {
    const anyLeaf = plan.cns.some((c) => g.outEdges[c].length === 0);
    const everyLeaf = plan.cns.every((c) => g.outEdges[c].length === 0);
    const noConsumer = plan.cns.every((c) => g.outEdges[c].every((e) => g.nodes[g.edges[e].to].layerId === plan.layer.id));
    for (const c of plan.cns) {
      if (!g.nodes[c].producesFinalOutput) continue;
      if (everyLeaf) sinks['every-cn-leaf'][c] = 1;
      if (anyLeaf) sinks['any-cn-leaf'][c] = 1;
      if (noConsumer) sinks['no-consumer-layer'][c] = 1;
    }
  }
  const intraDims = g.nodes.map((n) => g.plans.get(n.layerId)!.tiling.intra.map((l) => l.dim));
  const interSplits = Int32Array.from(g.nodes, (n) => g.plans.get(n.layerId)!.tiling.interSplits);
  const outputTensor = Int32Array.from(g.nodes, (n) => n.tensors[g.plans.get(n.layerId)!.layer.outputOperand]);
  const consumersElsewhere = g.nodes.map((n, i) => succs[i].filter((s) => g.nodes[s].layerId !== n.layerId));
  const isOutput = Uint8Array.from(g.tensors, (t) => (t.operand === g.plans.get(g.nodes[t.originCn].layerId)!.layer.outputOperand ? 1 : 0));
  const priorityInit: PriorityInit[] = [];
  const offchipAtStart: Need[] = [];
  for (const n of g.nodes) {
    const plan = g.plans.get(n.layerId)!;
    const isSource = g.inEdges[n.index].length === 0;
    for (const op of plan.layer.operands) {
      const t = n.tensors[op];
      if (op === plan.layer.outputOperand) {
        for (const ei of g.outEdges[n.index]) {
          const e = g.edges[ei];
          if (g.nodes[e.to].layerId === n.layerId || e.operand === null) continue;
          priorityInit.push({ add: true, t, cn: e.to, memOp: g.plans.get(g.nodes[e.to].layerId)!.memoryOperandOf[e.operand], value: 1 });
        }
      } else {
        const base = g.tensors[t].basePriority;
        if (base !== null) priorityInit.push({ add: false, t, cn: n.index, memOp: g.tensors[t].memoryOperand, value: base });
      }
    }
    for (const op of plan.layer.operands) {
      const constant = plan.layer.constantOperands.includes(op);
      if (constant || (op !== plan.layer.outputOperand && isSource)) offchipAtStart.push({ t: n.tensors[op], memOp: plan.memoryOperandOf[op], slice: null });
    }
  }
  const constants = g.nodes.map((n) => {
    const plan = g.plans.get(n.layerId)!;
    return plan.layer.constantOperands.map((operand) => ({ operand, t: n.tensors[operand], memOp: plan.memoryOperandOf[operand] }));
  });
  const constantMemOps = constants.map((list) => list.map((c) => c.memOp));
  const tensorOfMemOp = new Int32Array(g.nodes.length * 3).fill(-1);
  for (const n of g.nodes) {
    const plan = g.plans.get(n.layerId)!;
    for (const op of plan.layer.operands) {
      const i = n.index * 3 + MEMORY_OPERANDS.indexOf(plan.memoryOperandOf[op]);
      if (tensorOfMemOp[i] < 0) tensorOfMemOp[i] = n.tensors[op];
    }
  }
  const sliceTemplates: SliceTemplate[] = [];
  const sliceIndex = new Map<SliceTemplate, number>();
  for (const list of needsInOrder) for (const need of list) if (need.slice !== null && !sliceIndex.has(need.slice)) sliceIndex.set(need.slice, sliceTemplates.push(need.slice) - 1);
  const prepared: PreparedGraph = {
    baseTensors,
    baseSizes: Float64Array.from(baseTensors, (t) => t.size),
    baseIds: Int32Array.from(baseTensors, (t) => t.base),
    baseOps: Uint8Array.from(baseTensors, (t) => MEMORY_OPERANDS.indexOf(t.memOp)),
    baseOrigins: Int32Array.from(baseTensors, (t) => t.originCn),
    succs,
    preds,
    needsByLayer,
    sinks,
    intraDims,
    tiledInCore: Uint8Array.from(intraDims, (dims) => (dims.length > 0 ? 1 : 0)),
    interSplits,
    equalityClasses: baseTensors.length + subEq.size,
    outputTensor,
    succLists: perCnLists(succs),
    predLists: perCnLists(preds),
    consumerElsewhereLists: perCnLists(consumersElsewhere),
    isOutput,
    priorityInitColumns: {
      add: Uint8Array.from(priorityInit, (p) => (p.add ? 1 : 0)),
      t: Int32Array.from(priorityInit, (p) => p.t),
      cn: Int32Array.from(priorityInit, (p) => p.cn),
      op: Uint8Array.from(priorityInit, (p) => MEMORY_OPERANDS.indexOf(p.memOp)),
      value: Int32Array.from(priorityInit, (p) => int32Priority(p.value)),
    },
    offchipAtStart: { t: Int32Array.from(offchipAtStart, (x) => x.t), op: Uint8Array.from(offchipAtStart, (x) => MEMORY_OPERANDS.indexOf(x.memOp)) },
    constants,
    constantMemOps,
    tensorOfMemOp,
    needColumns: { 'producer-layer': needColumns(needsByLayer, sliceIndex), size: needColumns(needsBySize, sliceIndex) },
    sliceTemplates,
    maxNeeds: needsInOrder.reduce((m, list) => Math.max(m, list.length), 0),
  };
  cache.set(g, prepared);
  return prepared;
}

function uniqueSorted(xs: number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}
