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
import type { Workload } from '../workload/types';
import type { CnCostProvider, CostLut } from './cost';
import type { StreamOptions, StreamOptionsInput } from './options';
import { MainStage, type PipelineHooks, type StageClass } from './stage';
import {
  AcceleratorParserStage,
  GenerateCNWorkloadHybridStage,
  InterCoreMappingStage,
  IntraCoreMappingStage,
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
  /** Replaces the single-core cost model (tests, experiments). */
  readonly costProvider?: CnCostProvider;
  /**
   * Draws the seed's plots (`plot_file_name`, `plot_full_schedule`, `plot_data_transfer`, `plot_hof`). The engine
   * draws nothing itself; the CLI passes an SVG plotter built on the app's chart builders.
   */
  readonly plotter?: ResultPlotter;
}

export type ResultPlotter = (result: RunResult, options: StreamOptions) => void | Promise<void>;

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

export async function runPipeline(request: PipelineRequest, hooks: PipelineHooks = {}): Promise<RunResult> {
  const t0 = performance.now();
  const main = new MainStage(STANDARD_STAGES, {
    ...request.options,
    accelerator: request.accelerator,
    workload: request.workload,
    mapping: request.mapping,
    ...(request.costLut ? { cost_lut: request.costLut } : {}),
    ...(request.costProvider ? { cost_provider: request.costProvider } : {}),
    hooks,
  });
  const results = await main.run();
  const first = results[0];
  if (!first) throw new Error('the pipeline produced no result');
  const ctx = main.context;
  const { options } = ctx;
  const wantsPlots = options.plot_hof || options.plot_full_schedule || options.plot_data_transfer || options.plot_file_name !== undefined;
  const warnings = request.plotter && wantsPlots ? ctx.warnings.filter((w) => !w.startsWith('plot options')) : ctx.warnings;
  const resolved = resolveMemoryCosts(request.accelerator, CACTI_TABLE);
  const result: RunResult = {
    ...first[0].toRunResult({ warnings, timingsMs: { ...ctx.timings, total: performance.now() - t0 } }),
    ...(resolved.ok ? { area: acceleratorArea(resolved.value) } : {}),
  };
  if (request.plotter && wantsPlots) await request.plotter(result, options);
  return result;
}
