/**
 * Every intermediate quantity of the cost model, layer by layer, against the reference dumps in
 * ../shared/reference/zigzag-golden: the reference's best temporal mapping of each layer is evaluated with
 * our model and each formula's output is compared.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src/engine/hardware/types';
import { lookupMappingEntry } from '../../../src/engine/mapping/lookup';
import type { Mapping } from '../../../src/engine/mapping/types';
import { isLayer, type Layer, type Workload } from '../../../src/engine/workload/types';
import { coreSpec, mappingSpec } from '../../../src/engine/zigzag/adapters';
import { evaluateCost, makeSpatialContext, type CostEvaluation } from '../../../src/engine/zigzag/cost-model';
import { layerModel } from '../../../src/engine/zigzag/layer-model';
import type { LevelMovement } from '../../../src/engine/zigzag/data-movement';
import { operandPlacements } from '../../../src/engine/zigzag/search';
import { limitUnrollings, spatialLoopsPerLevel, spatialMappingCandidates } from '../../../src/engine/zigzag/spatial';
import { evaluateWorkload } from '../../../src/engine/zigzag';
import { FOUR_WAY_KEYS, readGolden, type GoldenLayer, type GoldenMapping } from './helpers';
import { ZIGZAG_GOLDEN } from '../../support/reference';
import { expectOk } from '../../support/result';
import { zigzagCore, zigzagMapping, zigzagWorkload } from '../../support/zigzag-inputs';
import { join } from 'node:path';
import { loadCoreFile } from '../../../src/engine/hardware/io';
import { loadMappingFile } from '../../../src/engine/mapping/io';
import { loadWorkloadFile } from '../../../src/engine/workload/io';

// Relative, not toBeCloseTo's absolute 6 decimals (about 30 ULP on 1e8 pJ): within 1 ULP of the dumps today.
const close = (actual: number, expected: number) => expect(actual).toBeWithinRelative(expected, 1e-12);
const closeAll = (actual: readonly number[], expected: readonly number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => close(a, expected[i]!));
};

/** Evaluates the reference's chosen temporal mapping of `golden` for `layer` with our cost model. */
function evaluateGoldenMapping(layer: Layer, core: Core, mapping: Mapping, golden: GoldenLayer): CostEvaluation {
  const spec = coreSpec(core);
  const entry = lookupMappingEntry(mapping, layer.name, layer.operatorType);
  const mSpec = entry ? mappingSpec(entry) : { operandLinks: { O: 'O', I: 'I1', W: 'I2' } };
  const lm = layerModel(layer);
  const placements = operandPlacements(lm, spec, mSpec);
  const [spatial] = spatialMappingCandidates(lm, spec, mSpec, placements, { nbSpatialMappings: 3, enableMixSpatialMapping: false });
  const frac = limitUnrollings(lm, spec, spatial!, true);
  const int = limitUnrollings(lm, spec, spatial!, false);
  const ctx = makeSpatialContext(
    lm,
    spec,
    placements,
    placements.map((p) => spatialLoopsPerLevel(spec, frac, p)),
    placements.map((p) => spatialLoopsPerLevel(spec, int, p)),
    true,
    true,
  );
  const tm = lm.operands.map((op) =>
    golden.mapping[op]!.temporal_per_mem_level_origin.map((level) => level.map(([dim, s]) => ({ d: lm.dimIndex.get(dim)!, s }))),
  );
  return evaluateCost(ctx, tm);
}

function checkMovement(levels: readonly LevelMovement[], golden: GoldenMapping) {
  golden.unit_mem_data_movement.forEach((g, k) => {
    const mv = levels[k]!;
    FOUR_WAY_KEYS.forEach((key, dir) => {
      close(mv.period[dir]!, g.data_trans_period[key]);
      close(mv.periodCount[dir]!, g.data_trans_period_count[key]);
      close(mv.amount[dir]!, g.data_trans_amount_per_period[key]);
      close(mv.precision[dir]!, g.data_precision[key]);
      close(mv.bwAverage[dir]!, g.req_mem_bw_aver[key]);
      close(mv.window[dir]!, g.inst_data_trans_window[key]);
    });
  });
}

function checkLayer(layer: Layer, core: Core, mapping: Mapping, golden: GoldenLayer) {
  const cost = evaluateGoldenMapping(layer, core, mapping, golden);
  const lm = layerModel(layer);
  lm.operands.forEach((op, i) => {
    const g = golden.mapping[op]!;
    const gi = golden.mapping_int[op]!;
    const t = cost.temporal[i]!;
    expect(t.stationary.map((l) => l.map((x) => [lm.dims[x.d], x.s]))).toEqual(g.temporal_per_mem_level_stationary);
    close(t.macStationary, g.mac_level_data_stationary_cycle);
    closeAll(t.cycles, g.cycle_cabl_level);
    closeAll(t.topR, g.top_r_loop_size);
    closeAll(t.topIr, g.top_ir_loop_size);
    const mv = cost.movement[i]!;
    closeAll(mv.elemUnrolled, g.data_elem_per_level_unrolled);
    closeAll(mv.bitUnrolled, g.data_bit_per_level_unrolled);
    closeAll(mv.bitTotal, g.data_bit_per_level);
    closeAll(mv.effectiveBits, g.effective_data_bit);
    closeAll(mv.precision, g.data_precision_dict);
    checkMovement(mv.levels, g);
    checkMovement(cost.movementInt[i]!.levels, gi);
    closeAll(cost.movementInt[i]!.bitUnrolled, gi.data_bit_per_level_unrolled);
    golden.memory_word_access[op]!.forEach((acc, k) => FOUR_WAY_KEYS.forEach((key, dir) => close(cost.wordAccesses[i]![k]![dir]!, acc[key])));
    closeAll(cost.memEnergyPerOperand[i]!, golden.mem_energy_breakdown[op]!);
    expect(cost.doubleBuffered[i]).toEqual(golden.double_buffer_true[op]);
    closeAll(cost.utilisationIndividual[i]!, golden.mem_utili_individual[op]!);
    closeAll(cost.utilisationShared[i]!, golden.mem_utili_shared[op]!);
  });
  close(cost.macEnergy, golden.mac_energy);
  close(cost.memEnergy, golden.mem_energy);
  close(cost.energyTotal, golden.energy_total);
  close(cost.stallSlackComb, golden.stall_slack_comb);
  close(cost.onloadingCycles, golden.data_onloading_cycle);
  close(cost.offloadingCycles, golden.data_offloading_cycle);
  close(cost.idealCycle, golden.ideal_cycle);
  close(cost.idealTemporalCycle, golden.ideal_temporal_cycle);
  close(cost.latencyTotal0, golden.latency_total0);
  close(cost.latencyTotal1, golden.latency_total1);
  close(cost.latencyTotal2, golden.latency_total2);
}

function layersOf(workload: Workload): Layer[] {
  return workload.nodes.filter(isLayer);
}

describe('golden GEMM layer on gemm_l1 (newer port-based hardware format)', () => {
  const dir = join(ZIGZAG_GOLDEN, 'inputs');
  it('matches every intermediate quantity and the totals of the full search', async () => {
    const golden = readGolden('gemm_l1__gemm_layer.json');
    const core = expectOk(loadCoreFile(join(dir, 'hardware_gemm_l1.yaml')));
    const mapping = expectOk(loadMappingFile(join(dir, 'mapping_gemm_l1.yaml')));
    const workload = expectOk(await loadWorkloadFile(join(dir, 'workload_gemm_layer.yaml')));
    const [layer] = layersOf(workload);
    checkLayer(layer!, core, mapping, golden.layers[0]!);
    const run = evaluateWorkload(workload, core, mapping, { lpfLimit: 3, compat: 'reference' });
    close(run.energyTotal, 511349.76);
    close(run.latencyTotal2, 8191);
    expect(run.layers[0]!.loopOrdering).toEqual([
      ['D1', 16],
      ['D2', 16],
      ['D0', 16],
    ]);
  });
});

describe.each([
  ['tpu_like__resnet18_yaml.json', 'tpu_like', 'tpu_like', 'resnet18.yaml'],
  ['meta_prototype__resnet18_onnx.json', 'meta_prototype', 'meta_prototype_like', 'resnet18.onnx'],
])('golden %s', (file, hardware, mappingName, workloadFile) => {
  it('every layer: all intermediate quantities of the reference mapping', async () => {
    const golden = readGolden(file);
    const workload = await zigzagWorkload(workloadFile);
    const core = zigzagCore(hardware);
    const mapping = zigzagMapping(mappingName);
    const layers = layersOf(workload);
    expect(layers).toHaveLength(golden.layers.length);
    // The reference visits layers in its own topological order: match them by id.
    for (const layer of layers) checkLayer(layer, core, mapping, golden.layers.find((g) => g.layer.id === layer.id)!);
  });
});
