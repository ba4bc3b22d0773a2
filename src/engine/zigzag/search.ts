/**
 * Best mapping of one layer on one core: every spatial mapping candidate × every temporal mapping LOMA
 * produces (or the fixed temporal ordering of the mapping entry), keeping the best for the objective.
 */
import type { Layer } from '../workload/types';
import { evaluateCost, makeSpatialContext, type CostEvaluation } from './cost-model';
import type { OperandPlacement, SpatialContext } from './spatial-context';
import { imcMappingCost } from './imc-cost';
import { layerModel, type LayerModel } from './layer-model';
import { countOrderings, forEachOrdering, loopPrimeFactors, OrderingAllocator, temporalLoopSizes, type AllocationFailure } from './loma';
import { MappingScorer, type Score } from './fast-eval';
import type { Loop } from './loops';
import { limitUnrollings, MAPPING_ORDER, PYTHON_SET_ORDER, spatialLoopsPerLevel, spatialMappingCandidates, type UserSpatialMapping } from './spatial';
import type { CoreSpec, MappingSpec } from './spec';
import { DEFAULT_COST_MODEL_OPTIONS, type CostModelHooks, type CostModelOptions, type CostObjective } from './types';
import { mulberry32 } from '../prng';

/** A layer that cannot be mapped on a core; the message names the layer, the core and the reason. */
export class LayerMappingError extends Error {
  override name = 'LayerMappingError';
  constructor(
    readonly layerName: string,
    readonly coreName: string,
    readonly reason: string,
  ) {
    super(`layer "${layerName}" cannot be mapped on core "${coreName}": ${reason}`);
  }
}

export interface MappingChoice {
  readonly cost: CostEvaluation;
  readonly ctx: SpatialContext;
  readonly spatial: UserSpatialMapping;
  readonly tm: Loop[][][];
  readonly ordering: readonly Loop[];
}

export interface LayerSearchResult {
  readonly best: MappingChoice;
  readonly lm: LayerModel;
  readonly spatialMappingsEvaluated: number;
  readonly temporalMappingsEvaluated: number;
}

/** Whether score `a` beats `b` for the objective (ties broken by the other metric; EDP strict). */
function isBetterScore(objective: CostObjective, a: Score, b: Score): boolean {
  switch (objective) {
    case 'latency':
      return a.latency < b.latency || (a.latency === b.latency && a.energy < b.energy);
    case 'energy':
      return a.energy < b.energy || (a.energy === b.energy && a.latency < b.latency);
    case 'edp':
      return a.latency * a.energy < b.latency * b.energy;
    case 'dram-bandwidth-latency':
      return a.latency < b.latency || (a.latency === b.latency && a.energy < b.energy);
  }
}

/**
 * The DRAM level as the 2025 reference sees it: the memory operands with the most levels (the added off-chip
 * level is the extra one), and the widest port of their top memory.
 */
function dramLevelOf(core: CoreSpec, placements: readonly OperandPlacement[]): { ops: number[]; portBw: number } {
  const levels = placements.map((p) => p.memories.length);
  const max = Math.max(...levels);
  const ops = placements.map((_, i) => i).filter((i) => levels[i] === max);
  const top = core.memories[placements[ops[0]!]!.memories[max - 1]!]!;
  return { ops, portBw: Math.max(0, ...top.ports.map((p) => p.bw)) };
}

/**
 * `ceil(used / port bandwidth) × int(latency)`: the used DRAM bandwidth is, per operand at its top level, the
 * instantaneous bandwidth of the integer mapping plus the bandwidth borrowed during computation for loading
 * data needed once; one input operand is counted once (broadcast to the parallel copies), the others once per
 * copy. Ties keep the lower energy.
 */
function dramBandwidthLatency(
  cost: CostEvaluation,
  lm: LayerModel,
  mapping: MappingSpec,
  placements: readonly OperandPlacement[],
  dram: { ops: number[]; portBw: number },
  parallel: number,
): number {
  const latency = Math.trunc(cost.latencyTotal2);
  const instBw = (op: number) => {
    const levels = cost.movementInt[op]!.levels;
    const top = levels[levels.length - 1]!;
    const memory = placements[op]!.memories[placements[op]!.memories.length - 1]!;
    const borrowed = cost.loadingBwDuringComputation.get(memory)?.get(op) ?? 0;
    return top.bwInstant.reduce((s, x) => s + Math.ceil(x), 0) + borrowed;
  };
  const outputIndex = 0;
  let used: number;
  if (dram.ops.length === 1) used = parallel * instBw(dram.ops[0]!);
  else {
    const order = memOperandOrder(lm, mapping, dram.ops);
    const broadcast = order.find((op) => op !== outputIndex)!;
    used = instBw(broadcast) + parallel * order.filter((op) => op !== broadcast).reduce((s, op) => s + instBw(op), 0);
  }
  return dram.portBw > 0 ? Math.ceil(used / dram.portBw) * latency : latency;
}

/**
 * Layer-operand indices by memory operand, I1 first. The reference takes the first input of a set (its order
 * varies between runs); I1, the activations every inter-core split shares, is the one actually broadcast.
 */
function memOperandOrder(lm: LayerModel, mapping: MappingSpec, ops: readonly number[]): number[] {
  const rank = (op: number) => ['I1', 'I2', 'O'].indexOf(mapping.operandLinks[lm.operands[op]!] ?? '');
  return [...ops].sort((a, b) => rank(a) - rank(b));
}

export function operandPlacements(lm: LayerModel, core: CoreSpec, mapping: MappingSpec): OperandPlacement[] {
  const name = lm.layer.name;
  if (core.arrayDims.length === 0 || core.arraySizes.some((s) => !(s > 0))) {
    throw new LayerMappingError(name, core.name, 'the operational array has a zero-size dimension');
  }
  return lm.operands.map((op, index) => {
    const memOp = mapping.operandLinks[op];
    if (memOp === undefined) {
      throw new LayerMappingError(name, core.name, `the mapping has no memory operand link for layer operand ${op}`);
    }
    const memories: number[] = [];
    core.memories.forEach((m, i) => {
      if (m.operands.includes(memOp)) memories.push(i);
    });
    if (memories.length === 0) {
      throw new LayerMappingError(name, core.name, `no memory of the core holds memory operand ${memOp} (layer operand ${op})`);
    }
    const top = core.memories[memories[memories.length - 1]!]!;
    const bits = lm.sizeElem[index]! * (index === 0 ? lm.finalPrecision : lm.precision[index]!);
    if (bits > top.sizeBits) {
      throw new LayerMappingError(
        name,
        core.name,
        `operand ${op} (${bits} bits) is larger than its top memory ${top.name} (${top.sizeBits} bits)`,
      );
    }
    return { memOp, memories };
  });
}

/** The mapping's temporal ordering if it fixes every temporal loop exactly, else undefined. */
function fixedOrdering(lm: LayerModel, mapping: MappingSpec, temporal: Map<number, number>): Loop[] | undefined {
  const given = (mapping.temporalOrdering ?? []).filter(([dim]) => lm.dimIndex.has(dim));
  if (given.length === 0 || given.some(([, size]) => size === null)) return undefined;
  const products = new Map<number, number>();
  const loops = given.map(([dim, size]) => {
    const d = lm.dimIndex.get(dim)!;
    products.set(d, (products.get(d) ?? 1) * size!);
    return { d, s: size! };
  });
  for (const [d, p] of [...products]) if (p === 1) products.delete(d);
  if (products.size !== temporal.size) return undefined;
  for (const [d, p] of products) if (temporal.get(d) !== p) return undefined;
  return loops;
}

/**
 * Position constraints of a partial temporal ordering: loop dimension (and size, when given) required at an
 * index (negative = counted from the outer end, after a `["*", "*"]` separator).
 */
function orderingConstraints(lm: LayerModel, mapping: MappingSpec): { index: number; d: number; s: number | null }[] {
  const given = mapping.temporalOrdering ?? [];
  const out: { index: number; d: number; s: number | null }[] = [];
  let outer = false;
  given.forEach(([dim, size], i) => {
    if (dim === '*' && size === null) {
      outer = true;
      return;
    }
    const d = lm.dimIndex.get(dim);
    if (d === undefined) return;
    out.push({ index: outer ? i - given.length : i, d, s: size });
  });
  return out;
}

/** The scalar the objective minimises (ties are broken by isBetterScore). */
function objectiveValue(objective: CostObjective, s: Score): number {
  return objective === 'energy' ? s.energy : objective === 'edp' ? s.energy * s.latency : s.latency;
}

/**
 * SALSA (ZigZag's simulated-annealing temporal mapper): from a random ordering of the loop prime factors,
 * swap two factors of different loops per step; keep a worse ordering with probability exp(−Δ / T), Δ the
 * relative cost increase, T falling linearly from the start temperature to 0. Every visited ordering goes
 * through `visit` (which keeps the best); orderings no memory allocation exists for are rejected.
 */
function anneal(
  lpfs: readonly Loop[],
  opts: CostModelOptions,
  visit: (ordering: readonly Loop[]) => Score | undefined,
  compare: (a: Score, b: Score) => number,
): void {
  const rand = mulberry32(opts.salsaSeed ?? 0);
  const iterations = opts.salsaIterations ?? 1000;
  const t0 = opts.salsaTemperature ?? 0.05;
  const current = [...lpfs];
  for (let i = current.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [current[i], current[j]] = [current[j]!, current[i]!];
  }
  let currentScore = visit(current);
  if (current.length < 2) return;
  for (let it = 0; it < iterations; it++) {
    const i = Math.floor(rand() * current.length);
    const j = Math.floor(rand() * current.length);
    if (i === j || (current[i]!.d === current[j]!.d && current[i]!.s === current[j]!.s)) continue;
    [current[i], current[j]] = [current[j]!, current[i]!];
    const candidate = visit(current);
    const temperature = t0 * (1 - it / iterations);
    let accept = false;
    if (candidate) {
      if (!currentScore) accept = true;
      else {
        const base = Math.max(Math.abs(compare(currentScore, { energy: 0, latency: 0 })), 1e-12);
        const delta = compare(candidate, currentScore) / base;
        accept = delta <= 0 || (temperature > 0 && rand() < Math.exp(-delta / temperature));
      }
    }
    if (accept) currentScore = candidate;
    else [current[i], current[j]] = [current[j]!, current[i]!];
  }
}

interface Prepared {
  readonly spatial: UserSpatialMapping;
  readonly ctx: SpatialContext;
  readonly fixed: Loop[] | undefined;
  readonly lpfs: Loop[];
  readonly total: number;
}

export function searchLayer(
  layer: Layer,
  core: CoreSpec,
  mapping: MappingSpec,
  options: Partial<CostModelOptions> = {},
  hooks: CostModelHooks = {},
): LayerSearchResult {
  const opts = { ...DEFAULT_COST_MODEL_OPTIONS, ...options };
  const lm = layerModel(layer);
  const placements = operandPlacements(lm, core, mapping);
  const candidates = spatialMappingCandidates(lm, core, mapping, placements, {
    nbSpatialMappings: opts.nbSpatialMappings,
    enableMixSpatialMapping: opts.enableMixSpatialMapping,
    removalOrder: opts.compat === 'reference' ? PYTHON_SET_ORDER : MAPPING_ORDER,
  });
  const constraints = orderingConstraints(lm, mapping);
  const prepared: Prepared[] = candidates.map((spatial) => {
    const frac = limitUnrollings(lm, core, spatial, true);
    const int = limitUnrollings(lm, core, spatial, false);
    const suFrac = placements.map((p) => spatialLoopsPerLevel(core, frac, p));
    const suInt = placements.map((p) => spatialLoopsPerLevel(core, int, p));
    const plain = makeSpatialContext(lm, core, placements, suFrac, suInt, opts.accessSameDataConsideredAsNoAccess, opts.compat === 'reference');
    const ctx: SpatialContext = core.imc ? { ...plain, imc: imcMappingCost(lm, core.imc, placements, spatial) } : plain;
    const firstInput = lm.operands.length > 1 ? 1 : 0;
    const temporal = temporalLoopSizes(lm, suFrac[firstInput]!.flat());
    const fixed = fixedOrdering(lm, mapping, temporal);
    const pinned = constraints.filter((c) => c.s !== null).map((c) => ({ d: c.d, s: c.s! }));
    const lpfs = fixed ?? loopPrimeFactors(lm, temporal, opts.lpfLimit, pinned);
    return { spatial, ctx, fixed, lpfs, total: fixed ? 1 : opts.temporalMapper === 'salsa' ? (opts.salsaIterations ?? 1000) + 1 : countOrderings(lpfs) };
  });
  const total = prepared.reduce((a, p) => a + p.total, 0);
  let done = 0;
  let evaluated = 0;
  let best: { score: Score; prepared: Prepared; ordering: Loop[]; bounds: Int32Array[] } | undefined;
  const failures = new Map<AllocationFailure, number>();
  const progressStep = Math.max(1, Math.floor(total / 100));
  // Doubles from the start (NaN, overwritten by every score): an object literal of integers changes shape when
  // the first fractional energy is written, which discards the JIT's code for the search loop.
  const score: Score = { energy: NaN, latency: NaN };
  // The bandwidth objective needs every candidate's data movement: evaluated in full (slower).
  const dram = opts.objective === 'dram-bandwidth-latency' ? dramLevelOf(core, placements) : undefined;
  // Precharge energy of multi-weight IMC cell groups depends on the data movement: evaluated in full.
  const fullEnergy = prepared.some((p) => p.ctx.imc?.precharged);
  // Read once: `opts` is a spread whose shape differs between calls, a lookup per ordering would not stay optimised.
  const objective = opts.objective;
  for (const p of prepared) {
    const allocator = new OrderingAllocator(lm, core, placements, p.ctx.suFrac, opts.temporalMappingType === 'even');
    const scorer = new MappingScorer(p.ctx);
    const consider = (ordering: readonly Loop[]) => {
      done++;
      if (done % progressStep === 0) {
        hooks.signal?.throwIfAborted();
        hooks.onProgress?.(done, total);
      }
      if (!p.fixed && constraints.length > 0) {
        for (const c of constraints) {
          const i = c.index >= 0 ? c.index : ordering.length + c.index;
          const loop = ordering[i];
          if (!loop || loop.d !== c.d || (c.s !== null && loop.s !== c.s)) return;
        }
      }
      const failure = allocator.allocate(ordering);
      if (failure) {
        failures.set(failure, (failures.get(failure) ?? 0) + 1);
        return;
      }
      scorer.load(ordering, allocator.bounds);
      // A mapping worse on the objective's first metric loses whatever its second one is, which then stays
      // uncomputed (Infinity); the second metric only decides ties and improvements.
      if (objective === 'latency' && !dram && !fullEnergy) {
        score.latency = scorer.latency();
        score.energy = best && score.latency > best.score.latency ? Infinity : scorer.energy();
      } else if (objective === 'energy' && !fullEnergy) {
        score.energy = scorer.energy();
        score.latency = best && score.energy > best.score.energy ? Infinity : scorer.latency();
      } else {
        score.energy = scorer.energy();
        score.latency = scorer.latency();
      }
      if (dram || fullEnergy) {
        const tm = allocator.bounds.map((b) => Array.from({ length: b.length - 1 }, (_, k) => ordering.slice(b[k]!, b[k + 1]!)));
        const full = evaluateCost(p.ctx, tm);
        if (fullEnergy) score.energy = full.energyTotal;
        if (dram) score.latency = dramBandwidthLatency(full, lm, mapping, placements, dram, opts.parallelNodes ?? 1);
      }
      evaluated++;
      if (!best || isBetterScore(objective, score, best.score)) {
        best = { score: { ...score }, prepared: p, ordering: [...ordering], bounds: allocator.bounds.map((b) => b.slice()) };
      }
    };
    if (p.fixed) consider(p.fixed);
    else if (opts.temporalMapper === 'salsa') anneal(p.lpfs, opts, (ordering) => {
      const before = evaluated;
      consider(ordering);
      return evaluated > before ? { ...score } : undefined;
    }, (a, b) => objectiveValue(opts.objective, a) - objectiveValue(opts.objective, b));
    else forEachOrdering(p.lpfs, consider);
  }
  hooks.signal?.throwIfAborted();
  hooks.onProgress?.(total, total);
  if (!best) {
    const reason =
      (failures.get('memory-too-small') ?? 0) > 0
        ? 'for every loop ordering, some memory level cannot hold the data its lower levels need (spatial unrolling or tile too large)'
        : (failures.get('hierarchy-too-small') ?? 0) > 0
          ? 'the top memory levels are too small to hold the whole layer'
          : 'no loop ordering satisfies the temporal ordering constraints of the mapping';
    const even = opts.temporalMappingType === 'even' ? ' (temporal_mapping_type even: operands sharing a memory must also be cut at the same loop there; uneven may fit)' : '';
    throw new LayerMappingError(layer.name, core.name, reason + even);
  }
  const { ordering, bounds } = best;
  const tm = bounds.map((b) => Array.from({ length: b.length - 1 }, (_, k) => ordering.slice(b[k]!, b[k + 1]!)));
  const cost = evaluateCost(best.prepared.ctx, tm);
  return {
    best: { cost, ctx: best.prepared.ctx, spatial: best.prepared.spatial, tm, ordering },
    lm,
    spatialMappingsEvaluated: prepared.length,
    temporalMappingsEvaluated: evaluated,
  };
}

