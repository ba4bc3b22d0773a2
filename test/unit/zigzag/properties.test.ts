/**
 * Properties of the cost model on random layers and memory hierarchies: results are finite and
 * non-negative, latency never beats the ideal cycle count, spatial mappings fit the array, and every
 * operand crosses its top memory level.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateLayerOnCore, LayerMappingError, type CostModelResult } from '../../../src/engine/zigzag';
import { conv, convYaml, coreYaml, hierarchy, tinyCore, tinyLayer, tinyMapping } from './fixtures';

function checkResult(r: CostModelResult, arraySizes: readonly number[], macs: number) {
  for (const x of [r.energyTotal, r.latencyTotal2, r.latencyTotal0, r.macEnergy, r.memEnergy]) {
    expect(Number.isFinite(x)).toBe(true);
    expect(x).toBeGreaterThanOrEqual(0);
  }
  const arrayUnits = arraySizes.reduce((a, b) => a * b, 1);
  expect(r.idealCycle).toBe(Math.ceil(macs / arrayUnits));
  expect(r.latencyTotal2).toBeGreaterThanOrEqual(r.idealCycle);
  expect(r.latencyTotal2).toBeGreaterThanOrEqual(r.latencyTotal0);
  Object.values(r.spatialMapping).forEach((loops, i) => {
    const used = Object.values(loops).reduce((a, b) => a * b, 1);
    expect(used).toBeLessThanOrEqual(arraySizes[i]!);
  });
  for (const [op, levels] of Object.entries(r.operandLevels)) {
    const top = levels[levels.length - 1]!;
    if (op === 'O') expect(top.wordAccesses.fl).toBeGreaterThan(0);
    else expect(top.wordAccesses.tl).toBeGreaterThan(0);
    for (const l of levels) for (const v of Object.values(l.wordAccesses)) expect(v).toBeGreaterThanOrEqual(0);
  }
}

describe('cost model properties', () => {
  const generated = tinyMapping(`
- name: default
  memory_operand_links: {O: O, W: I2, I: I1}
`).entries[0];

  it('random convolutions on random hierarchies', () => {
    fc.assert(
      fc.property(hierarchy, conv, fc.constantFrom<'latency' | 'energy' | 'edp'>('latency', 'energy', 'edp'), (h, shape, objective) => {
        const core = tinyCore(coreYaml(h));
        const layer = tinyLayer(convYaml(shape));
        let result: CostModelResult;
        try {
          result = evaluateLayerOnCore(layer, core, generated, { lpfLimit: 4, objective, nbSpatialMappings: 2 });
        } catch (error) {
          // Only a clear mapping error is acceptable, and only when some memory is genuinely too small.
          expect(error).toBeInstanceOf(LayerMappingError);
          return;
        }
        checkResult(result, h.dims, layer.totalMacs);
      }),
      { numRuns: 60, seed: 20261125 },
    );
  });

  it('the objective orders the candidates it was asked to optimise', () => {
    fc.assert(
      fc.property(conv, (shape) => {
        const core = tinyCore(coreYaml({ dims: [4, 4], weightReg: true, outputReg: true, bufferKiB: 64, bufferBw: 128, sharedBuffer: true }));
        const layer = tinyLayer(convYaml(shape));
        const byLatency = evaluateLayerOnCore(layer, core, generated, { lpfLimit: 4, objective: 'latency' });
        const byEnergy = evaluateLayerOnCore(layer, core, generated, { lpfLimit: 4, objective: 'energy' });
        expect(byLatency.latencyTotal2).toBeLessThanOrEqual(byEnergy.latencyTotal2);
        expect(byEnergy.energyTotal).toBeLessThanOrEqual(byLatency.energyTotal);
      }),
      { numRuns: 25, seed: 7 },
    );
  });
});
