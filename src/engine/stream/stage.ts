/**
 * Stages, as in Stream: a stage receives a context, does its part, builds the next stage from the
 * remaining list and passes results up; a leaf stage yields `[scme, extraInfo]` pairs. `MainStage` runs a list
 * of stage classes and collects everything the first stage yields.
 */
import type { Accelerator } from '../hardware/types';
import type { Mapping } from '../mapping/types';
import type { PipelineProgress, RunResult } from '../results/types';
import { InputError } from '../errors';
import type { Workload } from '../workload/types';
import type { AllocationProblem } from './allocation';
import type { CnGraph } from './cn-graph';
import type { CnGraphCache } from './cn-graph-cache';
import type { CnCostProvider, CostLut, CostTable } from './cost';
import type { StreamCostModelEvaluation } from './evaluation';
import type { HardwareView } from './hardware-view';
import type { LayerSplit } from './layer-splitting';
import type { LayerStack } from './layer-stacks';
import type { LayerStackPlan } from './auto-stacks';
import type { StoredAllocation } from './stored-allocation';
import { parseStreamOptions, type StreamOptions, type StreamOptionsInput } from './options';

export interface PipelineHooks {
  onProgress?(progress: PipelineProgress): void;
  signal?: AbortSignal;
}

/**
 * Everything stages hand down to the stages after them. A custom stage that hands down a key of its own declares
 * it by augmenting this interface (`declare module '…/stage' { interface StageContext { readonly myKey?: T } }`),
 * as spatial-mapping-stage.ts does for `spatialMappings`.
 */
export interface StageContext {
  readonly options: StreamOptions;
  readonly hooks: PipelineHooks;
  readonly accelerator?: Accelerator;
  readonly workload?: Workload;
  readonly mapping?: Mapping;
  readonly hw?: HardwareView;
  readonly layerStacks?: readonly LayerStack[];
  /** The stacks and why each cut is where it is (recorded with the run). */
  readonly layerStackPlan?: LayerStackPlan;
  readonly cnGraph?: CnGraph;
  readonly costProvider?: CnCostProvider;
  readonly costLut?: CostLut;
  /** CN graphs kept between runs on the same workload and mapping (the live what-if). */
  readonly cnGraphCache?: CnGraphCache;
  /** A finished run's allocation to evaluate instead of searching one (stored-allocation.ts). */
  readonly storedAllocation?: StoredAllocation;
  readonly costTable?: CostTable;
  readonly problem?: AllocationProblem;
  /** Layers LayerSplittingStage split along K (their weights exceed the weight memory). */
  readonly layerSplits?: readonly LayerSplit[];
  /** The order in which ready CNs are picked (SchedulingOrderGenerationStage; the problem's `priority`). */
  readonly schedulingOrder?: Int32Array;
  /** Shared, appended to by stages. */
  readonly warnings: string[];
  /** Shared: wall-clock milliseconds per stage. */
  readonly timings: Record<string, number>;
}

export type StageYield = readonly [StreamCostModelEvaluation, unknown];

/**
 * The stage contract Stream's multi-core stages and ZigZag's single-core stages share: a stage gets the stage
 * classes after it and a context, runs the next one with its additions, and passes the results up. A stage
 * declares the context keys it always reads (`static requires`); they are checked when the stage is built (by
 * the stage before it), before it starts, so a stage placed too early fails naming itself, the missing keys and
 * the stages that provide them.
 */
export abstract class PipelineStage<Context extends object, Yield> {
  /** Context keys this stage reads, which an earlier stage or the main stage's inputs must provide. */
  static readonly requires: readonly string[] = [];

  constructor(
    protected readonly subStages: readonly (new (subStages: readonly never[], ctx: Context) => PipelineStage<Context, Yield>)[],
    protected readonly ctx: Context,
  ) {
    const declared = (new.target as unknown as { requires: readonly string[] }).requires;
    const missing = declared.filter((key) => (ctx as Record<string, unknown>)[key] === undefined || (ctx as Record<string, unknown>)[key] === null);
    if (missing.length > 0) throw new Error(`${new.target.name} needs ${listed(missing)} from an earlier stage${providers(missing)}`);
    if (this.isLeaf() && subStages.length > 0) {
      throw new Error(`${new.target.name} is a leaf stage: the stages after it would never run (${subStages.map((s) => s.name).join(', ')})`);
    }
  }

  /** Yields the results (for a leaf stage, its own). */
  abstract run(): AsyncGenerator<Yield, void, undefined>;

  /** Whether the stage yields its own results and runs no stage after it (then it must be the last). */
  isLeaf(): boolean {
    return false;
  }

  /** Builds the next stage (the first of `subStages`) with `ctx` and yields everything it yields. */
  protected async *runSubStages(ctx: Context = this.ctx): AsyncGenerator<Yield, void, undefined> {
    const [Next, ...rest] = this.subStages;
    if (!Next) throw new Error(`${this.constructor.name} is not a leaf stage: it needs a stage after it`);
    yield* new Next(rest as never[], ctx).run();
  }

  /** A context value the stage cannot do without (declared in `requires` when it is always read). */
  protected require<K extends keyof Context>(key: K): NonNullable<Context[K]> {
    const value = this.ctx[key];
    if (value === undefined || value === null) throw new Error(`${this.constructor.name} needs "${String(key)}" from an earlier stage${providers([String(key)])}`);
    return value as NonNullable<Context[K]>;
  }
}

/** Which built-in stage (or input) provides a context key, for the error of a stage that misses it. */
const PROVIDED_BY: Readonly<Record<string, string>> = {
  accelerator: 'AcceleratorParserStage, or the accelerator input',
  hw: 'AcceleratorParserStage',
  workload: 'StreamONNXModelParserStage, or the workload input',
  mapping: 'StreamONNXModelParserStage, or the mapping input',
  layerStacks: 'LayerStacksGenerationStage',
  cnGraph: 'GenerateCNWorkloadHybridStage',
  costTable: 'IntraCoreMappingStage',
  problem: 'SetFixedAllocationPerformanceStage',
  layer: 'ZigZagWorkloadStage, or the layer input',
  core: 'ZigZagWorkloadStage, or the core_id input',
  temporalOrdering: 'ZigZagTemporalMappingSearchStage',
};

/** "a", "b" and "c". */
function listed(keys: readonly string[]): string {
  const q = keys.map((k) => `"${k}"`);
  return q.length === 1 ? q[0] : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

function providers(keys: readonly string[]): string {
  const known = keys.filter((k) => PROVIDED_BY[k]).map((k) => `${k}: ${PROVIDED_BY[k]}`);
  return known.length > 0 ? ` (${known.join('; ')})` : '';
}

export type StageClass = new (subStages: readonly StageClass[], ctx: StageContext) => Stage;

export abstract class Stage extends PipelineStage<StageContext, StageYield> {
  declare protected readonly subStages: readonly StageClass[];

  protected progress(percent: number, message?: string, extra: Partial<PipelineProgress> = {}): void {
    this.ctx.hooks.onProgress?.({ stage: this.constructor.name, percent, ...(message !== undefined ? { message } : {}), ...extra });
  }

  protected checkAborted(): void {
    if (this.ctx.hooks.signal?.aborted) throw new DOMException('The pipeline was cancelled', 'AbortError');
  }

  /** Runs `fn`, adding its wall time to `ctx.timings[name]`. */
  protected async timed<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.ctx.timings[name] = (this.ctx.timings[name] ?? 0) + (performance.now() - t0);
    }
  }
}

/** Draws Stream's plots from a result (`plot_*` options); the engine draws nothing itself. */
export type ResultPlotter = (result: RunResult, options: StreamOptions) => void | Promise<void>;

/** Inputs of MainStage: Stream's keyword options plus objects that are not options. */
export type MainStageInput = StreamOptionsInput & {
  /** A persistent cost LUT (e.g. SQLite) consulted before costing a CN. */
  readonly cost_lut?: CostLut;
  /** Reuses CN graphs between runs of the same workload and mapping objects (see cn-graph-cache.ts). */
  readonly cn_graph_cache?: CnGraphCache;
  /** Replaces the single-core cost model (tests, other models). */
  readonly cost_provider?: CnCostProvider;
  /** Evaluates this allocation of a finished run instead of searching one (no GA, no CO). */
  readonly stored_allocation?: StoredAllocation;
  readonly hooks?: PipelineHooks;
  /** Draws the plots the `plot_*` options ask for (the CLI's writes SVG files). Required when one is set. */
  readonly plotter?: ResultPlotter;
};

/** Whether the options ask for plots. */
export const wantsPlots = (o: StreamOptions): boolean => o.plot_hof || o.plot_full_schedule || o.plot_data_transfer || o.plot_file_name !== undefined;

export class MainStage {
  private readonly ctx: StageContext;
  private readonly plotter: ResultPlotter | undefined;

  constructor(
    private readonly stages: readonly StageClass[],
    input: MainStageInput,
  ) {
    const { cost_lut, cn_graph_cache, cost_provider, stored_allocation, hooks, plotter, ...rest } = input;
    const options = parseStreamOptions(rest);
    if (wantsPlots(options) && !plotter) {
      const key = (['plot_hof', 'plot_full_schedule', 'plot_data_transfer', 'plot_file_name'] as const).find((k) => options[k] !== undefined && options[k] !== false)!;
      throw InputError.single(
        '<options>',
        key,
        'a plotter to draw the plots (the engine draws none: `stream-studio run` writes them as SVG files; in code pass MainStage `plotter`)',
      );
    }
    this.plotter = plotter;
    this.ctx = {
      options,
      hooks: hooks ?? {},
      ...(cost_lut ? { costLut: cost_lut } : {}),
      ...(cn_graph_cache ? { cnGraphCache: cn_graph_cache } : {}),
      ...(cost_provider ? { costProvider: cost_provider } : {}),
      ...(stored_allocation ? { storedAllocation: stored_allocation } : {}),
      warnings: [],
      timings: {},
    };
  }

  /** Runs the stages; the first result is the evaluation of the best schedule. Draws the plots asked for. */
  async run(): Promise<StageYield[]> {
    const [First, ...rest] = this.stages;
    if (!First) throw new Error('MainStage needs at least one stage');
    const results: StageYield[] = [];
    for await (const r of new First(rest, this.ctx).run()) results.push(r);
    const best = results[0];
    if (best && this.plotter && wantsPlots(this.ctx.options)) {
      await this.plotter(best[0].toRunResult({ warnings: this.ctx.warnings, timingsMs: { ...this.ctx.timings } }), this.ctx.options);
    }
    return results;
  }

  get context(): StageContext {
    return this.ctx;
  }
}
