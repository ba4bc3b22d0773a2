/**
 * What travels between the sweep coordinator and the processes that run points (local pool workers and BullMQ
 * queue workers): plain structured-clone data (the queue carries it as JSON, compressed artifacts as base64). A
 * job carries every input, so a worker needs nothing else. A point's result comes back ready to store: packed
 * artifacts, metrics, content hashes and serialised LUT entries, so the coordinator (the only writer) does no
 * more than insert rows.
 */
import type { Accelerator, CactiRunDelta, PipelineProgress, StoredCactiRun, SweepDefinition } from '../../engine';
import type { RunMetrics } from '../../shared/api-types';
import type { PackedArtifact, Provenance } from '../store';

export interface SweepWorkloadSource {
  /** The path as the sweep file gave it (also the workload's name for the importer). */
  readonly path: string;
  readonly name: string;
  readonly format: 'onnx' | 'yaml';
  /** base64 (JSON-safe for the queue). */
  readonly bytesBase64: string;
}

/** The base inputs of a sweep, as stored with it. */
export interface SweepBase {
  readonly accelerator: Accelerator;
  readonly acceleratorName: string;
  readonly mapping: { readonly name: string; readonly yaml: string };
  /** Keyed by the path written in the sweep file (the workload axis' values). */
  readonly workloads: Readonly<Record<string, SweepWorkloadSource>>;
}

export type { Provenance };

export interface PointJob {
  readonly sweepId: number;
  readonly index: number;
  /** Unique key of the point (idempotent completion): `<sweep token>:<index>`. */
  readonly key: string;
  readonly definition: SweepDefinition;
  readonly base: SweepBase;
  readonly params: Readonly<Record<string, unknown>>;
  /** The coordinator's version; a worker of another version refuses the job. */
  readonly provenance: Provenance;
  /** The workspace's direct CACTI results when the point was sent, so that no worker runs CACTI for them again. */
  readonly cactiRuns?: readonly StoredCactiRun[];
}

/** One GA seed's run of a point, as the store keeps it. */
export interface SeedRun {
  readonly seed: number;
  readonly metrics: RunMetrics;
  /** The run result packed by the store's `packRunResult`. */
  readonly artifacts: readonly PackedArtifact[];
}

export type PointResult =
  | {
      readonly status: 'done';
      readonly runs: readonly SeedRun[];
      /** Content hashes of the point's design and mapping (after the axis values and the consistency rules). */
      readonly designHash: string;
      readonly mappingHash: string;
      readonly workloadPath: string;
      readonly options: Readonly<Record<string, unknown>>;
      readonly areaMm2: number | null;
      readonly notes: readonly string[];
      /** CPU of the worker process (all its threads) on this point: from the job's receipt to the result ready to send. */
      readonly cpuMs: number;
      readonly lut: { readonly hits: number; readonly misses: number };
      /** Cost LUT entries computed for this point (key, entry as JSON), for the coordinator to store. */
      readonly newLutEntries: readonly (readonly [string, string])[];
      readonly lutHitKeys: readonly (readonly [string, number])[];
      /** Direct CACTI results of the point (new ones to store, stored ones reused). */
      readonly cacti?: CactiRunDelta;
    }
  | { readonly status: 'invalid' | 'failed'; readonly error: string; readonly cpuMs: number; readonly cacti?: CactiRunDelta };

/** A job's sweep: the part of its key before the point index. */
export const sweepTokenOf = (key: string): string => key.slice(0, key.lastIndexOf(':'));

/**
 * A local pool sends a sweep's definition and base (tens of KB: the accelerator and the workload bytes) to each
 * worker with its first point of that sweep only; the worker keeps them for the sweep's next points.
 */
export type PoolJob = Omit<PointJob, 'definition' | 'base'> & Partial<Pick<PointJob, 'definition' | 'base'>>;

export type PoolHostMessage = { readonly type: 'point'; readonly job: PoolJob } | { readonly type: 'cancel' };

export type PoolWorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly index: number; readonly progress: PipelineProgress }
  | { readonly type: 'result'; readonly index: number; readonly result: PointResult };
