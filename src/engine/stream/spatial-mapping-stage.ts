/**
 * CustomSpatialMappingGeneratorStage: the candidate spatial mappings of every layer on every core it may run
 * on, derived from the core's operational array, its `dataflows` and the bandwidth of its innermost memory
 * levels over the array dimensions they serve. The candidates reach the cost LUT through a cost provider that
 * costs a CN with each candidate as a fixed spatial mapping and keeps the fastest.
 */
import type { Core, SpatialMapping, SpatialUnrolling } from '../hardware/types';
import type { Layer } from '../workload/types';
import { coreSpec } from '../zigzag/adapters';
import { LayerMappingError } from '../zigzag/search';
import type { CnGraph, LayerPlan } from './cn-graph';
import { contentHash } from '../content-hash';
import { allowedCores, type CnCostProvider, type CostLutEntry } from './cost';
import { Stage, type StageContext } from './stage';
import { zigzagCostProvider } from './stages';

/** Where the fixed part of a layer's spatial mapping on a core comes from. */
export type SpatialMappingSource = 'dataflow' | 'mapping' | 'generated';

export interface SpatialMappingCandidates {
  readonly source: SpatialMappingSource;
  /** Every candidate covers every array dimension of the core; best-utilised first. */
  readonly candidates: readonly SpatialMapping[];
}

/** Layer id → core id → candidates. */
export type SpatialMappingTable = ReadonlyMap<number, ReadonlyMap<number, SpatialMappingCandidates>>;

declare module './stage' {
  interface StageContext {
    /** The candidate spatial mappings per unique CN and core (CustomSpatialMappingGeneratorStage). */
    readonly spatialMappings?: SpatialMappingTable;
  }
}

/** Largest divisor of `n` not above `limit`. */
function largestDivisorAtMost(n: number, limit: number): number {
  for (let f = Math.max(1, Math.min(n, Math.floor(limit))); f > 1; f--) if (n % f === 0) return f;
  return 1;
}

/**
 * Largest unrolling of each loop dimension on each array dimension: the array size and the loop size, and,
 * for array dimensions an innermost memory serves, how many elements of a relevant operand its port delivers
 * per cycle (irrelevant dimensions are broadcast and not limited).
 */
export function unrollingLimits(
  layer: Layer,
  loopSizes: Readonly<Record<string, number>>,
  core: Core,
  memoryOperandOf: Readonly<Record<string, string>>,
): Map<string, Map<string, number>> {
  const limits = new Map<string, Map<string, number>>();
  for (const oa of core.operationalArray.dimensions) {
    limits.set(oa.name, new Map(layer.loopDims.map((d) => [d, Math.min(loopSizes[d] ?? 1, oa.size)] as const)));
  }
  const spec = coreSpec(core);
  core.memories.forEach((level, i) => {
    const innermost = level.operands.every((memOp) => core.hierarchy[memOp]?.[0] === level);
    if (!innermost) return;
    for (const memOp of level.operands) {
      const op = layer.operands.find((o) => memoryOperandOf[o] === memOp);
      if (op === undefined) continue;
      const precision = layer.operandPrecision[op] ?? 0;
      const bw = spec.memories[i]?.unrollBw[memOp] ?? 0;
      if (precision <= 0) continue;
      const deliverable = Math.floor(bw / precision);
      for (const oa of level.servedDimensions) {
        const row = limits.get(oa);
        if (!row) continue;
        for (const d of layer.loopDims) {
          if (layer.relevancy[op]?.relevance[d] === 'ir') continue;
          row.set(d, Math.min(row.get(d)!, deliverable));
        }
      }
    }
  });
  return limits;
}

/** Whether each innermost memory can hold one element of its operand per relevant unrolling it serves. */
function fitsInnermostMemories(layer: Layer, core: Core, memoryOperandOf: Readonly<Record<string, string>>, mapping: SpatialMapping): boolean {
  for (const level of core.memories) {
    if (!level.operands.every((memOp) => core.hierarchy[memOp]?.[0] === level)) continue;
    for (const memOp of level.operands) {
      const op = layer.operands.find((o) => memoryOperandOf[o] === memOp);
      const precision = op === undefined ? 0 : (layer.operandPrecision[op] ?? 0);
      if (op === undefined || precision <= 0) continue;
      let elements = 1;
      for (const oa of level.servedDimensions) {
        for (const u of mapping[oa] ?? []) if (layer.relevancy[op]?.relevance[u.loopDim] !== 'ir') elements *= u.factor;
      }
      if (elements * precision > level.instance.sizeBits) return false;
    }
  }
  return true;
}

function* product<T>(lists: readonly (readonly T[])[], i = 0, prefix: T[] = []): Generator<T[]> {
  if (i === lists.length) {
    yield [...prefix];
    return;
  }
  for (const x of lists[i]!) {
    prefix.push(x);
    yield* product(lists, i + 1, prefix);
    prefix.pop();
  }
}

export interface SpatialGenerationInput {
  readonly layer: Layer;
  /** Loop sizes the mapping is generated for (a CN's tile), default the layer's. */
  readonly loopSizes?: Readonly<Record<string, number>>;
  readonly core: Core;
  readonly memoryOperandOf: Readonly<Record<string, string>>;
  readonly spatialMapping?: SpatialMapping;
  readonly spatialMappingHint?: Readonly<Record<string, readonly string[]>>;
  readonly maxCandidates: number;
}

/**
 * Candidate spatial mappings of a layer on a core. The core's `dataflows` (else the mapping entry's spatial
 * mapping) fix the array dimensions they name; each open array dimension unrolls one loop dimension (from
 * the entry's hint when given) by the largest factor that divides the loop size and respects the limits.
 * An array dimension nothing can usefully unroll gets an explicit unrolling of 1.
 */
export function generateSpatialMappings(input: SpatialGenerationInput): SpatialMappingCandidates {
  const { layer, core } = input;
  const loopSizes = input.loopSizes ?? layer.loopSizes;
  const fixedSource = core.dataflows ?? input.spatialMapping;
  const source: SpatialMappingSource = core.dataflows ? 'dataflow' : input.spatialMapping ? 'mapping' : 'generated';
  const fixed: Record<string, readonly SpatialUnrolling[]> = {};
  for (const oa of core.operationalArray.dimensions) {
    const given = fixedSource?.[oa.name];
    if (given && given.length > 0) fixed[oa.name] = given;
  }
  const open = core.operationalArray.dimensions.filter((oa) => !(oa.name in fixed));
  if (open.length === 0) return { source, candidates: [fixed] };

  const limits = unrollingLimits(layer, loopSizes, core, input.memoryOperandOf);
  const usedByFixed = new Set(Object.values(fixed).flatMap((list) => list.map((u) => u.loopDim)));
  const options = open.map((oa) => {
    const hinted = (input.spatialMappingHint?.[oa.name] ?? []).filter((d) => layer.loopDims.includes(d));
    const dims = hinted.length > 0 ? hinted : layer.loopDims;
    const list: (SpatialUnrolling | null)[] = [];
    for (const d of dims) {
      if (usedByFixed.has(d)) continue;
      const factor = largestDivisorAtMost(loopSizes[d] ?? 1, limits.get(oa.name)!.get(d)!);
      if (factor > 1) list.push({ loopDim: d, factor });
    }
    return list.length > 0 ? list : [null];
  });

  const ranked: { mapping: SpatialMapping; utilisation: number; order: number }[] = [];
  let order = 0;
  for (const combo of product(options)) {
    const dims = combo.filter((u): u is SpatialUnrolling => u !== null).map((u) => u.loopDim);
    if (new Set(dims).size !== dims.length) continue; // one loop dimension on two array dimensions
    const mapping: Record<string, readonly SpatialUnrolling[]> = { ...fixed };
    let utilisation = 1;
    open.forEach((oa, i) => {
      const u = combo[i];
      mapping[oa.name] = [u ?? { loopDim: layer.loopDims[0]!, factor: 1 }];
      utilisation *= u?.factor ?? 1;
    });
    if (!fitsInnermostMemories(layer, core, input.memoryOperandOf, mapping)) continue;
    ranked.push({ mapping, utilisation, order: order++ });
  }
  ranked.sort((a, b) => b.utilisation - a.utilisation || a.order - b.order);
  if (ranked.length === 0) {
    // Nothing fits: leave every open dimension unrolled by 1 (always mappable as far as the array goes).
    const mapping: Record<string, readonly SpatialUnrolling[]> = { ...fixed };
    for (const oa of open) mapping[oa.name] = [{ loopDim: layer.loopDims[0]!, factor: 1 }];
    return { source, candidates: [mapping] };
  }
  return { source, candidates: ranked.slice(0, Math.max(1, input.maxCandidates)).map((r) => r.mapping) };
}

/** Loop sizes a layer's CNs have most often (its typical tile). */
function typicalTile(graph: CnGraph, plan: LayerPlan): Readonly<Record<string, number>> {
  const counts = new Map<string, { sizes: Readonly<Record<string, number>>; n: number }>();
  for (const cn of plan.cns) {
    const sizes = graph.nodes[cn]!.tileSizes;
    const key = JSON.stringify(sizes);
    const slot = counts.get(key) ?? { sizes, n: 0 };
    slot.n++;
    counts.set(key, slot);
  }
  let best: { sizes: Readonly<Record<string, number>>; n: number } | undefined;
  for (const slot of counts.values()) if (!best || slot.n > best.n) best = slot;
  return best?.sizes ?? plan.layer.loopSizes;
}

/** Costs each CN with every candidate spatial mapping of its layer on the core and keeps the fastest. */
export class SpatialMappingCostProvider implements CnCostProvider {
  readonly name: string;
  private readonly shadows = new Map<string, CnGraph>();

  constructor(
    private readonly inner: CnCostProvider,
    private readonly table: SpatialMappingTable,
  ) {
    this.name = `${inner.name}+custom-spatial`;
  }

  private candidatesOf(graph: CnGraph, cn: number, coreId: number): SpatialMappingCandidates | undefined {
    return this.table.get(graph.nodes[cn]!.layerId)?.get(coreId);
  }

  /** The graph with the CN's layer entry carrying candidate `k` as its spatial mapping. */
  private shadow(graph: CnGraph, layerId: number, coreId: number, k: number, mapping: SpatialMapping): CnGraph {
    const id = `${layerId}/${coreId}/${k}`;
    let g = this.shadows.get(id);
    if (!g) {
      const plan = graph.plans.get(layerId)!;
      const { spatialMappingHint: _hint, ...rest } = plan.entry;
      const plans = new Map(graph.plans);
      plans.set(layerId, { ...plan, entry: { ...rest, spatialMapping: mapping } });
      g = { ...graph, plans };
      this.shadows.set(id, g);
    }
    return g;
  }

  private variants(graph: CnGraph, cn: number, coreId: number): CnGraph[] | undefined {
    const c = this.candidatesOf(graph, cn, coreId);
    if (!c) return undefined;
    const layerId = graph.nodes[cn]!.layerId;
    return c.candidates.map((m, k) => this.shadow(graph, layerId, coreId, k, m));
  }

  key(graph: CnGraph, cn: number, coreId: number): string {
    const variants = this.variants(graph, cn, coreId);
    if (!variants) return this.inner.key(graph, cn, coreId);
    return contentHash({ via: 'custom-spatial', keys: variants.map((g) => this.inner.key(g, cn, coreId)) });
  }

  async evaluate(graph: CnGraph, cn: number, coreId: number, signal?: AbortSignal): Promise<CostLutEntry> {
    const variants = this.variants(graph, cn, coreId) ?? [graph];
    let best: CostLutEntry | undefined;
    let failure: unknown;
    for (const g of variants) {
      let e: CostLutEntry;
      try {
        e = await this.inner.evaluate(g, cn, coreId, signal);
      } catch (err) {
        // A candidate the single-core model cannot map is skipped; the error is raised if none maps.
        if (!(err instanceof LayerMappingError)) throw err;
        failure = err;
        continue;
      }
      if (!best || e.latencyTotal2 < best.latencyTotal2 || (e.latencyTotal2 === best.latencyTotal2 && e.energyTotal < best.energyTotal)) best = e;
    }
    if (!best) throw failure;
    return best;
  }
}

/**
 * Generates the candidate spatial mappings of every layer on every core it may run on (context key
 * `spatialMappings`) and hands the cost LUT a provider that costs each candidate and keeps the fastest. Put it
 * after GenerateCNWorkloadHybridStage and before IntraCoreMappingStage. Subclass to change `maxCandidates`.
 */
export class CustomSpatialMappingGeneratorStage extends Stage {
  static override readonly requires = ['hw', 'cnGraph'] as const satisfies readonly (keyof StageContext)[];

  protected readonly maxCandidates: number = 3;

  async *run() {
    const hw = this.require('hw');
    const graph = this.require('cnGraph');
    const table = new Map<number, Map<number, SpatialMappingCandidates>>();
    for (const [layerId, plan] of graph.plans) {
      const first = plan.cns[0];
      if (first === undefined) continue;
      const loopSizes = typicalTile(graph, plan);
      const perCore = new Map<number, SpatialMappingCandidates>();
      for (const coreId of allowedCores(graph, hw, first)) {
        perCore.set(
          coreId,
          generateSpatialMappings({
            layer: plan.layer,
            loopSizes,
            core: hw.core(coreId),
            memoryOperandOf: plan.memoryOperandOf,
            ...(plan.entry.spatialMapping ? { spatialMapping: plan.entry.spatialMapping } : {}),
            ...(plan.entry.spatialMappingHint ? { spatialMappingHint: plan.entry.spatialMappingHint } : {}),
            maxCandidates: this.maxCandidates,
          }),
        );
      }
      table.set(layerId, perCore);
    }
    const inner = this.ctx.costProvider ?? zigzagCostProvider(hw, this.ctx);
    yield* this.runSubStages({ ...this.ctx, spatialMappings: table, costProvider: new SpatialMappingCostProvider(inner, table) });
  }
}
