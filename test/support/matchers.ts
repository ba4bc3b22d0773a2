/**
 * `expect(actual).toBeWithinRelative(expected, tolerance)`: |actual − expected| ≤ tolerance × |expected|.
 * On failure it prints both values, the relative error and the tolerance, so a drifted figure shows which way
 * and by how much. Registered for every node test by vitest.config.ts (setupFiles).
 */
import { expect } from 'vitest';

/** |actual − expected| / |expected|; 0 when equal, Infinity for any other value against an expected 0. */
function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.abs(expected);
}

declare module 'vitest' {
  // vitest 4: `Assertion<T>` (and the asymmetric `expect.*`) extend `Matchers<T>`, whose default must stay `any`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  interface Matchers<T = any> {
    /** |actual − expected| ≤ tolerance × |expected| (a NaN on either side fails). */
    toBeWithinRelative: (expected: number, tolerance: number) => T;
  }
}

expect.extend({
  toBeWithinRelative(actual: unknown, expected: number, tolerance: number) {
    if (!(tolerance >= 0)) throw new TypeError(`toBeWithinRelative: the tolerance must be a number ≥ 0, got ${tolerance}`);
    if (typeof actual !== 'number') {
      return { pass: false, message: () => `expected a number within a relative ${tolerance} of ${expected}, got ${this.utils.printReceived(actual)}` };
    }
    const error = relativeError(actual, expected);
    const pass = error <= tolerance;
    return {
      pass,
      actual,
      expected,
      message: () =>
        `expected ${actual} ${this.isNot ? 'not ' : ''}to be within a relative ${tolerance} of ${expected}: ` +
        `relative error ${error.toPrecision(3)} (|${actual} − ${expected}| / |${expected}|), tolerance ${tolerance}`,
    };
  },
});
