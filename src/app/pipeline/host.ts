import type { CactiRunDelta, PipelineProgress, RunResult } from '../../engine';
import type { WorkerLauncher, WorkerProcess } from './launcher';
import type { PipelineJob, WorkerMessage } from './protocol';

export type RunOutcome =
  | { readonly status: 'done'; readonly result: RunResult; readonly durationMs: number }
  | { readonly status: 'cancelled' }
  | { readonly status: 'failed'; readonly error: string };

export interface RunCallbacks {
  onStarted?(pid: number | undefined): void;
  onProgress?(progress: PipelineProgress): void;
  onLut?(entries: readonly (readonly [string, unknown])[], hits: readonly (readonly [string, number])[]): void;
  onCacti?(delta: CactiRunDelta): void;
}

export interface RunningPipeline {
  readonly outcome: Promise<RunOutcome>;
  /** Asks the worker to stop; kills it if it has not stopped within the grace period. */
  cancel(): void;
  /** The worker process, for fault-injection tests. */
  readonly worker: WorkerProcess;
}

/** How long a worker may take to honour a cancel before it is killed. */
export const CANCEL_GRACE_MS = 500;

/**
 * Runs one job in its own worker process. The outcome is settled exactly once: by the worker's last message,
 * or by its exit (a crash or kill becomes `failed` with the reason; after a cancel, `cancelled`).
 */
export function runInWorker(launcher: WorkerLauncher, job: PipelineJob, callbacks: RunCallbacks = {}): RunningPipeline {
  const worker = launcher.launch();
  let settle!: (outcome: RunOutcome) => void;
  let settled = false;
  let cancelRequested = false;
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  const outcome = new Promise<RunOutcome>((resolve) => {
    settle = (o) => {
      if (settled) return;
      settled = true;
      if (killTimer) clearTimeout(killTimer);
      resolve(o);
    };
  });

  worker.onMessage((message: WorkerMessage) => {
    if (settled) return;
    switch (message.type) {
      case 'ready':
        worker.send({ type: 'start', job });
        callbacks.onStarted?.(worker.pid);
        if (cancelRequested) worker.send({ type: 'cancel' });
        return;
      case 'progress':
        callbacks.onProgress?.(message.progress);
        return;
      case 'lut':
        callbacks.onLut?.(message.entries, message.hits);
        return;
      case 'cacti':
        callbacks.onCacti?.({ fresh: message.fresh, reused: message.reused });
        return;
      case 'done':
        settle(cancelRequested ? { status: 'cancelled' } : { status: 'done', result: message.result, durationMs: message.durationMs });
        worker.kill();
        return;
      case 'cancelled':
        settle({ status: 'cancelled' });
        worker.kill();
        return;
      case 'failed':
        settle(cancelRequested ? { status: 'cancelled' } : { status: 'failed', error: message.error });
        worker.kill();
        return;
    }
  });
  worker.onExit((reason) => settle(cancelRequested ? { status: 'cancelled' } : { status: 'failed', error: reason }));

  return {
    outcome,
    worker,
    cancel() {
      if (settled || cancelRequested) return;
      cancelRequested = true;
      worker.send({ type: 'cancel' });
      killTimer = setTimeout(() => worker.kill(), CANCEL_GRACE_MS);
    },
  };
}
