/**
 * The single-core cost model's stages composed like Stream stages: per layer, spatial-mapping candidates,
 * a reduction, LOMA and the cost model of the chosen mapping.
 */
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/engine/errors';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import { loadMappingFile } from '../../../src/engine/mapping/io';
import { loadWorkloadFile } from '../../../src/engine/workload/io';
import { isLayer } from '../../../src/engine/workload/types';
import { evaluateLayerOnCore } from '../../../src/engine/zigzag/evaluate';
import {
  ZigZagCostModelStage,
  ZigZagMainStage,
  ZigZagMinimalLatencyStage,
  ZigZagSpatialMappingGeneratorStage,
  ZigZagStage,
  ZigZagTemporalMappingSearchStage,
  ZigZagWorkloadStage,
  ZigZagIntraCoreFlowStage,
} from '../../../src/engine/stream/zigzag-stages';
import type { SpatialMapping } from '../../../src/engine/hardware/types';
import type { Mapping } from '../../../src/engine/mapping/types';
import { MainStage, type StageClass } from '../../../src/engine/stream/stage';
import {
  AcceleratorParserStage,
  GenerateCNWorkloadHybridStage,
  IntraCoreMappingStage,
  LayerStacksGenerationStage,
  SetFixedAllocationPerformanceStage,
  SchedulingOrderGenerationStage,
  StreamCostModelEvaluationStage,
  StreamONNXModelParserStage,
} from '../../../src/engine/stream/stages';
import { INPUTS } from '../../support/reference';

const LAB1 = `${INPUTS}/stream-tutorial/lab1`;

async function lab1() {
  return {
    accelerator: `${LAB1}/hardware/hda_bus.yaml`,
    workload: unwrap(await loadWorkloadFile(`${LAB1}/workload/4_convs.onnx`, { flavour: 'stream' })),
    mapping: unwrap(loadMappingFile(`${LAB1}/mapping/mapping.yaml`)),
  };
}

describe('ZigZag stages in a main stage', () => {
  it('cost every layer on its core with the best spatial and temporal mapping', async () => {
    const inputs = await lab1();
    const all = await new ZigZagMainStage(
      [ZigZagWorkloadStage, ZigZagSpatialMappingGeneratorStage, ZigZagTemporalMappingSearchStage],
      { ...inputs, loma_lpf_limit: 6, nb_spatial_mappings: 3 },
    ).run();
    const best = await new ZigZagMainStage(
      [ZigZagWorkloadStage, ZigZagMinimalLatencyStage, ZigZagSpatialMappingGeneratorStage, ZigZagTemporalMappingSearchStage, ZigZagCostModelStage],
      { ...inputs, loma_lpf_limit: 6, nb_spatial_mappings: 3 },
    ).run();
    const layers = inputs.workload.nodes.filter(isLayer);
    expect(best).toHaveLength(layers.length);
    expect(all.length).toBeGreaterThanOrEqual(layers.length);
    const accelerator = unwrap(loadAcceleratorFile(inputs.accelerator));
    for (const [cme, extra] of best) {
      const layer = layers.find((l) => l.id === cme.layerId)!;
      expect(cme.coreId).toBe(inputs.mapping.entries.find((e) => e.name === layer.name)!.coreAllocation![0]);
      // The reduction keeps the fastest candidate, and the cost model of LOMA's ordering reproduces it.
      const candidates = all.filter(([c]) => c.layerId === cme.layerId).map(([c]) => c.latencyTotal2);
      expect(cme.latencyTotal2).toBeWithinRelative(Math.min(...candidates), 1e-12);
      // The applied spatial mapping fits the core's array.
      const core = accelerator.cores.find((c) => c.id === cme.coreId)!;
      for (const oa of core.operationalArray.dimensions) {
        const used = Object.values(cme.spatialMapping[oa.name] ?? {}).reduce((p, f) => p * f, 1);
        expect(used).toBeLessThanOrEqual(oa.size);
      }
      const info = extra as { spatialMapping: unknown };
      expect(info.spatialMapping).toBeDefined();
      expect(cme.macEnergy).toBeGreaterThan(0);
    }
  }, 30_000);

  it('agree with the cost model called directly for a fixed spatial mapping', async () => {
    const inputs = await lab1();
    const accelerator = unwrap(loadAcceleratorFile(inputs.accelerator));
    const layer = inputs.workload.nodes.filter(isLayer)[1]!;
    const spatialMapping = { D1: [{ loopDim: 'K', factor: 8 }], D2: [{ loopDim: 'C', factor: 8 }] };
    const entry = { name: layer.name, memoryOperandLinks: { I: 'I1', W: 'I2', O: 'O' } as const, spatialMapping };
    // Without an entry the generator produces its own candidates, all within the array.
    const generated = await new ZigZagMainStage([ZigZagSpatialMappingGeneratorStage, ZigZagTemporalMappingSearchStage], { accelerator, layer, core_id: 0 }).run();
    expect(generated.length).toBeGreaterThan(0);
    for (const [cme] of generated) for (const f of Object.values(cme.spatialMapping.D1 ?? {})) expect(f).toBeLessThanOrEqual(32);
    // With an entry that fixes the spatial mapping, the stages give exactly what the cost model gives.
    class WithEntry extends ZigZagStage {
      async *run() {
        yield* this.runSubStages({ ...this.ctx, entry });
      }
    }
    const [[fixed]] = await new ZigZagMainStage([WithEntry, ZigZagSpatialMappingGeneratorStage, ZigZagTemporalMappingSearchStage], { accelerator, layer, core_id: 0 }).run();
    const direct = evaluateLayerOnCore(layer, accelerator.cores[0]!, entry, { lpfLimit: 6, objective: 'latency' });
    expect(fixed.latencyTotal2).toBe(direct.latencyTotal2);
    expect(fixed.energyTotal).toBeWithinRelative(direct.energyTotal, 1e-12);
    expect(fixed.spatialMapping).toEqual(direct.spatialMapping);
  }, 30_000);

  it('explains a missing product of an earlier stage', async () => {
    await expect(new ZigZagMainStage([ZigZagTemporalMappingSearchStage], {}).run()).rejects.toThrow(/needs "layer"/);
  });
});

describe('ZigZag stages inside a Stream pipeline', () => {
  const HEAD: StageClass[] = [AcceleratorParserStage, StreamONNXModelParserStage, LayerStacksGenerationStage, GenerateCNWorkloadHybridStage];
  const TAIL: StageClass[] = [IntraCoreMappingStage, SetFixedAllocationPerformanceStage, SchedulingOrderGenerationStage, StreamCostModelEvaluationStage];

  it('cost the LUT and match the standard flow when the mapping fixes the spatial mapping', async () => {
    const inputs = await lab1();
    const spatial: SpatialMapping = { D1: [{ loopDim: 'K', factor: 8 }], D2: [{ loopDim: 'FX', factor: 3 }], D3: [{ loopDim: 'FY', factor: 3 }] };
    const mapping: Mapping = { ...inputs.mapping, entries: inputs.mapping.entries.map((e) => ({ ...e, spatialMapping: spatial })) };
    const options = { ...inputs, mapping, mode: 'lbl' as const, allocation: 'fixed' as const, loma_lpf_limit: 6 };
    const standard = await new MainStage([...HEAD, ...TAIL], options).run();
    const viaStages = await new MainStage([...HEAD, ZigZagIntraCoreFlowStage, ...TAIL], options).run();
    expect(viaStages).toHaveLength(1);
    expect(viaStages[0]![0].latency).toBe(standard[0]![0].latency);
    expect(viaStages[0]![0].energy).toBeWithinRelative(standard[0]![0].energy, 1e-12);
    // With open spatial mappings the flow runs too and yields a schedule.
    const open = await new MainStage([...HEAD, ZigZagIntraCoreFlowStage, ...TAIL], { ...options, mapping: inputs.mapping }).run();
    expect(open[0]![0].latency).toBeGreaterThan(0);
  }, 30_000);
});
