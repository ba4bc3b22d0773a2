import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../../src/engine/stream/pipeline';
import { AnalyticalCostProvider, tutorialInputs } from './helpers';

describe('runPipeline with a test cost model', () => {
  it('schedules lab 1 (layer by layer, fixed allocation)', async () => {
    const inputs = await tutorialInputs(1);
    const result = await runPipeline({ ...inputs, options: { mode: 'lbl' }, costProvider: new AnalyticalCostProvider() });
    expect(result.nCns).toBe(4);
    expect(result.latencyCycles).toBeGreaterThan(0);
    expect(result.allocation).toEqual({ '0': [0], '1': [1], '2': [2], '3': [0] });
  });
});
