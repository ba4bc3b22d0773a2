/**
 * Spatial mapping: candidates from the mapping entry (reduced where the layer or the array is smaller, or
 * generated from hints for unmapped array dimensions, optionally mixed), limited by the bandwidth and
 * capacity of the innermost memories, then converted to per-arch-level loops for every operand in a
 * fractional form (used for energy and the temporal search) and an integer form (used for latency).
 */
import { REL_IR, type LayerModel } from './layer-model';
import type { Loop } from './loops';
import type { OperandPlacement } from './spatial-context';
import type { CoreSpec, MappingSpec } from './spec';
import { pySetOrderOfNames } from './python-set-order';

/** Array dimension → (layer dimension index → unrolling), both in insertion order. */
export type UserSpatialMapping = Map<string, Map<number, number>>;

export function cloneMapping(m: UserSpatialMapping): UserSpatialMapping {
  return new Map([...m].map(([k, v]) => [k, new Map(v)]));
}

function utilization(loops: ReadonlyMap<number, number>): number {
  let u = 1;
  for (const f of loops.values()) u *= f;
  return u;
}

function totalUnrolling(m: UserSpatialMapping, d: number): number {
  let t = 1;
  for (const loops of m.values()) for (const [dim, f] of loops) if (dim === d) t *= f;
  return t;
}

/** Memories that are the first level of every operand they hold (no memory below them). */
export function innerMemories(core: CoreSpec): number[] {
  const seen = new Set<string>();
  const inner: number[] = [];
  core.memories.forEach((mem, m) => {
    if (mem.operands.every((op) => !seen.has(op))) inner.push(m);
    for (const op of mem.operands) seen.add(op);
  });
  return inner;
}

function layerOpOf(placements: readonly OperandPlacement[], memOp: string): number {
  return placements.findIndex((p) => p.memOp === memOp);
}

/** Largest unrolling of every layer dimension on every array dimension. */
export function maxUnrollings(lm: LayerModel, core: CoreSpec, placements: readonly OperandPlacement[]): UserSpatialMapping {
  const max: UserSpatialMapping = new Map();
  core.arrayDims.forEach((oa, i) => {
    max.set(oa, new Map(lm.sizes.map((s, d) => [d, Math.trunc(Math.min(s, core.arraySizes[i]!))] as const)));
  });
  for (const m of innerMemories(core)) {
    const mem = core.memories[m]!;
    for (const memOp of mem.operands) {
      const op = layerOpOf(placements, memOp);
      if (op < 0) continue;
      const bw = mem.unrollBw[memOp] ?? 0;
      const precision = lm.precision[op]!;
      for (const oa of mem.servedDims) {
        const row = max.get(oa);
        if (!row) continue;
        for (const [d, u] of row) {
          if (lm.rel[op]![d] === REL_IR) continue;
          const multicast = precision > 0 ? Math.floor(bw / precision) : u;
          if (multicast < u) row.set(d, multicast);
        }
      }
    }
  }
  return max;
}

/**
 * How over-large unrollings are resolved. An array dimension unrolling more than its size drops loops; a layer
 * dimension unrolled beyond its size over several array dimensions (e.g. Simba's K on D1 and D3 for a tile of
 * two channels) drops its unrolling from some of them.
 */
export interface RemovalOrder {
  /** The layer dimension an over-full array dimension drops first (from those it unrolls, in mapping order). */
  loopToDrop(lm: LayerModel, loops: ReadonlyMap<number, number>): number;
  /** The array dimensions whose unrolling of layer dimension `d` is removed so that it fits `size`. */
  arrayDimsToDrop(m: UserSpatialMapping, d: number, size: number): string[];
  /**
   * The iteration order of a collection of layer / array dimensions that ZigZag keeps as a set (spatial hints,
   * a memory's served dimensions, the dimensions limited by a memory's capacity); it decides ties.
   */
  layerDimSet(lm: LayerModel, dims: readonly number[]): number[];
  arrayDimSet(names: readonly string[]): string[];
}

/**
 * The default model: the first listed loop goes first; a layer dimension keeps the array dimensions whose
 * unrollings multiply to the most that fits (ties keep the later-listed ones), so no array dimension idles
 * when another choice would use it.
 */
export const MAPPING_ORDER: RemovalOrder = {
  loopToDrop: (_lm, loops) => loops.keys().next().value!,
  arrayDimsToDrop(m, d, size) {
    const holders = [...m].filter(([, loops]) => loops.has(d)).map(([oa, loops]) => ({ oa, u: loops.get(d)! }));
    let best = { kept: 1, mask: 0 };
    for (let mask = 1; mask < 1 << holders.length; mask++) {
      let kept = 1;
      holders.forEach((h, i) => (kept *= mask & (1 << i) ? h.u : 1));
      // Ties: the larger mask keeps later-listed array dimensions.
      if (kept <= size && kept >= best.kept) best = { kept, mask };
    }
    return holders.filter((_, i) => !(best.mask & (1 << i))).map((h) => h.oa);
  },
  layerDimSet: (_lm, dims) => [...dims],
  arrayDimSet: (names) => [...names],
};

/**
 * ZigZag 3.8.0 (compat reference) takes "an arbitrary element" of a Python set each time: the first in CPython's
 * set order of its dimension objects, removing one array dimension's unrolling at a time until it fits.
 */
export const PYTHON_SET_ORDER: RemovalOrder = {
  loopToDrop(lm, loops) {
    const names = [...loops.keys()].map((d) => lm.dims[d]!);
    return lm.dimIndex.get(pySetOrderOfNames('LayerDim', names)[0]!)!;
  },
  arrayDimsToDrop(m, d, size) {
    const dropped: string[] = [];
    const total = (oa: string[]) => oa.reduce((t, o) => t * m.get(o)!.get(d)!, 1);
    // set(filter(has d, set(oa_dims))).pop(): the filter walks the first set in its own order.
    const all = pySetOrderOfNames('OADimension', [...m.keys()]);
    let holders = all.filter((oa) => m.get(oa)!.has(d));
    while (total(holders) > size) {
      const oa = pySetOrderOfNames('OADimension', holders)[0]!;
      dropped.push(oa);
      holders = holders.filter((h) => h !== oa);
    }
    return dropped;
  },
  layerDimSet: (lm, dims) => pySetOrderOfNames('LayerDim', dims.map((d) => lm.dims[d]!)).map((n) => lm.dimIndex.get(n)!),
  arrayDimSet: (names) => pySetOrderOfNames('OADimension', names),
};

/** Drops unknown dimensions and reduces unrollings that exceed the layer, the array or the maxima. */
export function checkAndReduce(m: UserSpatialMapping, max: UserSpatialMapping, lm: LayerModel, core: CoreSpec, order: RemovalOrder = MAPPING_ORDER): void {
  for (const oa of [...m.keys()]) if (!max.has(oa)) m.delete(oa);
  for (const [oa, loops] of m) {
    const row = max.get(oa)!;
    for (const [d, u] of loops) {
      const limit = row.get(d)!;
      if (u > limit) loops.set(d, limit);
    }
    const size = core.arraySizes[core.arrayDims.indexOf(oa)]!;
    while (utilization(loops) > size) loops.delete(order.loopToDrop(lm, loops));
  }
  lm.sizes.forEach((size, d) => {
    if (totalUnrolling(m, d) <= size) return;
    for (const oa of order.arrayDimsToDrop(m, d, size)) m.get(oa)!.delete(d);
  });
}

function isValid(m: UserSpatialMapping, max: UserSpatialMapping, lm: LayerModel, core: CoreSpec): boolean {
  for (const [oa, loops] of m) {
    const row = max.get(oa)!;
    for (const [d, u] of loops) if (!row.has(d) || u > row.get(d)!) return false;
    if (utilization(loops) > core.arraySizes[core.arrayDims.indexOf(oa)]!) return false;
  }
  return lm.sizes.every((size, d) => totalUnrolling(m, d) <= size);
}

function performanceIndicator(m: UserSpatialMapping): number {
  let hw = 1;
  for (const loops of m.values()) hw *= utilization(loops);
  hw = Math.trunc(hw);
  const dims = new Set<number>();
  for (const loops of m.values()) for (const d of loops.keys()) dims.add(d);
  let largest = 1;
  for (const d of dims) largest = Math.max(largest, totalUnrolling(m, d));
  return hw + (hw / largest - 1);
}

function divisors(n: number): number[] {
  const out: number[] = [];
  for (let i = 1; i <= n; i++) if (n % i === 0) out.push(i);
  return out;
}

function* singleDimCandidates(
  hints: readonly number[],
  row: ReadonlyMap<number, number>,
  oaSize: number,
  mixed: boolean,
): Generator<Map<number, number>> {
  for (const d of hints) {
    const maxFactor = row.get(d);
    if (maxFactor === undefined) continue;
    for (const f of divisors(Math.trunc(maxFactor)).reverse()) yield new Map([[d, f]]);
  }
  if (!mixed) return;
  const pool = new Map(hints.map((d) => [d, divisors(Math.trunc(row.get(d) ?? 0)).filter((x) => x > 1)] as const));
  for (let len = 2; len <= hints.length; len++) {
    for (const combo of combinations(hints, len)) {
      for (const factors of cartesian(combo.map((d) => pool.get(d)!))) {
        const candidate = new Map(combo.map((d, i) => [d, factors[i]!] as const));
        if (utilization(candidate) <= oaSize) yield candidate;
      }
    }
  }
}

function* combinations<T>(items: readonly T[], k: number, start = 0, prefix: T[] = []): Generator<T[]> {
  if (prefix.length === k) {
    yield [...prefix];
    return;
  }
  for (let i = start; i < items.length; i++) {
    prefix.push(items[i]!);
    yield* combinations(items, k, i + 1, prefix);
    prefix.pop();
  }
}

function* cartesian<T>(lists: readonly (readonly T[])[], i = 0, prefix: T[] = []): Generator<T[]> {
  if (i === lists.length) {
    yield [...prefix];
    return;
  }
  for (const x of lists[i]!) {
    prefix.push(x);
    yield* cartesian(lists, i + 1, prefix);
    prefix.pop();
  }
}

/** Reduces unrollings so that the innermost memories can hold one element per relevant unit. */
function limitToMemoryCapacity(m: UserSpatialMapping, lm: LayerModel, core: CoreSpec, placements: readonly OperandPlacement[], order: RemovalOrder): void {
  for (const mi of innerMemories(core)) {
    const mem = core.memories[mi]!;
    for (const memOp of mem.operands) {
      const op = layerOpOf(placements, memOp);
      if (op < 0) continue;
      const precision = lm.precision[op]!;
      const served = order.arrayDimSet(mem.servedDims).filter((oa) => m.has(oa));
      const limited = new Set<number>();
      let total = 1;
      for (const oa of served) {
        for (const [d, u] of m.get(oa)!) {
          if (lm.rel[op]![d] === REL_IR) continue;
          limited.add(d);
          total *= u;
        }
      }
      const maxStored = precision > 0 ? mem.sizeBits / precision : Infinity;
      if (!(maxStored < total)) continue;
      const factors: number[] = [];
      for (const d of order.layerDimSet(lm, [...limited])) for (const oa of served) if (m.get(oa)!.has(d)) factors.push(m.get(oa)!.get(d)!);
      const adjusted = [...factors];
      while (adjusted.reduce((a, b) => a * b, 1) > maxStored) {
        const largest = Math.max(...adjusted);
        adjusted[adjusted.indexOf(largest)]!--;
      }
      // The reference maps old factor values to new ones (equal old values collapse to the last pairing).
      const byValue = new Map<number, number>();
      factors.forEach((f, i) => byValue.set(f, adjusted[i]!));
      for (const oa of served) {
        const loops = m.get(oa)!;
        for (const [d, u] of loops) if (limited.has(d)) loops.set(d, byValue.get(u)!);
      }
    }
  }
}

export interface SpatialCandidateOptions {
  readonly nbSpatialMappings: number;
  readonly enableMixSpatialMapping: boolean;
  /** Tie-breaking of the reductions (the default keeps the mapping's order). */
  readonly removalOrder?: RemovalOrder;
}

/** The user mapping (reduced), or the best generated completions of it. */
export function spatialMappingCandidates(
  lm: LayerModel,
  core: CoreSpec,
  mapping: MappingSpec,
  placements: readonly OperandPlacement[],
  options: SpatialCandidateOptions,
): UserSpatialMapping[] {
  const max = maxUnrollings(lm, core, placements);
  const template: UserSpatialMapping = new Map();
  for (const [oa, loops] of Object.entries(mapping.spatial ?? {})) {
    const row = new Map<number, number>();
    for (const [dim, size] of loops) {
      const d = lm.dimIndex.get(dim);
      if (d !== undefined) row.set(d, (row.get(d) ?? 1) * size);
    }
    template.set(oa, row);
  }
  const order = options.removalOrder ?? MAPPING_ORDER;
  checkAndReduce(template, max, lm, core, order);
  const toFill = core.arrayDims.filter((oa) => !template.has(oa));
  if (toFill.length === 0) {
    limitToMemoryCapacity(template, lm, core, placements, order);
    return [template];
  }
  const perDim = toFill.map((oa) => {
    let hints = (mapping.spatialHint?.[oa] ?? []).map((d) => lm.dimIndex.get(d)).filter((d): d is number => d !== undefined);
    if (hints.length === 0) hints = lm.dims.map((_, d) => d);
    const size = core.arraySizes[core.arrayDims.indexOf(oa)]!;
    // The hints of an array dimension are a set of LayerDims (the layer's dimensions when none are given).
    hints = order.layerDimSet(lm, hints);
    return [...singleDimCandidates(hints, max.get(oa)!, size, options.enableMixSpatialMapping)];
  });
  const candidates: UserSpatialMapping[] = [];
  for (const combo of cartesian(perDim)) {
    const candidate = cloneMapping(template);
    toFill.forEach((oa, i) => candidate.set(oa, new Map(combo[i]!)));
    if (isValid(candidate, max, lm, core)) candidates.push(candidate);
  }
  const ranked = candidates
    .map((c, i) => ({ c, i, score: performanceIndicator(c) }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, Math.max(1, options.nbSpatialMappings))
    .map((x) => x.c);
  for (const c of ranked) limitToMemoryCapacity(c, lm, core, placements, order);
  return ranked;
}

/**
 * Adjusts unrollings that do not divide the layer dimension so that the temporal remainder is an integer
 * (fractional when `fractional`, truncated otherwise), on the first array dimension with the largest
 * unrolling of that layer dimension.
 */
export function limitUnrollings(lm: LayerModel, core: CoreSpec, m: UserSpatialMapping, fractional: boolean): UserSpatialMapping {
  const limited: UserSpatialMapping = new Map();
  for (const [oa, loops] of m) {
    const row = new Map<number, number>();
    const oaSize = core.arraySizes[core.arrayDims.indexOf(oa)]!;
    for (const [d, u0] of loops) {
      const u = Math.min(u0, oaSize);
      const n = lm.sizes[d]!;
      let largest = 0;
      for (const l of m.values()) largest = Math.max(largest, l.get(d) ?? 0);
      let firstMax: string | undefined;
      for (const [o, l] of m) {
        if (l.has(d) && l.get(d) === largest) {
          firstMax = o;
          break;
        }
      }
      if (firstMax !== oa) {
        row.set(d, u);
        continue;
      }
      let early = 1;
      for (const [o, l] of limited) {
        if (o === oa) break;
        if (l.has(d)) early *= l.get(d)!;
      }
      const remainder = Math.trunc(Math.ceil(n / (u * early)));
      const factor = n / remainder / early;
      row.set(d, fractional ? factor : Math.trunc(factor));
    }
    if (row.size > 0) limited.set(oa, row);
  }
  return limited;
}

/** Spatial loops per arch level for one operand: level k+1 holds the unrollings served by memory level k. */
export function spatialLoopsPerLevel(core: CoreSpec, limited: UserSpatialMapping, placement: OperandPlacement): Loop[][] {
  const remaining = new Map(limited);
  const levels: Loop[][] = [];
  for (const m of placement.memories) {
    const merged = new Map<number, number>();
    for (const oa of core.memories[m]!.servedDims) {
      const loops = remaining.get(oa);
      if (!loops) continue;
      for (const [d, u] of loops) merged.set(d, merged.has(d) ? merged.get(d)! * u : u);
      remaining.delete(oa);
    }
    levels.push([...merged].map(([d, s]) => ({ d, s })));
  }
  const top = new Map<number, number>();
  for (const loops of remaining.values()) for (const [d, u] of loops) top.set(d, top.has(d) ? top.get(d)! * u : u);
  levels.push([...top].map(([d, s]) => ({ d, s })));
  return levels;
}

/** Human-readable form, e.g. {D1: {K: 32}, D2: {C: 32}}. */
export function describeSpatialMapping(lm: LayerModel, m: UserSpatialMapping): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [oa, loops] of m) out[oa] = Object.fromEntries([...loops].map(([d, u]) => [lm.dims[d]!, u]));
  return out;
}
