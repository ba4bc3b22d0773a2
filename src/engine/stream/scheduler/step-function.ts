/**
 * A piecewise-constant function of time: `values[i]` holds from `times[i]` until the next breakpoint. Link
 * activity and memory usage are both kept this way, in growable typed arrays (the schedule inserts breakpoints
 * mostly near the end, so an insertion moves few elements).
 */
import { grown } from './scratch';

/** Arrays of disposed step functions (one schedule runs at a time per thread). */
const spares: { times: Float64Array; values: Float64Array }[] = [];

export class StepFunction {
  times: Float64Array;
  values: Float64Array;
  /** Number of breakpoints in use. */
  length = 1;

  constructor(capacity = 64, reuse = false) {
    const spare = reuse ? spares.pop() : undefined;
    if (spare) {
      this.times = spare.times;
      this.values = spare.values;
      this.times[0] = 0;
      this.values[0] = 0;
    } else {
      this.times = new Float64Array(capacity);
      this.values = new Float64Array(capacity);
    }
  }

  /** Hands the arrays on to a later step function made with `reuse`; this one must not be used afterwards. */
  dispose(): void {
    if (spares.length < 256) spares.push({ times: this.times, values: this.values });
    this.length = 0;
  }

  /** Index of the breakpoint in force at `t` (the last one ≤ t), or -1 before the first. */
  indexAt(t: number): number {
    const times = this.times;
    if (t < times[0]) return -1;
    // Most queries are at or near the end: check the last breakpoint first, then gallop back (1, 2, 4, … from
    // the end) to bracket the answer before the binary search, so a query close to the end costs few steps.
    let hi = this.length - 1;
    if (times[hi] <= t) return hi;
    let lo = 0;
    for (let step = 1; hi - step > 0; step *= 2) {
      const k = hi - step;
      if (times[k] <= t) {
        lo = k;
        break;
      }
      hi = k - 1;
    }
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (times[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Ensures a breakpoint at `t` (carrying the value in force there, 0 before the first) and returns its index. */
  ensure(t: number): number {
    const i = this.indexAt(t);
    if (i >= 0 && this.times[i] === t) return i;
    const at = i + 1;
    if (this.length === this.times.length) this.grow();
    const { times, values } = this;
    // Most insertions are near the end: a plain loop moves a few breakpoints faster than copyWithin's call.
    if (this.length - at > 16) {
      times.copyWithin(at + 1, at, this.length);
      values.copyWithin(at + 1, at, this.length);
    } else {
      for (let k = this.length; k > at; k--) {
        times[k] = times[k - 1];
        values[k] = values[k - 1];
      }
    }
    times[at] = t;
    values[at] = i >= 0 ? values[i] : 0;
    this.length++;
    return at;
  }

  /** Adds `delta` to the value of every breakpoint from index `from` on. */
  raiseFrom(from: number, delta: number): void {
    const values = this.values;
    const n = this.length;
    let k = from;
    // Four at a time: TurboFan re-checks the array at every iteration of a loop (its stack check forgets what it
    // knew), and within one iteration only once.
    for (; k + 3 < n; k += 4) {
      values[k] += delta;
      values[k + 1] += delta;
      values[k + 2] += delta;
      values[k + 3] += delta;
    }
    for (; k < n; k++) values[k] += delta;
  }

  private grow(): void {
    this.times = grown(this.times);
    this.values = grown(this.values);
  }

  /** The breakpoints and values as plain arrays (for results). */
  toArrays(): { times: number[]; values: number[] } {
    return { times: Array.from(this.times.subarray(0, this.length)), values: Array.from(this.values.subarray(0, this.length)) };
  }
}
