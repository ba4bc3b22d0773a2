/** Runs one pipeline job with the engine, inside a worker process. */
import { type Accelerator, type CostLut, type CostLutEntry, parseMappingYaml, parseOnnxWorkload, parseWorkloadYaml, type PipelineProgress, runPipeline, type RunResult, type StreamOptionsInput, unwrap } from '../../engine';
import { installCactiWasm } from '../../engine/io';
import type { PipelineJob } from './protocol';
import { reviveAccelerator } from './revive';

export interface ExecuteHooks {
  readonly signal: AbortSignal;
  readonly onProgress: (progress: PipelineProgress) => void;
  readonly costLut: { get(key: string): unknown; set(key: string, entry: unknown): void };
}

export async function executeJob(job: PipelineJob, hooks: ExecuteHooks): Promise<RunResult> {
  // Automatic memory costs off the CACTI table's grid are direct CACTI runs, wherever the job runs.
  await installCactiWasm();
  const workload = unwrap(
    job.workload.format === 'onnx'
      ? parseOnnxWorkload(job.workload.bytes, job.workload.name)
      : parseWorkloadYaml(Buffer.from(job.workload.bytes).toString('utf8'), job.workload.name),
  );
  const mapping = unwrap(parseMappingYaml(job.mapping.yaml, job.mapping.name));
  const costLut: CostLut = {
    get: (key) => hooks.costLut.get(key) as CostLutEntry | undefined,
    set: (key, entry) => hooks.costLut.set(key, entry),
  };
  return runPipeline(
    {
      // Stored designs are the engine's accelerator model as JSON (plain data, no shared references needed).
      accelerator: reviveAccelerator(job.accelerator as Accelerator),
      workload,
      mapping,
      options: job.options as StreamOptionsInput,
      costLut,
    },
    { onProgress: hooks.onProgress, signal: hooks.signal },
  );
}
