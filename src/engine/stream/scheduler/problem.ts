/**
 * Everything about a CN graph that the scheduler needs and that does not depend on the allocation, computed once
 * per graph and shared by every schedule of it (GA evaluations included).
 */
import type { MemoryOperand } from '../../hardware/types';
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
}

export interface PreparedGraph {
  readonly baseTensors: readonly TensorObj[];
  /** Content key → equality class of the base tensors (sub-tensors may equal base tensors). */
  readonly baseKeys: ReadonlyMap<string, number>;
  readonly succs: readonly (readonly number[])[];
  readonly preds: readonly (readonly number[])[];
  /** Per CN: constant operands, then the outputs of producer CNs of other layers, by producer (layer, tile). */
  readonly needsInOrder: readonly (readonly Need[])[];
  /** `needsInOrder` stably sorted by producer layer. */
  readonly needsByLayer: readonly (readonly Need[])[];
  /** `needsInOrder` stably sorted by tensor size. */
  readonly needsBySize: readonly (readonly Need[])[];
  /** Sink CNs under each rule of `SchedulerFeatures.sinkLayers`. */
  readonly sinks: Readonly<Record<'no-consumer-layer' | 'every-cn-leaf' | 'any-cn-leaf', Uint8Array>>;
  /** Per CN: the intra-core tiled dimensions of its layer. */
  readonly intraDims: readonly (readonly string[])[];
  /** Per CN: number of inter-core splits of its layer. */
  readonly interSplits: Int32Array;
}

export function tensorKey(layerId: number, operand: string, ranges: readonly Range[]): string {
  return `${layerId}|${operand}|${ranges.map((r) => `${r[0]}:${r[1]}`).join(',')}`;
}

const cache = new WeakMap<CnGraph, PreparedGraph>();

export function prepareGraph(g: CnGraph): PreparedGraph {
  const cached = cache.get(g);
  if (cached) return cached;
  const baseTensors = g.tensors.map((t) => ({ eq: t.id, base: t.id, size: t.sizeBits, memOp: t.memoryOperand, originCn: t.originCn, layerId: t.layerId, operand: t.operand, dims: t.dims, ranges: t.ranges }));
  const baseKeys = new Map<string, number>();
  for (const t of g.tensors) baseKeys.set(tensorKey(t.layerId, t.operand, t.ranges), t.id);
  const succs = g.nodes.map((_, i) => uniqueSorted(g.outEdges[i].map((e) => g.edges[e].to)));
  const preds = g.nodes.map((_, i) => uniqueSorted(g.inEdges[i].map((e) => g.edges[e].from)));
  const needsInOrder = g.nodes.map((node) => {
    const plan = g.plans.get(node.layerId)!;
    const list: Need[] = plan.layer.constantOperands.map((op) => ({ t: node.tensors[op], memOp: plan.memoryOperandOf[op] }));
    const inEdges = g.inEdges[node.index]
      .map((ei) => g.edges[ei])
      .filter((e) => e.operand !== null && g.nodes[e.from].layerId !== node.layerId)
      .sort((a, b) => g.nodes[a.from].layerId - g.nodes[b.from].layerId || g.nodes[a.from].subId - g.nodes[b.from].subId);
    for (const e of inEdges) {
      const pred = g.nodes[e.from];
      list.push({ t: pred.tensors[g.plans.get(pred.layerId)!.layer.outputOperand], memOp: plan.memoryOperandOf[e.operand!] });
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
  const prepared: PreparedGraph = { baseTensors, baseKeys, succs, preds, needsInOrder, needsByLayer, needsBySize, sinks, intraDims, interSplits };
  cache.set(g, prepared);
  return prepared;
}

function uniqueSorted(xs: number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}
