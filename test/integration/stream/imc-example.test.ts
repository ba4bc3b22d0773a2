/**
 * The shipped IMC example (resources/inputs/imc): 4 AIMC cores + pooling + SIMD + DRAM, ResNet-18 fused, a
 * short GA. Invariants: no core runs two CNs at once, no memory above capacity, every CN on an IMC core is
 * costed with the IMC macro model (and on the system-clock time base).
 */
import { describe, expect, it } from 'vitest';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import { loadMappingFile } from '../../../src/engine/mapping/io';
import { runPipeline } from '../../../src/engine/stream/pipeline';
import { loadWorkloadFile } from '../../../src/engine/workload/io';
import { expectOk } from '../../support/result';

const RES = new URL('../../../resources/inputs/', import.meta.url).pathname;

describe('4 AIMC cores + SIMD + pooling, ResNet-18 fused', () => {
  it('schedules within the invariants', async () => {
    const accelerator = expectOk(loadAcceleratorFile(`${RES}imc/hardware/aimc_quad_core.yaml`));
    const workload = expectOk(await loadWorkloadFile(`${RES}stream/examples/workload/resnet18.onnx`, { flavour: 'stream' }));
    const mapping = expectOk(loadMappingFile(`${RES}imc/mapping/aimc_quad_core_resnet18.yaml`));
    const r = await runPipeline({ accelerator, workload, mapping, options: { mode: 'fused', nb_ga_generations: 2, nb_ga_individuals: 4, seed: 0 } });
    const imcCores = new Set(accelerator.cores.filter((c) => c.operationalArray.imc).map((c) => c.id));
    expect([...imcCores]).toEqual([0, 1, 2, 3]);
    expect(r.latencyCycles).toBeGreaterThan(0);

    // No core runs two CNs at once.
    const byCore = new Map<number, { start: number; end: number }[]>();
    for (const cn of r.schedule.cns) byCore.set(cn.coreId, [...(byCore.get(cn.coreId) ?? []), cn]);
    for (const list of byCore.values()) {
      list.sort((a, b) => a.start - b.start);
      for (let i = 1; i < list.length; i++) expect(list[i]!.start).toBeGreaterThanOrEqual(list[i - 1]!.end);
    }
    // The IMC cores take part.
    expect(r.schedule.cns.some((cn) => imcCores.has(cn.coreId))).toBe(true);

    // Memory never above capacity.
    for (const m of r.memory) for (const used of m.usedBits) expect(used).toBeLessThanOrEqual(m.capacityBits);

    // Every CN on an IMC core has an IMC-model cost; no digital core has one.
    const tclk = r.clock!.coreClockNs['0']!;
    for (const cell of r.costLut) {
      if (imcCores.has(cell.coreId)) expect(cell.imcTclkNs).toBe(tclk);
      else expect(cell.imcTclkNs).toBeUndefined();
    }
    for (const cn of r.schedule.cns.filter((c) => imcCores.has(c.coreId))) {
      expect(r.costLut.some((cell) => cell.layerId === cn.layerId && cell.coreId === cn.coreId && cell.imcTclkNs === tclk)).toBe(true);
    }
  });
});
