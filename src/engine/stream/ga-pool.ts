/**
 * GA fitness evaluations in worker threads. Each worker rebuilds the allocation problem from plain data (the
 * same inputs give the same CN graph) and schedules the genomes it is sent; results come back in order, so the
 * search is identical to an in-thread one with the same seed.
 */
import { Worker } from 'node:worker_threads';
import { siblingWorkerUrl } from '../worker-url';
import type { Accelerator } from '../hardware/types';
import type { Mapping } from '../mapping/types';
import type { Workload } from '../workload/types';
import { buildAllocationProblem, type AllocationProblem, type Evaluation } from './allocation';
import { buildCnGraph, type SplitRounding } from './cn-graph';
import { CostTable, type CostLutEntry } from './cost';
import { HardwareView } from './hardware-view';
import type { LayerStack } from './layer-stacks';
import type { StreamOptions } from './options';
import type { SchedulerFeatures } from './scheduler/types';

/** Everything a worker needs to rebuild the problem; structured-cloneable. */
export interface GaWorkerInit {
  readonly accelerator: Accelerator;
  readonly workload: Workload;
  readonly mapping: Mapping;
  readonly options: StreamOptions;
  readonly stacks: readonly LayerStack[];
  readonly rounding: SplitRounding;
  readonly minWeightCapacityBits: number;
  readonly splitFixedOnlyWithFlag: boolean;
  readonly costs: readonly (readonly [number, number, CostLutEntry])[];
  readonly features: SchedulerFeatures;
  readonly compat: boolean;
}

export interface WorkerEvaluation {
  readonly latency: number;
  readonly energy: number;
  readonly feasible: boolean;
  readonly error?: string;
}

export function problemInit(
  problem: AllocationProblem,
  inputs: {
    accelerator: Accelerator;
    workload: Workload;
    mapping: Mapping;
    options: StreamOptions;
    rounding: SplitRounding;
    minWeightCapacityBits: number;
    splitFixedOnlyWithFlag: boolean;
  },
): GaWorkerInit {
  const costs: [number, number, CostLutEntry][] = [];
  problem.graph.uniqueCns.forEach((_, u) => {
    for (const c of problem.table.coresOf(u)) costs.push([u, c, problem.table.get(u, c)]);
  });
  const { accelerator: _a, workload: _w, mapping: _m, ...options } = inputs.options;
  return {
    accelerator: inputs.accelerator,
    workload: inputs.workload,
    mapping: inputs.mapping,
    options: options as StreamOptions,
    stacks: problem.graph.stacks,
    rounding: inputs.rounding,
    minWeightCapacityBits: inputs.minWeightCapacityBits,
    splitFixedOnlyWithFlag: inputs.splitFixedOnlyWithFlag,
    costs,
    features: problem.features,
    compat: problem.compat,
  };
}

export function problemFromInit(init: GaWorkerInit): AllocationProblem {
  const hw = new HardwareView(init.accelerator);
  const graph = buildCnGraph({
    workload: init.workload,
    mapping: init.mapping,
    stacks: init.stacks,
    options: init.options,
    rounding: init.rounding,
    coreIds: hw.computeCoreIds(),
    minWeightCapacityBits: init.minWeightCapacityBits,
    splitFixedOnlyWithFlag: init.splitFixedOnlyWithFlag,
  });
  const table = new CostTable(hw.nCores);
  for (const [u, c, e] of init.costs) table.set(u, c, e);
  return buildAllocationProblem(graph, hw, table, init.features, init.compat);
}

export class GaWorkerPool {
  private readonly workers: Worker[];
  private nextId = 0;

  constructor(size: number, init: GaWorkerInit) {
    const url = siblingWorkerUrl(import.meta.url, 'ga-worker');
    this.workers = Array.from({ length: size }, () => new Worker(url, { workerData: init }));
  }

  /** Evaluates genomes across the workers; results in the order of `genomes`. */
  async evaluate(genomes: readonly (readonly number[])[], signal?: AbortSignal): Promise<Evaluation[]> {
    const n = this.workers.length;
    const chunks = this.workers.map((_, w) => genomes.filter((_, i) => i % n === w));
    const parts = await Promise.all(
      this.workers.map(
        (worker, w) =>
          new Promise<WorkerEvaluation[]>((resolve, reject) => {
            if (chunks[w].length === 0) return resolve([]);
            const id = this.nextId++;
            const onMessage = (msg: { id: number; results?: WorkerEvaluation[]; error?: string }) => {
              if (msg.id !== id) return;
              cleanup();
              if (msg.error !== undefined) reject(new Error(msg.error));
              else resolve(msg.results!);
            };
            const onError = (e: Error) => {
              cleanup();
              reject(e);
            };
            const onAbort = () => {
              cleanup();
              reject(new DOMException('The pipeline was cancelled', 'AbortError'));
            };
            const cleanup = () => {
              worker.off('message', onMessage);
              worker.off('error', onError);
              signal?.removeEventListener('abort', onAbort);
            };
            worker.on('message', onMessage);
            worker.on('error', onError);
            signal?.addEventListener('abort', onAbort);
            worker.postMessage({ id, genomes: chunks[w] });
          }),
      ),
    );
    const cursor = this.workers.map(() => 0);
    return genomes.map((genome, i) => {
      const w = i % n;
      const r = parts[w][cursor[w]++];
      return { genome, latency: r.latency, energy: r.energy, feasible: r.feasible, ...(r.error !== undefined ? { error: r.error } : {}) };
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
