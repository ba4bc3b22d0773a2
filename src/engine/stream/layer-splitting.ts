/**
 * Splitting of layers whose weights do not fit a core's weight memory, for workloads given as objects (ONNX files
 * are split on the model itself, see workload/onnx/split): the layer becomes several layers, each with a slice of
 * the output channels (K), joined by a Concat node.
 */
import { lookupMappingEntry } from '../mapping/lookup';
import type { Mapping } from '../mapping/types';
import { kPartition, type KPartition } from '../workload/onnx/split';
import type { DependencyNode, Layer, Workload, WorkloadEdge, WorkloadNode } from '../workload/types';
import { isLayer } from '../workload/types';
import type { HardwareView } from './hardware-view';
import { topLevel } from './hardware-view';
import { resizeLayer } from './layer-resize';

export interface LayerSplit {
  readonly layerId: number;
  readonly layerName: string;
  readonly factor: number;
  readonly partIds: readonly number[];
  readonly concatId: number;
}

export interface SplitResult {
  readonly workload: Workload;
  readonly splits: readonly LayerSplit[];
}

export function splitLargeLayers(workload: Workload, mapping: Mapping, hw: HardwareView, doubleBuffered: boolean, partition: KPartition = 'balanced'): SplitResult {
  const compute = new Set(hw.computeCoreIds());
  let nextId = Math.max(...workload.nodes.map((n) => n.id)) + 1;
  const nodes: WorkloadNode[] = [];
  const replaced = new Map<number, { parts: Layer[]; concat: DependencyNode }>();
  const splits: LayerSplit[] = [];
  for (const node of workload.nodes) {
    if (!isLayer(node)) {
      nodes.push(node);
      continue;
    }
    const w = node.constantOperands[0];
    const k = node.loopSizes.K;
    const entry = lookupMappingEntry(mapping, node.name, node.operatorType);
    const links = entry?.memoryOperandLinks as Record<string, string> | undefined;
    const cores = (entry?.coreAllocation ?? [0]).filter((c) => compute.has(c));
    const caps = cores.map((c) => topLevel(hw.core(c), 'I2')?.instance.sizeBits ?? 0).filter((c) => c > 0);
    if (w === undefined || k === undefined || (links?.[w] ?? 'I2') !== 'I2' || caps.length === 0) {
      nodes.push(node);
      continue;
    }
    const capacity = Math.min(...caps) / (doubleBuffered ? 2 : 1);
    const perPart = kPartition(k, node.operandSizeBits[w] ?? 0, capacity, partition);
    if (!perPart || perPart.length <= 1) {
      nodes.push(node);
      continue;
    }
    const factor = perPart.length;
    const parts = perPart.map((kPart, i) =>
      resizeLayer(node, { K: kPart }, { id: nextId++, name: `${node.name}_split${i}`, prLoopSizes: node.prLoopSizesGiven ? node.prLoopSizes : null, keepPadding: true }),
    );
    const concat: DependencyNode = {
      id: nextId++,
      name: `${node.name}_split_concat`,
      operatorType: 'Concat',
      type: 'concat',
      kind: 'propagation',
      totalMacs: 0,
      sources: parts.map((p) => p.id),
      outputShape: node.onnx?.outputShapes[0] ?? null,
      attributes: { axis: 1 },
    };
    nodes.push(...parts, concat);
    replaced.set(node.id, { parts, concat });
    splits.push({ layerId: node.id, layerName: node.name, factor, partIds: parts.map((p) => p.id), concatId: concat.id });
  }
  if (splits.length === 0) return { workload, splits };
  const edges: WorkloadEdge[] = [];
  const concatInput = (i: number) => (i === 0 ? 'I' : i === 1 ? 'W' : `X${i}`);
  for (const e of workload.edges) {
    const into = replaced.get(e.to);
    const from = replaced.get(e.from)?.concat.id ?? e.from;
    if (into) for (const p of into.parts) edges.push({ from, to: p.id, operand: e.operand });
    else edges.push({ ...e, from });
  }
  for (const { parts, concat } of replaced.values()) parts.forEach((p, i) => edges.push({ from: p.id, to: concat.id, operand: concatInput(i) }));
  return { workload: { ...workload, nodes, edges }, splits };
}
