/**
 * Bandwidth use of one link or bus over time: a step function of the bits/cycle in use. Transfers and
 * blocking (streaming from off-chip while a CN runs) reserve bandwidth over a window; a later request finds the
 * earliest window where enough bandwidth is left for its whole duration.
 */
import { StepFunction } from './step-function';

export type Window = readonly [number, number];

/** `firstStart` (all NaN again) and `started` arrays of disposed links (one schedule runs at a time per thread). */
const spareStarts: { firstStart: Float64Array; started: Int32Array }[] = [];

export class LinkState {
  readonly bandwidth: number;
  /** Activity in bits/cycle over time (breakpoints strictly increasing, the first at 0). */
  readonly steps = new StepFunction(64, true);
  /**
   * Per tensor object: start time of the first event carrying it, NaN when none (a repeat at the same start is a
   * broadcast: free). Grows with the tensor ids.
   */
  private firstStart: Float64Array;
  /** Tensors with a `firstStart` entry (reset to NaN at `dispose`, so the array is reused without a full fill). */
  private started: Int32Array;
  private nStarted = 0;
  /** Tensor object → start times of later events carrying it (rare). */
  private readonly laterStarts = new Map<number, number[]>();
  /** Tensor object → the [start, end) of the events carrying it, in the order they were reserved. */
  private readonly carried = new Map<number, Window[]>();

  constructor(
    bandwidth: number,
    /** Keep the windows of past events per tensor (for `carriedWindows`). */
    private readonly trackCarried = true,
  ) {
    this.bandwidth = bandwidth;
    const spare = spareStarts.pop();
    this.firstStart = spare?.firstStart ?? new Float64Array(0);
    this.started = spare?.started ?? new Int32Array(64);
  }

  /**
   * Windows [start, end) at or after `earliest` where `required` more bits/cycle fit and that last at least
   * `duration` cycles. The last window is open-ended (end = Infinity).
   */
  idleWindows(required: number, duration: number, earliest: number): Window[] {
    const windows: Window[] = [];
    const { times, values: activity, length } = this.steps;
    const first = this.steps.indexAt(earliest);
    let start = earliest;
    const limit = this.bandwidth;
    const current = first >= 0 ? activity[first] : 0;
    if (current + required > limit) {
      // Busy at `earliest`: the first candidate start is the next breakpoint.
      if (0 >= duration) windows.push([start, earliest]);
      start = first + 1 < length ? times[first + 1] : Infinity;
    }
    for (let k = first + 1; k < length; k++) {
      if (activity[k] + required > limit) {
        const end = times[k];
        if (end - start >= duration) windows.push([start, end]);
        start = k + 1 < length ? times[k + 1] : Infinity;
      }
    }
    if (start !== Infinity) windows.push([start, Infinity]);
    return windows;
  }

  /** Start of the first of `idleWindows(required, duration, earliest)`, or NaN when there is none. */
  firstIdleStart(required: number, duration: number, earliest: number): number {
    const { times, values: activity, length } = this.steps;
    const first = this.steps.indexAt(earliest);
    let start = earliest;
    const limit = this.bandwidth;
    const current = first >= 0 ? activity[first] : 0;
    if (current + required > limit) {
      if (0 >= duration) return start;
      start = first + 1 < length ? times[first + 1] : Infinity;
    }
    for (let k = first + 1; k < length; k++) {
      if (activity[k] + required > limit) {
        if (times[k] - start >= duration) return start;
        start = k + 1 < length ? times[k + 1] : Infinity;
      }
    }
    return start !== Infinity ? start : NaN;
  }

  /** Reserves `activity` bits/cycle over [start, end). Returns false (and reserves nothing) for a repeat. */
  reserve(tensor: number, start: number, end: number, activity: number): boolean {
    if (start === end) return false;
    if (tensor >= this.firstStart.length) this.growFirstStart(tensor);
    const firstStart = this.firstStart[tensor];
    if (!Number.isNaN(firstStart)) {
      if (firstStart === start) return false;
      const later = this.laterStarts.get(tensor);
      if (later) {
        if (later.includes(start)) return false;
        later.push(start);
      } else this.laterStarts.set(tensor, [start]);
    } else {
      this.firstStart[tensor] = start;
      if (this.nStarted === this.started.length) {
        const grown = new Int32Array(this.started.length * 2);
        grown.set(this.started);
        this.started = grown;
      }
      this.started[this.nStarted++] = tensor;
    }
    const a = this.steps.ensure(start);
    const b = this.steps.ensure(end);
    const values = this.steps.values;
    for (let k = a; k < b; k++) values[k] += activity;
    if (this.trackCarried) {
      const events = this.carried.get(tensor);
      if (events) events.push([start, end]);
      else this.carried.set(tensor, [[start, end]]);
    }
    return true;
  }

  private growFirstStart(tensor: number): void {
    const grown = new Float64Array(Math.max(tensor + 1, this.firstStart.length * 2, 256)).fill(NaN);
    grown.set(this.firstStart);
    this.firstStart = grown;
  }

  /**
   * The 2024 reference's broadcast windows: earlier events that carried one of `tensors`, start at or after
   * `earliest` and last at least `duration`, in reservation order (the reference lists them before the idle
   * windows, so the first one wins even when an idle window starts earlier).
   */
  carriedWindows(tensors: readonly number[], duration: number, earliest: number): Window[] {
    const out: Window[] = [];
    for (const t of tensors) {
      for (const w of this.carried.get(t) ?? []) if (w[1] - w[0] >= duration && w[0] >= earliest) out.push(w);
    }
    return out;
  }

  /** Hands the activity arrays on for reuse; the link must not be used afterwards. */
  dispose(): void {
    this.steps.dispose();
    if (spareStarts.length < 64) {
      for (let i = 0; i < this.nStarted; i++) this.firstStart[this.started[i]] = NaN;
      spareStarts.push({ firstStart: this.firstStart, started: this.started });
    }
  }

  /** Cycles during which the link carries anything. */
  busyCycles(): number {
    const { times, values, length } = this.steps;
    let busy = 0;
    for (let k = 0; k + 1 < length; k++) if (values[k] > 0) busy += times[k + 1] - times[k];
    return busy;
  }
}

/**
 * Earliest start ≥ `earliest` from which every link has `bw` bits/cycle free for `duration` (> 0) cycles, or NaN
 * when some link never has. Equal to the start of the first long-enough piece of the intersection of the links'
 * idle windows (their windows never touch), found without building the window lists.
 */
export function earliestCommonStart(requests: readonly { readonly link: LinkState; readonly bw: number }[], earliest: number, duration: number): number {
  let start = earliest;
  for (let settled = 0, i = 0; settled < requests.length; i = (i + 1) % requests.length) {
    const s = requests[i].link.firstIdleStart(requests[i].bw, duration, start);
    if (Number.isNaN(s)) return NaN;
    if (s > start) {
      start = s;
      settled = 1;
    } else settled++;
  }
  return start;
}

/** Pairwise intersection of two sorted window lists, merging touching pieces (the reference's helper). */
export function intersectWindows(a: readonly Window[], b: readonly Window[]): Window[] {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [al, ar] = a[i];
    const [bl, br] = b[j];
    if (ar < br) i++;
    else j++;
    if (ar >= bl && br >= al) {
      const pts = [al, ar, bl, br].sort((x, y) => x - y);
      out.push([pts[1], pts[2]]);
    }
  }
  for (let k = 0; k < out.length - 1; k++) {
    if (out[k][1] === out[k + 1][0]) {
      out.splice(k, 2, [out[k][0], out[k + 1][1]]);
    }
  }
  return out;
}
