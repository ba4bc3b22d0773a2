/** How the coordinator runs points: a local pool of worker processes, or a BullMQ queue. */
import type { PipelineProgress } from '../../engine';
import type { PointJob, PointResult } from './protocol';

export interface PointExecutor {
  /** How many points may be in flight at once. */
  readonly capacity: number;
  /** Runs a point; rejects only when the executor is closed or cancelled. */
  run(job: PointJob, onProgress?: (progress: PipelineProgress) => void): Promise<PointResult>;
  /** Stops every point in flight (within a second) and rejects their promises. */
  cancel(): Promise<void>;
  close(): Promise<void>;
}

export class ExecutorCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'ExecutorCancelled';
  }
}
