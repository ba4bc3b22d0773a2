/**
 * Combining periodic transfers that share one physical memory port: stall/slack and the union of their
 * memory-updating windows, plus the balanced reduction of one-shot loading cycles.
 */

export interface PortActivity {
  readonly real: number;
  readonly allowed: number;
  readonly period: number;
  readonly periodCount: number;
}

export function stallOrSlack(a: PortActivity): number {
  return (a.real - a.allowed) * (a.periodCount - 1);
}

export function updatingWindow(a: PortActivity): number {
  return a.allowed * (a.periodCount - 1);
}

/**
 * Length of the union of the updating windows over the whole computation. Each activity may update during
 * the first `allowed` cycles of each of its periods; the pattern of the longest period is counted and
 * repeated over that activity's period count. Only the first `n` activities count (callers reuse one list).
 */
export function updatingWindowUnion(activities: readonly PortActivity[], n = activities.length): number {
  for (let i = 0; i < n; i++) {
    const a = activities[i]!;
    if (a.period === a.allowed) return a.period * a.periodCount;
  }
  let longest = activities[0]!;
  for (let i = 1; i < n; i++) if (activities[i]!.period > longest.period) longest = activities[i]!;
  if (order.length < n) {
    order = new Int32Array(n * 2);
    totals = new Float64Array(n * 2);
  }
  for (let i = 0; i < n; i++) order[i] = i;
  // Insertion sort by period (stable); n is small.
  for (let i = 1; i < n; i++) {
    const x = order[i]!;
    let j = i - 1;
    while (j >= 0 && activities[order[j]!]!.period > activities[x]!.period) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = x;
  }
  let nested = true;
  for (let i = 1; i < n && nested; i++) if (activities[order[i]!]!.period % activities[order[i - 1]!]!.period !== 0) nested = false;
  const covered = nested ? nestedCoverage(activities, n) : timelineCoverage(activities, n, longest.period);
  return covered * longest.periodCount;
}

let order = new Int32Array(8);
let totals = new Float64Array(8);

/**
 * Periods that divide each other: covered slots in [0, x) of the pattern formed by the j+1 shortest-period
 * activities, computed level by level without a timeline.
 */
function prefixCoverage(acts: readonly PortActivity[], j: number, x: number): number {
  const a = acts[order[j]!]!;
  if (x <= a.allowed) return x;
  if (j === 0) return a.allowed;
  return a.allowed + repeatedCoverage(acts, j - 1, x) - repeatedCoverage(acts, j - 1, a.allowed);
}

function repeatedCoverage(acts: readonly PortActivity[], j: number, x: number): number {
  const p = acts[order[j]!]!.period;
  const whole = Math.floor(x / p);
  return whole * totals[j]! + prefixCoverage(acts, j, x - whole * p);
}

function nestedCoverage(acts: readonly PortActivity[], n: number): number {
  for (let j = 0; j < n; j++) totals[j] = prefixCoverage(acts, j, acts[order[j]!]!.period);
  return totals[n - 1]!;
}

function timelineCoverage(activities: readonly PortActivity[], n: number, length: number): number {
  const marks = new Uint8Array(length);
  for (let i = 0; i < n; i++) {
    const a = activities[i]!;
    for (let start = 0; start < length; start += a.period) {
      const end = Math.min(length, start + a.allowed);
      for (let t = start; t < end; t++) marks[t] = 1;
    }
  }
  let count = 0;
  for (let t = 0; t < length; t++) count += marks[t]!;
  return count;
}

/**
 * Stall (>0) of one port given its first `n` activities (callers may reuse a longer list); slack is only used to
 * absorb other activities' needs.
 */
export function portStall(activities: readonly PortActivity[], n = activities.length): number {
  if (n === 0) return 0;
  if (n === 1) return stallOrSlack(activities[0]!);
  let positive = 0;
  let negative = 0;
  let windows = 0;
  for (let i = 0; i < n; i++) {
    const a = activities[i]!;
    const ss = stallOrSlack(a);
    // Both sums take every activity (+ 0 for the other sign): a first stall seen only by a later layer would
    // otherwise throw the scorer's optimised code away.
    positive += ss > 0 ? ss : 0;
    negative += ss > 0 ? 0 : ss;
    windows += updatingWindow(a);
  }
  return positive + Math.max(0, negative + windows - updatingWindowUnion(activities, n));
}

/**
 * Reduces the first `n` `cycles` towards `minimums` by at most `surplus` in total, always shaving the largest
 * entries first and keeping them level (the reference's balancing, reproduced including its use of already-reduced
 * values, which can drive entries below their minimum). Writes `out[0..n)` (may alias nothing; entries past `n` of a
 * reused `out` are left as they are) and returns it. Typed arrays only: both callers then share one optimised
 * version (a plain array turning from integers to fractions, or a default argument first taken late, used to throw
 * it away, and with it the scorer's code that inlines it, several times in a cold CLI run).
 */
export function reduceBalanced(cycles: Float64Array, minimums: Float64Array, surplus: number, out: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) out[i] = cycles[i]!;
  if (surplus <= 0 || n === 0) return out;
  if (sortIdx.length < n) sortIdx = new Int32Array(n * 2);
  for (let i = 0; i < n; i++) sortIdx[i] = i;
  // Stable sort by decreasing cycles.
  for (let i = 1; i < n; i++) {
    const x = sortIdx[i]!;
    let j = i - 1;
    while (j >= 0 && cycles[sortIdx[j]!]! < cycles[x]!) {
      sortIdx[j + 1] = sortIdx[j]!;
      j--;
    }
    sortIdx[j + 1] = x;
  }
  let s = surplus;
  for (let i = 0; i < n; i++) {
    const ci = out[sortIdx[i]!]!;
    const headroom = ci - minimums[sortIdx[i]!]!;
    const maxReducible = headroom * (i + 1);
    // The i + 1 largest entries lose their headroom when the surplus covers it, else an even share of what is left
    // and the surplus is spent. Both amounts are worked out and one loop applies either: code first reached by a
    // later layer (or a division first giving a fraction late) throws this function's optimised code away.
    const share = s / (i + 1);
    const covered = s >= maxReducible;
    const reduction = covered ? headroom : share;
    for (let j = 0; j <= i; j++) out[sortIdx[j]!]! -= reduction;
    if (!covered) break;
    s -= maxReducible;
  }
  return out;
}

let sortIdx = new Int32Array(8);

