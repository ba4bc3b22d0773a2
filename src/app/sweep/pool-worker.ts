/**
 * Entry of a local sweep pool worker (a Node child process). It runs points one after another until the pool
 * closes it: cost LUT reads go to the workspace (read-only, current model only) and to what this process has
 * already computed; new entries and hits go back with each point's result, the coordinator being the only writer.
 */
import { WorkerLut } from '../pipeline/worker-lut';
import { executePoint } from './point-exec';
import type { PointJob, PointResult, PoolHostMessage, PoolWorkerMessage } from './protocol';
import { provenance, provenanceMismatch } from './provenance';

const post = (m: PoolWorkerMessage) => process.send?.(m);
const dbPath = process.env['STREAM_STUDIO_SWEEP_DB'] || null;
let lut: WorkerLut | undefined;
let controller = new AbortController();
let busy = false;
const PROGRESS_INTERVAL_MS = 100;

async function runPoint(job: PointJob): Promise<PointResult> {
  const mine = await provenance();
  const mismatch = provenanceMismatch(mine, job.provenance);
  if (mismatch) return { status: 'failed', error: mismatch, cpuMs: 0 };
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
  const { entries, hits } = lut.drain();
  return out.status === 'done' ? { ...out, newLutEntries: entries, lutHitKeys: hits } : out;
}

process.on('disconnect', () => process.exit(2));
process.on('message', (raw) => {
  const message = raw as PoolHostMessage;
  if (message.type === 'cancel') controller.abort();
  else if (message.type === 'point' && !busy) {
    busy = true;
    controller = new AbortController();
    const { job } = message;
    runPoint(job)
      .catch((error: unknown): PointResult => ({ status: 'failed', error: error instanceof Error ? error.message : String(error), cpuMs: 0 }))
      .then((result) => {
        busy = false;
        if (!controller.signal.aborted) post({ type: 'result', index: job.index, result });
      });
  }
});
// Start computing the fingerprint while the pool sends the first point.
void provenance();
post({ type: 'ready' });
