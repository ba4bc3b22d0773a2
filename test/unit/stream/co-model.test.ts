/**
 * The constraint-optimisation MILP, solved by HiGHS in a worker thread, reaches the same optimum as an exhaustive
 * enumeration of the same objective on tiny instances of several shapes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { bruteForceCo, buildCoModel, coObjective, readAssignment, type CoInstance } from '../../../src/engine/stream/co-model';
import { MilpWorker, solveMilp } from '../../../src/engine/stream/co-pool';

const task = (layerId: number, lat: Record<number, number>, weightBits = 0) => ({ gene: layerId, layerId, label: `L${layerId}`, latency: new Map(Object.entries(lat).map(([c, v]) => [Number(c), v])), weightBits });
const cores = (caps: number[]) => caps.map((capacityBits, id) => ({ id, capacityBits }));
/** Cycles for every ordered pair of distinct cores 0-2, with exceptions (undefined: unreachable). */
const routes = (cycles: number, except: Record<string, number | undefined>) =>
  new Map(
    ['0,1', '0,2', '1,0', '1,2', '2,0', '2,1'].flatMap((pair) => {
      const c = pair in except ? except[pair] : cycles;
      return c === undefined ? [] : [[pair, c] as [string, number]];
    }),
  );

const instances: Record<string, CoInstance> = {
  'chain of 4 on 3 identical cores, 8 iterations': {
    tasks: [task(0, { 0: 50, 1: 50, 2: 50 }), task(1, { 0: 30, 1: 30, 2: 30 }), task(2, { 0: 70, 1: 70, 2: 70 }), task(3, { 0: 20, 1: 20, 2: 20 })],
    cores: cores([Infinity, Infinity, Infinity]),
    deps: [[0, 1], [1, 2], [2, 3]],
    iterations: 8,
  },
  'diamond of 5 on heterogeneous cores with a pinned task': {
    tasks: [task(0, { 0: 40, 1: 90 }), task(1, { 0: 60, 1: 25, 2: 80 }), task(2, { 0: 35, 2: 30 }), task(3, { 2: 15 }), task(4, { 0: 45, 1: 50, 2: 20 })],
    cores: cores([Infinity, Infinity, Infinity]),
    deps: [[0, 1], [0, 2], [1, 3], [2, 3], [3, 4]],
    iterations: 4,
  },
  'four independent tasks on 3 cores, weight capacity binds': {
    tasks: [task(0, { 0: 10, 1: 12, 2: 9 }, 6), task(1, { 0: 14, 1: 11, 2: 13 }, 5), task(2, { 0: 8, 1: 9, 2: 10 }, 4), task(3, { 0: 20, 1: 18, 2: 25 }, 3)],
    cores: cores([9, 7, 6]),
    deps: [],
    iterations: 3,
  },
  'residual block of 6 (two branches), one iteration': {
    tasks: [task(0, { 0: 30, 1: 30, 2: 45 }), task(1, { 0: 20, 1: 25, 2: 15 }), task(2, { 0: 40, 1: 35, 2: 50 }), task(3, { 0: 10, 1: 10, 2: 5 }), task(4, { 2: 12 }), task(5, { 0: 22, 1: 21, 2: 30 })],
    cores: cores([Infinity, Infinity, Infinity]),
    deps: [[0, 1], [1, 2], [0, 3], [2, 4], [3, 4], [4, 5]],
    iterations: 1,
  },
  'chain of 4 with transfers: a slow route, an unreachable pair, 6 iterations': {
    tasks: [task(0, { 0: 30, 1: 25, 2: 40 }), task(1, { 0: 20, 1: 45, 2: 20 }), task(2, { 0: 50, 1: 30, 2: 35 }), task(3, { 0: 15, 1: 25, 2: 10 })],
    cores: cores([Infinity, Infinity, Infinity]),
    deps: [[0, 1], [1, 2], [2, 3]],
    iterations: 6,
    transfers: [
      { from: 0, to: 1, cycles: routes(12, { '0,2': 30 }) },
      { from: 1, to: 2, cycles: routes(8, { '2,1': undefined }) },
      { from: 2, to: 3, cycles: routes(20, {}) },
    ],
  },
  'chain of 4 on 3 identical cores, transfers: one slow route': {
    tasks: [task(0, { 0: 50, 1: 50, 2: 50 }), task(1, { 0: 30, 1: 30, 2: 30 }), task(2, { 0: 70, 1: 70, 2: 70 }), task(3, { 0: 20, 1: 20, 2: 20 })],
    cores: cores([Infinity, Infinity, Infinity]),
    deps: [[0, 1], [1, 2], [2, 3]],
    iterations: 8,
    transfers: [
      { from: 0, to: 1, cycles: routes(10, { '0,2': 40, '2,0': 40 }) },
      { from: 1, to: 2, cycles: routes(10, { '0,2': 40, '2,0': 40 }) },
      { from: 2, to: 3, cycles: routes(10, { '0,2': 40, '2,0': 40 }) },
    ],
  },
  'fork of 5 with transfers and a pinned task, weight capacity binds': {
    tasks: [task(0, { 0: 20, 1: 22, 2: 18 }, 4), task(1, { 0: 40, 1: 35, 2: 45 }, 5), task(2, { 0: 30, 1: 28, 2: 33 }, 5), task(3, { 1: 10 }), task(4, { 0: 12, 1: 15, 2: 11 }, 2)],
    cores: cores([9, 8, 7]),
    deps: [[0, 1], [0, 2], [1, 3], [2, 3], [3, 4]],
    iterations: 4,
    transfers: [
      { from: 0, to: 1, cycles: routes(15, {}) },
      { from: 0, to: 2, cycles: routes(15, {}) },
      { from: 1, to: 3, cycles: routes(6, { '0,1': 25 }) },
      { from: 2, to: 3, cycles: routes(6, {}) },
      { from: 3, to: 4, cycles: routes(9, {}) },
    ],
  },
};

describe('constraint-optimised allocation model', () => {
  const worker = new MilpWorker(); // one HiGHS thread for every solve
  afterAll(() => worker.close());
  for (const [name, inst] of Object.entries(instances)) {
    it(`MILP optimum = brute force: ${name}`, async () => {
      const brute = bruteForceCo(inst);
      expect(brute).not.toBeNull();
      const model = buildCoModel(inst);
      const outcome = await worker.solve(model.lp, { timeLimitS: 60, mipGap: 0 });
      expect(outcome.status).toBe('optimal');
      expect(outcome.objective).toBeCloseTo(brute!.objective, 4);
      // The assignment read back is feasible and has that objective.
      const assignment = readAssignment(model, (n) => outcome.values[n], inst.tasks.length);
      expect(coObjective(inst, assignment)).toBeCloseTo(brute!.objective, 4);
    }, 60_000);
  }

  it('transfers cost: with them the optimum is dearer than without on every instance that has them', () => {
    for (const inst of Object.values(instances).filter((i) => i.transfers)) {
      expect(bruteForceCo(inst)!.objective).toBeGreaterThan(bruteForceCo({ ...inst, transfers: undefined })!.objective);
    }
  });

  it('an infeasible capacity is reported as infeasible, not as a solution', async () => {
    const inst: CoInstance = { tasks: [task(0, { 0: 5, 1: 5 }, 10), task(1, { 0: 5, 1: 5 }, 10)], cores: cores([8, 12]), deps: [[0, 1]], iterations: 2 };
    expect(bruteForceCo(inst)).toBeNull();
    const outcome = await worker.solve(buildCoModel(inst).lp, { timeLimitS: 10, mipGap: 0 });
    expect(outcome.hasSolution).toBe(false);
    expect(outcome.status).toBe('infeasible');
  }, 30_000);

  it('cancelling stops the solve with an AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(solveMilp(buildCoModel(instances['chain of 4 on 3 identical cores, 8 iterations']).lp, { timeLimitS: 10, mipGap: 0 }, undefined, controller.signal)).rejects.toThrow(/cancelled/);
  });
});
