/**
 * Tiling of layers into computation nodes (CNs) and the CN dependency graph.
 *
 * A CN is one tile of a layer: a range [lo, hi) per loop dimension (and, derived, per partially relevant
 * dimension such as IX/IY, which may be negative or overshoot because of padding). Edges join a producer tile to
 * every consumer tile whose input range overlaps the producer's output range (found through a box index), and
 * consecutive tiles of one group of a layer (so a group runs in order on its core).
 */
import type { MemoryOperand } from '../hardware/types';
import { lookupMappingEntry } from '../mapping/lookup';
import type { Mapping, ResolvedMappingEntry } from '../mapping/types';
import { InputError } from '../errors';
import { isLayer, type Layer, type Workload } from '../workload/types';
import { BoxIndex, type Box } from './box-index';
import type { LayerStack } from './layer-stacks';
import { isReferenceCompat, type StreamOptions } from './options';
import { layerTiling, type LayerTiling, type TilingLoop } from './tiling';

/**
 * How a split whose factor does not divide the dimension is handled:
 * `exact` balanced tiles covering the dimension exactly once (default model);
 * `truncate` tiles of floor(size/factor), dropping the remainder (reference quirk);
 * `pad` tiles of ceil(size/factor), computing padding elements.
 */
export type SplitRounding = 'exact' | 'truncate' | 'pad';

export type Range = readonly [number, number];

export interface LayerPlan {
  readonly layer: Layer;
  readonly entry: ResolvedMappingEntry;
  readonly stackIndex: number;
  readonly tiling: LayerTiling;
  readonly possibleCores: readonly number[];
  /** Allocation given by the mapping: pinned to one core, or one core per inter-core group. */
  readonly fixed: boolean;
  readonly memoryOperandOf: Readonly<Record<string, MemoryOperand>>;
  readonly nGroups: number;
  readonly cns: number[];
}

export interface ComputationNode {
  readonly index: number;
  readonly layerId: number;
  readonly subId: number;
  readonly group: number;
  /** Loop dims and pr dims → [lo, hi). */
  readonly ranges: Readonly<Record<string, Range>>;
  /** Loop dim → tile size (hi - lo). */
  readonly tileSizes: Readonly<Record<string, number>>;
  readonly producesFinalOutput: boolean;
  /** Layer operand → tensor id. */
  readonly tensors: Readonly<Record<string, number>>;
  /** Bits of final output this CN produces (the reference's data_produced_unique). */
  readonly outputBits: number;
  readonly macs: number;
  /** Core fixed by the mapping, or null when the allocator chooses. */
  readonly fixedCore: number | null;
  nbRealPredecessors: number;
  /** Index of the unique-CN class (same layer, tile sizes and number of real predecessors). */
  uniqueIndex: number;
}

export interface CnTensor {
  readonly id: number;
  readonly layerId: number;
  /** First CN owning it (the producer, for outputs). */
  readonly originCn: number;
  readonly operand: string;
  readonly memoryOperand: MemoryOperand;
  readonly sizeBits: number;
  readonly dims: readonly string[];
  readonly ranges: readonly Range[];
  /** Inter-CN reuse factor of a constant operand (its eviction priority), null for activations. */
  readonly basePriority: number | null;
}

export interface CnEdge {
  readonly from: number;
  readonly to: number;
  /** Consumer layer operand fed by the edge; null for an edge between tiles of one layer. */
  readonly operand: string | null;
  readonly bits: number;
}

export interface CnGraph {
  readonly nodes: readonly ComputationNode[];
  readonly tensors: readonly CnTensor[];
  readonly edges: readonly CnEdge[];
  /** Edge indices into/out of each CN. */
  readonly inEdges: readonly (readonly number[])[];
  readonly outEdges: readonly (readonly number[])[];
  readonly plans: ReadonlyMap<number, LayerPlan>;
  readonly stacks: readonly LayerStack[];
  /** One representative CN per unique class. */
  readonly uniqueCns: readonly number[];
  readonly warnings: readonly string[];
}

export interface BuildCnGraphInput {
  readonly workload: Workload;
  readonly mapping: Mapping;
  readonly stacks: readonly LayerStack[];
  readonly options: StreamOptions;
  readonly rounding: SplitRounding;
  /** Ids of cores that exist, to validate the mapping's core allocations. */
  readonly coreIds: readonly number[];
  readonly minWeightCapacityBits: number;
  /** 2024 reference: a layer split over several cores is fixed only when the mapping says `core_allocation_is_fixed`. */
  readonly splitFixedOnlyWithFlag?: boolean;
}

const DEFAULT_LINKS: Readonly<Record<string, MemoryOperand>> = { O: 'O', I: 'I1', W: 'I2' };

export function buildCnGraph(input: BuildCnGraphInput): CnGraph {
  const { workload, mapping, stacks, options, rounding } = input;
  const warnings: string[] = [];
  const stackOf = new Map<number, number>();
  stacks.forEach((s, i) => s.forEach((id) => stackOf.set(id, i)));
  const plans = new Map<number, LayerPlan>();
  const nodes: ComputationNode[] = [];
  const tensors: CnTensor[] = [];
  const tensorByKey = new Map<string, number>();
  const edges: CnEdge[] = [];
  const validCores = new Set(input.coreIds);

  for (const layer of workload.nodes.filter(isLayer)) {
    const entry = lookupMappingEntry(mapping, layer.name, layer.operatorType, {
      tilingInheritance: isReferenceCompat(options.compat) ? 'reference' : 'explicit',
    });
    if (!entry) throw InputError.single('<mapping>', 'default', `a mapping entry for layer ${layer.name} (or a default entry)`);
    for (const c of entry.coreAllocation) {
      if (!validCores.has(c)) throw InputError.single('<mapping>', `${entry.name}.core_allocation`, 'ids of compute cores of the accelerator', String(c));
    }
    const stackIndex = stackOf.get(layer.id) ?? -1;
    const stackSize = stackIndex >= 0 ? stacks[stackIndex].length : 1;
    const tiling = layerTiling(layer, entry, stackSize, options, input.minWeightCapacityBits);
    warnings.push(...tiling.warnings);
    const memoryOperandOf: Record<string, MemoryOperand> = {};
    for (const op of layer.operands) {
      memoryOperandOf[op] = (entry.memoryOperandLinks as Record<string, MemoryOperand>)[op] ?? DEFAULT_LINKS[op] ?? 'I1';
    }
    const possibleCores = entry.coreAllocation;
    const fixed =
      possibleCores.length === 1 || entry.coreAllocationIsFixed || (!input.splitFixedOnlyWithFlag && possibleCores.length === tiling.interSplits);
    const plan: LayerPlan = {
      layer,
      entry,
      stackIndex,
      tiling,
      possibleCores,
      fixed,
      memoryOperandOf,
      nGroups: 0,
      cns: [],
    };
    plans.set(layer.id, plan);
    generateTiles(plan, rounding, nodes, tensors, tensorByKey);
  }

  for (const plan of plans.values()) addIntraEdges(plan, nodes, edges);
  for (const pair of computeLayerPairs(workload)) addInterEdges(pair, plans, nodes, edges);

  const inEdges: number[][] = nodes.map(() => []);
  const outEdges: number[][] = nodes.map(() => []);
  edges.forEach((e, i) => {
    inEdges[e.to].push(i);
    outEdges[e.from].push(i);
  });
  for (const n of nodes) n.nbRealPredecessors = inEdges[n.index].filter((i) => nodes[edges[i].from].layerId !== n.layerId).length;
  const uniqueCns = assignUniqueClasses(nodes);
  return { nodes, tensors, edges, inEdges, outEdges, plans, stacks, uniqueCns, warnings };
}

/** Class key of a CN for cost purposes: same layer, same tile sizes, same number of real predecessors. */
export function uniqueClassKey(n: ComputationNode): string {
  const sizes = Object.keys(n.tileSizes)
    .sort()
    .map((d) => `${d}${n.tileSizes[d]}`)
    .join(',');
  return `${n.layerId}|${sizes}|${n.nbRealPredecessors}`;
}

function assignUniqueClasses(nodes: ComputationNode[]): number[] {
  const byKey = new Map<string, number>();
  const reps: number[] = [];
  for (const n of nodes) {
    const key = uniqueClassKey(n);
    let u = byKey.get(key);
    if (u === undefined) {
      u = reps.length;
      byKey.set(key, u);
      reps.push(n.index);
    }
    n.uniqueIndex = u;
  }
  return reps;
}

/** [lo, hi) per loop dim for the CN with the given outer-loop values. */
function tileRanges(layer: Layer, outer: readonly TilingLoop[], values: readonly number[], rounding: SplitRounding): Record<string, Range> {
  const ranges: Record<string, Range> = {};
  for (const dim of layer.loopDims) {
    const size = layer.loopSizes[dim];
    let parts = 1;
    let index = 0;
    for (let i = 0; i < outer.length; i++) {
      if (outer[i].dim !== dim) continue;
      index += values[i] * parts;
      parts *= outer[i].size;
    }
    if (parts === 1) {
      ranges[dim] = [0, size];
      continue;
    }
    if (rounding === 'exact') {
      ranges[dim] = [Math.floor((index * size) / parts), Math.floor(((index + 1) * size) / parts)];
    } else {
      const span = rounding === 'pad' ? Math.ceil(size / parts) : Math.floor(size / parts);
      ranges[dim] = [index * span, index * span + span];
    }
  }
  for (const rel of layer.dimRelations) {
    const a = ranges[rel.dimA] ?? [0, 1];
    const b = ranges[rel.dimB] ?? [0, 1];
    const pad = layer.padding[rel.prDim]?.[0] ?? 0;
    ranges[rel.prDim] = [-pad + rel.coefA * a[0] + rel.coefB * b[0], -pad + rel.coefA * (a[1] - 1) + rel.coefB * (b[1] - 1) + 1];
  }
  return ranges;
}

function generateTiles(plan: LayerPlan, rounding: SplitRounding, nodes: ComputationNode[], tensors: CnTensor[], tensorByKey: Map<string, number>): void {
  const { layer, tiling } = plan;
  const outer = tiling.outer;
  const stops = outer.map((l) => l.size);
  const nCns = stops.reduce((p, s) => p * s, 1);
  const outputIr = layer.relevancy[layer.outputOperand]?.ir ?? [];
  const interCount = tiling.interWildcard ? 0 : tiling.inter.filter((l) => l.size > 1).length;
  const noGroups = tiling.interWildcard || (layer.constantOperands.length === 0 && plan.possibleCores.length === 1);
  const reuse: Record<string, number> = {};
  for (const op of layer.constantOperands) {
    reuse[op] = outer.filter((l) => layer.relevancy[op]?.relevance[l.dim] === 'ir').reduce((p, l) => p * l.size, 1);
  }
  let nGroups = 1;
  let subId = 0;
  for (let n = 0; n < nCns; n++) {
    const values: number[] = [];
    let m = 1;
    for (const stop of stops) {
      values.push(Math.floor(n / m) % stop);
      m *= stop;
    }
    const ranges = tileRanges(layer, outer, values, rounding);
    if (layer.loopDims.some((d) => ranges[d][1] <= ranges[d][0])) continue;
    let group = 0;
    if (!noGroups) {
      let radix = 1;
      for (let i = 0; i < interCount; i++) {
        group += values[i] * radix;
        radix *= stops[i];
      }
      nGroups = Math.max(nGroups, radix);
    }
    const tileSizes: Record<string, number> = {};
    let macs = 1;
    for (const d of layer.loopDims) {
      tileSizes[d] = ranges[d][1] - ranges[d][0];
      macs *= tileSizes[d];
    }
    const producesFinalOutput = outputIr.every((d) => ranges[d][1] >= layer.loopSizes[d]);
    const index = nodes.length;
    const opTensors: Record<string, number> = {};
    for (const op of layer.operands) {
      const dims = layer.relevancy[op]?.dims ?? [];
      const opRanges = dims.map((d) => ranges[d] ?? ([0, 1] as Range));
      const precision = op === layer.outputOperand ? layer.finalOutputPrecision : layer.operandPrecision[op] ?? 0;
      const key = `${layer.id}|${op}|${opRanges.map((r) => `${r[0]}:${r[1]}`).join(',')}`;
      let id = tensorByKey.get(key);
      if (id === undefined) {
        id = tensors.length;
        tensorByKey.set(key, id);
        const elems = opRanges.reduce((p, r) => p * (r[1] - r[0]), 1);
        tensors.push({
          id,
          layerId: layer.id,
          originCn: index,
          operand: op,
          memoryOperand: plan.memoryOperandOf[op],
          sizeBits: elems * precision,
          dims,
          ranges: opRanges,
          basePriority: layer.constantOperands.includes(op) ? reuse[op] : null,
        });
      }
      opTensors[op] = id;
    }
    const fixedCore = !plan.fixed
      ? null
      : plan.possibleCores.length === 1
        ? plan.possibleCores[0]
        : plan.possibleCores[Math.min(group, plan.possibleCores.length - 1)];
    nodes.push({
      index,
      layerId: layer.id,
      subId: subId++,
      group,
      ranges,
      tileSizes,
      producesFinalOutput,
      tensors: opTensors,
      outputBits: tensors[opTensors[layer.outputOperand]].sizeBits,
      macs,
      fixedCore,
      nbRealPredecessors: 0,
      uniqueIndex: -1,
    });
    plan.cns.push(index);
  }
  (plan as { nGroups: number }).nGroups = nGroups;
}

function addIntraEdges(plan: LayerPlan, nodes: ComputationNode[], edges: CnEdge[]): void {
  const lastOfGroup = new Map<number, number>();
  for (const idx of plan.cns) {
    const g = nodes[idx].group;
    const prev = lastOfGroup.get(g);
    if (prev !== undefined) edges.push({ from: prev, to: idx, operand: null, bits: 0 });
    lastOfGroup.set(g, idx);
  }
}

export interface LayerPair {
  readonly producer: number;
  readonly consumer: number;
  readonly operand: string;
  /** True when a reshaping node (Reshape, Flatten, Transpose, Concat...) sits between them. */
  readonly complex: boolean;
}

/** Producer → consumer pairs of compute layers, looking through dependency-only nodes. */
export function computeLayerPairs(workload: Workload): LayerPair[] {
  const byId = new Map(workload.nodes.map((n) => [n.id, n]));
  const out = new Map<number, { to: number; operand: string }[]>();
  for (const e of workload.edges) {
    if (!out.has(e.from)) out.set(e.from, []);
    out.get(e.from)!.push({ to: e.to, operand: e.operand });
  }
  const pairs: LayerPair[] = [];
  const seen = new Set<string>();
  for (const node of workload.nodes) {
    if (!isLayer(node)) continue;
    const stack: { id: number; operand: string; complex: boolean; depth: number }[] = (out.get(node.id) ?? []).map((s) => ({ id: s.to, operand: s.operand, complex: false, depth: 0 }));
    while (stack.length > 0) {
      const cur = stack.shift()!;
      const target = byId.get(cur.id);
      if (!target || cur.depth > workload.nodes.length) continue;
      if (isLayer(target)) {
        const key = `${node.id}>${target.id}:${cur.operand}`;
        if (!seen.has(key)) {
          seen.add(key);
          pairs.push({ producer: node.id, consumer: target.id, operand: cur.operand, complex: cur.complex });
        }
        continue;
      }
      const complex = cur.complex || target.kind === 'propagation';
      for (const s of out.get(target.id) ?? []) stack.push({ id: s.to, operand: s.operand, complex, depth: cur.depth + 1 });
    }
  }
  return pairs;
}

function inclusiveBox(n: ComputationNode, dims: readonly string[]): Box {
  const lo: number[] = [];
  const hi: number[] = [];
  for (const d of dims) {
    const r = n.ranges[d] ?? [0, 1];
    lo.push(r[0]);
    hi.push(r[1] - 1);
  }
  return { lo, hi };
}

/** Merges G with C (consumer) or K (producer) into one channel axis, as the reference does for grouped convs. */
function mergeGroupedChannels(dims: readonly string[], box: Box, channel: 'C' | 'K', channelSize: number): { dims: string[]; box: Box } {
  const g = dims.indexOf('G');
  const c = dims.indexOf(channel);
  if (g < 0 || c < 0) return { dims: [...dims], box };
  const lo = [...box.lo];
  const hi = [...box.hi];
  const chLo = box.lo[g] + box.lo[c];
  const chHi = box.hi[g] * channelSize + box.hi[c];
  const keep = dims.map((_, i) => i).filter((i) => i !== g && i !== c);
  const at = Math.min(g, c);
  const outDims: string[] = [];
  const outLo: number[] = [];
  const outHi: number[] = [];
  let inserted = false;
  for (let i = 0; i < dims.length; i++) {
    if (i === at && !inserted) {
      outDims.push('CH');
      outLo.push(chLo);
      outHi.push(chHi);
      inserted = true;
    }
    if (keep.includes(i)) {
      outDims.push(dims[i]);
      outLo.push(lo[i]);
      outHi.push(hi[i]);
    }
  }
  return { dims: outDims, box: { lo: outLo, hi: outHi } };
}

function addInterEdges(pair: LayerPair, plans: Map<number, LayerPlan>, nodes: ComputationNode[], edges: CnEdge[]): void {
  const prod = plans.get(pair.producer);
  const cons = plans.get(pair.consumer);
  if (!prod || !cons) return;
  const pLayer = prod.layer;
  const cLayer = cons.layer;
  const outputIr = pLayer.relevancy[pLayer.outputOperand]?.ir ?? [];
  const maxHi: Record<string, number> = {};
  for (const d of outputIr) maxHi[d] = Math.max(...prod.cns.map((i) => nodes[i].ranges[d][1]));
  const finals = prod.cns.filter((i) => outputIr.every((d) => nodes[i].ranges[d][1] >= maxHi[d]));
  const pDims = pLayer.relevancy[pLayer.outputOperand]?.dims ?? [];
  const cDims = cLayer.relevancy[pair.operand]?.dims ?? [];
  const allToAll = pair.complex || pDims.length === 0 || cDims.length === 0;
  if (!allToAll) {
    const consumerBoxes = cons.cns.map((i) => mergeGroupedChannels(cDims, inclusiveBox(nodes[i], cDims), 'C', cLayer.loopSizes.C ?? 1));
    const producerBoxes = finals.map((i) => mergeGroupedChannels(pDims, inclusiveBox(nodes[i], pDims), 'K', pLayer.loopSizes.K ?? 1));
    const rank = consumerBoxes[0]?.dims.length ?? 0;
    if (producerBoxes.every((b) => b.dims.length === rank)) {
      const index = new BoxIndex(consumerBoxes.map((b) => b.box));
      producerBoxes.forEach((pb, k) => {
        const p = finals[k];
        for (const hit of index.intersecting(pb.box)) {
          edges.push({ from: p, to: cons.cns[hit], operand: pair.operand, bits: nodes[p].outputBits });
        }
      });
      return;
    }
  }
  for (const p of finals) for (const c of cons.cns) edges.push({ from: p, to: c, operand: pair.operand, bits: nodes[p].outputBits });
}
