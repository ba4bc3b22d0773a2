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
 * repeated over that activity's period count.
 */
export function updatingWindowUnion(activities: readonly PortActivity[]): number {
  for (const a of activities) if (a.period === a.allowed) return a.period * a.periodCount;
  let longest = activities[0]!;
  for (const a of activities) if (a.period > longest.period) longest = a;
  const sorted = [...activities].sort((x, y) => x.period - y.period);
  const nested = sorted.every((a, i) => i === 0 || a.period % sorted[i - 1]!.period === 0);
  const covered = nested ? nestedCoverage(sorted) : timelineCoverage(activities, longest.period);
  return covered * longest.periodCount;
}

/** Periods that divide each other: prefix coverage computed level by level without a timeline. */
function nestedCoverage(sorted: readonly PortActivity[]): number {
  // prefix(j, x): covered slots in [0, x) of the pattern formed by activities 0..j, for x <= period_j.
  const totals: number[] = [];
  const prefix = (j: number, x: number): number => {
    const a = sorted[j]!;
    if (x <= a.allowed) return x;
    if (j === 0) return a.allowed;
    return a.allowed + repeated(j - 1, x) - repeated(j - 1, a.allowed);
  };
  const repeated = (j: number, x: number): number => {
    const p = sorted[j]!.period;
    const whole = Math.floor(x / p);
    return whole * totals[j]! + prefix(j, x - whole * p);
  };
  for (let j = 0; j < sorted.length; j++) totals.push(prefix(j, sorted[j]!.period));
  return totals[sorted.length - 1]!;
}

function timelineCoverage(activities: readonly PortActivity[], length: number): number {
  const marks = new Uint8Array(length);
  for (const a of activities) {
    for (let start = 0; start < length; start += a.period) {
      const end = Math.min(length, start + a.allowed);
      for (let t = start; t < end; t++) marks[t] = 1;
    }
  }
  let count = 0;
  for (let t = 0; t < length; t++) count += marks[t]!;
  return count;
}

/** Stall (>0) of one port given its activities; slack is only used to absorb other activities' needs. */
export function portStall(activities: readonly PortActivity[]): number {
  if (activities.length === 0) return 0;
  if (activities.length === 1) return stallOrSlack(activities[0]!);
  let positive = 0;
  let negative = 0;
  let windows = 0;
  for (const a of activities) {
    const ss = stallOrSlack(a);
    if (ss > 0) positive += ss;
    else negative += ss;
    windows += updatingWindow(a);
  }
  return positive + Math.max(0, negative + windows - updatingWindowUnion(activities));
}

/**
 * Reduces `cycles` towards `minimums` by at most `surplus` in total, always shaving the largest entries
 * first and keeping them level (the reference's balancing, reproduced including its use of already-reduced
 * values, which can drive entries below their minimum).
 */
export function reduceBalanced(cycles: readonly number[], minimums: readonly number[], surplus: number): number[] {
  const result = [...cycles];
  if (surplus <= 0 || cycles.length === 0) return result;
  const order = cycles.map((_, i) => i).sort((x, y) => cycles[y]! - cycles[x]! || x - y);
  const c = order.map((i) => cycles[i]!);
  const m = order.map((i) => minimums[i]!);
  let s = surplus;
  for (let i = 0; i < c.length; i++) {
    const maxReducible = (c[i]! - m[i]!) * (i + 1);
    if (s >= maxReducible) {
      const reduction = c[i]! - m[i]!;
      for (let j = 0; j <= i; j++) c[j]! -= reduction;
      s -= maxReducible;
    } else {
      const reduction = s / (i + 1);
      for (let j = 0; j <= i; j++) c[j]! -= reduction;
      break;
    }
  }
  order.forEach((index, i) => (result[index] = c[i]!));
  return result;
}
