/**
 * A local pool of sweep worker processes (default: cores − 1, at least 1). Each worker runs points one at a time
 * and lives for the whole sweep, so the engine is loaded once per process and its in-memory cost LUT grows.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PipelineProgress } from '../../engine';
import { tsxExecArgv } from '../../engine/io';
import { ExecutorCancelled, type PointExecutor } from './executor';
import { type PointJob, type PointResult, type PoolHostMessage, type PoolJob, type PoolWorkerMessage, sweepTokenOf } from './protocol';

export const defaultWorkerCount = (): number => Math.max(1, availableParallelism() - 1);

/** How long a worker may take to honour a cancel before it is killed. */
const CANCEL_GRACE_MS = 300;

interface Slot {
  child: ChildProcess;
  ready: Promise<void>;
  busy: boolean;
  /** Sweeps whose definition and base this worker already holds. */
  readonly sweepsSent: Set<string>;
  current?: { index: number; resolve: (r: PointResult) => void; reject: (e: Error) => void; onProgress?: (p: PipelineProgress) => void };
}

function workerEntry(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, import.meta.url.endsWith('.ts') ? 'pool-worker.ts' : 'pool-worker.js');
}

export class LocalPool implements PointExecutor {
  private readonly slots: Slot[] = [];
  private readonly waiting: ((slot: Slot | null) => void)[] = [];
  private closed = false;

  constructor(
    readonly capacity: number,
    private readonly dbPath: string | null,
    private readonly entry: string = workerEntry(),
  ) {
    for (let i = 0; i < capacity; i++) this.slots.push(this.spawn());
  }

  /**
   * Resolves once every worker is warm (engine loaded, model fingerprint, CACTI module, workspace LUT open).
   * Points wait for this anyway; a caller that times a sweep awaits it first (bench/sweep.bench.ts).
   */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  /** Pids of the worker processes (tests kill them). */
  get pids(): number[] {
    return this.slots.map((s) => s.child.pid ?? -1);
  }

  private spawn(): Slot {
    const execArgv = this.entry.endsWith('.ts') ? tsxExecArgv() : [];
    const child = fork(this.entry, [], {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, STREAM_STUDIO_SWEEP_DB: this.dbPath ?? '' },
    });
    let markReady!: () => void;
    const slot: Slot = { child, busy: false, sweepsSent: new Set(), ready: new Promise<void>((r) => (markReady = r)) };
    child.on('message', (raw) => {
      const m = raw as PoolWorkerMessage;
      if (m.type === 'ready') markReady();
      else if (m.type === 'progress') slot.current?.onProgress?.(m.progress);
      else if (m.type === 'result' && slot.current?.index === m.index) {
        const { resolve } = slot.current;
        slot.current = undefined;
        this.release(slot);
        resolve(m.result);
      }
    });
    child.once('exit', (code, signal) => {
      // A point waiting for this worker to start must not wait forever (cancelled, or the worker died starting).
      markReady();
      const current = slot.current;
      slot.current = undefined;
      const i = this.slots.indexOf(slot);
      if (this.closed) return;
      // A crashed worker fails its point and is replaced.
      current?.resolve({ status: 'failed', error: `the worker process ${signal ? `was killed (${signal})` : `exited with code ${code}`}`, cpuMs: 0 });
      if (i >= 0) {
        const fresh = this.spawn();
        this.slots[i] = fresh;
        this.release(fresh);
      }
    });
    return slot;
  }

  private release(slot: Slot): void {
    slot.busy = false;
    const next = this.waiting.shift();
    if (next) {
      slot.busy = true;
      next(slot);
    }
  }

  private acquire(): Promise<Slot | null> {
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async run(job: PointJob, onProgress?: (progress: PipelineProgress) => void): Promise<PointResult> {
    if (this.closed) throw new ExecutorCancelled();
    const slot = await this.acquire();
    if (!slot || this.closed) throw new ExecutorCancelled();
    await slot.ready;
    if (this.closed) throw new ExecutorCancelled();
    if (slot.child.exitCode !== null || slot.child.signalCode !== null) {
      return { status: 'failed', error: `the worker process exited before it started (${slot.child.signalCode ?? `code ${slot.child.exitCode}`})`, cpuMs: 0 };
    }
    return new Promise<PointResult>((resolve, reject) => {
      slot.current = { index: job.index, resolve, reject, ...(onProgress ? { onProgress } : {}) };
      const token = sweepTokenOf(job.key);
      let sent: PoolJob = job;
      if (slot.sweepsSent.has(token)) {
        const { definition: _definition, base: _base, ...rest } = job;
        sent = rest;
      } else slot.sweepsSent.add(token);
      slot.child.send({ type: 'point', job: sent } satisfies PoolHostMessage);
    });
  }

  async cancel(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w(null);
    const exits = this.slots.map(
      (slot) =>
        new Promise<void>((resolve) => {
          const { child } = slot;
          slot.current?.reject(new ExecutorCancelled());
          slot.current = undefined;
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          if (child.connected) child.send({ type: 'cancel' } satisfies PoolHostMessage);
          setTimeout(() => child.kill('SIGKILL'), CANCEL_GRACE_MS).unref();
        }),
    );
    await Promise.all(exits);
  }

  async close(): Promise<void> {
    await this.cancel();
  }
}
