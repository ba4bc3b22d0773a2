/**
 * Entry of a local sweep pool worker (a Node child process). It runs points one after another until the pool
 * closes it: cost LUT reads go to the workspace (read-only, current model only) and to what this process has
 * already computed; new entries and hits go back with each point's result, the coordinator being the only writer.
 * It says `ready` once warm (model fingerprint computed, CACTI module and workspace LUT opened), so that a pool
 * can be started before a sweep's clock; a point's CPU runs from the job's receipt to its result ready to send.
 */
import { WorkerLut } from '../pipeline/worker-lut';
import { executePoint, pointResult, processCpuMs, warmPointExecution } from './point-exec';
import { type PointJob, type PointResult, type PoolHostMessage, type PoolJob, type PoolWorkerMessage, sweepTokenOf } from './protocol';
import { provenance, provenanceMismatch } from './provenance';

const post = (m: PoolWorkerMessage) => process.send?.(m);
const dbPath = process.env['STREAM_STUDIO_SWEEP_DB'] || null;
let lut: WorkerLut | undefined;
let controller = new AbortController();
let busy = false;
const PROGRESS_INTERVAL_MS = 100;

async function runPoint(job: PointJob, cpu0: number): Promise<PointResult> {
  const mine = await provenance();
  const mismatch = provenanceMismatch(mine, job.provenance);
  if (mismatch) return { status: 'failed', error: mismatch, cpuMs: processCpuMs() - cpu0 };
  lut ??= new WorkerLut(dbPath, mine.modelFingerprint);
  let last = 0;
  const out = await executePoint(job, {
    signal: controller.signal,
    lut,
    onProgress: (progress) => {
      const now = performance.now();
      if (now - last < PROGRESS_INTERVAL_MS && progress.percent < 100) return;
      last = now;
      post({ type: 'progress', index: job.index, progress });
    },
  });
  return pointResult(out, lut.drain(), cpu0);
}

/** Everything a first point would otherwise load on the sweep's clock. A failure here is the first point's to report. */
async function warm(): Promise<void> {
  try {
    const mine = await provenance();
    await warmPointExecution();
    lut ??= new WorkerLut(dbPath, mine.modelFingerprint);
  } catch {
    // runPoint meets the same problem and reports it as the point's failure
  }
}

/** The definition and base of the sweeps this worker has run points of (sent with its first point of each). */
const sweeps = new Map<string, Pick<PointJob, 'definition' | 'base'>>();
const SWEEPS_KEPT = 4;

function fullJob(job: PoolJob): PointJob | string {
  const token = sweepTokenOf(job.key);
  if (job.definition && job.base) {
    if (sweeps.size >= SWEEPS_KEPT) sweeps.delete(sweeps.keys().next().value!);
    sweeps.set(token, { definition: job.definition, base: job.base });
    return { ...job, definition: job.definition, base: job.base };
  }
  const known = sweeps.get(token);
  return known ? { ...job, ...known } : `point ${job.key}: the pool sent no definition and base for sweep ${token}`;
}

process.on('disconnect', () => process.exit(2));
process.on('message', (raw) => {
  const cpu0 = processCpuMs();
  const message = raw as PoolHostMessage;
  if (message.type === 'cancel') controller.abort();
  else if (message.type === 'point' && !busy) {
    busy = true;
    controller = new AbortController();
    const job = fullJob(message.job);
    const index = message.job.index;
    (typeof job === 'string' ? Promise.resolve<PointResult>({ status: 'failed', error: job, cpuMs: processCpuMs() - cpu0 }) : runPoint(job, cpu0))
      .catch((error: unknown): PointResult => ({ status: 'failed', error: error instanceof Error ? error.message : String(error), cpuMs: processCpuMs() - cpu0 }))
      .then((result) => {
        busy = false;
        if (!controller.signal.aborted) post({ type: 'result', index, result });
      });
  }
});
void warm().then(() => post({ type: 'ready' }));
