import { InputError, type InputIssue, streamOptionInfo } from '../../engine';
import { ApiError } from '../../shared/api-errors';
import type { RunComparison, RunInfo, RunMetrics, MetricRow, OptionDifference } from '../../shared/api-types';
import { runInWorker, type RunningPipeline, type RunOutcome } from '../pipeline/host';
import type { WorkerLauncher } from '../pipeline/launcher';
import type { PipelineJob } from '../pipeline/protocol';
import { RunQueue } from '../pipeline/queue';
import type { Store } from '../store';
import { metricsOf } from '../store';
import type { EngineBridge } from './engine-bridge';
import type { EventBus } from './events';
import { provenanceIfReady } from '../sweep/provenance';

export interface StartRunRequest {
  readonly projectId: number;
  readonly designId: number;
  readonly workloadId: number;
  readonly mappingId: number;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly name?: string;
}

/**
 * Runs: queueing, execution in worker processes, cancellation, and persisting every outcome. The host is the
 * only writer of the workspace; workers only read cost LUT entries.
 */
export class RunService {
  private readonly queue: RunQueue<number>;
  private readonly active = new Map<number, RunningPipeline>();
  /** Settles when a run started here reaches a terminal status. */
  private readonly finished = new Map<number, { promise: Promise<void>; resolve: () => void }>();
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    private readonly engine: EngineBridge,
    private readonly launcher: WorkerLauncher,
    concurrency?: number,
  ) {
    this.queue = new RunQueue<number>(concurrency);
  }

  get concurrency(): number {
    return this.queue.limit;
  }

  /** Pids of the worker processes running now (for diagnostics and fault-injection tests). */
  activeWorkers(): Map<number, RunningPipeline> {
    return new Map(this.active);
  }

  start(request: StartRunRequest): RunInfo {
    if (this.closed) throw new ApiError('conflict', 'the workspace is closing');
    const { store } = this;
    if (!store.projects.get(request.projectId)) throw ApiError.notFound('project', request.projectId);
    const design = store.designs.get(request.designId);
    if (!design) throw ApiError.notFound('design', request.designId);
    const workload = store.workloads.source(request.workloadId);
    if (!workload) throw ApiError.notFound('workload', request.workloadId);
    const mapping = store.mappings.get(request.mappingId);
    if (!mapping) throw ApiError.notFound('mapping', request.mappingId);
    const options = request.options ?? {};
    const issues = [...forbiddenOptions(options), ...this.engine.checkOptions(options)];
    if (issues.length > 0) throw new InputError(issues);

    const run = store.runs.create({
      projectId: request.projectId,
      name: request.name ?? `${design.name} · ${workload.name} · ${mapping.name}`,
      origin: 'app',
      design: { id: design.id, name: design.name, hash: design.contentHash },
      workload: { id: request.workloadId, name: workload.name, hash: workload.contentHash },
      mapping: { id: mapping.id, name: mapping.name, hash: mapping.contentHash },
      options,
      ...(provenanceIfReady() ? { provenance: provenanceIfReady()! } : {}),
    });
    store.projects.touch(request.projectId);
    const job: PipelineJob = {
      runId: run.id,
      dbPath: store.path === ':memory:' ? null : store.path,
      ...(provenanceIfReady() ? { modelFingerprint: provenanceIfReady()!.modelFingerprint } : {}),
      accelerator: design.accelerator,
      workload: { name: workload.name, format: workload.format, bytes: new Uint8Array(workload.bytes) },
      mapping: { name: mapping.name, yaml: mapping.yaml },
      options,
    };
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.finished.set(run.id, { promise, resolve });
    this.queue.enqueue(run.id, () => this.execute(job).finally(() => this.settle(run.id)));
    this.events.emit('workspace.changed', { entity: 'run', change: 'created', id: run.id, projectId: run.projectId });
    this.events.emit('run.status', { run });
    return run;
  }

  private settle(runId: number): void {
    this.finished.get(runId)?.resolve();
    this.finished.delete(runId);
  }

  private async execute(job: PipelineJob): Promise<void> {
    const { store, events } = this;
    if (!store.runs.markRunning(job.runId)) return;
    const running = store.runs.get(job.runId)!;
    events.emit('run.status', { run: running });
    const pipeline = runInWorker(this.launcher, job, {
      onProgress: (progress) => {
        store.runs.setProgress(job.runId, progress);
        events.emit('run.progress', { runId: job.runId, projectId: running.projectId, progress });
      },
      onLut: (entries, hits) => store.lut.record(entries, new Map(hits)),
      onCacti: (delta) => store.cacti.record(delta.fresh, delta.reused),
    });
    this.active.set(job.runId, pipeline);
    let outcome: RunOutcome;
    try {
      outcome = await pipeline.outcome;
    } finally {
      this.active.delete(job.runId);
    }
    this.persist(job.runId, outcome);
  }

  private persist(runId: number, outcome: RunOutcome): void {
    const { store } = this;
    let metrics: RunMetrics | null = null;
    if (outcome.status === 'done') {
      metrics = metricsOf(outcome.result, outcome.durationMs);
      store.runs.finish(runId, { status: 'done', result: outcome.result, metrics });
    } else if (outcome.status === 'failed') {
      store.runs.finish(runId, { status: 'failed', error: outcome.error });
    } else {
      store.runs.finish(runId, { status: 'cancelled', error: 'cancelled by the user' });
    }
    this.announceFinished(runId);
  }

  private announceFinished(runId: number): void {
    const run = this.store.runs.get(runId);
    if (!run) return;
    this.events.emit('run.status', { run });
    this.events.emit('run.finished', { runId, projectId: run.projectId, status: run.status, metrics: run.metrics, error: run.error });
    this.events.emit('workspace.changed', { entity: 'run', change: 'updated', id: runId, projectId: run.projectId });
  }

  /** Stops a run (waiting or running) and resolves once it is recorded as cancelled (or had already ended). */
  async cancel(runId: number): Promise<RunInfo> {
    const run = this.store.runs.get(runId);
    if (!run) throw ApiError.notFound('run', runId);
    if (this.queue.withdraw(runId)) {
      this.store.runs.finish(runId, { status: 'cancelled', error: 'cancelled by the user' });
      this.settle(runId);
      this.announceFinished(runId);
    } else if (this.finished.has(runId)) {
      const waiting = this.finished.get(runId)!.promise;
      this.active.get(runId)?.cancel();
      await waiting;
    } else if (run.status === 'queued' || run.status === 'running') {
      throw new ApiError('conflict', `run ${runId} is executed by another process (e.g. the command line); stop it there`);
    }
    return this.store.runs.get(runId)!;
  }

  /** Resolves when the run has a terminal status (immediately for unknown or finished runs). */
  async whenFinished(runId: number): Promise<RunInfo | undefined> {
    await this.finished.get(runId)?.promise;
    return this.store.runs.get(runId);
  }

  delete(runId: number): void {
    const run = this.store.runs.get(runId);
    if (!run) throw ApiError.notFound('run', runId);
    if (run.status === 'queued' || run.status === 'running') throw new ApiError('conflict', `run ${runId} is ${run.status}: cancel it before deleting it`);
    this.store.runs.delete(runId);
    this.events.emit('workspace.changed', { entity: 'run', change: 'deleted', id: runId, projectId: run.projectId });
  }

  compare(runIds: readonly number[], includeResults: boolean): RunComparison {
    const runs = this.store.runs.getMany(runIds);
    const missing = runIds.filter((id) => !runs.some((r) => r.id === id));
    if (missing.length > 0) throw ApiError.notFound('run', missing.join(', '));
    return {
      runs,
      metrics: compareMetrics(runs),
      differences: differencesOf(runs),
      results: includeResults ? runs.map((r) => (r.status === 'done' ? this.store.runs.result(r.id) : null)) : null,
    };
  }

  /** Cancels everything and waits for the workers to stop. */
  async close(): Promise<void> {
    this.closed = true;
    const pending = [...this.finished.entries()];
    for (const [runId] of pending) {
      if (this.queue.withdraw(runId)) {
        this.store.runs.finish(runId, { status: 'cancelled', error: 'the workspace was closed' });
        this.settle(runId);
      }
    }
    for (const pipeline of this.active.values()) pipeline.cancel();
    await Promise.all(pending.map(([, done]) => done.promise));
  }
}

const METRICS: readonly { key: keyof RunMetrics; label: string; unit: string }[] = [
  { key: 'latencyCycles', label: 'Latency', unit: 'cycles' },
  { key: 'energyPj', label: 'Energy', unit: 'pJ' },
  { key: 'edp', label: 'EDP', unit: 'cycles·pJ' },
  { key: 'peakMemoryBytes', label: 'Peak memory', unit: 'bytes' },
  { key: 'nCns', label: 'Computation nodes', unit: '' },
  { key: 'lutHits', label: 'LUT hits', unit: '' },
  { key: 'lutMisses', label: 'LUT misses', unit: '' },
  { key: 'durationMs', label: 'Run time', unit: 'ms' },
];

/** Metrics where a lower value is not "better" are still ranked low-first; the renderer decides emphasis. */
function compareMetrics(runs: readonly RunInfo[]): MetricRow[] {
  return METRICS.map(({ key, label, unit }) => {
    const values = runs.map((r) => (r.metrics ? r.metrics[key] : null));
    let best: number | null = null;
    values.forEach((v, i) => {
      if (v !== null && (best === null || v < values[best]!)) best = i;
    });
    const bestValue = best === null ? null : values[best]!;
    const relative = values.map((v) => (v === null || bestValue === null || bestValue === 0 ? null : v / bestValue - 1));
    return { key, label, unit, values, best, relative };
  });
}

function differencesOf(runs: readonly RunInfo[]): OptionDifference[] {
  const rows: [string, (r: RunInfo) => unknown][] = [
    ['design', (r) => `${r.designName} (${r.designHash.slice(0, 8)})`],
    ['workload', (r) => `${r.workloadName} (${r.workloadHash.slice(0, 8)})`],
    ['mapping', (r) => `${r.mappingName} (${r.mappingHash.slice(0, 8)})`],
  ];
  const optionKeys = [...new Set(runs.flatMap((r) => Object.keys(r.options)))].sort();
  for (const key of optionKeys) rows.push([`options.${key}`, (r) => r.options[key]]);
  const out: OptionDifference[] = [];
  for (const [key, read] of rows) {
    const values = runs.map(read);
    const first = JSON.stringify(values[0]);
    if (values.some((v) => JSON.stringify(v) !== first)) out.push({ key, values });
  }
  return out;
}

/**
 * Options that carry inputs, name files or only write files (the option schema's `input` and `file` kinds): a
 * run's inputs are the stored design, workload and mapping, a renderer must not make the worker read or write
 * arbitrary files, and the dashboard draws the plots. The CLI and run files take them.
 */
const HOST_ONLY_OPTIONS: ReadonlySet<string> = new Set(streamOptionInfo().filter((o) => o.kind !== 'run').map((o) => o.name));

export function forbiddenOptions(options: Readonly<Record<string, unknown>>): InputIssue[] {
  return Object.keys(options)
    .filter((key) => HOST_ONLY_OPTIONS.has(key))
    .map((key) => ({
      file: '<options>',
      field: key,
      expected: "no inputs, file paths or plot files in a run's options (the run uses the project's design, workload and mapping; its dashboard draws the plots; `stream-studio run` takes them)",
      found: key,
    }));
}

