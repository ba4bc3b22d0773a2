/**
 * The single-core cost model's own stages, reusable next to the Stream stages ("you can also reuse ZigZag's
 * stages within Stream"). They follow the Stream stage contract — a stage gets the remaining stage classes
 * and a context, runs the next stage with its additions and passes results up; a reducing stage yields after
 * its loop — but their results are single-core `[cme, extraInfo]` pairs (a `CostModelResult` per layer and
 * core), so they run in a `ZigZagMainStage` rather than in the multi-core `MainStage`.
 */
import { unwrap } from '../errors';
import { loadAcceleratorFile } from '../hardware/io';
import type { Accelerator, Core, SpatialMapping } from '../hardware/types';
import { lookupMappingEntry } from '../mapping/lookup';
import type { Mapping, MappingEntry, TemporalLoop } from '../mapping/types';
import { isLayer, type Layer, type Workload } from '../workload/types';
import { evaluateLayerOnCore } from '../zigzag/evaluate';
import type { CostModelOptions, CostModelResult, CostObjective, TemporalMappingType } from '../zigzag/types';
import type { CnGraph } from './cn-graph';
import { contentHash } from '../content-hash';
import type { CnCostProvider, CostLutEntry } from './cost';
import type { HardwareView } from './hardware-view';
import { generateSpatialMappings } from './spatial-mapping-stage';
import { PipelineStage, Stage, type StageContext } from './stage';
import { layerCompat } from './options';
import { zigzagCostProvider } from './stages';
import { onSystemClock, ZigzagCostProvider } from './zigzag-provider';

export type ZigZagYield = readonly [CostModelResult, unknown];

/** What single-core stages hand down. Stages add keys; custom stages may add their own. */
export interface ZigZagContext {
  readonly accelerator?: Accelerator;
  readonly workload?: Workload;
  readonly mapping?: Mapping;
  /** The layer and core being costed, and the layer's mapping entry. */
  readonly layer?: Layer;
  readonly core?: Core;
  readonly entry?: MappingEntry;
  /** A complete spatial mapping chosen by a spatial-mapping stage. */
  readonly spatialMapping?: SpatialMapping;
  /** A complete temporal loop ordering (innermost first) chosen by a temporal-mapping stage. */
  readonly temporalOrdering?: readonly TemporalLoop[];
  readonly costOptions: Partial<CostModelOptions>;
  /** Candidates the spatial-mapping generator keeps per layer. */
  readonly nbSpatialMappings: number;
  readonly signal?: AbortSignal;
}

export type ZigZagStageClass = new (subStages: readonly ZigZagStageClass[], ctx: ZigZagContext) => ZigZagStage;

export abstract class ZigZagStage extends PipelineStage<ZigZagContext, ZigZagYield> {
  declare protected readonly subStages: readonly ZigZagStageClass[];

  /** The layer's mapping entry with the chosen spatial mapping and temporal ordering, when chosen. */
  protected effectiveEntry(): MappingEntry | undefined {
    const { entry, spatialMapping, temporalOrdering } = this.ctx;
    if (!spatialMapping && !temporalOrdering) return entry;
    const base: MappingEntry = entry ?? { name: 'default', memoryOperandLinks: { I: 'I1', W: 'I2', O: 'O' } };
    return { ...base, ...(spatialMapping ? { spatialMapping } : {}), ...(temporalOrdering ? { temporalOrdering } : {}) };
  }
}

export interface ZigZagMainStageInput {
  /** An Accelerator or a YAML path. */
  readonly accelerator?: Accelerator | string;
  readonly workload?: Workload;
  readonly mapping?: Mapping;
  /** Costs one given layer (instead of a workload) on `core_id`. */
  readonly layer?: Layer;
  /** The core every layer runs on; default: the first core of each layer's `core_allocation`. */
  readonly core_id?: number;
  readonly loma_lpf_limit?: number;
  readonly temporal_mapping_type?: TemporalMappingType;
  readonly objective?: CostObjective;
  readonly nb_spatial_mappings?: number;
  readonly signal?: AbortSignal;
}

/** Runs a list of single-core stage classes and returns everything the first yields. */
export class ZigZagMainStage {
  private readonly ctx: ZigZagContext;

  constructor(
    private readonly stages: readonly ZigZagStageClass[],
    input: ZigZagMainStageInput,
  ) {
    const accelerator = typeof input.accelerator === 'string' ? unwrap(loadAcceleratorFile(input.accelerator)) : input.accelerator;
    const core = input.core_id !== undefined ? accelerator?.cores.find((c) => c.id === input.core_id) : undefined;
    if (input.core_id !== undefined && !core) throw new Error(`ZigZagMainStage: the accelerator has no core ${input.core_id}`);
    this.ctx = {
      ...(accelerator ? { accelerator } : {}),
      ...(input.workload ? { workload: input.workload } : {}),
      ...(input.mapping ? { mapping: input.mapping } : {}),
      ...(input.layer ? { layer: input.layer } : {}),
      ...(core ? { core } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
      costOptions: { lpfLimit: input.loma_lpf_limit ?? 6, objective: input.objective ?? 'latency', temporalMappingType: input.temporal_mapping_type ?? 'uneven' },
      nbSpatialMappings: input.nb_spatial_mappings ?? 3,
    };
  }

  async run(): Promise<ZigZagYield[]> {
    const [First, ...rest] = this.stages;
    if (!First) throw new Error('ZigZagMainStage needs at least one stage');
    const results: ZigZagYield[] = [];
    for await (const r of new First(rest, this.ctx).run()) results.push(r);
    return results;
  }
}

/** Runs the next stages once per layer of the workload (dependency-only nodes are skipped). */
export class ZigZagWorkloadStage extends ZigZagStage {
  static override readonly requires = ['workload', 'accelerator'] as const satisfies readonly (keyof ZigZagContext)[];

  async *run() {
    const workload = this.require('workload');
    const accelerator = this.require('accelerator');
    const mapping = this.ctx.mapping;
    for (const layer of workload.nodes.filter(isLayer)) {
      if (this.ctx.signal?.aborted) throw new DOMException('The pipeline was cancelled', 'AbortError');
      const entry = mapping ? lookupMappingEntry(mapping, layer.name, layer.operatorType) : undefined;
      const core = this.ctx.core ?? accelerator.cores.find((c) => c.id === (entry?.coreAllocation?.[0] ?? 0));
      if (!core) throw new Error(`ZigZagWorkloadStage: no core for layer ${layer.name}`);
      yield* this.runSubStages({ ...this.ctx, layer, core, ...(entry ? { entry } : {}) });
    }
  }
}

/**
 * Generates the layer's candidate spatial mappings on the core (its dataflow, the entry's spatial mapping
 * and hint, the innermost memories' bandwidth) and runs the next stages once per candidate.
 */
export class ZigZagSpatialMappingGeneratorStage extends ZigZagStage {
  static override readonly requires = ['layer', 'core'] as const satisfies readonly (keyof ZigZagContext)[];

  async *run() {
    const layer = this.require('layer');
    const core = this.require('core');
    const entry = this.ctx.entry;
    const { candidates } = generateSpatialMappings({
      layer,
      core,
      memoryOperandOf: entry?.memoryOperandLinks ?? { I: 'I1', W: 'I2', O: 'O' },
      ...(entry?.spatialMapping ? { spatialMapping: entry.spatialMapping } : {}),
      ...(entry?.spatialMappingHint ? { spatialMappingHint: entry.spatialMappingHint } : {}),
      maxCandidates: this.ctx.nbSpatialMappings,
    });
    for (const spatialMapping of candidates) {
      for await (const [cme, extraInfo] of this.runSubStages({ ...this.ctx, spatialMapping })) yield [cme, { spatialMapping, extraInfo }] as const;
    }
  }
}

/**
 * LOMA: searches the temporal mappings of the layer on the core (with the chosen spatial mapping) and yields
 * the best for the objective. As a non-leaf stage it fixes that loop ordering for the next stages.
 */
export class ZigZagTemporalMappingSearchStage extends ZigZagStage {
  static override readonly requires = ['layer', 'core'] as const satisfies readonly (keyof ZigZagContext)[];

  async *run() {
    const layer = this.require('layer');
    const core = this.require('core');
    const best = evaluateLayerOnCore(layer, core, this.effectiveEntry(), this.ctx.costOptions, this.ctx.signal ? { signal: this.ctx.signal } : {});
    if (this.subStages.length === 0) {
      yield [best, { searched: best.temporalMappingsEvaluated }] as const;
      return;
    }
    const temporalOrdering = best.loopOrdering.map(([dim, size]) => ({ dim, size }));
    yield* this.runSubStages({ ...this.ctx, temporalOrdering });
  }
}
export { ZigZagTemporalMappingSearchStage as ZigZagLomaStage };

/** Evaluates the layer with the chosen spatial mapping and temporal ordering (leaf). */
export class ZigZagCostModelStage extends ZigZagStage {
  static override readonly requires = ['layer', 'core', 'temporalOrdering'] as const satisfies readonly (keyof ZigZagContext)[];

  async *run() {
    const layer = this.require('layer');
    const core = this.require('core');
    this.require('temporalOrdering');
    const cme = evaluateLayerOnCore(layer, core, this.effectiveEntry(), this.ctx.costOptions, this.ctx.signal ? { signal: this.ctx.signal } : {});
    yield [cme, {}] as const;
  }
}

function reduceBy(better: (a: CostModelResult, b: CostModelResult) => boolean) {
  return class extends ZigZagStage {
    async *run() {
      let best: ZigZagYield | undefined;
      for await (const r of this.runSubStages()) if (!best || better(r[0], best[0])) best = r;
      if (best) yield best;
    }
  };
}

/** Keeps the result with the lowest latency (ties: lower energy). */
export class ZigZagMinimalLatencyStage extends reduceBy(
  (a, b) => a.latencyTotal2 < b.latencyTotal2 || (a.latencyTotal2 === b.latencyTotal2 && a.energyTotal < b.energyTotal),
) {}

/** Keeps the result with the lowest energy (ties: lower latency). */
export class ZigZagMinimalEnergyStage extends reduceBy(
  (a, b) => a.energyTotal < b.energyTotal || (a.energyTotal === b.energyTotal && a.latencyTotal2 < b.latencyTotal2),
) {}

/** Runs a single-core flow on a context and returns what its first stage yields. */
async function runFlow(flow: readonly ZigZagStageClass[], ctx: ZigZagContext): Promise<ZigZagYield[]> {
  const [First, ...rest] = flow;
  if (!First) throw new Error('a single-core flow needs at least one stage');
  const out: ZigZagYield[] = [];
  for await (const r of new First(rest, ctx).run()) out.push(r);
  return out;
}

/**
 * Costs CNs with a single-core stage flow (its first result). CNs with operands streamed from off-chip keep
 * the standard provider, which adds the off-chip level those need.
 */
export class ZigZagFlowCostProvider implements CnCostProvider {
  readonly name: string;

  constructor(
    private readonly hw: HardwareView,
    private readonly inner: ZigzagCostProvider,
    private readonly flow: readonly ZigZagStageClass[],
    private readonly costOptions: Partial<CostModelOptions>,
    private readonly nbSpatialMappings = 3,
  ) {
    this.name = `zigzag-stages(${flow.map((f) => f.name).join(',')})`;
  }

  key(graph: CnGraph, cn: number, coreId: number): string {
    return contentHash({ via: this.name, inner: this.inner.key(graph, cn, coreId), nb: this.nbSpatialMappings, options: this.costOptions });
  }

  async evaluate(graph: CnGraph, cn: number, coreId: number, signal?: AbortSignal): Promise<CostLutEntry> {
    if (this.inner.tooLargeOperands(graph, cn, coreId).length > 0) return this.inner.evaluate(graph, cn, coreId, signal);
    const plan = graph.plans.get(graph.nodes[cn]!.layerId)!;
    const [first] = await runFlow(this.flow, {
      layer: this.inner.tileLayer(graph, cn),
      core: this.hw.core(coreId),
      entry: plan.entry,
      costOptions: this.costOptions,
      nbSpatialMappings: this.nbSpatialMappings,
      ...(signal ? { signal } : {}),
    });
    if (!first) throw new Error(`the single-core flow ${this.name} yielded no result for CN ${cn} on core ${coreId}`);
    const r = first[0];
    return onSystemClock({
      latencyTotal0: r.latencyTotal0,
      latencyTotal1: r.latencyTotal1,
      latencyTotal2: r.latencyTotal2,
      energyTotal: r.energyTotal,
      macEnergy: r.macEnergy,
      offchipEnergy: 0,
      tooLargeOperands: [],
      offchipReadBw: {},
      offchipWriteBw: 0,
      spatialUtilisation: r.macSpatialUtilization,
    }, this.inner.clockRatio(coreId));
  }
}

/**
 * A Stream stage that makes the cost LUT use a single-core stage flow (by default: keep the fastest of the
 * generated spatial mappings, each searched with LOMA). Put it before IntraCoreMappingStage; subclass to
 * change `flow`.
 */
export class ZigZagIntraCoreFlowStage extends Stage {
  static override readonly requires = ['hw'] as const satisfies readonly (keyof StageContext)[];

  protected readonly flow: readonly ZigZagStageClass[] = [ZigZagMinimalLatencyStage, ZigZagSpatialMappingGeneratorStage, ZigZagTemporalMappingSearchStage];

  async *run() {
    const hw = this.require('hw');
    const { options } = this.ctx;
    const inner = zigzagCostProvider(hw, this.ctx);
    const costOptions: Partial<CostModelOptions> = {
      lpfLimit: options.loma_lpf_limit,
      objective: 'latency',
      compat: layerCompat(options.compat),
      // Only when even, so that the keys of LUT entries stored before the option existed stay valid.
      ...(options.temporal_mapping_type === 'even' ? { temporalMappingType: 'even' as const } : {}),
    };
    yield* this.runSubStages({ ...this.ctx, costProvider: new ZigZagFlowCostProvider(hw, inner, this.flow, costOptions) });
  }
}
