/**
 * What travels between the sweep coordinator and the processes that run points (local pool workers and BullMQ
 * queue workers): plain structured-clone / JSON data. A job carries every input, so a worker needs nothing else.
 */
import type { Accelerator, CactiRunDelta, PipelineProgress, RunResult, StoredCactiRun, SweepDefinition } from '../../engine';

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

export interface Provenance {
  readonly engineVersion: string;
  readonly modelFingerprint: string;
}

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

export interface SeedRun {
  readonly seed: number;
  readonly result: RunResult;
  readonly durationMs: number;
}

export type PointResult =
  | {
      readonly status: 'done';
      readonly runs: readonly SeedRun[];
      /** The point's design and mapping after the axis values and the consistency rules. */
      readonly accelerator: Accelerator;
      readonly mappingYaml: string;
      readonly workloadPath: string;
      readonly options: Readonly<Record<string, unknown>>;
      readonly areaMm2: number | null;
      readonly notes: readonly string[];
      readonly cpuMs: number;
      readonly lut: { readonly hits: number; readonly misses: number };
      /** Cost LUT entries computed for this point, for the coordinator to store. */
      readonly newLutEntries: readonly (readonly [string, unknown])[];
      readonly lutHitKeys: readonly (readonly [string, number])[];
      /** Direct CACTI results of the point (new ones to store, stored ones reused). */
      readonly cacti?: CactiRunDelta;
    }
  | { readonly status: 'invalid' | 'failed'; readonly error: string; readonly cpuMs: number; readonly cacti?: CactiRunDelta };

export type PoolHostMessage = { readonly type: 'point'; readonly job: PointJob } | { readonly type: 'cancel' };

export type PoolWorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly index: number; readonly progress: PipelineProgress }
  | { readonly type: 'result'; readonly index: number; readonly result: PointResult };
