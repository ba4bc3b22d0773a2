/** `allocation: "co"` and `"co+ga"` through the whole pipeline (tutorial lab 3, test cost model). */
import { describe, expect, it } from 'vitest';
import type { PipelineProgress } from '../../../src/engine/results/types';
import { runPipeline } from '../../../src/engine/stream/pipeline';
import { AnalyticalCostProvider, tutorialInputs } from '../../support/stream';

describe('constraint-optimised allocation in the pipeline', () => {
  it('co: solves, records the solve, schedules the allocation; co+ga is never worse than co', async () => {
    const inputs = await tutorialInputs(3);
    const progress: PipelineProgress[] = [];
    const options = { mode: 'fused' as const, layer_stacks: [[0, 1, 2, 3]], co_time_limit_s: 20 };
    const co = await runPipeline({ ...inputs, options: { ...options, allocation: 'co' }, costProvider: new AnalyticalCostProvider() }, { onProgress: (p) => progress.push(p) });
    const solve = co.allocationSolve!;
    expect(solve.status).toBe('optimal');
    expect(solve.subproblems).toBe(1);
    expect(solve.variables).toBeGreaterThan(0);
    expect(solve.constraints).toBeGreaterThan(0);
    expect(solve.gap).toBeLessThanOrEqual(1e-4);
    expect(solve.scheduledLatencyCycles).toBe(co.latencyCycles);
    expect(solve.objective).toBeGreaterThan(0);
    expect(progress.some((p) => p.solve !== undefined)).toBe(true);
    const both = await runPipeline({ ...inputs, options: { ...options, allocation: 'co+ga', nb_ga_generations: 3, nb_ga_individuals: 6 }, costProvider: new AnalyticalCostProvider() });
    expect(both.latencyCycles).toBeLessThanOrEqual(co.latencyCycles);
    expect(both.allocationSolve?.scheduledLatencyCycles).toBe(co.latencyCycles);
  }, 120_000);

  it('a network of at most CO_ENUMERATE_MAX allocations: every allocation is ranked by the scheduler, co ≤ GA', async () => {
    const inputs = await tutorialInputs(3);
    const options = { mode: 'fused' as const, layer_stacks: [[0, 1, 2, 3]] };
    const co = await runPipeline({ ...inputs, options: { ...options, allocation: 'co', co_time_limit_s: 20 }, costProvider: new AnalyticalCostProvider() });
    // 4 layers × 3 cores: 81 allocations, all scheduled (plus the MILP candidates already among them).
    expect(co.allocationSolve!.incumbentsScheduled).toBeGreaterThanOrEqual(81);
    for (const seed of [0, 1]) {
      const ga = await runPipeline({ ...inputs, options: { ...options, allocation: 'ga', nb_ga_generations: 6, nb_ga_individuals: 8, seed }, costProvider: new AnalyticalCostProvider() });
      expect(co.latencyCycles).toBeLessThanOrEqual(ga.latencyCycles);
    }
  }, 120_000);

  it('cancelling during the solve stops the run', async () => {
    const inputs = await tutorialInputs(3);
    const controller = new AbortController();
    const run = runPipeline(
      { ...inputs, options: { mode: 'fused', layer_stacks: [[0, 1, 2, 3]], allocation: 'co' }, costProvider: new AnalyticalCostProvider() },
      { signal: controller.signal, onProgress: (p) => p.stage === 'InterCoreMappingStage' && controller.abort() },
    );
    await expect(run).rejects.toThrow(/cancel/i);
  }, 60_000);
});
