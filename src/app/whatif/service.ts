/** The `whatif.*` channels: resolves a pinned configuration from the workspace and hands it to the evaluator. */
import { InputError, reviveBandwidths } from '../../engine';
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
}

export class WhatIfService {
  readonly evaluator: WhatIfEvaluator;

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
    const options = request.options ?? {};
    const issues = [...forbiddenOptions(options), ...this.engine.checkOptions(options)];
    if (issues.length > 0) throw new InputError(issues);
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
    });
  }

  cancel(evaluationId: string): { cancelled: boolean } {
    return { cancelled: this.evaluator.cancel(evaluationId) };
  }

  close(): Promise<void> {
    return this.evaluator.close();
  }
}
