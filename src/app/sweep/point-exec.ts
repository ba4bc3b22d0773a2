/**
 * Runs one sweep point: applies its axis values to the base (engine's `buildPointInputs`), then the ordinary
 * pipeline once per GA seed. Used by the local pool workers and by BullMQ queue workers alike.
 */
import { type Accelerator, buildPointInputs, rememberCactiRuns, takeCactiRuns, type CostLut, type CostLutEntry, exportMappingYaml, InputError, layerCompat, parseMappingYaml, parseOnnxWorkload, parseStreamOptions, parseWorkloadYaml, type PipelineProgress, runPipeline, type StreamOptionsInput, sweepAreaMm2 } from '../../engine';
import { installCactiWasm } from '../../engine/io';
import { reviveAccelerator } from '../pipeline/revive';
import type { PointJob, PointResult, SeedRun } from './protocol';

/** A cost LUT that remembers what it computed and what it hit (for the coordinator). */
export interface PointLut {
  get(key: string): unknown;
  set(key: string, entry: unknown): void;
}

export interface PointHooks {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: PipelineProgress) => void;
  readonly lut: PointLut;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

type PointOutcome = Omit<Extract<PointResult, { status: 'done' }>, 'newLutEntries' | 'lutHitKeys'> | Extract<PointResult, { status: 'invalid' | 'failed' }>;

/**
 * Automatic memory costs off the CACTI table's grid are direct CACTI results wherever the point runs: the
 * workspace's (sent with the job) or a run here, returned with the point (also an invalid one) for the coordinator
 * to store. A process running points concurrently may return a run with another of its points; all reach a workspace.
 */
export async function executePoint(job: PointJob, hooks: PointHooks): Promise<PointOutcome> {
  await installCactiWasm();
  rememberCactiRuns(job.cactiRuns ?? []);
  const out = await pricedPoint(job, hooks);
  return { ...out, cacti: takeCactiRuns() };
}

async function pricedPoint(job: PointJob, hooks: PointHooks): Promise<PointOutcome> {
  const cpu0 = cpuMs();
  const { base, definition } = job;
  const mapping = parseMappingYaml(base.mapping.yaml, base.mapping.name);
  if (!mapping.ok) return { status: 'failed', error: new InputError(mapping.issues).message, cpuMs: cpuMs() - cpu0 };
  const built = buildPointInputs(definition, { accelerator: reviveAccelerator(base.accelerator as Accelerator), mapping: mapping.value }, job.params);
  if (!built.ok) return { status: 'invalid', error: built.message, cpuMs: cpuMs() - cpu0 };
  const { inputs } = built;
  const source = base.workloads[inputs.workload];
  if (!source) return { status: 'failed', error: `workload ${inputs.workload} is not among the sweep's inputs`, cpuMs: cpuMs() - cpu0 };
  let options;
  try {
    options = parseStreamOptions(inputs.options);
  } catch (error) {
    return { status: 'invalid', error: error instanceof Error ? error.message : String(error), cpuMs: cpuMs() - cpu0 };
  }
  const bytes = new Uint8Array(Buffer.from(source.bytesBase64, 'base64'));
  const workload =
    source.format === 'onnx'
      ? parseOnnxWorkload(bytes, source.path, { flavour: 'stream', compat: layerCompat(options.compat) })
      : parseWorkloadYaml(Buffer.from(bytes).toString('utf8'), source.path);
  if (!workload.ok) return { status: 'failed', error: new InputError(workload.issues).message, cpuMs: cpuMs() - cpu0 };
  const costLut: CostLut = {
    get: (key) => hooks.lut.get(key) as CostLutEntry | undefined,
    set: (key, entry) => hooks.lut.set(key, entry),
  };
  const runs: SeedRun[] = [];
  let hits = 0;
  let misses = 0;
  try {
    for (let s = 0; s < definition.seeds; s++) {
      const seed = options.seed + s;
      const t0 = performance.now();
      const result = await runPipeline(
        { accelerator: inputs.accelerator, workload: workload.value, mapping: inputs.mapping, options: { ...(inputs.options as StreamOptionsInput), seed }, costLut },
        { ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}), ...(hooks.signal ? { signal: hooks.signal } : {}) },
      );
      hits += result.lut.hits;
      misses += result.lut.misses;
      runs.push({ seed, result, durationMs: performance.now() - t0 });
    }
  } catch (error) {
    if (hooks.signal?.aborted) throw error;
    // A design the engine cannot run (memory too small for a layer, a core without links): only this point is invalid.
    return { status: error instanceof InputError ? 'invalid' : 'failed', error: error instanceof Error ? error.message : String(error), cpuMs: cpuMs() - cpu0 };
  }
  return {
    status: 'done',
    runs,
    accelerator: inputs.accelerator,
    mappingYaml: inputs.mapping === mapping.value ? base.mapping.yaml : exportMappingYaml(inputs.mapping),
    workloadPath: inputs.workload,
    options: inputs.options,
    // The area the run reports (its accelerator priced as the run prices it); missing stays null, never 0.
    areaMm2: sweepAreaMm2(runs[0]?.result.area),
    notes: inputs.notes,
    cpuMs: cpuMs() - cpu0,
    lut: { hits, misses },
  };
}
