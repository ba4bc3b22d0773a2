/**
 * Occupancy of every top-level memory instance over time. The schedule is built out of time order (transfers
 * may be placed before already-scheduled work), so usage is a step function that later reservations update
 * from their start time onwards. Tensors are identified by equality class: two tiles needing the same slice
 * of the same tensor share one stored copy.
 */
import { StepFunction } from './step-function';

export class ScheduleError extends Error {
  override name = 'ScheduleError';
}

interface Stored {
  /** Tensor object first stored under this equality class (the one evictions act on). */
  readonly tensor: number;
  readonly storedSince: number;
  readonly availableSince: number;
}

export class MemoryState {
  readonly capacity: number;
  /** Usage in bits over time (breakpoints strictly increasing, the first at 0). */
  readonly steps = new StepFunction();
  /** Equality class → stored entry, in insertion order. */
  readonly stored = new Map<number, Stored>();
  peak = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  usageAt(t: number): number {
    const i = this.steps.indexAt(t);
    return i < 0 ? this.steps.values[0] : this.steps.values[i];
  }

  contains(eq: number): boolean {
    return this.stored.has(eq);
  }

  /** Reserves `size` bits from `storedSince` on; throws when any later usage would exceed the capacity. */
  add(eq: number, tensor: number, size: number, storedSince: number, availableSince: number): void {
    if (this.stored.has(eq)) return;
    this.stored.set(eq, { tensor, storedSince, availableSince });
    const at = this.steps.ensure(storedSince);
    const usage = this.steps.values;
    for (let k = at, n = this.steps.length; k < n; k++) {
      const u = usage[k] + size;
      if (u > this.capacity) throw new ScheduleError(`memory overflow: ${u} bits > ${this.capacity} bits at cycle ${this.steps.times[k]}`);
      usage[k] = u;
      if (u > this.peak) this.peak = u;
    }
  }

  /** Frees the tensor's bits from `t` on. A tensor that is not stored is ignored. */
  remove(eq: number, size: number, t: number): void {
    if (!this.stored.delete(eq)) return;
    const at = this.steps.ensure(t);
    const usage = this.steps.values;
    for (let k = at, n = this.steps.length; k < n; k++) usage[k] -= size;
  }

  availableSince(eq: number): number | undefined {
    return this.stored.get(eq)?.availableSince;
  }

  /** Tensor objects whose space was reserved at or before `t`, in storage order. */
  storedAt(t: number): number[] {
    const out: number[] = [];
    for (const s of this.stored.values()) if (s.storedSince <= t) out.push(s.tensor);
    return out;
  }

  /**
   * Earliest time ≥ t from which `size` more bits fit for good; when they never fit, the time of the last
   * usage maximum (the caller then evicts).
   */
  timeForAddition(size: number, t: number): number {
    // The peak bounds every later usage: when even it leaves room, any time works.
    if (this.peak + size <= this.capacity) return t;
    const { times, values: usage } = this.steps;
    const n = this.steps.length;
    for (;;) {
      const start = Math.max(0, this.steps.indexAt(t));
      let max = -Infinity;
      let lastMax = start;
      for (let k = start; k < n; k++) {
        if (usage[k] >= max) {
          max = usage[k];
          lastMax = k;
        }
      }
      if (max + size <= this.capacity) return t;
      if (lastMax === n - 1) return times[lastMax];
      t = times[lastMax + 1];
    }
  }

  /** Usage over time as plain arrays (for results). */
  trace(): { times: number[]; usage: number[]; peak: number } {
    const { times, values } = this.steps.toArrays();
    return { times, usage: values, peak: this.peak };
  }
}
