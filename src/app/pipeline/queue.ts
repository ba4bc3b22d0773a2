import { availableParallelism } from 'node:os';

/** Default number of runs executing at once: one core stays free for the UI and the host. */
export function defaultConcurrency(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * A FIFO of tasks with at most `concurrency` running at the same time. Tasks can be withdrawn while they wait.
 */
export class RunQueue<K> {
  private readonly waiting: { key: K; task: () => Promise<void> }[] = [];
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private concurrency: number = defaultConcurrency()) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }

  get size(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  get limit(): number {
    return this.concurrency;
  }

  enqueue(key: K, task: () => Promise<void>): void {
    this.waiting.push({ key, task });
    this.pump();
  }

  /** Removes a task that has not started yet; false when it is running or unknown. */
  withdraw(key: K): boolean {
    const index = this.waiting.findIndex((w) => w.key === key);
    if (index === -1) return false;
    this.waiting.splice(index, 1);
    this.notifyIdle();
    return true;
  }

  /** Resolves once nothing is running or waiting. */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      this.running++;
      void next
        .task()
        .catch(() => undefined)
        .finally(() => {
          this.running--;
          this.pump();
          this.notifyIdle();
        });
    }
  }

  private notifyIdle(): void {
    if (this.running > 0 || this.waiting.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
