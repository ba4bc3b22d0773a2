/**
 * Sweeps started from the app (`sweeps.start`, `sweeps.cancel`, `sweeps.resume`): the base is a design, workload
 * and mapping of the project plus run options, the axes come from the sweep setup. Axes are checked with the
 * engine's `validateSweepAxes` before anything runs (the same check as a sweep file's); the points then run in the
 * host on a local pool of worker processes, through the same coordinator as `stream-studio sweep`.
 */
import {
  InputError,
  type InputIssue,
  parseLayerStacksText,
  parseStreamOptions,
  type SweepAxis,
  type SweepDefinition,
  type SweepSample,
  validateSweepAxes,
} from '../../engine';
import { ApiError } from '../../shared/api-errors';
import type { SweepSummary } from '../../shared/api-types';
import { reviveAccelerator } from '../pipeline/revive';
import type { Store } from '../store';
import type { EventBus } from '../services/events';
import { createSweep, runSweep } from './coordinator';
import type { PointExecutor } from './executor';
import { defaultWorkerCount, LocalPool } from './local-pool';
import { provenance } from './provenance';
import type { SweepBase } from './protocol';
import { sweepSummary } from './views';

export interface StartSweepRequest {
  readonly projectId: number;
  readonly designId: number;
  readonly workloadId: number;
  readonly mappingId: number;
  readonly name: string;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly axes: readonly ({ kind: 'field'; path: string; values: readonly unknown[] } | { kind: 'option'; option: string; values: readonly unknown[] })[];
  readonly sample?: SweepSample;
  readonly costs?: 'follow' | 'as_given';
  readonly seeds?: number;
  readonly workers?: number;
}

/** The name validation issues carry for a sweep defined in the app (there is no sweep file). */
const SETUP = 'sweep setup';

export class SweepService {
  private readonly active = new Map<number, { controller: AbortController; done: Promise<void> }>();
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    /** Options a run in the app may not take (inputs, host file paths); issues naming them. */
    private readonly forbiddenOptions: (options: Readonly<Record<string, unknown>>) => InputIssue[],
    private readonly makeExecutor: (workers: number) => PointExecutor = (workers) => new LocalPool(workers, store.path === ':memory:' ? null : store.path),
  ) {}

  /** Checks the definition like a sweep file's (axis paths, value types, empty axes, options), then runs it. */
  async start(request: StartSweepRequest): Promise<SweepSummary> {
    if (this.closed) throw new ApiError('conflict', 'the workspace is closing');
    const { store } = this;
    const project = store.projects.get(request.projectId);
    if (!project) throw ApiError.notFound('project', request.projectId);
    const design = store.designs.get(request.designId);
    if (!design || design.projectId !== project.id) throw ApiError.notFound('design', request.designId);
    const workload = store.workloads.source(request.workloadId);
    if (!workload) throw ApiError.notFound('workload', request.workloadId);
    const mapping = store.mappings.get(request.mappingId);
    if (!mapping) throw ApiError.notFound('mapping', request.mappingId);

    const workloadKey = `${workload.name}.${workload.format}`;
    const axes: SweepAxis[] = request.axes.map((a) =>
      a.kind === 'field'
        ? { kind: 'field', path: a.path.trim(), values: [...a.values] }
        : { kind: 'option', option: a.option, values: a.option === 'layer_stacks' ? a.values.map((v) => (typeof v === 'string' ? parseLayerStacksText(v) : v)) : [...a.values] },
    );
    const definition: SweepDefinition = {
      name: request.name,
      accelerator: design.name,
      workload: workloadKey,
      mapping: mapping.name,
      options: { ...(request.options ?? {}) },
      axes,
      sample: request.sample ?? { kind: 'grid' },
      costs: request.costs ?? 'follow',
      seeds: request.seeds ?? 1,
    };
    const accelerator = reviveAccelerator(design.accelerator);
    const optionAxes = Object.fromEntries(axes.flatMap((a) => (a.kind === 'option' ? [[a.option, true]] : [])));
    const issues: InputIssue[] = [
      ...this.forbiddenOptions({ ...definition.options, ...optionAxes }).map((i) => ({ ...i, file: SETUP })),
      ...(axes.length === 0 ? [{ file: SETUP, field: 'axes', expected: 'at least one axis (a hardware field or a run option)' }] : []),
      ...validateSweepAxes(definition, accelerator, SETUP),
    ];
    if (issues.length === 0 && Object.keys(optionAxes).length === 0) {
      try {
        parseStreamOptions(definition.options);
      } catch (error) {
        if (error instanceof InputError) issues.push(...error.issues.map((i) => ({ ...i, file: SETUP })));
        else throw error;
      }
    }
    if (issues.length > 0) throw new InputError(issues);

    const base: SweepBase = {
      accelerator,
      acceleratorName: design.name,
      mapping: { name: mapping.name, yaml: mapping.yaml },
      workloads: { [workloadKey]: { path: workloadKey, name: workload.name, format: workload.format, bytesBase64: workload.bytes.toString('base64') } },
    };
    const sweep = createSweep(store, { projectId: project.id, projectName: project.name, definition, base, provenance: await provenance() });
    this.changed(sweep.id, 'created');
    this.launch(sweep.id, request.workers);
    return sweepSummary(store.sweeps.get(sweep.id)!);
  }

  /** Runs the points of a cancelled, interrupted or failed sweep that are not finished (finished ones never run twice). */
  resume(sweepId: number, workers?: number): SweepSummary {
    if (this.closed) throw new ApiError('conflict', 'the workspace is closing');
    const sweep = this.store.sweeps.get(sweepId);
    if (!sweep) throw ApiError.notFound('sweep', sweepId);
    if (this.active.has(sweepId)) throw new ApiError('conflict', `sweep ${sweepId} is already running here`);
    if (sweep.status === 'running' || sweep.status === 'queued') {
      throw new ApiError('conflict', `sweep ${sweepId} is ${sweep.status} in another process (pid ${sweep.hostPid ?? '?'}); resume it once that process stops`);
    }
    if (sweep.status === 'done') throw new ApiError('conflict', `sweep ${sweepId} is done: every point has finished`);
    this.launch(sweepId, workers);
    return sweepSummary(this.store.sweeps.get(sweepId)!);
  }

  /** Stops every worker of the sweep (within a second); unfinished points stay pending for `resume`. */
  async cancel(sweepId: number): Promise<SweepSummary> {
    const sweep = this.store.sweeps.get(sweepId);
    if (!sweep) throw ApiError.notFound('sweep', sweepId);
    const running = this.active.get(sweepId);
    if (!running) {
      if (sweep.status === 'running' || sweep.status === 'queued') {
        throw new ApiError('conflict', `sweep ${sweepId} runs in another process (pid ${sweep.hostPid ?? '?'}): cancel it there (Ctrl-C in the CLI)`);
      }
      return sweepSummary(sweep);
    }
    running.controller.abort();
    await running.done;
    return sweepSummary(this.store.sweeps.get(sweepId)!);
  }

  /** Sweeps running in this host. */
  get running(): number[] {
    return [...this.active.keys()];
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.active.values()];
    for (const a of all) a.controller.abort();
    await Promise.all(all.map((a) => a.done));
  }

  private launch(sweepId: number, workers?: number): void {
    const controller = new AbortController();
    const executor = this.makeExecutor(workers ?? defaultWorkerCount());
    const projectId = this.store.sweeps.get(sweepId)!.projectId;
    let last = 0;
    const done = runSweep(this.store, sweepId, executor, {
      signal: controller.signal,
      origin: 'app',
      onProgress: (p) => {
        // Each finished point added runs to the project; running progress at most twice a second.
        const now = Date.now();
        if (!p.finished && now - last < 500) return;
        last = now;
        this.events.emit('workspace.changed', { entity: 'sweep', change: 'updated', id: sweepId, projectId });
      },
    })
      .then(
        () => undefined,
        () => undefined, // runSweep has marked the sweep failed with the message
      )
      .finally(async () => {
        await executor.close();
        this.active.delete(sweepId);
        if (this.store.db.open) this.changed(sweepId, 'updated');
      });
    this.active.set(sweepId, { controller, done });
  }

  private changed(sweepId: number, change: 'created' | 'updated'): void {
    const sweep = this.store.sweeps.get(sweepId);
    this.events.emit('workspace.changed', { entity: 'sweep', change, id: sweepId, projectId: sweep?.projectId ?? null });
  }
}
