/**
 * Bandwidth use of one link or bus over time: a step function of the bits/cycle in use. Transfers and
 * blocking (streaming from off-chip while a CN runs) reserve bandwidth over a window; a later request finds the
 * earliest window where enough bandwidth is left for its whole duration.
 */
import { grown } from './scratch';
import { StepFunction } from './step-function';

export type Window = readonly [number, number];

/** Arrays of disposed reservation logs (one schedule runs at a time per thread). */
const spareLogs: { head: Int32Array; link: Int32Array; tensor: Int32Array; start: Float64Array; next: Int32Array }[] = [];

/**
 * The starts of the events reserved on the links of one schedule, per tensor object: a second event of the same
 * tensor on the same link at the same start is a broadcast (free). One log serves every link, so a lookup reads
 * a short chain of recent entries instead of a per-link, per-tensor array (a cache miss on every reservation).
 */
export class ReservationLog {
  /** Per tensor object: its latest entry, -1 when none (grows with the tensor ids). */
  private head: Int32Array;
  /** Per entry: link, tensor, start and the tensor's previous entry (-1 at the end of its chain). */
  private link: Int32Array;
  private tensor: Int32Array;
  private start: Float64Array;
  private next: Int32Array;
  private n = 0;

  constructor() {
    const spare = spareLogs.pop();
    this.head = spare?.head ?? new Int32Array(256).fill(-1);
    this.link = spare?.link ?? new Int32Array(256);
    this.tensor = spare?.tensor ?? new Int32Array(256);
    this.start = spare?.start ?? new Float64Array(256);
    this.next = spare?.next ?? new Int32Array(256);
  }

  /** Records an event of `tensor` on `link` from `start`; false (and nothing recorded) when one is already there. */
  record(link: number, tensor: number, start: number): boolean {
    if (tensor >= this.head.length) {
      const head = new Int32Array(Math.max(tensor + 1, this.head.length * 2)).fill(-1);
      head.set(this.head);
      this.head = head;
    }
    for (let e = this.head[tensor]; e >= 0; e = this.next[e]) if (this.link[e] === link && this.start[e] === start) return false;
    if (this.n === this.link.length) this.growEntries();
    const e = this.n++;
    this.link[e] = link;
    this.tensor[e] = tensor;
    this.start[e] = start;
    this.next[e] = this.head[tensor];
    this.head[tensor] = e;
    return true;
  }

  private growEntries(): void {
    this.link = grown(this.link);
    this.tensor = grown(this.tensor);
    this.start = grown(this.start);
    this.next = grown(this.next);
  }

  /** Hands the arrays on for reuse (heads reset); the log must not be used afterwards. */
  dispose(): void {
    for (let e = 0; e < this.n; e++) this.head[this.tensor[e]] = -1;
    this.n = 0;
    if (spareLogs.length < 4) spareLogs.push({ head: this.head, link: this.link, tensor: this.tensor, start: this.start, next: this.next });
  }
}

export class LinkState {
  readonly bandwidth: number;
  /** Activity in bits/cycle over time (breakpoints strictly increasing, the first at 0). */
  readonly steps = new StepFunction(64, true);
  /** Tensor object → the [start, end) of the events carrying it, in the order they were reserved (when tracked). */
  private readonly carried: Map<number, Window[]> | undefined;

  constructor(
    bandwidth: number,
    /** Keep the windows of past events per tensor (for `carriedWindows`). */
    trackCarried = true,
    /** The log of event starts this link shares with the other links of its schedule, and its index there. */
    private readonly log: ReservationLog = new ReservationLog(),
    private readonly index = 0,
  ) {
    this.bandwidth = bandwidth;
    this.carried = trackCarried ? new Map() : undefined;
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
    if (!this.log.record(this.index, tensor, start)) return false;
    const a = this.steps.ensure(start);
    const b = this.steps.ensure(end);
    const values = this.steps.values;
    for (let k = a; k < b; k++) values[k] += activity;
    if (this.carried) {
      const events = this.carried.get(tensor);
      if (events) events.push([start, end]);
      else this.carried.set(tensor, [[start, end]]);
    }
    return true;
  }

  /**
   * The 2024 reference's broadcast windows: earlier events that carried one of `tensors`, start at or after
   * `earliest` and last at least `duration`, in reservation order (the reference lists them before the idle
   * windows, so the first one wins even when an idle window starts earlier).
   */
  carriedWindows(tensors: readonly number[], duration: number, earliest: number): Window[] {
    const out: Window[] = [];
    for (const t of tensors) {
      for (const w of this.carried?.get(t) ?? []) if (w[1] - w[0] >= duration && w[0] >= earliest) out.push(w);
    }
    return out;
  }

  /** Hands the activity arrays on for reuse; the link must not be used afterwards (nor its log, by its owner). */
  dispose(): void {
    this.steps.dispose();
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
 * Earliest start ≥ `earliest` from which each of the first `n` links has `bws[i]` bits/cycle free for `duration`
 * (> 0) cycles, or NaN when some link never has. Equal to the start of the first long-enough piece of the
 * intersection of the links' idle windows (their windows never touch), found without building the window lists.
 * Bandwidths come in a typed array: kept in objects, every store of a fractional value allocates a number.
 */
export function earliestCommonStart(links: readonly LinkState[], bws: Float64Array, n: number, earliest: number, duration: number): number {
  let start = earliest;
  for (let settled = 0, i = 0; settled < n; i = (i + 1) % n) {
    const s = links[i].firstIdleStart(bws[i], duration, start);
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
