import { processAlive } from '../store/process-alive';
import { ENGINE_VERSION, provenance } from '../sweep/provenance';
import { SweepService } from '../sweep/service';
import { sweepDetail, sweepSummary } from '../sweep/views';
import type { ApiCallRecord, Dispatch, Handlers } from './dispatch';
import { createDispatch } from './dispatch';
import { CatalogService } from './catalog';
import type { EngineBridge } from './engine-bridge';
import { EventBus } from './events';
import { defaultResourcesDir, ExampleService } from './examples';
import { runFileZip } from './run-export';
import { forbiddenOptions, RunService } from './run-service';
import { TransferService } from './transfer';
import { WhatIfService } from '../whatif/service';
import type { WorkerLauncher } from '../pipeline/launcher';
import { withSpareWorker } from '../pipeline/spare';
import { Store } from '../store';
import { existsSync } from 'node:fs';
import { ApiError } from '../../shared/api-errors';
import { toPerfettoTrace } from '../../engine';
import { installCactiWasm } from '../../engine/io';

export interface StudioServicesOptions {
  readonly dbPath: string;
  readonly engine: EngineBridge;
  readonly launcher: WorkerLauncher;
  /** Concurrent runs; default cores − 1. */
  readonly concurrency?: number;
  readonly resourcesDir?: string;
  /** Keep one worker process started ahead of the next run (default true). */
  readonly spareWorker?: boolean;
  /** Seed a fresh workspace with the example projects (default true). */
  readonly seed?: boolean;
  readonly log?: (message: string) => void;
  /** Hears of every API call once answered (a host's call log, see `callLogger`). */
  readonly onCall?: (call: ApiCallRecord) => void;
}

/** Everything behind the API for one workspace file: used by Electron main, the web host and the CLI alike. */
export interface StudioServices {
  readonly store: Store;
  readonly events: EventBus;
  readonly catalog: CatalogService;
  readonly runs: RunService;
  readonly sweeps: SweepService;
  readonly transfer: TransferService;
  /** Live what-if evaluations (a warm worker thread, started on the first one). */
  readonly whatIf: WhatIfService;
  readonly examples: ExampleService;
  readonly handlers: Handlers;
  readonly dispatch: Dispatch;
  /** Runs found queued/running at start (left by a host that died) and marked interrupted. */
  readonly interruptedAtStart: number;
  close(): Promise<void>;
}

export function createStudioServices(options: StudioServicesOptions): StudioServices {
  const fresh = options.dbPath === ':memory:' || !existsSync(options.dbPath);
  const store = Store.open(options.dbPath);
  store.cacti.engineVersion = ENGINE_VERSION;
  // Memories between the CACTI table's grid points are priced by a direct CACTI run (WebAssembly) in this process too.
  void installCactiWasm();
  const events = new EventBus();
  const interruptedAtStart = store.runs.markAbandonedInterrupted();
  store.sweeps.markAbandonedInterrupted(processAlive);
  // Provenance of this build, stamped on runs and cost LUT entries once known (the probe takes a moment).
  void provenance().then((p) => {
    if (store.db.open) store.lut.provenance = store.cacti.provenance = p;
  });
  const catalog = new CatalogService(store, events, options.engine);
  const launcher = options.spareWorker === false ? null : withSpareWorker(options.launcher);
  const runs = new RunService(store, events, options.engine, launcher ?? options.launcher, options.concurrency);
  const sweeps = new SweepService(store, events, forbiddenOptions);
  const transfer = new TransferService(store, events);
  const whatIf = new WhatIfService(store, events, options.engine);
  const examples = new ExampleService(catalog, options.resourcesDir ?? defaultResourcesDir());
  const freeName = (base: string) => store.projects.freeName(base);

  if (fresh && (options.seed ?? true)) {
    const { skipped } = examples.seed(freeName);
    for (const s of skipped) options.log?.(`example ${s.id} not seeded: ${s.reason}`);
  }

  const handlers: Handlers = {
    'workspace.info': () => ({
      path: store.path,
      schemaVersion: store.schemaVersion,
      projects: store.projects.list().length,
      runs: store.runs.count(),
      concurrency: runs.concurrency,
      interruptedAtStart,
    }),
    'workspace.export': () => transfer.exportWorkspace(),
    'workspace.import': (r) => transfer.importWorkspace(r.json),
    'examples.list': () => examples.list(),
    'examples.createProject': (r) => examples.createProject(r.exampleId, r.name, freeName),
    'projects.list': () => store.projects.list(),
    'projects.get': (r) => catalog.projectDetail(r.projectId),
    'projects.create': (r) => catalog.createProject(r),
    'projects.update': (r) => catalog.updateProject(r.projectId, r),
    'projects.delete': (r) => catalog.deleteProject(r.projectId),
    'projects.export': (r) => transfer.exportProject(r.projectId),
    'projects.import': (r) => transfer.importProject(r.json, r.name),
    'designs.list': (r) => (catalog.projectDetail(r.projectId), store.designs.list(r.projectId)),
    'designs.get': (r) => catalog.design(r.designId),
    'designs.create': (r) => catalog.createDesign(r.projectId, r.name, r.accelerator),
    'designs.update': (r) => catalog.updateDesign(r.designId, r),
    'designs.delete': (r) => catalog.deleteDesign(r.designId),
    'designs.validate': (r) => {
      const issues = options.engine.validateAccelerator(r.accelerator, '<editor>');
      return { ok: issues.length === 0, issues };
    },
    'designs.importYaml': (r) => catalog.importDesignYaml(r.projectId, r.main, r.files, r.name),
    'designs.exportYaml': (r) => catalog.exportDesignYaml(r.designId),
    'workloads.list': (r) => (catalog.projectDetail(r.projectId), store.workloads.list(r.projectId)),
    'workloads.get': (r) => catalog.workload(r.workloadId),
    'workloads.import': (r) =>
      r.format === 'onnx'
        ? catalog.importWorkload(r.projectId, r.name, 'onnx', r.onnx)
        : catalog.importWorkload(r.projectId, r.name, 'yaml', Buffer.from(r.yaml, 'utf8')),
    'workloads.update': (r) => catalog.renameWorkload(r.workloadId, r.name),
    'workloads.delete': (r) => catalog.deleteWorkload(r.workloadId),
    'mappings.list': (r) => (catalog.projectDetail(r.projectId), store.mappings.list(r.projectId)),
    'mappings.get': (r) => catalog.mapping(r.mappingId),
    'mappings.create': (r) => catalog.createMapping(r.projectId, r.name, r.yaml),
    'mappings.update': (r) => catalog.updateMapping(r.mappingId, r),
    'mappings.delete': (r) => catalog.deleteMapping(r.mappingId),
    'runs.start': (r) => runs.start(r),
    'runs.cancel': (r) => runs.cancel(r.runId),
    'runs.list': (r) => store.runs.list(r ?? {}),
    'runs.get': (r) => {
      const run = store.runs.get(r.runId);
      if (!run) throw ApiError.notFound('run', r.runId);
      return { run, result: run.status === 'done' ? store.runs.result(run.id) : null };
    },
    'runs.delete': (r) => (runs.delete(r.runId), { deleted: true as const }),
    'runs.compare': (r) => runs.compare(r.runIds, r.includeResults ?? false),
    'runs.annotate': (r) => {
      const run = store.runs.annotate(r.runId, r);
      if (!run) throw ApiError.notFound('run', r.runId);
      events.emit('workspace.changed', { entity: 'run', change: 'updated', id: run.id, projectId: run.projectId });
      return run;
    },
    'runs.exportTrace': (r) => {
      const run = store.runs.get(r.runId);
      if (!run) throw ApiError.notFound('run', r.runId);
      const result = run.status === 'done' ? store.runs.result(run.id) : null;
      if (!result) throw new ApiError('conflict', `run ${r.runId} is ${run.status}: only a finished run has a schedule`);
      return { fileName: `run-${run.id}.trace.json`, json: JSON.stringify(toPerfettoTrace(result)) };
    },
    'runs.exportRunFile': (r) => runFileZip(store, options.engine, r.runId),
    'sweeps.list': (r) => (catalog.projectDetail(r.projectId), store.sweeps.list(r.projectId).map(sweepSummary)),
    'sweeps.get': (r) => {
      const sweep = store.sweeps.get(r.sweepId);
      if (!sweep) throw ApiError.notFound('sweep', r.sweepId);
      return sweepDetail(sweep, store.sweeps.points(sweep.id));
    },
    'sweeps.start': (r) => sweeps.start(r),
    'sweeps.cancel': (r) => sweeps.cancel(r.sweepId),
    'sweeps.resume': (r) => sweeps.resume(r.sweepId, r.workers),
    'whatif.evaluate': (r) => whatIf.evaluate(r),
    'whatif.cancel': (r) => whatIf.cancel(r.evaluationId),
    'whatif.prepare': (r) => whatIf.prepare(r.accelerator),
    'lut.stats': () => store.lut.stats(),
    'lut.clear': () => {
      const removed = store.lut.clear();
      events.emit('workspace.changed', { entity: 'lut', change: 'deleted', id: null, projectId: null });
      return { removed };
    },
  };

  return {
    store,
    events,
    catalog,
    runs,
    sweeps,
    transfer,
    whatIf,
    examples,
    handlers,
    dispatch: createDispatch(handlers, options.onCall),
    interruptedAtStart,
    async close() {
      await sweeps.close();
      await runs.close();
      await whatIf.close();
      launcher?.dispose();
      store.close();
    },
  };
}

export type { EngineBridge } from './engine-bridge';
export { callLogger, type ApiCallRecord } from './dispatch';
export { EventBus } from './events';
