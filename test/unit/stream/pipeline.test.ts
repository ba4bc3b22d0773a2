import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PipelineProgress } from '../../../src/engine/results/types';
import type { CostLutEntry } from '../../../src/engine/stream/cost';
import { runPipeline } from '../../../src/engine/stream/pipeline';
import { AnalyticalCostProvider, tutorialInputs } from '../../support/stream';

describe('runPipeline with a test cost model', () => {
  it('schedules lab 1 (layer by layer, fixed allocation)', async () => {
    const inputs = await tutorialInputs(1);
    const result = await runPipeline({ ...inputs, options: { mode: 'lbl' }, costProvider: new AnalyticalCostProvider() });
    expect(result.nCns).toBe(4);
    expect(result.latencyCycles).toBeGreaterThan(0);
    expect(result.allocation).toEqual({ '0': [0], '1': [1], '2': [2], '3': [0] });
    expect(result.pareto).toHaveLength(1);
    expect(result.costLut).toHaveLength(4);
    expect(result.edp).toBeWithinRelative(result.latencyCycles * result.energyPj, 1e-12);
  });

  it('reuses a persistent cost LUT: the second run costs nothing again', async () => {
    const inputs = await tutorialInputs(3);
    const store = new Map<string, CostLutEntry>();
    const lut = { get: (k: string) => store.get(k), set: (k: string, e: CostLutEntry) => void store.set(k, e) };
    const first = new AnalyticalCostProvider();
    const options = { mode: 'fused' as const, layer_stacks: [[0, 1, 2, 3]], allocation: 'fixed' as const };
    const a = await runPipeline({ ...inputs, options, costLut: lut, costProvider: first });
    expect(first.calls).toBeGreaterThan(0);
    expect(a.lut.misses).toBe(first.calls);
    const second = new AnalyticalCostProvider();
    const b = await runPipeline({ ...inputs, options, costLut: lut, costProvider: second });
    expect(second.calls).toBe(0);
    expect(b.lut.hits).toBe(a.lut.misses);
    expect(b.latencyCycles).toBe(a.latencyCycles);
  });

  it('writes and reads cost_lut_path', async () => {
    const inputs = await tutorialInputs(1);
    const path = join(mkdtempSync(join(tmpdir(), 'ss-lut-')), 'lut.json');
    await runPipeline({ ...inputs, options: { cost_lut_path: path }, costProvider: new AnalyticalCostProvider() });
    expect(existsSync(path)).toBe(true);
    const again = new AnalyticalCostProvider();
    await runPipeline({ ...inputs, options: { cost_lut_path: path }, costProvider: again });
    expect(again.calls).toBe(0);
  });

  it('reports progress and stops within a second when cancelled', async () => {
    const inputs = await tutorialInputs(3);
    const controller = new AbortController();
    const seen: PipelineProgress[] = [];
    let abortedAt = 0;
    const run = runPipeline(
      { ...inputs, options: { mode: 'fused', layer_stacks: [[0, 1, 2, 3]], nb_ga_generations: 10_000, nb_ga_individuals: 8 }, costProvider: new AnalyticalCostProvider() },
      {
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p);
          if (p.generation === 2 && !abortedAt) {
            abortedAt = performance.now();
            setTimeout(() => controller.abort(), 0);
          }
        },
      },
    );
    await expect(run).rejects.toThrow(/cancel/i);
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(seen.some((p) => p.stage === 'IntraCoreMappingStage')).toBe(true);
    const ga = seen.filter((p) => p.generation !== undefined);
    expect(ga[0].generations).toBe(10_000);
    expect(ga[0].bestLatencyCycles).toBeGreaterThan(0);
    expect(ga[0].pareto!.length).toBeGreaterThan(0);
  });

  it('supports the candidate selection policies', async () => {
    const inputs = await tutorialInputs(3);
    for (const scheduler_candidate_selection of ['order', 'latency', 'memory'] as const) {
      const r = await runPipeline({
        ...inputs,
        options: { mode: 'fused', layer_stacks: [[0, 1, 2, 3]], allocation: 'fixed', scheduler_candidate_selection },
        costProvider: new AnalyticalCostProvider(),
      });
      expect(r.nCns).toBe(224);
      expect(r.latencyCycles).toBeGreaterThan(0);
    }
  });
});
