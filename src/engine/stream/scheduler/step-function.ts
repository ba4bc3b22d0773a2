/**
 * Helpers for piecewise-constant functions of time kept as two parallel arrays: `values[i]` holds from `times[i]`
 * until the next breakpoint. Link activity and memory usage are both kept this way.
 */

/** Index of the breakpoint in force at `t` (the last one ≤ t), or -1 before the first. */
export function breakpointIndexAt(times: readonly number[], t: number): number {
  if (times.length === 0 || t < times[0]!) return -1;
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Ensures a breakpoint at `t` (carrying the value in force there, 0 before the first) and returns its index. */
export function ensureBreakpoint(times: number[], values: number[], t: number): number {
  const i = breakpointIndexAt(times, t);
  if (i >= 0 && times[i] === t) return i;
  const at = i + 1;
  times.splice(at, 0, t);
  values.splice(at, 0, i >= 0 ? values[i]! : 0);
  return at;
}
