import { describe, expect, it } from 'vitest';
import { BoxIndex, type Box } from '../../../src/engine/stream/box-index';
import { Prng } from '../../../src/engine/prng';

function randomBox(rng: Prng, dims: number): Box {
  const lo: number[] = [];
  const hi: number[] = [];
  for (let d = 0; d < dims; d++) {
    const a = rng.int(60) - 5;
    lo.push(a);
    hi.push(a + rng.int(8));
  }
  return { lo, hi };
}

describe('BoxIndex', () => {
  it('finds exactly the boxes a brute-force scan finds', () => {
    const rng = new Prng(7);
    for (const dims of [1, 2, 4]) {
      const boxes = Array.from({ length: 200 }, () => randomBox(rng, dims));
      const index = new BoxIndex(boxes);
      for (let q = 0; q < 100; q++) {
        const query = randomBox(rng, dims);
        const expected = boxes
          .map((b, i) => ({ b, i }))
          .filter(({ b }) => b.lo.every((l, d) => l <= query.hi[d] && b.hi[d] >= query.lo[d]))
          .map(({ i }) => i);
        expect(index.intersecting(query)).toEqual(expected);
      }
    }
  });

  it('handles an empty index', () => {
    expect(new BoxIndex([]).intersecting({ lo: [0], hi: [1] })).toEqual([]);
  });
});
