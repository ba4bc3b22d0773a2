import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../../../src/engine/stream/allocation';
import { Prng } from '../../../src/engine/prng';
import { ParetoFront, selectNsga2 } from '../../../src/engine/stream/ga';

const ev = (latency: number, energy: number, genome: number[] = []): Evaluation => ({ genome, latency, energy, feasible: true });

describe('genetic algorithm parts', () => {
  it('the PRNG is deterministic per seed', () => {
    const a = new Prng(5);
    const b = new Prng(5);
    const c = new Prng(6);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x).toBeGreaterThanOrEqual(0);
  });

  it('NSGA-II keeps the first front, then the most spread points of the next', () => {
    const pop = [ev(1, 10), ev(10, 1), ev(5, 5), ev(6, 6), ev(2, 11), ev(11, 2), ev(7, 7)];
    const chosen = selectNsga2(pop, 5);
    expect(chosen.slice(0, 3)).toEqual([pop[0], pop[1], pop[2]]);
    // Second front is {(6,6), (2,11), (11,2)}: the extremes have infinite crowding distance.
    expect(chosen.slice(3).sort((a, b) => a.latency - b.latency)).toEqual([pop[4], pop[5]]);
  });

  it('the Pareto front keeps only non-dominated, distinct points', () => {
    const front = new ParetoFront();
    front.update([ev(5, 5), ev(6, 6), ev(1, 10), ev(5, 5, [1]), { ...ev(0, 0), feasible: false }]);
    expect(front.members.map((e) => [e.latency, e.energy])).toEqual([
      [1, 10],
      [5, 5],
    ]);
    front.update([ev(4, 4)]);
    expect(front.members.map((e) => [e.latency, e.energy])).toEqual([
      [1, 10],
      [4, 4],
    ]);
  });
});
