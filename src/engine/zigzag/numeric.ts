/**
 * Rounding helpers with the reference model's semantics (Python's round-half-to-even `round`, `int`
 * truncation and floor division), so that every intermediate quantity matches bit for bit.
 */

/** Python's `round(x)`: nearest integer, ties to even. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Python's `round(round(x, 3))`, used for unit counts computed from fractional unrollings. */
export function roundUnitCount(x: number): number {
  return roundHalfEven(roundHalfEven(x * 1000) / 1000);
}

/** Python's `int(x)` for finite floats. */
export const trunc = Math.trunc;
