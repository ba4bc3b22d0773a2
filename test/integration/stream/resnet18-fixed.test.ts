/**
 * ResNet-18 on tpu_like_quad_core with the per-layer fixed allocation of the reference examples
 * (core_allocation_is_fixed), layer by layer and fused: deterministic schedules in both models. The accelerator
 * file is in the older format, so `compat: "reference"` follows the December 2024 reference scheduler.
 */
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/engine/errors';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import { loadMappingFile } from '../../../src/engine/mapping/io';
import { STANDARD_STAGES } from '../../../src/engine/stream/pipeline';
import { MainStage } from '../../../src/engine/stream/stage';
import { loadWorkloadFile } from '../../../src/engine/workload/io';
import { INPUTS } from '../../support/reference';

const E = `${INPUTS}/stream/examples`;
const stacks = [Array.from({ length: 11 }, (_, i) => i), Array.from({ length: 11 }, (_, i) => i + 11)];

async function run(compat: 'default' | 'reference', mode: 'lbl' | 'fused') {
  const main = new MainStage(STANDARD_STAGES, {
    accelerator: unwrap(loadAcceleratorFile(`${E}/hardware/tpu_like_quad_core.yaml`)),
    workload: unwrap(await loadWorkloadFile(`${E}/workload/resnet18.onnx`, { flavour: 'stream' })),
    mapping: unwrap(loadMappingFile(`${E}/mapping/tpu_like_quad_core_resnet18_fixed_split.yaml`)),
    mode,
    compat,
    ...(mode === 'fused' ? { layer_stacks: stacks } : {}),
  });
  const [[scme]] = await main.run();
  return { scme, result: scme.toRunResult() };
}

describe('ResNet-18 with a fixed allocation on tpu_like_quad_core', () => {
  for (const compat of ['default', 'reference'] as const) {
    for (const mode of ['lbl', 'fused'] as const) {
      it(`${mode}, ${compat}: deterministic, within memory, one CN at a time per core`, async () => {
        const a = await run(compat, mode);
        const b = await run(compat, mode);
        expect(a.scme.problem.genes).toHaveLength(0);
        expect(a.scme.problem.features.era).toBe(compat === 'reference' ? 2024 : 2025);
        expect(b.result.latencyCycles).toBe(a.result.latencyCycles);
        expect(b.result.energyPj).toBe(a.result.energyPj);
        expect(a.result.nCns).toBe(mode === 'lbl' ? 48 : 1118);
        for (const m of a.result.memory) expect(m.peakBits).toBeLessThanOrEqual(m.capacityBits);
        const byCore = new Map<number, { start: number; end: number }[]>();
        for (const c of a.result.schedule.cns) byCore.set(c.coreId, [...(byCore.get(c.coreId) ?? []), c]);
        for (const list of byCore.values()) {
          list.sort((x, y) => x.start - y.start);
          for (let i = 1; i < list.length; i++) expect(list[i].start).toBeGreaterThanOrEqual(list[i - 1].end);
        }
      }, 60_000);
    }
  }
});
