/**
 * The standard Stream pipeline behind one call, for the app's worker and the CLI: parse, stack, tile, cost,
 * allocate (fixed or GA) and schedule, returning the RunResult contract.
 */
import { acceleratorArea } from '../hardware/area';
import { CACTI_TABLE } from '../hardware/cacti-table';
import { resolveMemoryCosts } from '../hardware/memory-costs';
import type { Accelerator } from '../hardware/types';
import type { Mapping } from '../mapping/types';
import type { RunResult } from '../results/types';
import type { StoredAllocation } from './stored-allocation';
import type { Workload } from '../workload/types';
import type { CnCostProvider, CostLut } from './cost';
import type { CnGraphCache } from './cn-graph-cache';
import { parseStreamOptions, type StreamOptions, type StreamOptionsInput } from './options';
import { MainStage, type PipelineHooks, type ResultPlotter, type StageClass } from './stage';
import {
  AcceleratorParserStage,
  GenerateCNWorkloadHybridStage,
  InterCoreMappingStage,
  IntraCoreMappingStage,
  LayerSplittingStage,
  LayerStacksGenerationStage,
  SchedulingOrderGenerationStage,
  SetFixedAllocationPerformanceStage,
  StreamONNXModelParserStage,
} from './stages';

export interface PipelineRequest {
  readonly accelerator: Accelerator;
  readonly workload: Workload;
  readonly mapping: Mapping;
  readonly options: StreamOptionsInput;
  readonly costLut?: CostLut;
  /** Keeps CN graphs between runs on the same workload and mapping objects (the live what-if). */
  readonly cnGraphCache?: CnGraphCache;
  /** Replaces the single-core cost model (tests, experiments). */
  readonly costProvider?: CnCostProvider;
  /** A finished run's allocation (`storedAllocationOf`), evaluated instead of the options' allocation search. */
  readonly storedAllocation?: StoredAllocation;
  /**
   * Draws Stream's plots (`plot_file_name`, `plot_full_schedule`, `plot_data_transfer`, `plot_hof`). The engine
   * draws nothing itself; the CLI passes an SVG plotter built on the app's chart builders.
   */
  readonly plotter?: ResultPlotter;
}

export type { ResultPlotter };

export const STANDARD_STAGES: readonly StageClass[] = [
  AcceleratorParserStage,
  StreamONNXModelParserStage,
  LayerStacksGenerationStage,
  GenerateCNWorkloadHybridStage,
  IntraCoreMappingStage,
  SetFixedAllocationPerformanceStage,
  SchedulingOrderGenerationStage,
  InterCoreMappingStage,
];

/** The standard stages with layer splitting (as in Stream: LayerSplittingStage between two model parser stages). */
export const SPLITTING_STAGES: readonly StageClass[] = [
  AcceleratorParserStage,
  StreamONNXModelParserStage,
  LayerSplittingStage,
  StreamONNXModelParserStage,
  ...STANDARD_STAGES.slice(2),
];

/** Layer splitting runs when an option of LayerSplittingStage asks for it. */
export const stagesFor = (options: Pick<StreamOptions, 'split_onnx_model_path' | 'split_W_double_buffered'>): readonly StageClass[] =>
  options.split_onnx_model_path !== undefined || options.split_W_double_buffered ? SPLITTING_STAGES : STANDARD_STAGES;

export async function runPipeline(request: PipelineRequest, hooks: PipelineHooks = {}): Promise<RunResult> {
  const t0 = performance.now();
  const options = parseStreamOptions(request.options);
  const main = new MainStage(stagesFor(options), {
    ...request.options,
    accelerator: request.accelerator,
    workload: request.workload,
    mapping: request.mapping,
    ...(request.costLut ? { cost_lut: request.costLut } : {}),
    ...(request.cnGraphCache ? { cn_graph_cache: request.cnGraphCache } : {}),
    ...(request.costProvider ? { cost_provider: request.costProvider } : {}),
    ...(request.storedAllocation ? { stored_allocation: request.storedAllocation } : {}),
    ...(request.plotter ? { plotter: request.plotter } : {}),
    hooks,
  });
  const results = await main.run();
  const first = results[0];
  if (!first) throw new Error('the pipeline produced no result');
  const ctx = main.context;
  const base = first[0].toRunResult({ warnings: ctx.warnings, timingsMs: { ...ctx.timings, total: performance.now() - t0 }, systemClockNs: ctx.options.system_clock_ns });
  // Area of the design as evaluated (automatic memory costs resolved, as AcceleratorParserStage did).
  const resolved = resolveMemoryCosts(request.accelerator, CACTI_TABLE);
  const result: RunResult = { ...base, ...(resolved.ok ? { area: acceleratorArea(resolved.value) } : {}) };
  if (ctx.options.system_clock_ns !== 1 && !result.clock) {
    return { ...result, warnings: [...result.warnings, `system_clock_ns: ${ctx.options.system_clock_ns} has no effect: every core of this accelerator runs at the system clock (figures are in cycles)`] };
  }
  return result;
}
