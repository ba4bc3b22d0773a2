/** The `whatif.*` channels: resolves a pinned configuration from the workspace and hands it to the evaluator. */
import { InputError, reviveBandwidths, storedAllocationOf, type StoredAllocation } from '../../engine';
import { ApiError } from '../../shared/api-errors';
import type { WhatIfResult } from '../../shared/api-types';
import type { EngineBridge } from '../services/engine-bridge';
import type { EventBus } from '../services/events';
import { forbiddenOptions } from '../services/run-service';
import type { Store } from '../store';
import { WhatIfEvaluator } from './evaluator';

export interface WhatIfRequest {
  readonly evaluationId: string;
  readonly projectId: number;
  readonly workloadId: number;
  readonly mappingId: number;
  readonly mappingYaml?: string;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly accelerator: unknown;
  /** A finished run of the project whose allocation is evaluated (fixed), instead of searching one per edit. */
  readonly allocationRunId?: number;
}

/** What a stored allocation brings along: the run's allocation, CN by CN, and the layer stacks it had. */
interface PinnedRun {
  readonly runId: number;
  readonly allocation: StoredAllocation;
  readonly stacks: readonly (readonly number[])[] | null;
}

export class WhatIfService {
  readonly evaluator: WhatIfEvaluator;
  /** The last stored allocation read (a run's result is large; edits keep asking for the same one). */
  private pinned: PinnedRun | undefined;

  constructor(
    private readonly store: Store,
    events: EventBus,
    private readonly engine: EngineBridge,
  ) {
    this.evaluator = new WhatIfEvaluator(store, events);
  }

  evaluate(request: WhatIfRequest): Promise<WhatIfResult> {
    const { store } = this;
    if (!store.projects.get(request.projectId)) throw ApiError.notFound('project', request.projectId);
    const workload = store.workloads.sourceInfo(request.workloadId);
    if (!workload) throw ApiError.notFound('workload', request.workloadId);
    const mapping = store.mappings.get(request.mappingId);
    if (!mapping) throw ApiError.notFound('mapping', request.mappingId);
    let options = request.options ?? {};
    const issues = [...forbiddenOptions(options), ...this.engine.checkOptions(options)];
    if (issues.length > 0) throw new InputError(issues);
    const pinned = request.allocationRunId === undefined ? undefined : this.pinnedRun(request.projectId, request.allocationRunId);
    if (pinned?.stacks && options.mode === 'fused') {
      // The run's layer stacks too: its allocation is one of CNs tiled by them (and no stack search per edit).
      const { stacks: _search, stack_cutoff: _cutoff, stack_cutoffs: _cutoffs, ...rest } = options;
      options = { ...rest, layer_stacks: pinned.stacks };
    }
    const workloadId = request.workloadId;
    return this.evaluator.evaluate({
      evaluationId: request.evaluationId,
      // Over HTTP an unbounded bandwidth (Infinity) arrives as null.
      accelerator: reviveBandwidths(request.accelerator),
      workload: {
        hash: workload.contentHash,
        name: workload.name,
        format: workload.format,
        bytes: () => new Uint8Array(store.workloads.source(workloadId)!.bytes),
      },
      mapping: { name: mapping.name, yaml: request.mappingYaml ?? mapping.yaml },
      options,
      ...(pinned ? { storedAllocation: pinned.allocation } : {}),
    });
  }

  /** The allocation (and stacks) of a finished run of the project; an error naming the run when there is none. */
  private pinnedRun(projectId: number, runId: number): PinnedRun {
    if (this.pinned?.runId === runId && this.store.runs.get(runId)?.projectId === projectId) return this.pinned;
    const run = this.store.runs.get(runId);
    if (!run || run.projectId !== projectId) throw ApiError.notFound('run', runId);
    const result = run.status === 'done' ? this.store.runs.result(runId) : null;
    if (!result) {
      throw new InputError([{ file: '<what-if>', field: 'allocationRunId', expected: `a finished run with results to take the allocation from (run ${runId} is ${run.status})`, found: String(runId) }]);
    }
    this.pinned = { runId, allocation: storedAllocationOf(result), stacks: result.layerStacks && result.layerStacks.rule !== 'lbl' ? result.layerStacks.stacks : null };
    return this.pinned;
  }

  /** Prices the design's automatic-cost memories in the evaluator thread ahead of its evaluation. */
  prepare(accelerator: unknown): { accepted: boolean } {
    return { accepted: this.evaluator.prepare(reviveBandwidths(accelerator)) };
  }

  cancel(evaluationId: string): { cancelled: boolean } {
    return { cancelled: this.evaluator.cancel(evaluationId) };
  }

  close(): Promise<void> {
    return this.evaluator.close();
  }
}
