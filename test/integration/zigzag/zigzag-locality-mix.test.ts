/**
 * ZigZag 3.8.0's test suites with inter-layer data locality (tests/main/test_with_exploit_data_locality) and
 * with mixed spatial mapping generation (tests/main/test_with_mix_spatial_mapping, which also exploits data
 * locality): ResNet-18 ONNX and YAML, objective latency, lpf_limit 6. Totals within ±1%.
 */
import { describe, expect, it } from 'vitest';
import { evaluateWorkload } from '../../../src/engine/zigzag';
import { zigzagCore, zigzagMapping, zigzagWorkload } from '../../support/zigzag-inputs';

type Case = [hardware: string, mapping: string, workload: string, energy: number, latency: number];

const LOCALITY: Case[] = [
  ['ascend_like', 'ascend_like', 'resnet18.onnx', 1813915548.47, 3017312.0],
  ['ascend_like', 'ascend_like', 'resnet18.yaml', 2338798423.04, 3961239.0],
  ['edge_tpu_like', 'edge_tpu_like', 'resnet18.onnx', 1783892066.11, 2957953.5],
  ['edge_tpu_like', 'edge_tpu_like', 'resnet18.yaml', 2115121959.87, 3706985.0],
  ['meta_prototype', 'meta_prototype_like', 'resnet18.onnx', 1710966136.48, 2689737.0],
  ['meta_prototype', 'meta_prototype_like', 'resnet18.yaml', 2204158604.12, 3295822.0],
  ['tesla_npu_like', 'tesla_npu_like', 'resnet18.onnx', 1725111410.78, 2709223.75],
  ['tesla_npu_like', 'tesla_npu_like', 'resnet18.yaml', 2213422347.76, 3296500.58],
  ['tpu_like', 'tpu_like', 'resnet18.onnx', 1735241704.22, 3762552.5],
  ['tpu_like', 'tpu_like', 'resnet18.yaml', 2302362179.97, 5548138.0],
];

const MIXED: Case[] = [
  ['ascend_like', 'ascend_like_mixed', 'resnet18.onnx', 1811468387.52, 3119977.33],
  ['ascend_like', 'ascend_like_mixed', 'resnet18.yaml', 2349013378.88, 3718548.66],
  ['edge_tpu_like', 'edge_tpu_like_mixed', 'resnet18.onnx', 1735517943.87, 3834226.0],
  ['edge_tpu_like', 'edge_tpu_like_mixed', 'resnet18.yaml', 2029477205.31, 4586293.0],
  ['meta_prototype', 'meta_prototype_like_mixed', 'resnet18.onnx', 1746642408.16, 2688913.66],
  ['meta_prototype', 'meta_prototype_like_mixed', 'resnet18.yaml', 2249214190.04, 3278925.33],
  ['tesla_npu_like', 'tesla_npu_like_mixed', 'resnet18.onnx', 1599110638.5, 2318166.5],
  ['tesla_npu_like', 'tesla_npu_like_mixed', 'resnet18.yaml', 2084306723.24, 2889873.0],
  ['tpu_like', 'tpu_like_mixed', 'resnet18.onnx', 1759424218.32, 4256300.0],
  ['tpu_like', 'tpu_like_mixed', 'resnet18.yaml', 2191903732.78, 4657608.0],
];

async function check([hardware, mapping, workload, energy, latency]: Case, options: { exploitDataLocality?: boolean; enableMixSpatialMapping?: boolean }) {
  const result = evaluateWorkload(await zigzagWorkload(workload), zigzagCore(hardware), zigzagMapping(mapping), { lpfLimit: 6, ...options });
  expect(result.energyTotal, 'energy').toBeWithinRelative(energy, 0.01);
  expect(result.latencyTotal2, 'latency').toBeWithinRelative(latency, 0.01);
}

describe('ZigZag 3.8.0 test_with_exploit_data_locality', () => {
  it.each(LOCALITY)('%s + %s mapping on %s', async (...c) => check(c, { exploitDataLocality: true }));
});

describe('ZigZag 3.8.0 test_with_mix_spatial_mapping', () => {
  it.each(MIXED)('%s + %s mapping on %s', async (...c) => check(c, { enableMixSpatialMapping: true }));
});
