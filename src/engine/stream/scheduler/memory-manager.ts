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

/**
 * Per-class arrays of a memory, kept for reuse by the next schedule (one schedule runs at a time per thread).
 * Interleaved per class, so that storing or freeing a class touches two cache lines rather than six:
 * `ints[4e .. 4e+3]` = present (0/1), tensor object, next, prev; `floats[2e .. 2e+1]` = stored since, available
 * since. Slot `slots` (ints only) is the head of the list of stored classes in insertion order.
 */
interface ClassArrays {
  readonly ints: Int32Array;
  readonly floats: Float64Array;
}
const pool = new Map<number, ClassArrays[]>();
const PRESENT = 0;
const TENSOR = 1;
const NEXT = 2;
const PREV = 3;

function takeArrays(slots: number): ClassArrays {
  // `dispose` cleared `present`; list links are read only for present classes, so only the head needs a reset.
  const a = pool.get(slots)?.pop() ?? { ints: new Int32Array((slots + 1) * 4), floats: new Float64Array(slots * 2) };
  a.ints[slots * 4 + NEXT] = slots;
  a.ints[slots * 4 + PREV] = slots;
  return a;
}

export class MemoryState {
  readonly capacity: number;
  /** Usage in bits over time (breakpoints strictly increasing, the first at 0). */
  readonly steps: StepFunction;
  peak = 0;
  /**
   * Stored entries by equality class (see ClassArrays): whether stored, the tensor object first stored under the
   * class (the one evictions act on), since when its space is reserved and since when it is available, and the
   * chain of stored classes in insertion order.
   */
  private slots: number;
  private ints: Int32Array;
  private floats: Float64Array;

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
    this.ints = a.ints;
    this.floats = a.floats;
  }

  /**
   * Hands the per-class arrays (and with `reuseUsage` the usage arrays) on for reuse; the state must not be used
   * afterwards (without `reuseUsage` its usage trace stays valid).
   */
  dispose(): void {
    if (this.slots === 0) return;
    if (this.reuseUsage) this.steps.dispose();
    const { slots, ints, floats } = this;
    for (let e = ints[slots * 4 + NEXT]; e !== slots; e = ints[e * 4 + NEXT]) ints[e * 4 + PRESENT] = 0;
    let list = pool.get(slots);
    if (!list) pool.set(slots, (list = []));
    if (list.length < 64) list.push({ ints, floats });
    this.ints = new Int32Array(4);
    this.slots = 0;
  }

  private growTo(eq: number): void {
    const slots = Math.max(eq + 1, this.slots * 2);
    const oldHead = this.slots;
    const old = this.ints;
    const ints = new Int32Array((slots + 1) * 4);
    for (let e = 0; e < oldHead; e++) {
      ints[e * 4 + PRESENT] = old[e * 4 + PRESENT];
      ints[e * 4 + TENSOR] = old[e * 4 + TENSOR];
    }
    const floats = new Float64Array(slots * 2);
    floats.set(this.floats.subarray(0, oldHead * 2));
    // Re-link the list with the head moved from slot `oldHead` to slot `slots`.
    let last = slots;
    for (let e = old[oldHead * 4 + NEXT]; e !== oldHead; e = old[e * 4 + NEXT]) {
      ints[last * 4 + NEXT] = e;
      ints[e * 4 + PREV] = last;
      last = e;
    }
    ints[last * 4 + NEXT] = slots;
    ints[slots * 4 + PREV] = last;
    this.ints = ints;
    this.floats = floats;
    this.slots = slots;
  }

  usageAt(t: number): number {
    const i = this.steps.indexAt(t);
    return i < 0 ? this.steps.values[0] : this.steps.values[i];
  }

  contains(eq: number): boolean {
    return eq < this.slots && this.ints[eq * 4 + PRESENT] === 1;
  }

  /** Reserves `size` bits from `storedSince` on; throws when any later usage would exceed the capacity. */
  add(eq: number, tensor: number, size: number, storedSince: number, availableSince: number): void {
    if (this.contains(eq)) return;
    if (eq >= this.slots) this.growTo(eq);
    const ints = this.ints;
    const e = eq * 4;
    ints[e + PRESENT] = 1;
    ints[e + TENSOR] = tensor;
    this.floats[eq * 2] = storedSince;
    this.floats[eq * 2 + 1] = availableSince;
    const head = this.slots * 4;
    const last = ints[head + PREV];
    ints[last * 4 + NEXT] = eq;
    ints[e + PREV] = last;
    ints[e + NEXT] = this.slots;
    ints[head + PREV] = eq;
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
    const ints = this.ints;
    const e = eq * 4;
    ints[e + PRESENT] = 0;
    const p = ints[e + PREV];
    const n = ints[e + NEXT];
    ints[p * 4 + NEXT] = n;
    ints[n * 4 + PREV] = p;
    const at = this.steps.ensure(t);
    const usage = this.steps.values;
    for (let k = at, len = this.steps.length; k < len; k++) usage[k] -= size;
  }

  /** When the class became available here, or NaN when it is not stored. */
  availableSince(eq: number): number {
    return this.contains(eq) ? this.floats[eq * 2 + 1] : NaN;
  }

  /** Tensor objects whose space was reserved at or before `t`, in storage order (into `out`, emptied first). */
  storedAt(t: number, out: number[] = []): number[] {
    out.length = 0;
    const { slots: head, ints, floats } = this;
    for (let e = ints[head * 4 + NEXT]; e !== head; e = ints[e * 4 + NEXT]) if (floats[e * 2] <= t) out.push(ints[e * 4 + TENSOR]);
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
