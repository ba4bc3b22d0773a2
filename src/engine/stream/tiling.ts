/**
 * Tiling of one layer: which loops are split outside a computation node (inter-core tiling first, then
 * intra-core tiling), sanitised as the reference does (unknown dims dropped, `all` resolved, factors clipped).
 */
import type { Layer } from '../workload/types';
import type { ResolvedMappingEntry, TilingEntry } from '../mapping/types';
import type { StreamOptions } from './options';

export interface TilingLoop {
  readonly dim: string;
  readonly size: number;
}

export interface LayerTiling {
  readonly inter: readonly TilingLoop[];
  /** Inter-core tiling with the `*` wildcard: no inter-core split here; the whole layer is one group. */
  readonly interWildcard: boolean;
  readonly intra: readonly TilingLoop[];
  /** Product of the inter-core factors (1 with the wildcard): the number of groups / cores a layer spans. */
  readonly interSplits: number;
  /** Outer-CN loops, first = finest: inter-core loops, then intra-core loops; size-1 loops removed. */
  readonly outer: readonly TilingLoop[];
  readonly warnings: readonly string[];
}

/** Dimension split by default when a fused layer has no intra-core tiling. */
const FUSION_PARTITION_DIM: Readonly<Record<string, string>> = {
  conv: 'OY',
  pooling: 'OY',
  matmul: 'D',
  gemm: 'D',
  add: 'D',
  mul: 'D',
  softmax: 'K',
  max: 'K',
  div: 'K',
  exp: 'K',
  sum: 'K',
  relu: 'K',
  gelu: 'K',
  silu: 'K',
};

export function fusionPartitionDim(layer: Layer): string {
  const preferred = FUSION_PARTITION_DIM[layer.type] ?? 'K';
  if (preferred in layer.loopSizes) return preferred;
  return layer.loopDims.find((d) => d !== 'B' && d !== 'G') ?? layer.loopDims[0];
}

function resolveFactor(layer: Layer, entry: TilingEntry, warnings: string[], kind: string): TilingLoop | null {
  const size = layer.loopSizes[entry.dim];
  if (size === undefined) {
    warnings.push(`${layer.name}: ${kind} tiling on ${entry.dim} ignored (the layer has no such dimension)`);
    return null;
  }
  if (entry.factor === '*') return null;
  const factor = entry.factor === 'all' ? size : Math.min(entry.factor, size);
  return { dim: entry.dim, size: factor };
}

type HintLoop = readonly [string, number | 'all'];

/** Outer-CN loops from the legacy `cn_define_mode`/`hint_loops` options (GenerateCNWorkloadHybridStage). */
function legacyIntraTiling(layer: Layer, options: StreamOptions, minWeightCapacityBits: number): TilingEntry[] {
  const mode = options.cn_define_mode;
  const hints = options.hint_loops ?? [];
  const asEntries = (list: readonly HintLoop[]): TilingEntry[] => list.map(([dim, f]) => ({ dim: dim.toUpperCase(), factor: f }));
  if (mode === 1) return asEntries(hints as readonly HintLoop[]);
  if (mode === 2) {
    const inner = new Map((hints as readonly HintLoop[]).map(([d, f]) => [d.toUpperCase(), f]));
    const entries: TilingEntry[] = [];
    for (const dim of layer.loopDims) {
      const size = layer.loopSizes[dim];
      const innerSize = inner.get(dim);
      const innerResolved = innerSize === undefined ? 1 : innerSize === 'all' ? size : Math.min(innerSize, size);
      const outer = Math.floor(size / innerResolved);
      if (outer > 1) entries.push({ dim, factor: outer });
    }
    return entries;
  }
  if (mode === 3) {
    const lists = hints as readonly (readonly HintLoop[])[];
    const cutoffs = options.layer_cutoffs ?? [];
    let idx = 0;
    while (idx < cutoffs.length && layer.id > cutoffs[idx]) idx++;
    return asEntries(lists[Math.min(idx, lists.length - 1)] ?? []);
  }
  if (mode === 4) {
    const entries = asEntries(hints as readonly HintLoop[]);
    const w = layer.constantOperands[0];
    const bits = w === undefined ? 0 : layer.operandSizeBits[w] ?? 0;
    if (bits > 0 && minWeightCapacityBits > 0 && 'K' in layer.loopSizes) {
      let split = Math.ceil(bits / (options.split_W_percentage * minWeightCapacityBits));
      while (split > 1 && layer.loopSizes.K % split !== 0 && split < layer.loopSizes.K) split++;
      if (split > 1) entries.push({ dim: 'K', factor: split });
    }
    return entries;
  }
  return [];
}

/**
 * The tiling of one layer. `stackSize` is the number of layers in its stack: a layer alone in its stack is
 * not tiled within the core (intra-core tiling dropped), as in the reference.
 */
export function layerTiling(
  layer: Layer,
  entry: ResolvedMappingEntry,
  stackSize: number,
  options: StreamOptions,
  minWeightCapacityBits: number,
): LayerTiling {
  const warnings: string[] = [];
  const interWildcard = entry.interCoreTiling.some((t) => t.factor === '*');
  const inter: TilingLoop[] = [];
  for (const t of entry.interCoreTiling) {
    const loop = resolveFactor(layer, t, warnings, 'inter-core');
    if (loop) inter.push(loop);
  }
  const requestedIntra = options.cn_define_mode !== undefined ? legacyIntraTiling(layer, options, minWeightCapacityBits) : entry.intraCoreTiling;
  let intra: TilingLoop[] = [];
  for (const t of requestedIntra) {
    const loop = resolveFactor(layer, t, warnings, 'intra-core');
    if (loop) intra.push(loop);
  }
  if (intra.length === 0 && options.mode === 'fused' && options.cn_define_mode === undefined) {
    const dim = fusionPartitionDim(layer);
    intra = [{ dim, size: layer.loopSizes[dim] }];
  }
  if (stackSize === 1 && options.cn_define_mode === undefined) intra = [];
  const interSplits = interWildcard ? 1 : inter.reduce((p, l) => p * l.size, 1);
  const outer = [...(interWildcard ? [] : inter), ...intra].filter((l) => l.size > 1);
  return { inter: interWildcard ? [] : inter, interWildcard, intra, interSplits, outer, warnings };
}
