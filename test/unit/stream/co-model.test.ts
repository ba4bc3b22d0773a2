/**
 * The constraint-optimisation MILP, solved by HiGHS in a worker thread, reaches the same optimum as an exhaustive
 * enumeration of the same objective on tiny instances of several shapes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { bruteForceCo, buildCoModel, coObjective, readAssignment, type CoInstance } from '../../../src/engine/stream/co-model';
import { MilpWorker, solveMilp } from '../../../src/engine/stream/co-pool';

const task = (layerId: number, lat: Record<number, number>, weightBits = 0) => ({ gene: layerId, layerId, label: `L${layerId}`, latency: new Map(Object.entries(lat).map(([c, v]) => [Number(c), v])), weightBits });
const cores = (caps: number[]) => caps.map((capacityBits, id) => ({ id, capacityBits }));

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
