import { describe, expect, it } from 'vitest';
import { CnGraphCache } from '../../../src/engine/stream/cn-graph-cache';
import { runPipeline } from '../../../src/engine/stream/pipeline';
import { AnalyticalCostProvider, tutorialInputs } from '../../support/stream';

describe('CN graphs kept between runs (live what-if)', () => {
  it('reuses the graph when only costs change and rebuilds it when its inputs change; results equal fresh runs', async () => {
    const inputs = await tutorialInputs(3);
    const options = { mode: 'fused' as const, layer_stacks: [[0, 1, 2, 3]], allocation: 'fixed' as const };
    const cache = new CnGraphCache();
    const a = await runPipeline({ ...inputs, options, costProvider: new AnalyticalCostProvider(), cnGraphCache: cache });
    expect([cache.hits, cache.misses]).toEqual([0, 1]);
    const b = await runPipeline({ ...inputs, options, costProvider: new AnalyticalCostProvider(), cnGraphCache: cache });
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
    expect(b.latencyCycles).toBe(a.latencyCycles);
    expect(b.energyPj).toBe(a.energyPj);

    // A MAC energy edit changes costs only: same graph, figures as a run without the cache.
    const core = inputs.accelerator.cores.find((c) => c.operationalArray.dimensions.length > 0 && c.id !== inputs.accelerator.offchipCoreId)!;
    const cheaper = { ...inputs.accelerator, cores: inputs.accelerator.cores.map((c) => (c.id === core.id ? { ...c, operationalArray: { ...c.operationalArray, unitEnergy: c.operationalArray.unitEnergy * 2 + 1 } } : c)) };
    const cached = await runPipeline({ ...inputs, accelerator: cheaper, options, costProvider: new AnalyticalCostProvider(), cnGraphCache: cache });
    const fresh = await runPipeline({ ...inputs, accelerator: cheaper, options, costProvider: new AnalyticalCostProvider() });
    expect(cache.hits).toBe(2);
    expect(cached.latencyCycles).toBe(fresh.latencyCycles);
    expect(cached.energyPj).toBe(fresh.energyPj);

    // Other stacks: another graph.
    await runPipeline({ ...inputs, options: { ...options, layer_stacks: [[0, 1], [2, 3]] }, costProvider: new AnalyticalCostProvider(), cnGraphCache: cache });
    expect(cache.misses).toBe(2);
  });
});
