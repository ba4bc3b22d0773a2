/**
 * ZigZag 3.8.0 with CACTI costs: ResNet-18 (ONNX) on generic_array_cacti.yaml (every memory
 * `auto_cost_extraction: true`, 22 nm), default mapping, lpf 6, objective latency. Reference (this machine):
 * 94,720,566,528.74 pJ and 2,887,619 cycles; ±1 %.
 */
import { describe, expect, it } from 'vitest';
import { evaluateWorkload } from '../../../src/engine/zigzag';
import { zigzagCore, zigzagMapping, zigzagWorkload } from '../../support/zigzag-inputs';

describe('ResNet-18 on generic_array_cacti (CACTI memory costs)', () => {
  it('matches ZigZag 3.8.0 within 1 %', async () => {
    const result = evaluateWorkload(await zigzagWorkload('resnet18.onnx'), zigzagCore('generic_array_cacti'), zigzagMapping('default'), {
      lpfLimit: 6,
      objective: 'latency',
    });
    expect(result.energyTotal, 'energy').toBeWithinRelative(94_720_566_528.74, 0.01);
    expect(result.latencyTotal2, 'latency').toBeWithinRelative(2_887_619, 0.01);
  });
});
