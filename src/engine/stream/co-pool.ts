/**
 * Runs one constraint-optimisation MILP in a worker thread (HiGHS is synchronous WebAssembly): progress comes
 * back as messages while the pipeline's thread stays free, and cancelling interrupts the solver (then terminates
 * the thread if it does not stop).
 */
import { Worker } from 'node:worker_threads';
import { siblingWorkerUrl } from '../worker-url';

export interface CoSolveRequest {
  readonly lp: string;
  readonly timeLimitS: number;
  readonly mipGap: number;
}

export interface CoProgress {
  readonly incumbent: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  readonly timeMs: number;
}

export type CoWorkerMessage =
  | ({ kind: 'progress' } & CoProgress)
  | { kind: 'done'; status: string; objective: number | null; bound: number | null; gap: number | null; hasSolution: boolean; values: Record<string, number>; pool: string[][]; timeMs: number }
  | { kind: 'error'; message: string };

export type CoSolveOutcome = Extract<CoWorkerMessage, { kind: 'done' }>;

/**
 * One worker thread holding HiGHS, reused for every MILP of a run (loading the WebAssembly once). Cancelling sets
 * a shared flag the solver checks at its interrupt checkpoints; a solve that does not stop is ended by terminating
 * the thread.
 */
export class MilpWorker {
  private worker: Worker | undefined;
  private readonly cancelFlag = new SharedArrayBuffer(4);
  private nextId = 1;

  private thread(): Worker {
    this.worker ??= new Worker(siblingWorkerUrl(import.meta.url, 'co-worker'), { workerData: { cancelFlag: this.cancelFlag } });
    return this.worker;
  }

  solve(lp: string, settings: { timeLimitS: number; mipGap: number }, onProgress?: (p: CoProgress) => void, signal?: AbortSignal): Promise<CoSolveOutcome> {
    const flag = new Int32Array(this.cancelFlag);
    Atomics.store(flag, 0, 0);
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new DOMException('The pipeline was cancelled', 'AbortError'));
      const worker = this.thread();
      const id = this.nextId++;
      let settled = false;
      let killTimer: ReturnType<typeof setTimeout> | undefined;
      const finish = (f: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (killTimer) clearTimeout(killTimer);
        f();
      };
      const onAbort = () => {
        Atomics.store(flag, 0, 1);
        killTimer = setTimeout(() => {
          void this.close();
          finish(() => reject(new DOMException('The pipeline was cancelled', 'AbortError')));
        }, 2000);
      };
      const onMessage = (msg: CoWorkerMessage & { id: number }) => {
        if (msg.id !== id) return;
        if (msg.kind === 'progress') onProgress?.(msg);
        else if (msg.kind === 'error') finish(() => reject(new Error(`HiGHS: ${msg.message}`)));
        else if (signal?.aborted) finish(() => reject(new DOMException('The pipeline was cancelled', 'AbortError')));
        else finish(() => resolve(msg));
      };
      const onError = (e: Error) => finish(() => reject(e));
      const onExit = (code: number) => {
        this.worker = undefined;
        finish(() => reject(new Error(`the constraint-optimisation worker exited (code ${code})`)));
      };
      signal?.addEventListener('abort', onAbort);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, lp, timeLimitS: settings.timeLimitS, mipGap: settings.mipGap } satisfies CoSolveRequest & { id: number });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}

/** Solves one MILP in a fresh worker thread (tests, one-off solves). */
export async function solveMilp(lp: string, settings: { timeLimitS: number; mipGap: number }, onProgress?: (p: CoProgress) => void, signal?: AbortSignal): Promise<CoSolveOutcome> {
  const worker = new MilpWorker();
  try {
    return await worker.solve(lp, settings, onProgress, signal);
  } finally {
    await worker.close();
  }
}
