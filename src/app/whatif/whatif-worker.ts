/**
 * The live what-if evaluator's worker thread. It lives as long as the workspace is open and keeps what makes
 * the next evaluation fast: the parsed workloads (by content hash), the cost LUT entries read or computed so far
 * (over a read-only connection to the workspace; new entries go back to the host, the only writer) and a warm JIT.
 * Cancelling is immediate: the host raises a shared flag that the pipeline's abort checks read, also while the
 * scheduler runs synchronously.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  type Accelerator,
  CnGraphCache,
  type CostLut,
  type CostLutEntry,
  CACTI_TABLE,
  resolveMemoryCosts,
  InputError,
  parseMappingYaml,
  parseOnnxWorkload,
  parseWorkloadYaml,
  runPipeline,
  type StreamOptionsInput,
  takeCactiRuns,
  unwrap,
  type Mapping,
  type Workload,
} from '../../engine';
import { installCactiWasm } from '../../engine/io';
import { rememberWorkspaceCactiRuns } from '../pipeline/worker-cacti';
import { WorkerLut } from '../pipeline/worker-lut';
import { reviveAccelerator } from '../pipeline/revive';
import type { WhatIfHostMessage, WhatIfJob, WhatIfWorkerData, WhatIfWorkerMessage } from './protocol';

const data = workerData as WhatIfWorkerData;
const cancelled = new Int32Array(data.cancelFlag);
const lut = new WorkerLut(data.dbPath, data.modelFingerprint);
/** Parsed workloads by content hash, most recently used last (a few only: an ONNX workload can be large). */
const workloads = new Map<string, Workload>();
const MAX_WORKLOADS = 3;
/** Parsed mappings by their YAML text (so the CN graph cache, keyed by mapping object, sees the same one). */
const mappings = new Map<string, Mapping>();
const MAX_MAPPINGS = 8;
/** CN graphs: an edit that changes only costs (memory costs, sizes that leave the tiling alone) reuses the graph. */
const graphs = new CnGraphCache();
const PROGRESS_INTERVAL_MS = 50;
const post = (m: WhatIfWorkerMessage) => parentPort!.postMessage(m);
/** What goes back to the workspace with an evaluation's last message. */
const delta = () => ({ ...lut.drain(), cacti: takeCactiRuns() });

/**
 * An AbortSignal that is aborted once the shared flag reaches `seq`: `aborted` reads the flag, so the engine's
 * checkpoints (every CN class costed, every 64 CNs scheduled) see a cancel the moment the host raises it.
 */
function flagSignal(seq: number): AbortSignal {
  const controller = new AbortController();
  const real = controller.signal;
  const check = () => {
    if (!real.aborted && Atomics.load(cancelled, 0) >= seq) controller.abort(new DOMException('The what-if evaluation was cancelled', 'AbortError'));
    return real.aborted;
  };
  return new Proxy(real, {
    get(target, property) {
      if (property === 'aborted') return check();
      if (property === 'throwIfAborted') return () => { if (check()) throw target.reason; };
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function workloadOf(job: WhatIfJob): Workload | undefined {
  const cached = workloads.get(job.workload.hash);
  if (cached) {
    workloads.delete(job.workload.hash);
    workloads.set(job.workload.hash, cached);
    return cached;
  }
  const { bytes, name, format } = job.workload;
  if (!bytes) return undefined;
  const parsed = unwrap(format === 'onnx' ? parseOnnxWorkload(bytes, name) : parseWorkloadYaml(Buffer.from(bytes).toString('utf8'), name));
  workloads.set(job.workload.hash, parsed);
  while (workloads.size > MAX_WORKLOADS) workloads.delete(workloads.keys().next().value!);
  return parsed;
}

function mappingOf(job: WhatIfJob): Mapping {
  const key = `${job.mapping.name}\u0000${job.mapping.yaml}`;
  let mapping = mappings.get(key);
  if (mapping) mappings.delete(key);
  else mapping = unwrap(parseMappingYaml(job.mapping.yaml, job.mapping.name));
  mappings.set(key, mapping);
  while (mappings.size > MAX_MAPPINGS) mappings.delete(mappings.keys().next().value!);
  return mapping;
}

async function evaluate(job: WhatIfJob): Promise<void> {
  const { seq } = job;
  const signal = flagSignal(seq);
  const started = performance.now();
  const costLut: CostLut = { get: (key) => lut.get(key) as CostLutEntry | undefined, set: (key, entry) => lut.set(key, entry) };
  let lastProgress = 0;
  await installCactiWasm();
  // Direct CACTI results stored since the last evaluation (by runs, sweeps or this thread) are reused.
  rememberWorkspaceCactiRuns(data.dbPath);
  try {
    if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
    const workload = workloadOf(job);
    if (!workload) return post({ type: 'need-workload', seq });
    const mapping = mappingOf(job);
    const accelerator = reviveAccelerator(job.accelerator as Accelerator);
    const result = await runPipeline(
      { accelerator, workload, mapping, options: job.options as StreamOptionsInput, costLut, cnGraphCache: graphs, ...(job.storedAllocation ? { storedAllocation: job.storedAllocation } : {}) },
      {
        signal,
        onProgress: (progress) => {
          const now = performance.now();
          if (now - lastProgress < PROGRESS_INTERVAL_MS && progress.percent < 100) return;
          lastProgress = now;
          post({ type: 'progress', seq, progress });
        },
      },
    );
    if (signal.aborted) return post({ type: 'cancelled', seq, ...delta() });
    const area = result.area ?? null;
    post({
      type: 'done',
      seq,
      figures: {
        latencyCycles: result.latencyCycles,
        energyPj: result.energyPj,
        edp: result.latencyCycles * result.energyPj,
        areaMm2: area ? area.total : null,
        areaMissing: area?.missing ?? [],
        nCns: result.nCns,
        lutHits: result.lut.hits,
        lutMisses: result.lut.misses,
        durationMs: performance.now() - started,
      },
      warnings: result.warnings,
      ...delta(),
    });
  } catch (error) {
    if (signal.aborted) return post({ type: 'cancelled', seq, ...delta() });
    post({
      type: 'failed',
      seq,
      error: error instanceof Error ? error.message : String(error),
      issues: error instanceof InputError ? error.issues : [],
      ...delta(),
    });
  }
}

/** Prices the automatic-cost memories of an edited design (CACTI runs are memoised for the evaluation to come). */
async function prepare(accelerator: unknown): Promise<void> {
  await installCactiWasm();
  rememberWorkspaceCactiRuns(data.dbPath);
  try {
    resolveMemoryCosts(reviveAccelerator(accelerator as Accelerator), CACTI_TABLE);
  } catch {
    // An unpriceable or malformed design: its evaluation reports why.
  }
  post({ type: 'priced', cacti: takeCactiRuns() });
}

// Evaluations (and pricing ahead of them) run one after another in the order they arrive (a superseded evaluation
// ends at its next checkpoint).
let chain: Promise<void> = Promise.resolve();
parentPort!.on('message', (message: WhatIfHostMessage) => {
  if (message.type === 'evaluate') chain = chain.then(() => evaluate(message.job));
  else if (message.type === 'prepare') chain = chain.then(() => prepare(message.accelerator));
});
