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

/** Per-class arrays of a memory, kept for reuse by the next schedule (one schedule runs at a time per thread). */
interface ClassArrays {
  readonly present: Uint8Array;
  readonly tensorOf: Int32Array;
  readonly storedSince: Float64Array;
  readonly available: Float64Array;
  readonly next: Int32Array;
  readonly prev: Int32Array;
}
const pool = new Map<number, ClassArrays[]>();

function takeArrays(slots: number): ClassArrays {
  const a = pool.get(slots)?.pop();
  if (a) {
    // `dispose` cleared `present`; list links are read only for present classes, so only the head needs a reset.
    a.next[slots] = slots;
    a.prev[slots] = slots;
    return a;
  }
  return {
    present: new Uint8Array(slots),
    tensorOf: new Int32Array(slots),
    storedSince: new Float64Array(slots),
    available: new Float64Array(slots),
    next: new Int32Array(slots + 1).fill(slots),
    prev: new Int32Array(slots + 1).fill(slots),
  };
}

export class MemoryState {
  readonly capacity: number;
  /** Usage in bits over time (breakpoints strictly increasing, the first at 0). */
  readonly steps: StepFunction;
  peak = 0;
  /**
   * Stored entries by equality class, in typed arrays indexed by class: whether stored, the tensor object first
   * stored under the class (the one evictions act on), since when its space is reserved and since when it is
   * available; `next`/`prev` chain the stored classes in insertion order (slot `slots` is the list head).
   */
  private slots: number;
  private present: Uint8Array;
  private tensorOf: Int32Array;
  private storedSince: Float64Array;
  private available: Float64Array;
  private next: Int32Array;
  private prev: Int32Array;

  /**
   * `classes`: number of tensor equality classes expected (the arrays grow when a larger one comes).
   * `reuseUsage`: the usage arrays come from and go back to the pool of step functions, so the usage trace is
   * gone after `dispose`.
   */
  constructor(
    capacity: number,
    classes = 16,
    private readonly reuseUsage = false,
  ) {
    this.capacity = capacity;
    this.steps = new StepFunction(64, reuseUsage);
    this.slots = Math.max(1, classes);
    const a = takeArrays(this.slots);
    this.present = a.present;
    this.tensorOf = a.tensorOf;
    this.storedSince = a.storedSince;
    this.available = a.available;
    this.next = a.next;
    this.prev = a.prev;
  }

  /**
   * Hands the per-class arrays (and with `reuseUsage` the usage arrays) on for reuse; the state must not be used
   * afterwards (without `reuseUsage` its usage trace stays valid).
   */
  dispose(): void {
    if (this.slots === 0) return;
    if (this.reuseUsage) this.steps.dispose();
    const { slots, present, tensorOf, storedSince, available, next, prev } = this;
    for (let e = next[slots]; e !== slots; e = next[e]) present[e] = 0;
    let list = pool.get(slots);
    if (!list) pool.set(slots, (list = []));
    if (list.length < 64) list.push({ present, tensorOf, storedSince, available, next, prev });
    this.present = new Uint8Array(0);
    this.slots = 0;
  }

  private growTo(eq: number): void {
    const slots = Math.max(eq + 1, this.slots * 2);
    const widen = <T extends Uint8Array | Int32Array | Float64Array>(a: T, make: (n: number) => T, n: number): T => {
      const b = make(n);
      b.set(a.subarray(0, Math.min(a.length, n)));
      return b;
    };
    const oldHead = this.slots;
    this.present = widen(this.present, (n) => new Uint8Array(n), slots);
    this.tensorOf = widen(this.tensorOf, (n) => new Int32Array(n), slots);
    this.storedSince = widen(this.storedSince, (n) => new Float64Array(n), slots);
    this.available = widen(this.available, (n) => new Float64Array(n), slots);
    // Re-link the list with the head moved from slot `oldHead` to slot `slots`.
    const next = new Int32Array(slots + 1).fill(slots);
    const prev = new Int32Array(slots + 1).fill(slots);
    let last = slots;
    for (let e = this.next[oldHead]; e !== oldHead; e = this.next[e]) {
      next[last] = e;
      prev[e] = last;
      last = e;
    }
    next[last] = slots;
    prev[slots] = last;
    this.next = next;
    this.prev = prev;
    this.slots = slots;
  }

  usageAt(t: number): number {
    const i = this.steps.indexAt(t);
    return i < 0 ? this.steps.values[0] : this.steps.values[i];
  }

  contains(eq: number): boolean {
    return eq < this.slots && this.present[eq] === 1;
  }

  /** Reserves `size` bits from `storedSince` on; throws when any later usage would exceed the capacity. */
  add(eq: number, tensor: number, size: number, storedSince: number, availableSince: number): void {
    if (this.contains(eq)) return;
    if (eq >= this.slots) this.growTo(eq);
    this.present[eq] = 1;
    this.tensorOf[eq] = tensor;
    this.storedSince[eq] = storedSince;
    this.available[eq] = availableSince;
    const head = this.slots;
    const last = this.prev[head];
    this.next[last] = eq;
    this.prev[eq] = last;
    this.next[eq] = head;
    this.prev[head] = eq;
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
    if (!this.contains(eq)) return;
    this.present[eq] = 0;
    const p = this.prev[eq];
    const n = this.next[eq];
    this.next[p] = n;
    this.prev[n] = p;
    const at = this.steps.ensure(t);
    const usage = this.steps.values;
    for (let k = at, len = this.steps.length; k < len; k++) usage[k] -= size;
  }

  /** When the class became available here, or NaN when it is not stored. */
  availableSince(eq: number): number {
    return this.contains(eq) ? this.available[eq] : NaN;
  }

  /** Tensor objects whose space was reserved at or before `t`, in storage order (into `out`, emptied first). */
  storedAt(t: number, out: number[] = []): number[] {
    out.length = 0;
    const head = this.slots;
    for (let e = this.next[head]; e !== head; e = this.next[e]) if (this.storedSince[e] <= t) out.push(this.tensorOf[e]);
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
