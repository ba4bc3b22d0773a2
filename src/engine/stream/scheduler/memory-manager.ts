/**
 * Occupancy of every top-level memory instance over time. The schedule is built out of time order (transfers
 * may be placed before already-scheduled work), so usage is a step function that later reservations update
 * from their start time onwards. Tensors are identified by equality class: two tiles needing the same slice
 * of the same tensor share one stored copy.
 */
import { grown } from './scratch';
import { StepFunction } from './step-function';

export class ScheduleError extends Error {
  override name = 'ScheduleError';
}

/**
 * Stored entries of a memory, kept for reuse by the next schedule (one schedule runs at a time per thread). A
 * memory holds few classes at a time out of thousands, so the per-class column is one small index (`slotOf`,
 * -1 when absent) and the entries live in a dense table of slots: the whole state of every memory stays in the
 * CPU's caches (per-class entries for every memory were half a megabyte and made each lookup a cache miss).
 * `ints[4s .. 4s+3]` = class, tensor object, next, prev; `floats[2s .. 2s+1]` = stored since, available since.
 * Slot 0 is the head of the list of stored entries in insertion order; freed slots are chained through `next`
 * (slot 0's class field holds the first, 0 = none) and `used` counts the slots ever handed out.
 * The field offsets are written as literals with `|` (s << 2 | 2 is the next field of slot s): TurboFan reloads
 * a module-level constant from the module context, with a type check, at every use, and checks `+` for overflow.
 */
interface EntryArrays {
  slotOf: Int32Array;
  ints: Int32Array;
  floats: Float64Array;
}
const pool: EntryArrays[] = [];

function takeEntries(classes: number): EntryArrays {
  // `dispose` reset `slotOf` for the stored entries; the slot table starts empty (no free slot chained, none used).
  let a = pool.pop();
  if (!a || a.slotOf.length < classes) a = { slotOf: new Int32Array(classes).fill(-1), ints: a?.ints ?? new Int32Array(4 * 64), floats: a?.floats ?? new Float64Array(2 * 64) };
  a.ints[0] = 0;
  a.ints[2] = 0;
  a.ints[3] = 0;
  return a;
}

/** What other parts of the scheduler may ask of a memory's occupancy; only `Residency` stores and frees. */
export interface MemoryOccupancy {
  readonly capacity: number;
  /** Highest usage so far, in bits (bounds the usage at any time). */
  readonly peak: number;
  usageAt(t: number): number;
  availableSince(eq: number): number;
  storedAt(t: number, out?: number[]): number[];
  timeForAddition(size: number, t: number): number;
}

export class MemoryState implements MemoryOccupancy {
  readonly capacity: number;
  /** Usage in bits over time (breakpoints strictly increasing, the first at 0). */
  readonly steps: StepFunction;
  peak = 0;
  /** Slot per equality class (-1: not stored) and the slot table (see EntryArrays). */
  private slotOf: Int32Array;
  private ints: Int32Array;
  private floats: Float64Array;
  private used = 1;
  private disposed = false;

  /**
   * `classes`: number of tensor equality classes expected (the index grows when a larger one comes).
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
    const a = takeEntries(Math.max(1, classes));
    this.slotOf = a.slotOf;
    this.ints = a.ints;
    this.floats = a.floats;
  }

  /**
   * Hands the entry arrays (and with `reuseUsage` the usage arrays) on for reuse; the state must not be used
   * afterwards (without `reuseUsage` its usage trace stays valid).
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.reuseUsage) this.steps.dispose();
    const { slotOf, ints, floats } = this;
    for (let s = ints[2]; s !== 0; s = ints[(s << 2) | 2]) slotOf[ints[s << 2]] = -1;
    if (pool.length < 64) pool.push({ slotOf, ints, floats });
  }

  private growClasses(eq: number): void {
    const slotOf = new Int32Array(Math.max(eq + 1, this.slotOf.length * 2)).fill(-1);
    slotOf.set(this.slotOf);
    this.slotOf = slotOf;
  }

  /** A free slot: a freed one, else a never-used one, doubling the table when there is none. */
  private freeSlot(): number {
    const freed = this.ints[0];
    if (freed !== 0) {
      this.ints[0] = this.ints[(freed << 2) | 2];
      return freed;
    }
    if (this.used === this.ints.length >> 2) {
      this.ints = grown(this.ints);
      this.floats = grown(this.floats);
    }
    return this.used++;
  }

  usageAt(t: number): number {
    const i = this.steps.indexAt(t);
    return i < 0 ? this.steps.values[0] : this.steps.values[i];
  }

  contains(eq: number): boolean {
    return eq < this.slotOf.length && this.slotOf[eq] >= 0;
  }

  /** Reserves `size` bits from `storedSince` on; throws when any later usage would exceed the capacity. */
  add(eq: number, tensor: number, size: number, storedSince: number, availableSince: number): void {
    if (this.contains(eq)) return;
    if (eq >= this.slotOf.length) this.growClasses(eq);
    const s = this.freeSlot();
    this.slotOf[eq] = s;
    const ints = this.ints;
    const e = s << 2;
    ints[e] = eq;
    ints[e | 1] = tensor;
    this.floats[s << 1] = storedSince;
    this.floats[(s << 1) | 1] = availableSince;
    const last = ints[3];
    ints[(last << 2) | 2] = s;
    ints[e | 3] = last;
    ints[e | 2] = 0;
    ints[3] = s;
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
    const s = this.slotOf[eq];
    this.slotOf[eq] = -1;
    const e = s << 2;
    const p = ints[e | 3];
    const n = ints[e | 2];
    ints[(p << 2) | 2] = n;
    ints[(n << 2) | 3] = p;
    ints[e | 2] = ints[0];
    ints[0] = s;
    // Adding the negated size is the subtraction, bit for bit.
    this.steps.raiseFrom(this.steps.ensure(t), -size);
  }

  /** When the class became available here, or NaN when it is not stored. */
  availableSince(eq: number): number {
    return this.contains(eq) ? this.floats[(this.slotOf[eq] << 1) | 1] : NaN;
  }

  /** Tensor objects whose space was reserved at or before `t`, in storage order (into `out`, emptied first). */
  storedAt(t: number, out: number[] = []): number[] {
    out.length = 0;
    const { ints, floats } = this;
    for (let s = ints[2]; s !== 0; s = ints[(s << 2) | 2]) if (floats[s << 1] <= t) out.push(ints[(s << 2) | 1]);
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
