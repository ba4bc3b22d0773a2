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
import type { LayerStack } from './layer-stacks';
import type { LayerStackPlan } from './auto-stacks';
import type { StoredAllocation } from './stored-allocation';
import { parseStreamOptions, type StreamOptions, type StreamOptionsInput } from './options';

export interface PipelineHooks {
  onProgress?(progress: PipelineProgress): void;
  signal?: AbortSignal;
}

/** Everything stages hand down to the stages after them. Stages add keys; custom stages may add their own. */
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
  /** Shared, appended to by stages. */
  readonly warnings: string[];
  /** Shared: wall-clock milliseconds per stage. */
  readonly timings: Record<string, number>;
  readonly [key: string]: unknown;
}

export type StageYield = readonly [StreamCostModelEvaluation, unknown];

export type StageClass = new (subStages: readonly StageClass[], ctx: StageContext) => Stage;

export abstract class Stage {
  constructor(
    protected readonly subStages: readonly StageClass[],
    protected readonly ctx: StageContext,
  ) {}

  /** Yields `[scme, extraInfo]` pairs. */
  abstract run(): AsyncGenerator<StageYield, void, undefined>;

  isLeaf(): boolean {
    return false;
  }

  /** Builds the next stage (the first of `subStages`) with `ctx` and yields everything it yields. */
  protected async *runSubStages(ctx: StageContext = this.ctx): AsyncGenerator<StageYield, void, undefined> {
    const [Next, ...rest] = this.subStages;
    if (!Next) throw new Error(`${this.constructor.name} is not a leaf stage: it needs a stage after it`);
    yield* new Next(rest, ctx).run();
  }

  protected require<K extends keyof StageContext>(key: K): NonNullable<StageContext[K]> {
    const value = this.ctx[key];
    if (value === undefined || value === null) {
      throw new Error(`${this.constructor.name} needs "${String(key)}" from an earlier stage`);
    }
    return value as NonNullable<StageContext[K]>;
  }

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
