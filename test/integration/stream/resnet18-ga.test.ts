/**
 * ResNet-18 on tpu_like_quad_core, fused (stacks 0-10, 11-21, then single layers), genetic algorithm 16 × 16,
 * seed 0, default model: the reference found 4,059,634 cycles; ours must be no worse.
 */
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/engine/errors';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import { loadMappingFile } from '../../../src/engine/mapping/io';
import { runPipeline } from '../../../src/engine/stream/pipeline';
import { loadWorkloadFile } from '../../../src/engine/workload/io';
import { INPUTS } from '../../support/reference';

const E = `${INPUTS}/stream/examples`;

describe('ResNet-18 fused on tpu_like_quad_core with the GA', () => {
  it('finds a schedule no slower than the reference GA 16 × 16 (4,059,634 cycles)', async () => {
    const result = await runPipeline({
      accelerator: unwrap(loadAcceleratorFile(`${E}/hardware/tpu_like_quad_core.yaml`)),
      workload: unwrap(await loadWorkloadFile(`${E}/workload/resnet18.onnx`, { flavour: 'stream' })),
      mapping: unwrap(loadMappingFile(`${E}/mapping/tpu_like_quad_core.yaml`)),
      options: {
        mode: 'fused',
        layer_stacks: [Array.from({ length: 11 }, (_, i) => i), Array.from({ length: 11 }, (_, i) => i + 11)],
        nb_ga_generations: 16,
        nb_ga_individuals: 16,
        seed: 0,
      },
    });
    expect(result.nCns).toBe(1118);
    expect(result.latencyCycles).toBeLessThanOrEqual(4_059_634);
    expect(result.pareto.length).toBeGreaterThan(0);
    expect(result.gaHistory).toHaveLength(17);
    for (const m of result.memory) expect(m.peakBits).toBeLessThanOrEqual(m.capacityBits);
  }, 120_000);
});
