/**
 * The standard Stream pipeline behind one call, for the app's worker and the CLI: parse, stack, tile, cost,
 * allocate (fixed or GA) and schedule, returning the RunResult contract.
 */
import type { Accelerator } from '../hardware/types';
import type { Mapping } from '../mapping/types';
import type { RunResult } from '../results/types';
import type { Workload } from '../workload/types';
import type { CnCostProvider, CostLut } from './cost';
import type { StreamOptionsInput } from './options';
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
}

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
  const timingsMs = { ...ctx.timings, total: performance.now() - t0 };
  return first[0].toRunResult({ warnings: ctx.warnings, timingsMs });
}
