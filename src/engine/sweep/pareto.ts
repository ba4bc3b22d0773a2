/** Pareto filter of sweep points: a point stays when no other point is at least as good in every objective and better in one. */

export interface Objectives {
  readonly index: number;
  /** Values to minimise, same length for every point (e.g. latency, energy, area). */
  readonly values: readonly number[];
}

function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! > b[i]!) return false;
    if (a[i]! < b[i]!) better = true;
  }
  return better;
}

/**
 * Indices of the non-dominated points, sorted by the first objective. Points with identical objectives are all
 * kept (neither dominates the other). Sort-then-scan: a point can only be dominated by one earlier in the
 * lexicographic order, so each is compared with the current front only.
 */
export function paretoFront(points: readonly Objectives[]): number[] {
  const sorted = [...points].sort((a, b) => {
    for (let i = 0; i < a.values.length; i++) if (a.values[i] !== b.values[i]) return a.values[i]! - b.values[i]!;
    return a.index - b.index;
  });
  const front: Objectives[] = [];
  for (const p of sorted) if (!front.some((f) => dominates(f.values, p.values))) front.push(p);
  return front.map((p) => p.index);
}

export interface PointFigures {
  readonly index: number;
  readonly latencyCycles: number;
  readonly energyPj: number;
  readonly areaMm2: number | null;
}

/** Pareto set over latency, energy and (when every point has one) area. */
export function sweepPareto(points: readonly PointFigures[]): number[] {
  const withArea = points.length > 0 && points.every((p) => p.areaMm2 !== null);
  return paretoFront(points.map((p) => ({ index: p.index, values: withArea ? [p.latencyCycles, p.energyPj, p.areaMm2!] : [p.latencyCycles, p.energyPj] })));
}
