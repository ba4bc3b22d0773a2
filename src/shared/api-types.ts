/**
 * Result and event types of the Stream Studio API. Plain JSON data: it crosses IPC, HTTP and WebSocket.
 * Ids are SQLite integer ids; timestamps are ISO-8601 strings (UTC).
 */
import type { InputIssue } from '../engine/errors';
import type { PipelineProgress, RunResult } from '../engine/results/types';
import type { Accelerator } from './accelerator';

export type { InputIssue, PipelineProgress, RunResult, Accelerator };

export type Id = number;
export type Timestamp = string;

export interface WorkspaceInfo {
  /** Path of the SQLite file. */
  readonly path: string;
  readonly schemaVersion: number;
  readonly projects: number;
  readonly runs: number;
  /** How many runs execute at the same time; the rest wait queued. */
  readonly concurrency: number;
  /** Runs that were running when the host last died and are now marked interrupted. */
  readonly interruptedAtStart: number;
}

export interface ProjectCounts {
  readonly designs: number;
  readonly workloads: number;
  readonly mappings: number;
  readonly runs: number;
}

export interface Project {
  readonly id: Id;
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly notes: string;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
  readonly counts: ProjectCounts;
}

/** A project with the lists of what it contains (runs: the most recent first, without results). */
export interface ProjectDetail {
  readonly project: Project;
  readonly designs: readonly DesignSummary[];
  readonly workloads: readonly WorkloadSummary[];
  readonly mappings: readonly MappingSummary[];
  readonly runs: readonly RunInfo[];
}

/** A text file of a multi-file input (an accelerator YAML and the core YAML files it references). */
export interface SourceFile {
  /** Relative path as referenced by the main file, e.g. "hda_bus.yaml" or "cores/accelerator1.yaml". */
  readonly path: string;
  readonly text: string;
}

export type DesignOrigin = 'editor' | 'yaml' | 'example';

export interface DesignSummary {
  readonly id: Id;
  readonly projectId: Id;
  readonly name: string;
  readonly origin: DesignOrigin;
  readonly coreCount: number;
  readonly linkCount: number;
  /** Content hash of the accelerator JSON: runs record it so results stay attributable after edits. */
  readonly contentHash: string;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

export interface HardwareDesign extends DesignSummary {
  readonly accelerator: Accelerator;
  /** The YAML files it was imported from, when it was imported (kept for provenance; edits do not change them). */
  readonly yamlSource: { readonly main: string; readonly files: readonly SourceFile[] } | null;
}

export interface ValidationReport {
  readonly ok: boolean;
  readonly issues: readonly InputIssue[];
}

export type WorkloadFormat = 'onnx' | 'yaml';

export interface WorkloadSummary {
  readonly id: Id;
  readonly projectId: Id;
  readonly name: string;
  readonly format: WorkloadFormat;
  readonly layerCount: number;
  readonly totalMacs: number;
  readonly totalWeightBits: number;
  readonly sizeBytes: number;
  readonly contentHash: string;
  readonly createdAt: Timestamp;
}

export interface LayerSummary {
  readonly id: number;
  readonly name: string;
  /** Operator type, e.g. "Conv", "Gemm", "Add", "MaxPool". */
  readonly type: string;
  /** Loop dimension → size, e.g. { B: 1, K: 64, C: 3, OY: 112, OX: 112, FY: 7, FX: 7 }. */
  readonly loopSizes: Readonly<Record<string, number>>;
  readonly macs: number;
  readonly weightBits: number;
  /** Ids of the layers this one consumes. */
  readonly inputs: readonly number[];
}

export interface WorkloadDetail extends WorkloadSummary {
  readonly layers: readonly LayerSummary[];
  readonly edges: readonly { readonly from: number; readonly to: number }[];
}

export interface MappingSummary {
  readonly id: Id;
  readonly projectId: Id;
  readonly name: string;
  readonly entryCount: number;
  readonly contentHash: string;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
}

/** A mapping is kept as Stream mapping YAML text (the format users edit and share). */
export interface MappingDocument extends MappingSummary {
  readonly yaml: string;
}

/**
 * Every status a run can have: the one list behind the API's zod enum, this type and the SQL CHECK of the runs
 * table (store/migrations.ts).
 */
export const RUN_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** Statuses of a run that may still change (it waits for a worker or runs in one). */
export const ACTIVE_RUN_STATUSES = ['queued', 'running'] as const satisfies readonly RunStatus[];

/** Headline figures of a finished run, stored beside it so listing and comparing never load results. */
export interface RunMetrics {
  readonly latencyCycles: number;
  readonly energyPj: number;
  readonly edp: number;
  readonly nCns: number;
  /** Largest peak over all top-level memories, bytes. */
  readonly peakMemoryBytes: number;
  readonly lutHits: number;
  readonly lutMisses: number;
  /** Wall-clock time of the run in the worker, ms. */
  readonly durationMs: number;
}

export type RunOrigin = 'app' | 'cli';

export interface RunInfo {
  readonly id: Id;
  readonly projectId: Id;
  readonly name: string;
  readonly origin: RunOrigin;
  /** Inputs by id (null once the design/workload/mapping was deleted) and by content hash (kept forever). */
  readonly designId: Id | null;
  readonly workloadId: Id | null;
  readonly mappingId: Id | null;
  readonly designName: string;
  readonly workloadName: string;
  readonly mappingName: string;
  readonly designHash: string;
  readonly workloadHash: string;
  readonly mappingHash: string;
  /** Pipeline options as given (validated by the engine when the run starts). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly status: RunStatus;
  readonly createdAt: Timestamp;
  readonly startedAt: Timestamp | null;
  readonly finishedAt: Timestamp | null;
  readonly progress: PipelineProgress | null;
  readonly metrics: RunMetrics | null;
  readonly error: string | null;
  readonly tags: readonly string[];
  readonly notes: string;
  /** The sweep this run is a point of, if any. */
  readonly sweepId?: Id | null;
  /** Provenance: the Stream Studio version and the model fingerprint (cost model + scheduler) that produced it. */
  readonly engineVersion?: string | null;
  readonly modelFingerprint?: string | null;
}

export interface RunDetail {
  readonly run: RunInfo;
  /** Null unless the run is done. */
  readonly result: RunResult | null;
}

export interface MetricRow {
  readonly key: keyof RunMetrics;
  readonly label: string;
  readonly unit: string;
  /** One value per compared run, in the order of `runs`; null when the run has no metrics. */
  readonly values: readonly (number | null)[];
  /** Index of the best value (lowest), or null. */
  readonly best: number | null;
  /** value / best value − 1 per run (0 for the best), null when undefined. */
  readonly relative: readonly (number | null)[];
}

export interface OptionDifference {
  readonly key: string;
  /** One value per compared run (undefined when a run does not set it). */
  readonly values: readonly unknown[];
}

export interface RunComparison {
  readonly runs: readonly RunInfo[];
  readonly metrics: readonly MetricRow[];
  /** Options and inputs that differ between the runs (same key set for all). */
  readonly differences: readonly OptionDifference[];
  /** Full results, in the order of `runs`, when asked for with includeResults. */
  readonly results: readonly (RunResult | null)[] | null;
}

export interface LutStatistics {
  readonly entries: number;
  readonly bytes: number;
  /** Sum over entries of how often they were reused. */
  readonly totalHits: number;
  readonly oldest: Timestamp | null;
  readonly newest: Timestamp | null;
}

export interface ExampleInfo {
  /** Stable id, e.g. "tpu-resnet18". */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly designs: readonly string[];
  readonly workloads: readonly string[];
  readonly mappings: readonly string[];
}

/** A whole-project export: everything needed to rebuild it on another machine, runs and results included. */
export interface ExportedFile {
  readonly fileName: string;
  /** JSON text. */
  readonly json: string;
}

/**
 * A stored run as a run file (docs/run-file.md), zipped: one folder `run-N/` holding `run.yaml` and the run's
 * inputs beside it; `stream-studio run run-N/run.yaml` reproduces the run's figures. Sent as bytes, not JSON.
 */
export interface RunFileZip {
  /** `run-N.zip`. */
  readonly fileName: string;
  readonly zip: Uint8Array;
}

export interface ImportSummary {
  readonly projects: readonly Project[];
}

// ---- events --------------------------------------------------------------------------------------------------

export interface RunProgressEvent {
  readonly runId: Id;
  readonly projectId: Id;
  readonly progress: PipelineProgress;
}

/** Any status change (queued, running, and the terminal ones). */
export interface RunStatusEvent {
  readonly run: RunInfo;
}

export interface RunFinishedEvent {
  readonly runId: Id;
  readonly projectId: Id;
  readonly status: RunStatus;
  readonly metrics: RunMetrics | null;
  readonly error: string | null;
}

export type WorkspaceEntity = 'workspace' | 'project' | 'design' | 'workload' | 'mapping' | 'run' | 'lut' | 'sweep';

export interface WorkspaceChangedEvent {
  readonly entity: WorkspaceEntity;
  readonly change: 'created' | 'updated' | 'deleted';
  readonly id: Id | null;
  readonly projectId: Id | null;
}

/** Progress of a live what-if evaluation (`whatif.evaluate`). */
export interface WhatIfProgressEvent {
  readonly evaluationId: string;
  readonly progress: PipelineProgress;
}

export interface StudioEvents {
  'whatif.progress': WhatIfProgressEvent;
  'run.progress': RunProgressEvent;
  'run.status': RunStatusEvent;
  'run.finished': RunFinishedEvent;
  'workspace.changed': WorkspaceChangedEvent;
}

/**
 * Every status of a sweep, and of one of its points: the lists behind these types and the SQL CHECKs of the
 * sweeps and sweep_points tables (store/migrations.ts).
 */
export const SWEEP_STATUSES = ['queued', 'running', 'done', 'cancelled', 'interrupted', 'failed'] as const;
export type SweepStatus = (typeof SWEEP_STATUSES)[number];
export const POINT_STATUSES = ['pending', 'running', 'done', 'invalid', 'failed'] as const;
export type PointStatus = (typeof POINT_STATUSES)[number];

/** A design-space sweep of a project (see `stream-studio sweep`). */
export interface SweepSummary {
  readonly id: Id;
  readonly projectId: Id;
  readonly name: string;
  readonly status: SweepStatus;
  readonly total: number;
  readonly done: number;
  readonly invalid: number;
  readonly failed: number;
  readonly engineVersion: string;
  readonly modelFingerprint: string;
  readonly createdAt: Timestamp;
  readonly finishedAt: Timestamp | null;
  /** Why it failed (every point failed: the first one's reason) or was interrupted (its host stopped); null otherwise. */
  readonly error: string | null;
}

export interface SweepPointInfo {
  readonly index: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly status: PointStatus;
  readonly runId: Id | null;
  readonly latencyCycles: number | null;
  readonly energyPj: number | null;
  readonly areaMm2: number | null;
  readonly edp: number | null;
  readonly spread: { readonly latency: number; readonly energy: number } | null;
  readonly error: string | null;
}

export interface SweepDetail {
  readonly sweep: SweepSummary;
  /** Axis labels (field paths, option names, `workload`), in definition order. */
  readonly axes: readonly string[];
  readonly points: readonly SweepPointInfo[];
  /** Indices of the Pareto-optimal finished points. */
  readonly pareto: readonly number[];
}

// ---- live what-if ---------------------------------------------------------------------------------------------

/** The figures of one what-if evaluation (a pinned run configuration on an edited design). */
export interface WhatIfFigures {
  readonly latencyCycles: number;
  readonly energyPj: number;
  /** latency × energy, cycles·pJ. */
  readonly edp: number;
  /** On-chip area, mm² (null when no core has a known area). */
  readonly areaMm2: number | null;
  /** Memories whose area is unknown (left out of areaMm2), `core: memory`. */
  readonly areaMissing: readonly string[];
  readonly nCns: number;
  /** Cost LUT use of this evaluation: hits are CN classes reused (unchanged cores), misses were costed now. */
  readonly lutHits: number;
  readonly lutMisses: number;
  /** Time in the evaluator, ms. */
  readonly durationMs: number;
}

export type WhatIfResult =
  | { readonly evaluationId: string; readonly status: 'done'; readonly figures: WhatIfFigures; readonly warnings: readonly string[] }
  /** Superseded by a newer evaluation or cancelled with `whatif.cancel`. */
  | { readonly evaluationId: string; readonly status: 'cancelled' }
  /** The design or configuration cannot be evaluated (e.g. a memory too small for a layer); issues when known. */
  | { readonly evaluationId: string; readonly status: 'failed'; readonly error: string; readonly issues: readonly InputIssue[] };
