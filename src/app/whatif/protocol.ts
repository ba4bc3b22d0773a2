/**
 * Messages between the what-if evaluator (host side, `evaluator.ts`) and its long-lived worker thread
 * (`whatif-worker.ts`). Plain structured-clone data.
 */
import type { CactiRunDelta, InputIssue, PipelineProgress, StoredAllocation } from '../../engine';
import type { WhatIfFigures } from '../../shared/api-types';

export interface WhatIfJob {
  /** Evaluation number: the job is cancelled once the shared cancel flag reaches it. */
  readonly seq: number;
  readonly accelerator: unknown;
  /** Content hash of the workload; `bytes` is sent only the first time the thread sees it. */
  readonly workload: { readonly hash: string; readonly name: string; readonly format: 'onnx' | 'yaml'; readonly bytes?: Uint8Array };
  readonly mapping: { readonly name: string; readonly yaml: string };
  readonly options: Readonly<Record<string, unknown>>;
  /** A finished run's allocation (layer id → core per CN), evaluated instead of the options' allocation search. */
  readonly storedAllocation?: StoredAllocation;
}

export interface WhatIfWorkerData {
  /** Int32 [0]: the highest cancelled evaluation number. */
  readonly cancelFlag: SharedArrayBuffer;
  /** Workspace file the thread reads cost LUT entries from (read-only); null: in-memory LUT only. */
  readonly dbPath: string | null;
  readonly modelFingerprint?: string;
}

export type WhatIfHostMessage =
  | { readonly type: 'evaluate'; readonly job: WhatIfJob }
  /** Price this design's automatic-cost memories now (an edit arrived; its evaluation follows after a debounce). */
  | { readonly type: 'prepare'; readonly accelerator: unknown };

/** New cost LUT entries and hits, and the direct CACTI results of the evaluation, for the workspace. */
type LutDelta = { readonly entries: readonly (readonly [string, unknown])[]; readonly hits: readonly (readonly [string, number])[]; readonly cacti: CactiRunDelta };

export type WhatIfWorkerMessage =
  | { readonly type: 'progress'; readonly seq: number; readonly progress: PipelineProgress }
  | ({ readonly type: 'done'; readonly seq: number; readonly figures: WhatIfFigures; readonly warnings: readonly string[] } & LutDelta)
  | ({ readonly type: 'cancelled'; readonly seq: number } & LutDelta)
  | ({ readonly type: 'failed'; readonly seq: number; readonly error: string; readonly issues: readonly InputIssue[] } & LutDelta)
  /** A `prepare` is done: the direct CACTI results it ran or reused, for the workspace. */
  | { readonly type: 'priced'; readonly cacti: CactiRunDelta }
  /** The thread does not have this workload any more (never seen): the host resends it with its bytes. */
  | { readonly type: 'need-workload'; readonly seq: number };
