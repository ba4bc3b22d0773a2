/**
 * Messages between the pipeline host (main / web host / CLI) and a pipeline worker process. Plain
 * structured-clone data (Electron's utilityProcess and Node's advanced IPC serialisation both carry it).
 */
import type { CactiRunDelta, PipelineProgress, RunResult } from '../../engine';

/** Everything a worker needs to run one pipeline: the inputs as stored, already resolved from their ids. */
export interface PipelineJob {
  readonly runId: number;
  /** Workspace file the worker reads cost LUT entries from (read-only); null: no persistent LUT. */
  readonly dbPath: string | null;
  readonly accelerator: unknown;
  readonly workload: { readonly name: string; readonly format: 'onnx' | 'yaml'; readonly bytes: Uint8Array };
  readonly mapping: { readonly name: string; readonly yaml: string };
  readonly options: Readonly<Record<string, unknown>>;
  /** The host's model fingerprint: only cost LUT entries of this model are reused. */
  readonly modelFingerprint?: string;
}

export type HostMessage = { readonly type: 'start'; readonly job: PipelineJob } | { readonly type: 'cancel' };

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly progress: PipelineProgress }
  /** New cost LUT entries, sent in batches while the run goes on, and the keys hit since the last batch. */
  | { readonly type: 'lut'; readonly entries: readonly (readonly [string, unknown])[]; readonly hits: readonly (readonly [string, number])[] }
  /** Direct CACTI results of the job, new and reused (sent once, just before the last message). */
  | ({ readonly type: 'cacti' } & CactiRunDelta)
  | { readonly type: 'done'; readonly result: RunResult; readonly durationMs: number }
  | { readonly type: 'cancelled' }
  | { readonly type: 'failed'; readonly error: string; readonly invalidInput: boolean };
