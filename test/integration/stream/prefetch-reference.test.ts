/**
 * `operands_to_prefetch: [W]` under `compat: reference` against reference Stream ed4e12ef (ZigZag 3.8.0), fixed
 * allocation, loma_lpf_limit 6: the weights are loaded onto their cores before the first CN, which starts later by
 * the load time. Reference figures from /work/ref/scripts/runfile/prefetch_ref.py (same inputs; the mapping is
 * test/fixtures/mapping/two-conv-pinned.yaml). A weight that does not fit its core's memory is an error in the
 * reference ("Trying to add Tensor(1, 0, W) larger than memory capacity of MemoryInstance(sram_2MB)") and a clear
 * InputError here.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeRun } from '../../../src/cli/commands/run';
import { InputError, unwrap } from '../../../src/engine/errors';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import { loadMappingFile } from '../../../src/engine/mapping/io';
import { runPipeline } from '../../../src/engine/stream/pipeline';
import { parseOnnxWorkload } from '../../../src/engine/workload';
import { encodeModel } from '../../fixtures/onnx/build';
import { INPUTS } from '../../support/reference';

const HW = `${INPUTS}/stream/examples/hardware`;
const TWO_CONV = `${INPUTS}/stream/testing/workload/2_conv.onnx`;
const PINNED = resolve(import.meta.dirname, '../../fixtures/mapping/two-conv-pinned.yaml');
const fused = { mode: 'fused', layer_stacks: [[0, 1]] } as const;

/** [name, accelerator, options, reference latency, energy, CN starts by (layer, tile)]. */
const CASES: [string, string, Record<string, unknown>, number, number, number[]][] = [
  ['tpu_like_quad_core, layer by layer', 'tpu_like_quad_core', {}, 69_384, 8_122_809.024, [3508, 38014]],
  ['tpu_like_quad_core, fused (8 row tiles)', 'tpu_like_quad_core', fused, 37_222, 8_962_665.664, [666, 4204, 7742, 11280, 14818, 18356, 21894, 25432, 8526, 12064, 15602, 19140, 22678, 26216, 29754, 33292]],
  ['eyeriss_like_quad_core, layer by layer', 'eyeriss_like_quad_core', {}, 69_788, 35_080_152, [3508, 38216]],
  ['eyeriss_like_dual_core, fused (8 row tiles)', 'eyeriss_like_dual_core', fused, 37_292, 36_874_328, [666, 4211, 7756, 11301, 14846, 18391, 21936, 25481, 8540, 12085, 15630, 19175, 22720, 26265, 29810, 33355]],
];

const run = (hw: string, options: Record<string, unknown>) =>
  executeRun({ acceleratorPath: `${HW}/${hw}.yaml`, workloadPath: TWO_CONV, mappingPath: PINNED, options: { allocation: 'fixed', compat: 'reference', ...options } });

describe('operands_to_prefetch: [W] under compat reference = reference Stream ed4e12ef', () => {
  for (const [name, hw, options, latency, energy, starts] of CASES) {
    it(name, async () => {
      const r = await run(hw, { ...options, operands_to_prefetch: ['W'] });
      expect(r.latencyCycles).toBe(latency);
      expect(r.energyPj).toBeCloseTo(energy, 3);
      const byTile = [...r.schedule.cns].sort((a, b) => a.layerId - b.layerId || a.subId - b.subId);
      expect(byTile.map((c) => c.start)).toEqual(starts);
    }, 60_000);
  }

  it('without prefetching every CN starts earlier by the weight load time (reference: 69,312 cycles, first CN at 3,436)', async () => {
    const r = await run('tpu_like_quad_core', {});
    expect(r.latencyCycles).toBe(69_312);
    expect([...r.schedule.cns].sort((a, b) => a.layerId - b.layerId).map((c) => c.start)).toEqual([3436, 37942]);
  }, 60_000);

  it('a weight larger than its core memory: streamed without prefetching (= reference), a clear error with it', async () => {
    const conv = { kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides: [1, 1] };
    const bytes = encodeModel({
      nodes: [
        { op: 'Conv', name: 'conv1', inputs: ['x', 'w1'], outputs: ['y'], ints: conv },
        { op: 'Conv', name: 'conv2', inputs: ['y', 'w2'], outputs: ['z'], ints: conv },
      ],
      inputs: [{ name: 'x', shape: [1, 8, 4, 4] }],
      outputs: [{ name: 'z', shape: [1, 512, 4, 4] }],
      valueInfo: [{ name: 'y', shape: [1, 512, 4, 4] }],
      // conv2's weights: 512 × 512 × 3 × 3 × 8 bits = 18,874,368 bits > sram_2MB (16,777,216 bits).
      initializers: [{ name: 'w1', dims: [512, 8, 3, 3] }, { name: 'w2', dims: [512, 512, 3, 3] }],
    });
    const inputs = {
      accelerator: unwrap(loadAcceleratorFile(`${HW}/tpu_like_quad_core.yaml`)),
      mapping: unwrap(loadMappingFile(PINNED)),
      workload: unwrap(parseOnnxWorkload(bytes, 'bigw2.onnx', { flavour: 'stream', compat: 'reference' })),
    };
    const plain = await runPipeline({ ...inputs, options: { allocation: 'fixed', compat: 'reference' } });
    expect(plain.latencyCycles).toBe(307_381);
    expect(plain.energyPj).toBeCloseTo(315_626_061.376, 2);
    const error = await runPipeline({ ...inputs, options: { allocation: 'fixed', compat: 'reference', operands_to_prefetch: ['W'] } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues[0]).toMatchObject({ field: 'operands_to_prefetch', found: 'W' });
    expect((error as InputError).message).toContain('W of layer 1 (conv2) is 18,874,368 bits, memory 1:sram_2MB holds 16,777,216');
  }, 120_000);
});
