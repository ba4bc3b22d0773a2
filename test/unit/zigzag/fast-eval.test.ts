/**
 * The allocation-free scorer used inside the LOMA search must agree with the detailed cost model on every
 * temporal mapping: checked on every ordering of several layers (including stride-2 convolutions,
 * fractional spatial unrollings, shared memories and port contention).
 */
import { describe, expect, it } from 'vitest';
import { lookupMappingEntry } from '../../../src/engine/mapping/lookup';
import { isLayer, type Layer } from '../../../src/engine/workload/types';
import { coreSpec, mappingSpec } from '../../../src/engine/zigzag/adapters';
import { evaluateCost, makeSpatialContext } from '../../../src/engine/zigzag/cost-model';
import { MappingScorer, type Score } from '../../../src/engine/zigzag/fast-eval';
import { layerModel } from '../../../src/engine/zigzag/layer-model';
import { forEachOrdering, loopPrimeFactors, OrderingAllocator, temporalLoopSizes } from '../../../src/engine/zigzag/loma';
import { operandPlacements } from '../../../src/engine/zigzag/search';
import { limitUnrollings, spatialLoopsPerLevel, spatialMappingCandidates } from '../../../src/engine/zigzag/spatial';
import type { Core } from '../../../src/engine/hardware/types';
import type { Mapping } from '../../../src/engine/mapping/types';
import fc from 'fast-check';
import { zigzagCore, zigzagMapping, zigzagWorkload } from '../../support/zigzag-inputs';
import { conv, convYaml, coreYaml, hierarchy, tinyCore, tinyLayer, tinyMapping } from './fixtures';

function compareAllOrderings(layer: Layer, core: Core, mapping: Mapping, compat: boolean): number {
  const spec = coreSpec(core);
  const entry = lookupMappingEntry(mapping, layer.name, layer.operatorType)!;
  const mSpec = mappingSpec(entry);
  const lm = layerModel(layer);
  const placements = operandPlacements(lm, spec, mSpec);
  let checked = 0;
  for (const spatial of spatialMappingCandidates(lm, spec, mSpec, placements, { nbSpatialMappings: 2, enableMixSpatialMapping: false })) {
    const frac = limitUnrollings(lm, spec, spatial, true);
    const int = limitUnrollings(lm, spec, spatial, false);
    const suFrac = placements.map((p) => spatialLoopsPerLevel(spec, frac, p));
    const suInt = placements.map((p) => spatialLoopsPerLevel(spec, int, p));
    const ctx = makeSpatialContext(lm, spec, placements, suFrac, suInt, true, compat);
    const allocator = new OrderingAllocator(lm, spec, placements, suFrac);
    const scorer = new MappingScorer(ctx);
    const lpfs = loopPrimeFactors(lm, temporalLoopSizes(lm, suFrac[1]!.flat()), 4);
    const score: Score = { energy: 0, latency: 0 };
    forEachOrdering(lpfs, (ordering) => {
      if (allocator.allocate(ordering)) return;
      scorer.score(ordering, allocator.bounds, score);
      const tm = allocator.bounds.map((b) => Array.from({ length: b.length - 1 }, (_, k) => ordering.slice(b[k]!, b[k + 1]!)));
      const detailed = evaluateCost(ctx, tm);
      // Bit-identical today; relative, since the energies are about 1e8 pJ.
      expect(score.energy, 'energy').toBeWithinRelative(detailed.energyTotal, 1e-12);
      expect(score.latency, 'latency').toBeWithinRelative(detailed.latencyTotal2, 1e-12);
      checked++;
    });
  }
  return checked;
}

describe('fast scorer = detailed cost model', () => {
  it.each([
    ['tpu_like', 'tpu_like', 'resnet18.yaml', [0, 1, 4, 9, 16, 30]],
    ['edge_tpu_like', 'edge_tpu_like', 'resnet18.onnx', [0, 16, 48]],
    ['meta_prototype', 'meta_prototype_like', 'resnet18.onnx', [0, 13, 16]],
    ['ascend_like', 'ascend_like_mixed', 'resnet18.yaml', [0, 2, 9, 25]],
    ['tesla_npu_like', 'tesla_npu_like', 'resnet18.yaml', [9, 29]],
  ] as const)('%s + %s on %s', async (hardware, mappingName, workloadFile, ids) => {
    const workload = await zigzagWorkload(workloadFile);
    const core = zigzagCore(hardware);
    const mapping = zigzagMapping(mappingName);
    let checked = 0;
    for (const id of ids) {
      const layer = workload.nodes.filter(isLayer).find((l) => l.id === id)!;
      checked += compareAllOrderings(layer, core, mapping, id % 2 === 0);
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('fast scorer = detailed cost model on random hierarchies', () => {
  it('agrees on every ordering', () => {
    const generated = tinyMapping(`
- name: default
  memory_operand_links: {O: O, W: I2, I: I1}
`).entries[0]!;
    let checked = 0;
    fc.assert(
      fc.property(hierarchy, conv, fc.boolean(), (h, shape, compat) => {
        const workloadLayer = tinyLayer(convYaml(shape));
        const mapping = { format: 'zigzag' as const, entries: [generated] };
        try {
          checked += compareAllOrderings(workloadLayer, tinyCore(coreYaml(h)), mapping, compat);
        } catch (error) {
          expect((error as Error).name).toBe('LayerMappingError');
        }
      }),
      { numRuns: 25, seed: 99 },
    );
    expect(checked).toBeGreaterThan(100);
  });
});
