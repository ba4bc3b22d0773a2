/** Port-level formulas: stall/slack combination, updating-window union, balanced loading reduction. */
import { describe, expect, it } from 'vitest';
import { portStall, reduceBalanced, updatingWindowUnion } from '../../../src/engine/zigzag/port-activity';

describe('updating-window union', () => {
  it('is the whole computation as soon as one activity may update all the time', () => {
    expect(updatingWindowUnion([{ real: 1, allowed: 2, period: 4, periodCount: 8 }, { real: 1, allowed: 1, period: 1, periodCount: 32 }])).toBe(32);
  });

  it('unions periodic windows of nested periods', () => {
    // Period 4 with window 1 → slots {0, 4, 8, 12}; period 16 with window 6 → {0..5}: union 6 + 2 = 8 per 16.
    const acts = [
      { real: 1, allowed: 1, period: 4, periodCount: 16 },
      { real: 3, allowed: 6, period: 16, periodCount: 4 },
    ];
    expect(updatingWindowUnion(acts)).toBe(8 * 4);
  });

  it('handles periods that do not divide each other with a timeline', () => {
    // Period 3 window 1 over 6 slots → {0, 3}; period 6 window 2 → {0, 1}: union {0, 1, 3} = 3.
    const acts = [
      { real: 1, allowed: 1, period: 3, periodCount: 10 },
      { real: 1, allowed: 2, period: 6, periodCount: 5 },
    ];
    expect(updatingWindowUnion(acts)).toBe(3 * 5);
  });
});

describe('port stall', () => {
  it('single activity: (real - allowed) × (periods - 1), slack negative', () => {
    expect(portStall([{ real: 1, allowed: 18, period: 18, periodCount: 6272 }])).toBe(-106607);
    expect(portStall([{ real: 5, allowed: 2, period: 4, periodCount: 11 }])).toBe(30);
  });

  it('shared port: stalls add up, slack only absorbs the window overlap', () => {
    // Two activities each needing every cycle: windows 4095 + 4095 in a union of 4096 → 4094 stall cycles.
    const a = { real: 1, allowed: 1, period: 1, periodCount: 4096 };
    expect(portStall([a, { ...a }])).toBe(4094);
  });
});

describe('balanced loading reduction', () => {
  const reduce = (cycles: number[], minimums: number[], surplus: number) =>
    Array.from(reduceBalanced(Float64Array.from(cycles), Float64Array.from(minimums), surplus, new Float64Array(cycles.length), cycles.length));

  it('reproduces the reference figures of ResNet-18 layer 2 on tpu_like (negative entries included)', () => {
    expect(reduce([26912, 25088, 4608], [26912, 1, 5], 112896)).toEqual([-2778, -4602, 5]);
  });

  it('does nothing without surplus; a surplus smaller than the first step all goes to the largest entry', () => {
    expect(reduce([10, 4], [1, 1], 0)).toEqual([10, 4]);
    // Step 0 could take 9 from the largest entry; only 4 are available, so it alone is reduced.
    expect(reduce([10, 10, 2], [1, 1, 1], 4)).toEqual([6, 10, 2]);
    // 9 takes the largest to its minimum; the remaining 11 are then split over the two largest entries,
    // including the one already at its minimum (the reference's quirk): 1 - 5.5 and 10 - 5.5.
    expect(reduce([10, 10, 2], [1, 1, 1], 20)).toEqual([-4.5, 4.5, 2]);
  });

  it('writes only the first n entries of a longer reused output', () => {
    const out = Float64Array.from([0, 0, 99]);
    reduceBalanced(Float64Array.from([10, 4, 7]), Float64Array.from([1, 1, 1]), 3, out, 2);
    expect(Array.from(out)).toEqual([7, 4, 99]);
  });
});
