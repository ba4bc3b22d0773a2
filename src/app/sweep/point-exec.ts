/**
 * Runs one sweep point: applies its axis values to the base (engine's `buildPointInputs`), then the ordinary
 * pipeline once per GA seed, and prepares what the coordinator stores (packed results, metrics, content hashes),
 * so that the coordinator, which shares the cores with the workers, only inserts rows. Used by the local pool
 * workers and by BullMQ queue workers alike.
 */
import { type Accelerator, buildPointInputs, contentHash, rememberCactiRuns, takeCactiRuns, type CostLut, type CostLutEntry, exportMappingYaml, InputError, layerCompat, parseMappingYaml, parseOnnxWorkload, parseStreamOptions, parseWorkloadYaml, type PipelineProgress, runPipeline, type StreamOptionsInput, sweepAreaMm2 } from '../../engine';
import { installCactiWasm } from '../../engine/io';
import { reviveAccelerator } from '../pipeline/revive';
import { metricsOf, packRunResult } from '../store';
import { type PointJob, type PointResult, type SeedRun, sweepTokenOf } from './protocol';

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

/** CPU time of this process (every thread: the engine's, V8's compiler and garbage collector), ms. */
export const processCpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** A point's outcome before the worker adds its LUT traffic and CPU time. */
export type PointOutcome =
  | Omit<Extract<PointResult, { status: 'done' }>, 'newLutEntries' | 'lutHitKeys' | 'cpuMs'>
  | Omit<Extract<PointResult, { status: 'invalid' | 'failed' }>, 'cpuMs'>;

/** Loads what the first point would otherwise load on the clock (the CACTI module for off-grid direct runs). */
export async function warmPointExecution(): Promise<void> {
  await installCactiWasm();
}

/**
 * Content hashes of a point's design and mapping, by sweep and field-axis values: points that differ only in
 * run options or workload (option and workload axes) share them.
 */
const designHashes = new Map<string, { readonly designHash: string; readonly mappingHash: string }>();
const DESIGN_HASHES_KEPT = 512;

function designKey(job: PointJob): string {
  const sweepToken = sweepTokenOf(job.key);
  const fields = job.definition.axes.flatMap((axis) => (axis.kind === 'field' ? [job.params[axis.path]] : []));
  return JSON.stringify([sweepToken, fields]);
}

/**
 * Automatic memory costs off the CACTI table's grid are direct CACTI results wherever the point runs: the
 * workspace's (sent with the job) or a run here, returned with the point (also an invalid one) for the coordinator
 * to store. A process running points concurrently may return a run with another of its points; all reach a workspace.
 */
export async function executePoint(job: PointJob, hooks: PointHooks): Promise<PointOutcome> {
  await warmPointExecution();
  rememberCactiRuns(job.cactiRuns ?? []);
  const out = await pricedPoint(job, hooks);
  return { ...out, cacti: takeCactiRuns() };
}

async function pricedPoint(job: PointJob, hooks: PointHooks): Promise<PointOutcome> {
  const { base, definition } = job;
  const mapping = parseMappingYaml(base.mapping.yaml, base.mapping.name);
  if (!mapping.ok) return { status: 'failed', error: new InputError(mapping.issues).message };
  const built = buildPointInputs(definition, { accelerator: reviveAccelerator(base.accelerator as Accelerator), mapping: mapping.value }, job.params);
  if (!built.ok) return { status: 'invalid', error: built.message };
  const { inputs } = built;
  const source = base.workloads[inputs.workload];
  if (!source) return { status: 'failed', error: `workload ${inputs.workload} is not among the sweep's inputs` };
  let options;
  try {
    options = parseStreamOptions(inputs.options);
  } catch (error) {
    return { status: 'invalid', error: error instanceof Error ? error.message : String(error) };
  }
  const bytes = new Uint8Array(Buffer.from(source.bytesBase64, 'base64'));
  const workload =
    source.format === 'onnx'
      ? parseOnnxWorkload(bytes, source.path, { flavour: 'stream', compat: layerCompat(options.compat) })
      : parseWorkloadYaml(Buffer.from(bytes).toString('utf8'), source.path);
  if (!workload.ok) return { status: 'failed', error: new InputError(workload.issues).message };
  const costLut: CostLut = {
    get: (key) => hooks.lut.get(key) as CostLutEntry | undefined,
    set: (key, entry) => hooks.lut.set(key, entry),
  };
  const runs: SeedRun[] = [];
  // The area the run reports (its accelerator priced as the run prices it); missing stays null, never 0.
  let area: number | null = null;
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
      const durationMs = performance.now() - t0;
      if (s === 0) area = sweepAreaMm2(result.area);
      runs.push({ seed, metrics: metricsOf(result, durationMs), artifacts: packRunResult(result) });
    }
  } catch (error) {
    if (hooks.signal?.aborted) throw error;
    // A design the engine cannot run (memory too small for a layer, a core without links): only this point is invalid.
    return { status: error instanceof InputError ? 'invalid' : 'failed', error: error instanceof Error ? error.message : String(error) };
  }
  const key = designKey(job);
  let hashes = designHashes.get(key);
  if (!hashes) {
    hashes = {
      designHash: contentHash(inputs.accelerator),
      mappingHash: contentHash(inputs.mapping === mapping.value ? base.mapping.yaml : exportMappingYaml(inputs.mapping)),
    };
    if (designHashes.size >= DESIGN_HASHES_KEPT) designHashes.clear();
    designHashes.set(key, hashes);
  }
  return {
    status: 'done',
    runs,
    ...hashes,
    workloadPath: inputs.workload,
    options: inputs.options,
    areaMm2: area,
    notes: inputs.notes,
    lut: { hits, misses },
  };
}

/** The result a worker sends: the outcome, its LUT traffic (entries serialised here) and its CPU since `cpu0`. */
export function pointResult(outcome: PointOutcome, lut: { readonly entries: readonly (readonly [string, unknown])[]; readonly hits: readonly (readonly [string, number])[] }, cpu0: number): PointResult {
  if (outcome.status !== 'done') return { ...outcome, cpuMs: processCpuMs() - cpu0 };
  const newLutEntries = lut.entries.map(([key, entry]) => [key, JSON.stringify(entry)] as const);
  return { ...outcome, newLutEntries, lutHitKeys: lut.hits, cpuMs: processCpuMs() - cpu0 };
}
