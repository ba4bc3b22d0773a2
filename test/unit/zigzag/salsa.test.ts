/** SALSA: simulated annealing over loop prime factor orderings, seeded and reproducible. */
import { describe, expect, it } from 'vitest';
import { evaluateLayerOnCore } from '../../../src/engine/zigzag';
import { isLayer } from '../../../src/engine/workload/types';
import { zigzagCore, zigzagMapping, zigzagWorkload } from '../../support/zigzag-inputs';

describe('SALSA temporal mapper', () => {
  it('is reproducible per seed, never beats the exhaustive LOMA optimum and comes close to it', async () => {
    const workload = await zigzagWorkload('resnet18.onnx');
    const layer = workload.nodes.filter(isLayer)[1]!;
    const core = zigzagCore('tpu_like');
    const entry = zigzagMapping('tpu_like').entries.find((e) => e.name === 'default');
    const loma = evaluateLayerOnCore(layer, core, entry, { lpfLimit: 6, objective: 'latency' });
    const salsa = (seed: number, iterations = 400) =>
      evaluateLayerOnCore(layer, core, entry, { lpfLimit: 6, objective: 'latency', temporalMapper: 'salsa', salsaIterations: iterations, salsaSeed: seed });
    const a = salsa(1);
    expect(salsa(1).loopOrdering).toEqual(a.loopOrdering);
    expect(a.temporalMappingsEvaluated).toBeGreaterThan(0);
    expect(a.temporalMappingsEvaluated).toBeLessThanOrEqual(401 * a.spatialMappingsEvaluated);
    expect(a.latencyTotal2).toBeGreaterThanOrEqual(loma.latencyTotal2);
    expect(a.latencyTotal2 / loma.latencyTotal2).toBeLessThan(1.01);
  });
});
