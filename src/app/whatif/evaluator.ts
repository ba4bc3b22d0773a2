/**
 * Live what-if evaluations: a pinned run configuration (stored workload, mapping, options) evaluated on a design
 * as it is being edited, without storing a run. One long-lived worker thread per workspace, started on the first
 * evaluation and kept warm (parsed workload, cost LUT entries, JIT); one evaluation at a time: a new one cancels
 * the one in progress, which stops at the engine's next abort checkpoint (a shared flag, seen even inside the
 * synchronous scheduler) and resolves `cancelled`. New cost LUT entries and direct CACTI results are recorded in
 * the workspace, so later runs and evaluations reuse them.
 */
import { Worker } from 'node:worker_threads';
import type { StoredAllocation, StoredCactiRun } from '../../engine';
import { siblingWorkerUrl } from '../../engine/io';
import type { WhatIfResult } from '../../shared/api-types';
import type { Store } from '../store';
import type { EventBus } from '../services/events';
import { provenance } from '../sweep/provenance';
import type { WhatIfHostMessage, WhatIfJob, WhatIfWorkerData, WhatIfWorkerMessage } from './protocol';

/** How long a cancelled evaluation may take to stop before the thread is terminated (and started afresh). */
const CANCEL_GRACE_MS = 2000;

export interface WhatIfInputs {
  readonly evaluationId: string;
  readonly accelerator: unknown;
  readonly workload: { readonly hash: string; readonly name: string; readonly format: 'onnx' | 'yaml'; readonly bytes: () => Uint8Array };
  readonly mapping: { readonly name: string; readonly yaml: string };
  readonly options: Readonly<Record<string, unknown>>;
  /** A finished run's allocation, evaluated instead of searching one. */
  readonly storedAllocation?: StoredAllocation;
}

interface Pending {
  readonly seq: number;
  readonly inputs: WhatIfInputs;
  readonly resolve: (result: WhatIfResult) => void;
  killTimer?: ReturnType<typeof setTimeout>;
}

export class WhatIfEvaluator {
  private worker: Worker | undefined;
  private readonly cancelFlag = new SharedArrayBuffer(4);
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  /** Workload hashes the current thread has been sent. */
  private sent = new Set<string>();
  private closed = false;
  /** LUT entries and hit counts not yet written to the workspace (written after the figures are answered). */
  private lutEntries: (readonly [string, unknown])[] = [];
  private lutHits = new Map<string, number>();
  private lutTimer: ReturnType<typeof setTimeout> | undefined;
  /** Direct CACTI results of evaluations not yet written to the workspace (new, and stored ones reused). */
  private cactiFresh: StoredCactiRun[] = [];
  private cactiReused: string[] = [];

  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
  ) {}

  /** Thread id of the worker (tests check that it stays warm). */
  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  private async thread(): Promise<Worker> {
    if (this.worker) return this.worker;
    const { modelFingerprint } = await provenance();
    if (this.worker) return this.worker;
    const data: WhatIfWorkerData = { cancelFlag: this.cancelFlag, dbPath: this.store.path === ':memory:' ? null : this.store.path, modelFingerprint };
    const worker = new Worker(siblingWorkerUrl(import.meta.url, 'whatif-worker'), { workerData: data });
    worker.unref();
    worker.on('message', (m: WhatIfWorkerMessage) => this.onMessage(m));
    const lost = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.sent = new Set();
      for (const p of [...this.pending.values()]) this.finish(p, this.cancelledThrough() >= p.seq ? { evaluationId: p.inputs.evaluationId, status: 'cancelled' } : { evaluationId: p.inputs.evaluationId, status: 'failed', error: reason, issues: [] });
    };
    worker.on('error', (error) => lost(`the what-if evaluator failed: ${error.message}`));
    worker.on('exit', (code) => lost(`the what-if evaluator stopped (code ${code})`));
    this.worker = worker;
    this.sent = new Set();
    return worker;
  }

  private cancelledThrough(): number {
    return Atomics.load(new Int32Array(this.cancelFlag), 0);
  }

  /** Starts the worker thread ahead of the first evaluation (e.g. when a configuration is pinned). */
  async warm(): Promise<void> {
    if (!this.closed) await this.thread();
  }

  /** Evaluates; any evaluation in progress is cancelled first. */
  async evaluate(inputs: WhatIfInputs): Promise<WhatIfResult> {
    if (this.closed) return { evaluationId: inputs.evaluationId, status: 'cancelled' };
    const seq = ++this.seq;
    this.cancelBelow(seq);
    const result = new Promise<WhatIfResult>((resolve) => this.pending.set(seq, { seq, inputs, resolve }));
    const worker = await this.thread();
    if (this.pending.has(seq)) this.post(worker, this.pending.get(seq)!, false);
    return result;
  }

  /**
   * Has the thread price the design's automatic-cost memories now (CACTI runs for new shapes take 0.1-5 s), queued
   * before the evaluation that the editor requests after its debounce; false when the evaluator is closed.
   */
  prepare(accelerator: unknown): boolean {
    if (this.closed) return false;
    void this.thread().then((worker) => worker.postMessage({ type: 'prepare', accelerator } satisfies WhatIfHostMessage));
    return true;
  }

  /** Cancels the evaluation with this id; false when it is not in progress. */
  cancel(evaluationId: string): boolean {
    const p = [...this.pending.values()].find((q) => q.inputs.evaluationId === evaluationId);
    if (!p) return false;
    this.raise(p.seq);
    return true;
  }

  private cancelBelow(seq: number): void {
    if (this.pending.size > 0) this.raise(seq - 1);
  }

  /** Raises the cancel flag through `seq`; evaluations that do not stop in time end with the thread. */
  private raise(seq: number): void {
    const flag = new Int32Array(this.cancelFlag);
    if (Atomics.load(flag, 0) < seq) Atomics.store(flag, 0, seq);
    for (const p of this.pending.values()) {
      if (p.seq > seq || p.killTimer) continue;
      p.killTimer = setTimeout(() => {
        const worker = this.worker;
        this.finish(p, { evaluationId: p.inputs.evaluationId, status: 'cancelled' });
        void worker?.terminate();
      }, CANCEL_GRACE_MS);
      p.killTimer.unref?.();
    }
  }

  private post(worker: Worker, p: Pending, withBytes: boolean): void {
    const { inputs } = p;
    const send = withBytes || !this.sent.has(inputs.workload.hash);
    const job: WhatIfJob = {
      seq: p.seq,
      accelerator: inputs.accelerator,
      workload: { hash: inputs.workload.hash, name: inputs.workload.name, format: inputs.workload.format, ...(send ? { bytes: inputs.workload.bytes() } : {}) },
      mapping: inputs.mapping,
      options: inputs.options,
      ...(inputs.storedAllocation ? { storedAllocation: inputs.storedAllocation } : {}),
    };
    if (send) this.sent.add(inputs.workload.hash);
    worker.postMessage({ type: 'evaluate', job } satisfies WhatIfHostMessage);
  }

  private onMessage(m: WhatIfWorkerMessage): void {
    if (m.type === 'priced') {
      this.cactiFresh.push(...m.cacti.fresh);
      this.cactiReused.push(...m.cacti.reused);
      if (m.cacti.fresh.length > 0 || m.cacti.reused.length > 0) this.queueLut([], [], m.cacti.fresh.length > 0);
      return;
    }
    const p = this.pending.get(m.seq);
    if ('entries' in m) {
      this.cactiFresh.push(...m.cacti.fresh);
      this.cactiReused.push(...m.cacti.reused);
      this.queueLut(m.entries, m.hits, m.cacti.fresh.length > 0);
    }
    if (!p) return;
    const evaluationId = p.inputs.evaluationId;
    switch (m.type) {
      case 'progress':
        this.events.emit('whatif.progress', { evaluationId, progress: m.progress });
        return;
      case 'need-workload':
        if (this.worker) this.post(this.worker, p, true);
        return;
      case 'done':
        return this.finish(p, { evaluationId, status: 'done', figures: m.figures, warnings: m.warnings });
      case 'cancelled':
        return this.finish(p, { evaluationId, status: 'cancelled' });
      case 'failed':
        return this.finish(p, { evaluationId, status: 'failed', error: m.error, issues: m.issues });
    }
  }

  /**
   * Keeps new LUT entries and hits for the workspace. The write (a SQLite transaction, an fsync) happens after the
   * figures went back: new entries on the next turn of the event loop, hit counts at most every few seconds.
   */
  private queueLut(entries: readonly (readonly [string, unknown])[], hits: readonly (readonly [string, number])[], newCacti: boolean): void {
    this.lutEntries.push(...entries);
    for (const [key, n] of hits) this.lutHits.set(key, (this.lutHits.get(key) ?? 0) + n);
    if (this.lutTimer) return;
    this.lutTimer = setTimeout(() => this.flushLut(), entries.length > 0 || newCacti ? 0 : 5000);
    this.lutTimer.unref?.();
  }

  private flushLut(): void {
    if (this.lutTimer) clearTimeout(this.lutTimer);
    this.lutTimer = undefined;
    if (!this.store.db.open) return;
    const entries = this.lutEntries;
    const hits = this.lutHits;
    const cacti = { fresh: this.cactiFresh, reused: this.cactiReused };
    this.lutEntries = [];
    this.lutHits = new Map();
    this.cactiFresh = [];
    this.cactiReused = [];
    if (entries.length > 0 || hits.size > 0) this.store.lut.record(entries, hits);
    this.store.cacti.record(cacti.fresh, cacti.reused);
  }

  private finish(p: Pending, result: WhatIfResult): void {
    if (!this.pending.delete(p.seq)) return;
    if (p.killTimer) clearTimeout(p.killTimer);
    p.resolve(result);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.flushLut();
    this.raise(this.seq);
    for (const p of [...this.pending.values()]) this.finish(p, { evaluationId: p.inputs.evaluationId, status: 'cancelled' });
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
