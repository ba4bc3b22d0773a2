/**
 * Entry of a pipeline worker process (Electron utilityProcess or Node child process). It runs exactly one job:
 * waits for `start`, runs the engine, streams progress and cost LUT entries, and ends with one final message.
 */
import { InputError, takeCactiRuns } from '../../engine';
import { executeJob } from './execute';
import type { HostMessage, PipelineJob, WorkerMessage } from './protocol';
import { rememberWorkspaceCactiRuns } from './worker-cacti';
import { WorkerLut } from './worker-lut';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

/** The two ways a worker talks to its host. */
function connect(): { post(message: WorkerMessage): void; onMessage(handler: (m: HostMessage) => void): void } {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      post: (m) => parentPort.postMessage(m),
      onMessage: (handler) => parentPort.on('message', (e) => handler(e.data as HostMessage)),
    };
  }
  if (!process.send) throw new Error('the pipeline worker must be started by a pipeline host (no IPC channel)');
  return {
    post: (m) => process.send!(m),
    onMessage: (handler) => process.on('message', (m) => handler(m as HostMessage)),
  };
}

const PROGRESS_INTERVAL_MS = 50;
const LUT_BATCH = 64;

async function run(job: PipelineJob, signal: AbortSignal, post: (m: WorkerMessage) => void): Promise<void> {
  const lut = new WorkerLut(job.dbPath, job.modelFingerprint);
  const flushLut = () => {
    const { entries, hits } = lut.drain();
    if (entries.length > 0 || hits.length > 0) post({ type: 'lut', entries, hits });
  };
  const flushCacti = () => {
    const delta = takeCactiRuns();
    if (delta.fresh.length > 0 || delta.reused.length > 0) post({ type: 'cacti', ...delta });
  };
  rememberWorkspaceCactiRuns(job.dbPath);
  let lastProgressAt = 0;
  let lastStage = '';
  const started = performance.now();
  try {
    const result = await executeJob(job, {
      signal,
      costLut: {
        get: (key) => lut.get(key),
        set: (key, entry) => {
          lut.set(key, entry);
          if (lut.pendingCount >= LUT_BATCH) flushLut();
        },
      },
      onProgress: (progress) => {
        const now = performance.now();
        if (progress.stage === lastStage && now - lastProgressAt < PROGRESS_INTERVAL_MS && progress.percent < 100) return;
        lastProgressAt = now;
        lastStage = progress.stage;
        post({ type: 'progress', progress });
      },
    });
    flushLut();
    flushCacti();
    if (signal.aborted) post({ type: 'cancelled' });
    else post({ type: 'done', result, durationMs: performance.now() - started });
  } catch (error) {
    flushLut();
    flushCacti();
    if (signal.aborted) post({ type: 'cancelled' });
    else post({ type: 'failed', error: error instanceof Error ? error.message : String(error), invalidInput: error instanceof InputError });
  } finally {
    lut.close();
  }
}

// Orphaned (the host died): stop at once; the host marks the run interrupted at its next start.
process.on('disconnect', () => process.exit(2));

const port = connect();
const controller = new AbortController();
let startedJob = false;
port.onMessage((message) => {
  if (message.type === 'cancel') controller.abort();
  else if (message.type === 'start' && !startedJob) {
    startedJob = true;
    void run(message.job, controller.signal, port.post).finally(() => {
      // Let the IPC channel flush the last message; the host kills us once it has it.
      setTimeout(() => process.exit(0), 1000).unref();
    });
  }
});
port.post({ type: 'ready' });
