/**
 * Compact, index-based view of a Layer for the cost model: loop dimensions become small integers and the
 * relevancy of every dimension to every operand is a table lookup.
 */
import { prSizeFromSteps, reducedSteps } from '../workload/equation';
import type { Layer } from '../workload/types';

export const REL_NONE = 0;
export const REL_R = 1;
export const REL_IR = 2;
export const REL_PR = 3;

/** `prDim = sa*a + sb*b` with a, b loop-dimension indices; `total` is the layer's full prDim size. */
export interface PrRelation {
  readonly prDim: string;
  readonly a: number;
  readonly sa: number;
  readonly b: number;
  readonly sb: number;
  /** sa and sb reduced by their gcd (see reducedSteps). */
  readonly qa: number;
  readonly qb: number;
  readonly total: number;
}

export interface LayerModel {
  readonly layer: Layer;
  readonly dims: readonly string[];
  readonly dimIndex: ReadonlyMap<string, number>;
  readonly sizes: readonly number[];
  /** Layer operands, output first, then inputs in equation order. */
  readonly operands: readonly string[];
  /** rel[op][dim] ∈ REL_*, op indexes `operands`. */
  readonly rel: readonly Uint8Array[];
  readonly relations: readonly PrRelation[];
  /** For a REL_PR dim of the pr operand: the relation index and side (0 = a, 1 = b); -1 otherwise. */
  readonly prRelationOfDim: Int32Array;
  readonly prSideOfDim: Int8Array;
  /** Operand index that has pr dimensions (the activation), or -1. */
  readonly prOperand: number;
  /** Precision per operand (output: partial-sum precision). */
  readonly precision: readonly number[];
  readonly finalPrecision: number;
  readonly totalMacs: number;
  readonly sizeElem: readonly number[];
}

const cache = new WeakMap<Layer, LayerModel>();

export function layerModel(layer: Layer): LayerModel {
  let model = cache.get(layer);
  if (!model) {
    model = buildLayerModel(layer);
    cache.set(layer, model);
  }
  return model;
}

function buildLayerModel(layer: Layer): LayerModel {
  const dims = [...layer.loopDims];
  const dimIndex = new Map(dims.map((d, i) => [d, i] as const));
  const sizes = dims.map((d) => layer.loopSizes[d] ?? 1);
  const operands = [layer.outputOperand, ...layer.inputOperands];
  const relations: PrRelation[] = [];
  const prRelationOfDim = new Int32Array(dims.length).fill(-1);
  const prSideOfDim = new Int8Array(dims.length).fill(-1);
  let prOperand = -1;
  const rel = operands.map((op, opIndex) => {
    const table = new Uint8Array(dims.length);
    const info = layer.relevancy[op];
    if (!info) return table;
    for (const d of info.r) if (dimIndex.has(d)) table[dimIndex.get(d)!] = REL_R;
    for (const d of info.ir) if (dimIndex.has(d)) table[dimIndex.get(d)!] = REL_IR;
    const prEntries = Object.entries(info.pr);
    if (prEntries.length > 0) {
      prOperand = opIndex;
      for (const [prDim, pair] of prEntries) {
        const relation = layer.dimRelations.find((r) => r.prDim === prDim);
        const a = dimIndex.get(pair[0]);
        const b = dimIndex.get(pair[1]);
        if (a === undefined || b === undefined) continue;
        const sa = relation ? (relation.dimA === pair[0] ? relation.coefA : relation.coefB) : 1;
        const sb = relation ? (relation.dimA === pair[0] ? relation.coefB : relation.coefA) : 1;
        const [qa, qb] = reducedSteps(sa, sb);
        const total = layer.prLoopSizes[prDim] ?? prSizeFromSteps(qa, sizes[a]!, qb, sizes[b]!);
        const index = relations.length;
        relations.push({ prDim, a, sa, b, sb, qa, qb, total });
        table[a] = REL_PR;
        table[b] = REL_PR;
        prRelationOfDim[a] = index;
        prSideOfDim[a] = 0;
        prRelationOfDim[b] = index;
        prSideOfDim[b] = 1;
      }
    }
    return table;
  });
  const precision = operands.map((op) => layer.operandPrecision[op] ?? 0);
  const sizeElem = operands.map((op) => layer.operandSizeElem[op] ?? 0);
  return {
    layer,
    dims,
    dimIndex,
    sizes,
    operands,
    rel,
    relations,
    prRelationOfDim,
    prSideOfDim,
    prOperand,
    precision,
    finalPrecision: layer.finalOutputPrecision,
    totalMacs: layer.totalMacs,
    sizeElem,
  };
}

/**
 * Extent of a pr dimension spanned by loop extents `ea` (of dim a) and `eb` (of dim b), clipped to the layer's
 * total. Extents are truncated to integers first, as the reference does.
 */
export function prExtent(relation: PrRelation, ea: number, eb: number): number {
  const size = prSizeFromSteps(relation.qa, Math.trunc(ea), relation.qb, Math.trunc(eb));
  return Math.min(relation.total, size);
}
