/**
 * Occupancy of every top-level memory instance over time. The schedule is built out of time order (transfers
 * may be placed before already-scheduled work), so usage is a step function that later reservations update
 * from their start time onwards. Tensors are identified by equality class: two tiles needing the same slice
 * of the same tensor share one stored copy.
 */
import { breakpointIndexAt, ensureBreakpoint } from './step-function';

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
  /** Breakpoints (strictly increasing) and the usage in bits from each breakpoint on. */
  times: number[] = [0];
  usage: number[] = [0];
  /** Equality class → stored entry, in insertion order. */
  readonly stored = new Map<number, Stored>();
  peak = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  private indexAt(t: number): number {
    return breakpointIndexAt(this.times, t);
  }

  private breakpoint(t: number): number {
    return ensureBreakpoint(this.times, this.usage, t);
  }

  usageAt(t: number): number {
    const i = this.indexAt(t);
    return i < 0 ? this.usage[0] : this.usage[i];
  }

  contains(eq: number): boolean {
    return this.stored.has(eq);
  }

  /** Reserves `size` bits from `storedSince` on; throws when any later usage would exceed the capacity. */
  add(eq: number, tensor: number, size: number, storedSince: number, availableSince: number): void {
    if (this.stored.has(eq)) return;
    this.stored.set(eq, { tensor, storedSince, availableSince });
    const at = this.breakpoint(storedSince);
    for (let k = at; k < this.usage.length; k++) {
      const u = this.usage[k] + size;
      if (u > this.capacity) throw new ScheduleError(`memory overflow: ${u} bits > ${this.capacity} bits at cycle ${this.times[k]}`);
      this.usage[k] = u;
      if (u > this.peak) this.peak = u;
    }
  }

  /** Frees the tensor's bits from `t` on. A tensor that is not stored is ignored. */
  remove(eq: number, size: number, t: number): void {
    if (!this.stored.delete(eq)) return;
    const at = this.breakpoint(t);
    for (let k = at; k < this.usage.length; k++) this.usage[k] -= size;
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
    for (;;) {
      const start = Math.max(0, this.indexAt(t));
      let max = -Infinity;
      let lastMax = start;
      for (let k = start; k < this.usage.length; k++) {
        if (this.usage[k] >= max) {
          max = this.usage[k];
          lastMax = k;
        }
      }
      if (max + size <= this.capacity) return t;
      if (lastMax === this.usage.length - 1) return this.times[lastMax];
      t = this.times[lastMax + 1];
    }
  }
}
