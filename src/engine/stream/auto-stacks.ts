/**
 * Automatic layer stacks, derived from the workload and the hardware.
 *
 * Layers are taken in id (topological) order and cut into contiguous stacks. A stack of more than one layer must
 *  - hold no layer whose weights fit none of the cores it may use (such a layer streams its weights and stays
 *    alone),
 *  - fit its weights in the weight memory of every core its weighted layers may use (the smallest of them), so
 *    that whichever cores the allocator picks, no core has to re-fetch weights while the stack advances tile by
 *    tile,
 *  - keep its layers' tile counts within a factor {@link GRANULARITY} of each other: a stack advances in slots of
 *    its coarsest layer, so a wider spread processes the finer layers in large chunks and the pipeline fills late.
 * Among the feasible cut sets, a dynamic programme takes the one with the fewest stacks and, among those, the
 * smallest total size of the tensors that cross the cuts (they leave the cores' activation memories). Every cut
 * records why it is there.
 */
import type { HardwareView } from './hardware-view';
import { topLevel } from './hardware-view';
import { lookupMappingEntry } from '../mapping/lookup';
import type { Mapping } from '../mapping/types';
import { isLayer, type Layer, type Workload } from '../workload/types';
import { activationOperand } from '../zigzag/data-locality';
import { isReferenceCompat, type StreamOptions } from './options';
import { layerTiling } from './tiling';

/** Largest ratio of tile counts (finest / coarsest layer) inside one automatic stack. */
export const GRANULARITY = 4;

export type CutReason = 'weights' | 'isolated' | 'granularity' | 'crossing' | 'given';

export interface StackCut {
  /** Last layer of the stack before the cut and first layer after it. */
  readonly afterLayer: number;
  readonly beforeLayer: number;
  /** Bits of the tensors produced before the cut and consumed after it. */
  readonly crossingBits: number;
  readonly reason: CutReason;
  /** One sentence for the user. */
  readonly detail: string;
}

export interface StackSummary {
  readonly layers: readonly number[];
  readonly weightBits: number;
  /** Weight capacity the stack had to fit (the smallest weight memory of the cores its layers may use). */
  readonly budgetBits: number | null;
  readonly minTiles: number;
  readonly maxTiles: number;
}

/** How the stacks of a run were chosen, recorded with the run. */
export interface LayerStackPlan {
  readonly rule: 'lbl' | 'given' | 'cutoff' | 'first-fit' | 'auto' | 'search';
  readonly stacks: readonly (readonly number[])[];
  readonly cuts: readonly StackCut[];
  readonly summary: readonly StackSummary[];
  /** For `stacks: search`: the candidates tried and the latency / energy their cheap allocation reached. */
  readonly candidates?: readonly { readonly label: string; readonly stacks: readonly (readonly number[])[]; readonly latencyCycles: number; readonly energyPj: number }[];
}

interface LayerFacts {
  readonly layer: Layer;
  readonly weightBits: number;
  /** Weight capacity per core the layer may use (cores without a weight memory are left out). */
  readonly capacities: ReadonlyMap<number, number>;
  readonly tiles: number;
  readonly isolated: boolean;
}

/** Bits a layer keeps resident as weights: its constant inputs other than the activation, scalars excluded. */
export function layerWeightBits(layer: Layer): number {
  const act = activationOperand(layer);
  let bits = 0;
  for (const op of layer.constantOperands) {
    if (op === act && layer.constantOperands.length > 1) continue;
    if ((layer.operandSizeElem[op] ?? 0) <= 1) continue; // a scalar (a ReLU threshold) sits in a register
    bits += layer.operandSizeBits[op] ?? 0;
  }
  return bits;
}

export interface AutoStackInput {
  readonly workload: Workload;
  readonly mapping: Mapping;
  readonly hw: HardwareView;
  readonly options: StreamOptions;
  /** Overrides {@link GRANULARITY} (stacks: search tries a few). */
  readonly granularity?: number;
  /** Scales the per-stack weight budget (stacks: search tries a few). */
  readonly budgetScale?: number;
}

function layerFacts(input: AutoStackInput): LayerFacts[] {
  const { workload, mapping, hw, options } = input;
  const compute = new Set(hw.computeCoreIds());
  const layers = workload.nodes.filter(isLayer).slice().sort((a, b) => a.id - b.id);
  return layers.map((layer) => {
    const entry = lookupMappingEntry(mapping, layer.name, layer.operatorType, { tilingInheritance: isReferenceCompat(options.compat) ? 'reference' : 'explicit' });
    const weightOp = entry?.memoryOperandLinks.W ?? 'I2';
    const capacities = new Map<number, number>();
    for (const c of entry?.coreAllocation ?? []) {
      if (!compute.has(c)) continue;
      const top = topLevel(hw.core(c), weightOp as 'I1' | 'I2' | 'O');
      if (top) capacities.set(c, top.instance.sizeBits);
    }
    let tiles = 1;
    if (entry) {
      const tiling = layerTiling(layer, entry, 2, options, 0);
      tiles = tiling.intra.reduce((s, l) => s * l.size, 1);
    }
    const weightBits = layerWeightBits(layer);
    const maxCap = capacities.size > 0 ? Math.max(...capacities.values()) : Infinity;
    return { layer, weightBits, capacities, tiles, isolated: weightBits > maxCap };
  });
}

/** crossing[i] = bits produced by layers 0..i and consumed by layers i+1.. (through dependency-only nodes). */
function crossingBits(workload: Workload, order: readonly Layer[]): number[] {
  const position = new Map(order.map((l, i) => [l.id, i]));
  const byId = new Map(workload.nodes.map((n) => [n.id, n]));
  const consumers = new Map<number, number[]>();
  for (const e of workload.edges) (consumers.get(e.from) ?? consumers.set(e.from, []).get(e.from)!).push(e.to);
  // Last layer position that reads each layer's output (dependency nodes pass the tensor on).
  const lastUse = (id: number): number => {
    let last = -1;
    const seen = new Set<number>();
    const stack = [...(consumers.get(id) ?? [])];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      const p = position.get(n);
      if (p !== undefined) last = Math.max(last, p);
      else if (byId.get(n) && !isLayer(byId.get(n)!)) stack.push(...(consumers.get(n) ?? []));
    }
    return last;
  };
  const diff = new Float64Array(order.length + 1);
  order.forEach((l, i) => {
    const last = lastUse(l.id);
    if (last <= i) return;
    const bits = (l.operandSizeElem[l.outputOperand] ?? 0) * l.finalOutputPrecision;
    diff[i] += bits; // crosses cuts i .. last-1
    diff[last] -= bits;
  });
  const out: number[] = [];
  let run = 0;
  for (let i = 0; i < order.length; i++) {
    run += diff[i];
    out.push(run);
  }
  return out;
}

interface StackCheck {
  readonly ok: boolean;
  readonly reason?: Exclude<CutReason, 'crossing' | 'given'>;
  readonly weightBits: number;
  readonly budgetBits: number | null;
  readonly minTiles: number;
  readonly maxTiles: number;
}

function checkStack(facts: readonly LayerFacts[], a: number, b: number, granularity: number, budgetScale: number): StackCheck {
  let weightBits = 0;
  let budget = Infinity;
  let minTiles = Infinity;
  let maxTiles = 0;
  let isolated = false;
  for (let i = a; i <= b; i++) {
    const f = facts[i];
    weightBits += f.weightBits;
    if (f.weightBits > 0) for (const cap of f.capacities.values()) budget = Math.min(budget, cap * budgetScale);
    minTiles = Math.min(minTiles, f.tiles);
    maxTiles = Math.max(maxTiles, f.tiles);
    isolated ||= f.isolated;
  }
  const budgetBits = Number.isFinite(budget) ? budget : null;
  const base = { weightBits, budgetBits, minTiles, maxTiles };
  if (a === b) return { ok: true, ...base };
  if (isolated) return { ok: false, reason: 'isolated', ...base };
  if (weightBits > budget) return { ok: false, reason: 'weights', ...base };
  if (maxTiles > granularity * minTiles) return { ok: false, reason: 'granularity', ...base };
  return { ok: true, ...base };
}

const fmtBits = (bits: number): string =>
  bits >= 8 * 1024 * 1024 ? `${(bits / 8 / 1024 / 1024).toFixed(2)} MiB` : bits >= 8 * 1024 ? `${(bits / 8 / 1024).toFixed(1)} KiB` : `${bits} bits`;

/** The automatic cut set (see the module comment) and why each cut is where it is. */
export function automaticLayerStacks(input: AutoStackInput): LayerStackPlan {
  const facts = layerFacts(input);
  const n = facts.length;
  if (n === 0) return { rule: 'auto', stacks: [], cuts: [], summary: [] };
  const granularity = input.granularity ?? GRANULARITY;
  const budgetScale = input.budgetScale ?? 1;
  const crossing = crossingBits(input.workload, facts.map((f) => f.layer));
  // best[j]: fewest stacks, then least crossing, covering layers 0..j-1; from[j]: start of the last stack.
  const bestStacks = new Float64Array(n + 1).fill(Infinity);
  const bestCross = new Float64Array(n + 1).fill(Infinity);
  const from = new Int32Array(n + 1).fill(-1);
  bestStacks[0] = 0;
  bestCross[0] = 0;
  for (let b = 0; b < n; b++) {
    for (let a = b; a >= 0; a--) {
      if (!checkStack(facts, a, b, granularity, budgetScale).ok) break; // feasibility only shrinks as a stack grows
      const stacks = bestStacks[a] + 1;
      const cross = bestCross[a] + (a > 0 ? crossing[a - 1] : 0);
      if (stacks < bestStacks[b + 1] || (stacks === bestStacks[b + 1] && cross < bestCross[b + 1])) {
        bestStacks[b + 1] = stacks;
        bestCross[b + 1] = cross;
        from[b + 1] = a;
      }
    }
  }
  const ranges: [number, number][] = [];
  for (let j = n; j > 0; j = from[j]) ranges.unshift([from[j], j - 1]);
  const stacks = ranges.map(([a, b]) => facts.slice(a, b + 1).map((f) => f.layer.id));
  const summary = ranges.map(([a, b]) => {
    const c = checkStack(facts, a, b, granularity, budgetScale);
    return { layers: stacks[ranges.findIndex((r) => r[0] === a)], weightBits: c.weightBits, budgetBits: c.budgetBits, minTiles: c.minTiles, maxTiles: c.maxTiles };
  });
  const cuts: StackCut[] = [];
  for (let k = 0; k + 1 < ranges.length; k++) {
    const [a, b] = ranges[k];
    const next = facts[b + 1];
    const last = facts[b];
    const grown = checkStack(facts, a, b + 1, granularity, budgetScale);
    const bits = crossing[b];
    const base = { afterLayer: last.layer.id, beforeLayer: next.layer.id, crossingBits: bits };
    if (grown.ok) {
      cuts.push({ ...base, reason: 'crossing', detail: `the stack could go on, but cutting here lets fewer tensors cross (${fmtBits(bits)}) with the same number of stacks` });
    } else if (grown.reason === 'isolated') {
      const alone = last.isolated ? last : next;
      const cap = Math.max(...alone.capacities.values());
      cuts.push({ ...base, reason: 'isolated', detail: `${alone.layer.name}'s weights (${fmtBits(alone.weightBits)}) fit no core it may use (largest weight memory ${fmtBits(cap)}); it runs alone` });
    } else if (grown.reason === 'weights') {
      cuts.push({ ...base, reason: 'weights', detail: `adding ${next.layer.name} would need ${fmtBits(grown.weightBits)} of weights, more than the ${fmtBits(grown.budgetBits ?? 0)} weight memory of a core the stack may use; ${fmtBits(bits)} cross the cut` });
    } else {
      cuts.push({ ...base, reason: 'granularity', detail: `adding ${next.layer.name} (${next.tiles} tiles) would spread the stack's tile counts over ${grown.minTiles}–${grown.maxTiles}, beyond ${granularity}×; ${fmtBits(bits)} cross the cut` });
    }
  }
  return { rule: 'auto', stacks, cuts, summary };
}

/** Plan of stacks given by the user (or another rule): the cuts are recorded with their crossing tensors. */
export function describeStacks(workload: Workload, stacks: readonly (readonly number[])[], rule: LayerStackPlan['rule']): LayerStackPlan {
  const order = workload.nodes.filter(isLayer).slice().sort((a, b) => a.id - b.id);
  const crossing = crossingBits(workload, order);
  const position = new Map(order.map((l, i) => [l.id, i]));
  const cuts: StackCut[] = [];
  for (let k = 0; k + 1 < stacks.length; k++) {
    const last = Math.max(...stacks[k].map((id) => position.get(id) ?? -1));
    const first = Math.min(...stacks[k + 1].map((id) => position.get(id) ?? Infinity));
    if (last < 0 || !Number.isFinite(first)) continue;
    const bits = first === last + 1 ? crossing[last] : 0;
    cuts.push({ afterLayer: order[last].id, beforeLayer: order[first].id, crossingBits: bits, reason: 'given', detail: rule === 'lbl' ? 'layer by layer' : `stacks given (${rule})` });
  }
  const summary = stacks.map((s) => ({
    layers: s,
    weightBits: s.reduce((acc, id) => acc + (order[position.get(id) ?? -1] ? layerWeightBits(order[position.get(id)!]) : 0), 0),
    budgetBits: null,
    minTiles: 0,
    maxTiles: 0,
  }));
  return { rule, stacks, cuts, summary };
}
