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
import { resizeLayer } from './layer-resize';
import type { MemoryOperand } from '../hardware/types';

/** Largest ratio of tile counts (finest / coarsest layer) inside one automatic stack. */
export const GRANULARITY = 4;

export type CutReason = 'weights' | 'activations' | 'isolated' | 'granularity' | 'crossing' | 'scheduled' | 'given';

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

interface TileNeed {
  /** The activation input tile (halo included) and the output tile held in this memory. */
  readonly inputBits: number;
  readonly outputBits: number;
  /** The layer's weights when they share the memory with the activations, else 0. */
  readonly weightBits: number;
  readonly sizeBits: number;
}

interface LayerFacts {
  readonly layer: Layer;
  readonly weightBits: number;
  /** Weight capacity per core the layer may use (cores without a weight memory are left out). */
  readonly capacities: ReadonlyMap<number, number>;
  readonly tiles: number;
  readonly isolated: boolean;
  /**
   * Per core the layer may use, what one fused tile keeps in each top memory that holds activations (key: memory
   * name).
   */
  readonly tileNeeds: ReadonlyMap<number, ReadonlyMap<string, TileNeed>>;
  /** Position of the last layer that reads its output, -1 when none does. */
  readonly lastUse: number;
  /** No core it may use holds one fused tile: fused, its tiles would not fit, so it runs alone (streams). */
  readonly activationIsolated: boolean;
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
  /** Where a stack's activation working set must fit (default `spread`; small networks also try `core`). */
  readonly workingSet?: WorkingSetScope;
}

export type WorkingSetScope = 'spread' | 'core';

function layerFacts(input: AutoStackInput): LayerFacts[] {
  const { workload, mapping, hw, options } = input;
  const compute = new Set(hw.computeCoreIds());
  const layers = workload.nodes.filter(isLayer).slice().sort((a, b) => a.id - b.id);
  const facts = layers.map((layer) => {
    const entry = lookupMappingEntry(mapping, layer.name, layer.operatorType, { tilingInheritance: isReferenceCompat(options.compat) ? 'reference' : 'explicit' });
    const weightOp = entry?.memoryOperandLinks.W ?? 'I2';
    const capacities = new Map<number, number>();
    for (const c of entry?.coreAllocation ?? []) {
      if (!compute.has(c)) continue;
      const top = topLevel(hw.core(c), weightOp as 'I1' | 'I2' | 'O');
      if (top) capacities.set(c, top.instance.sizeBits);
    }
    let tiles = 1;
    let tile: Layer = layer;
    if (entry) {
      const tiling = layerTiling(layer, entry, 2, options, 0);
      tiles = tiling.intra.reduce((s, l) => s * l.size, 1);
      tile = tileOf(layer, tiling.intra);
    }
    const weightBits = layerWeightBits(layer);
    const maxCap = capacities.size > 0 ? Math.max(...capacities.values()) : Infinity;
    const tileNeeds = new Map<number, Map<string, TileNeed>>();
    if (entry) {
      const links = entry.memoryOperandLinks as Readonly<Record<string, MemoryOperand>>;
      const act = activationOperand(layer);
      const actParts: [MemoryOperand | undefined, number, 'inputBits' | 'outputBits'][] = [
        [links[act], tile.operandSizeBits[act] ?? 0, 'inputBits'],
        [links[layer.outputOperand] ?? 'O', (tile.operandSizeElem[layer.outputOperand] ?? 0) * layer.finalOutputPrecision, 'outputBits'],
      ];
      for (const c of entry.coreAllocation) {
        if (!compute.has(c)) continue;
        const needs = new Map<string, TileNeed>();
        for (const [memOp, bits, part] of actParts) {
          const top = memOp ? topLevel(hw.core(c), memOp) : undefined;
          if (!top || bits <= 0) continue;
          const prev = needs.get(top.instance.name) ?? { inputBits: 0, outputBits: 0, weightBits: 0, sizeBits: top.instance.sizeBits };
          needs.set(top.instance.name, { ...prev, [part]: prev[part] + bits });
        }
        // Weights count where they share a memory with the activations (weights alone are the weight rule's).
        const weightTop = topLevel(hw.core(c), (links.W ?? 'I2') as MemoryOperand);
        const shared = weightTop ? needs.get(weightTop.instance.name) : undefined;
        if (shared && weightTop) needs.set(weightTop.instance.name, { ...shared, weightBits });
        tileNeeds.set(c, needs);
      }
    }
    const fitsSomewhere = tileNeeds.size === 0 || [...tileNeeds.values()].some((needs) => [...needs.values()].every((m) => m.inputBits + m.outputBits + m.weightBits <= m.sizeBits));
    return { layer, weightBits, capacities, tiles, isolated: weightBits > maxCap, tileNeeds, activationIsolated: !fitsSomewhere };
  });
  const uses = lastUses(workload, layers);
  return facts.map((f, i) => ({ ...f, lastUse: uses[i] }));
}

/** The layer cut to one fused tile (loop sizes divided by the tile counts; inputs derived, halo included). */
function tileOf(layer: Layer, intra: readonly { readonly dim: string; readonly size: number }[]): Layer {
  if (intra.every((l) => l.size <= 1)) return layer;
  const sizes: Record<string, number> = {};
  for (const l of intra) sizes[l.dim] = Math.ceil((sizes[l.dim] ?? layer.loopSizes[l.dim]) / l.size);
  return resizeLayer(layer, sizes, { prLoopSizes: null, keepPadding: false });
}

/** Per layer of `order`, the position of the last layer that reads its output (through dependency-only nodes), or -1. */
function lastUses(workload: Workload, order: readonly Layer[]): number[] {
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
  return order.map((l) => lastUse(l.id));
}

/** crossing[i] = bits produced by layers 0..i and consumed by layers i+1.. (through dependency-only nodes). */
function crossingBits(workload: Workload, order: readonly Layer[]): number[] {
  const uses = lastUses(workload, order);
  const diff = new Float64Array(order.length + 1);
  order.forEach((l, i) => {
    const last = uses[i];
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
  readonly reason?: Exclude<CutReason, 'crossing' | 'scheduled' | 'given'>;
  readonly weightBits: number;
  readonly budgetBits: number | null;
  readonly minTiles: number;
  readonly maxTiles: number;
  /** For an `activations` failure: the memory, the bits the stack's tiles need there and its size. */
  readonly activation?: { readonly core: number | null; readonly memory: string; readonly bits: number; readonly sizeBits: number };
}

/**
 * Where the working set of layers a..b does not fit: the input tile (with its halo) of every layer, which stays
 * while its producer advances (a layer's output tile inside the stack is part of its consumer's input tile), plus
 * the output tiles that leave the stack. `core`: on one core (the first core memory that cannot hold the tiles of
 * every layer that may use it); `spread`: in the activation memories of all the cores the stack may use together.
 */
function activationOverflow(facts: readonly LayerFacts[], a: number, b: number, scope: WorkingSetScope): StackCheck['activation'] {
  const sums = new Map<string, { core: number; memory: string; bits: number; sizeBits: number }>();
  for (let i = a; i <= b; i++) {
    const leaves = facts[i].lastUse < 0 || facts[i].lastUse > b;
    for (const [core, needs] of facts[i].tileNeeds) {
      for (const [memory, need] of needs) {
        const key = `${core}:${memory}`;
        const s = sums.get(key) ?? { core, memory, bits: 0, sizeBits: need.sizeBits };
        s.bits += need.inputBits + (leaves ? need.outputBits : 0);
        sums.set(key, s);
      }
    }
  }
  if (scope === 'spread') {
    // Each layer on the core where its tile needs least; the cores' activation memories together.
    let bits = 0;
    let sizeBits = 0;
    for (const t of sums.values()) sizeBits += t.sizeBits;
    for (let i = a; i <= b; i++) {
      const leaves = facts[i].lastUse < 0 || facts[i].lastUse > b;
      let least = Infinity;
      for (const needs of facts[i].tileNeeds.values()) least = Math.min(least, [...needs.values()].reduce((t, n) => t + n.inputBits + (leaves ? n.outputBits : 0), 0));
      if (Number.isFinite(least)) bits += least;
    }
    return bits > sizeBits ? { core: null, memory: 'activation memories', bits, sizeBits } : undefined;
  }
  for (const s of sums.values()) if (s.bits > s.sizeBits) return s;
  return undefined;
}

function checkStack(facts: readonly LayerFacts[], a: number, b: number, granularity: number, budgetScale: number, workingSet: WorkingSetScope): StackCheck {
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
    isolated ||= f.isolated || f.activationIsolated;
  }
  const budgetBits = Number.isFinite(budget) ? budget : null;
  const base = { weightBits, budgetBits, minTiles, maxTiles };
  if (a === b) return { ok: true, ...base };
  if (isolated) return { ok: false, reason: 'isolated', ...base };
  if (weightBits > budget) return { ok: false, reason: 'weights', ...base };
  const activation = activationOverflow(facts, a, b, workingSet);
  if (activation) return { ok: false, reason: 'activations', ...base, activation };
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
  const workingSet = input.workingSet ?? 'spread';
  const crossing = crossingBits(input.workload, facts.map((f) => f.layer));
  // best[j]: fewest stacks, then least crossing, covering layers 0..j-1; from[j]: start of the last stack.
  const bestStacks = new Float64Array(n + 1).fill(Infinity);
  const bestCross = new Float64Array(n + 1).fill(Infinity);
  const from = new Int32Array(n + 1).fill(-1);
  bestStacks[0] = 0;
  bestCross[0] = 0;
  for (let b = 0; b < n; b++) {
    for (let a = b; a >= 0; a--) {
      if (!checkStack(facts, a, b, granularity, budgetScale, workingSet).ok) break; // feasibility only shrinks as a stack grows
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
    const c = checkStack(facts, a, b, granularity, budgetScale, workingSet);
    return { layers: stacks[ranges.findIndex((r) => r[0] === a)], weightBits: c.weightBits, budgetBits: c.budgetBits, minTiles: c.minTiles, maxTiles: c.maxTiles };
  });
  const cuts: StackCut[] = [];
  for (let k = 0; k + 1 < ranges.length; k++) {
    const [a, b] = ranges[k];
    const next = facts[b + 1];
    const last = facts[b];
    const grown = checkStack(facts, a, b + 1, granularity, budgetScale, workingSet);
    const bits = crossing[b];
    const base = { afterLayer: last.layer.id, beforeLayer: next.layer.id, crossingBits: bits };
    if (grown.ok) {
      cuts.push({ ...base, reason: 'crossing', detail: `the stack could go on, but cutting here lets fewer tensors cross (${fmtBits(bits)}) with the same number of stacks` });
    } else if (grown.reason === 'isolated') {
      const alone = last.isolated || last.activationIsolated ? last : next;
      if (alone.isolated) {
        const cap = Math.max(...alone.capacities.values());
        cuts.push({ ...base, reason: 'isolated', detail: `${alone.layer.name}'s weights (${fmtBits(alone.weightBits)}) fit no core it may use (largest weight memory ${fmtBits(cap)}); it runs alone` });
      } else {
        const needs = [...alone.tileNeeds.values()].flatMap((m) => [...m.values()]);
        const smallest = needs.length > 0 ? Math.min(...needs.map((m) => m.inputBits + m.outputBits + m.weightBits)) : 0;
        cuts.push({ ...base, reason: 'isolated', detail: `one fused tile of ${alone.layer.name} (${fmtBits(smallest)} of input with its halo, output and shared weights) fits the memories of no core it may use; it runs alone and streams its activations` });
      }
    } else if (grown.reason === 'activations') {
      const o = grown.activation!;
      const where = o.core === null ? `the activation memories of the cores the stack may use, which hold ${fmtBits(o.sizeBits)} together` : `${o.memory} of core ${o.core}, which holds ${fmtBits(o.sizeBits)}`;
      cuts.push({ ...base, reason: 'activations', detail: `adding ${next.layer.name} would need ${fmtBits(o.bits)} for the stack's input tiles (halo included) and the output tiles leaving it in ${where}; ${fmtBits(bits)} cross the cut` });
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
