/**
 * ZigZag 3.8.0's own test suite (tests/main/test_origin): ResNet-18 (ONNX and YAML) on five accelerators,
 * objective latency, lpf_limit 6, default options. Totals must be within ±1% of the reference.
 */
import { describe, expect, it } from 'vitest';
import { evaluateWorkload } from '../../../src/engine/zigzag';
import { zigzagCore, zigzagMapping, zigzagWorkload } from '../../support/zigzag-inputs';

const CASES: [hardware: string, mapping: string, workload: string, energy: number, latency: number][] = [
  ['ascend_like', 'ascend_like', 'resnet18.onnx', 1940385435.76, 3032311.0],
  ['ascend_like', 'ascend_like', 'resnet18.yaml', 2449578483.76, 3980000.0],
  ['edge_tpu_like', 'edge_tpu_like', 'resnet18.onnx', 1903229377.55, 2887804.5],
  ['edge_tpu_like', 'edge_tpu_like', 'resnet18.yaml', 2413348670.67, 3741293.0],
  ['meta_prototype', 'meta_prototype_like', 'resnet18.onnx', 1863284164.16, 2700449.66],
  ['meta_prototype', 'meta_prototype_like', 'resnet18.yaml', 2373454257.72, 3316037.0],
  ['tesla_npu_like', 'tesla_npu_like', 'resnet18.onnx', 1859923747.33, 2719709.75],
  ['tesla_npu_like', 'tesla_npu_like', 'resnet18.yaml', 2363901208.14, 3313105.91],
  ['tpu_like', 'tpu_like', 'resnet18.onnx', 1871436380.66, 3703960.5],
  ['tpu_like', 'tpu_like', 'resnet18.yaml', 2615172831.38, 5584991.0],
];

describe('ZigZag 3.8.0 test_origin cases', () => {
  it.each(CASES)('%s + %s mapping on %s', async (hardware, mapping, workload, energy, latency) => {
    const result = evaluateWorkload(await zigzagWorkload(workload), zigzagCore(hardware), zigzagMapping(mapping), {
      lpfLimit: 6,
      objective: 'latency',
    });
    expect(result.energyTotal, 'energy').toBeWithinRelative(energy, 0.01);
    expect(result.latencyTotal2, 'latency').toBeWithinRelative(latency, 0.01);
    // Costed layers: 21 for the ONNX model (Conv + Gemm), 31 for the YAML description.
    expect(result.layers).toHaveLength(workload.endsWith('.onnx') ? 21 : 31);
  });
});
