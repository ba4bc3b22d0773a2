/**
 * CustomSpatialMappingGeneratorStage: candidate spatial mappings per layer and core from the array, the core's
 * dataflows and the innermost memories, and their use by the cost LUT inside a real pipeline.
 */
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/engine/errors';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import type { Core, SpatialMapping } from '../../../src/engine/hardware/types';
import type { Mapping } from '../../../src/engine/mapping/types';
import { isLayer, type Layer } from '../../../src/engine/workload/types';
import { loadWorkloadFile } from '../../../src/engine/workload/io';
import { CustomSpatialMappingGeneratorStage, generateSpatialMappings, type SpatialMappingTable } from '../../../src/engine/stream/spatial-mapping-stage';
import { MainStage, Stage, type StageClass } from '../../../src/engine/stream/stage';
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
import { tutorialInputs } from '../../support/stream';
import { INPUTS } from '../../support/reference';

const LINKS = { I: 'I1', W: 'I2', O: 'O' } as const;

function layersOf(workload: { nodes: readonly unknown[] }): Layer[] {
  return (workload.nodes as Parameters<typeof isLayer>[0][]).filter(isLayer);
}

function checkWithinArray(core: Core, layer: Layer, mapping: SpatialMapping): void {
  for (const oa of core.operationalArray.dimensions) {
    const list = mapping[oa.name];
    expect(list, `array dimension ${oa.name} is mapped`).toBeDefined();
    const used = list!.reduce((p, u) => p * u.factor, 1);
    expect(used).toBeLessThanOrEqual(oa.size);
    for (const u of list!) {
      expect(layer.loopDims).toContain(u.loopDim);
      expect(layer.loopSizes[u.loopDim]! % u.factor).toBe(0);
    }
  }
}

/** Records the context the stages after it receive. */
let seen: { spatialMappings?: SpatialMappingTable; providerName?: string } = {};
class ProbeStage extends Stage {
  async *run() {
    seen = { spatialMappings: this.ctx.spatialMappings as SpatialMappingTable, providerName: this.ctx.costProvider?.name };
    yield* this.runSubStages();
  }
}

const HEAD: StageClass[] = [AcceleratorParserStage, StreamONNXModelParserStage, LayerStacksGenerationStage, GenerateCNWorkloadHybridStage];
const TAIL: StageClass[] = [IntraCoreMappingStage, SetFixedAllocationPerformanceStage, SchedulingOrderGenerationStage, StreamCostModelEvaluationStage];

describe('generateSpatialMappings', () => {
  it('never exceeds the array, divides the loop sizes and honours the innermost memory bandwidth', async () => {
    const { accelerator, workload } = await tutorialInputs(1);
    const compute = accelerator.cores.filter((c) => c.operationalArray.dimensions.length > 0 && c.type === 'compute');
    expect(compute.length).toBeGreaterThan(0);
    let checked = 0;
    for (const core of compute) {
      for (const layer of layersOf(workload)) {
        const { source, candidates } = generateSpatialMappings({ layer, core, memoryOperandOf: LINKS, maxCandidates: 5 });
        expect(source).toBe('generated');
        expect(candidates.length).toBeGreaterThan(0);
        expect(candidates.length).toBeLessThanOrEqual(5);
        for (const m of candidates) {
          checkWithinArray(core, layer, m);
          // One loop dimension is unrolled on at most one array dimension.
          const dims = Object.values(m).flatMap((l) => l.filter((u) => u.factor > 1).map((u) => u.loopDim));
          expect(new Set(dims).size).toBe(dims.length);
          // An innermost memory serving an array dimension delivers enough elements of every relevant operand.
          for (const level of core.memories) {
            if (!level.operands.every((op) => core.hierarchy[op]?.[0] === level)) continue;
            for (const memOp of level.operands) {
              const op = (Object.keys(LINKS) as (keyof typeof LINKS)[]).find((o) => LINKS[o] === memOp)!;
              const bw = Math.max(...level.instance.ports.map((p) => p.bandwidthMax));
              for (const oa of level.servedDimensions) {
                for (const u of m[oa] ?? []) {
                  if (layer.relevancy[op]?.relevance[u.loopDim] === 'ir') continue;
                  expect(u.factor).toBeLessThanOrEqual(Math.max(1, Math.floor(bw / layer.operandPrecision[op]!)));
                }
              }
            }
          }
          checked++;
        }
        // Best-utilised first.
        const util = (m: SpatialMapping) => Object.values(m).reduce((p, l) => p * l.reduce((q, u) => q * u.factor, 1), 1);
        for (let i = 1; i < candidates.length; i++) expect(util(candidates[i - 1]!)).toBeGreaterThanOrEqual(util(candidates[i]!));
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("keeps a core's dataflow and only fills the array dimensions it leaves open", async () => {
    const accelerator = unwrap(loadAcceleratorFile(`${INPUTS}/stream/examples/hardware/tpu_like_quad_core.yaml`));
    const workload = unwrap(await loadWorkloadFile(`${INPUTS}/stream-tutorial/lab1/workload/4_convs.onnx`, { flavour: 'stream' }));
    const core = accelerator.cores.find((c) => c.dataflows)!;
    expect(core).toBeDefined();
    const layer = layersOf(workload)[0]!;
    const full = generateSpatialMappings({ layer, core, memoryOperandOf: LINKS, maxCandidates: 3 });
    expect(full.source).toBe('dataflow');
    expect(full.candidates).toEqual([core.dataflows]);

    // The same core with only D1 fixed by its dataflow: D1 stays, D2 is generated and avoids D1's loop dimension.
    const d1 = core.dataflows!.D1!;
    const partial = generateSpatialMappings({ layer, core: { ...core, dataflows: { D1: d1 } }, memoryOperandOf: LINKS, maxCandidates: 3 });
    expect(partial.candidates.length).toBeGreaterThan(0);
    for (const m of partial.candidates) {
      expect(m.D1).toEqual(d1);
      expect(m.D2!.every((u) => !d1.some((f) => f.loopDim === u.loopDim) || u.factor === 1)).toBe(true);
      const d2 = core.operationalArray.dimensions.find((d) => d.name === 'D2')!.size;
      expect(m.D2!.reduce((p, u) => p * u.factor, 1)).toBeLessThanOrEqual(d2);
    }
  });

  it('restricts open array dimensions to the hinted loop dimensions', async () => {
    const { accelerator, workload } = await tutorialInputs(1);
    const core = accelerator.cores.find((c) => c.type === 'compute' && c.operationalArray.dimensions.length > 0)!;
    const layer = layersOf(workload)[0]!;
    const hint = Object.fromEntries(core.operationalArray.dimensions.map((d) => [d.name, ['K']]));
    const { candidates } = generateSpatialMappings({ layer, core, memoryOperandOf: LINKS, spatialMappingHint: hint, maxCandidates: 3 });
    for (const m of candidates) for (const list of Object.values(m)) for (const u of list) expect(u.factor === 1 || u.loopDim === 'K').toBe(true);
  });
});

describe('CustomSpatialMappingGeneratorStage in a pipeline', () => {
  it('gives the same result as without it when the mapping fixes the spatial mapping', async () => {
    const { accelerator, workload, mapping } = await tutorialInputs(1);
    // Covers every array dimension of every tutorial core (D3 exists on core 2 only; other cores ignore it).
    const fixedSpatial: SpatialMapping = { D1: [{ loopDim: 'K', factor: 8 }], D2: [{ loopDim: 'FX', factor: 3 }], D3: [{ loopDim: 'FY', factor: 3 }] };
    const fixed: Mapping = { ...mapping, entries: mapping.entries.map((e) => ({ ...e, spatialMapping: fixedSpatial })) };
    const options = { accelerator, workload, mapping: fixed, mode: 'lbl' as const, allocation: 'fixed' as const };

    const without = await new MainStage([...HEAD, ...TAIL], options).run();
    const withStage = await new MainStage([...HEAD, CustomSpatialMappingGeneratorStage, ProbeStage, ...TAIL], options).run();
    expect(withStage[0]![0].latency).toBe(without[0]![0].latency);
    expect(withStage[0]![0].energy).toBeWithinRelative(without[0]![0].energy, 1e-12);
    for (const perCore of seen.spatialMappings!.values()) {
      for (const [coreId, c] of perCore) {
        const dims = accelerator.cores.find((x) => x.id === coreId)!.operationalArray.dimensions.map((d) => d.name);
        expect(c.source).toBe('mapping');
        expect(c.candidates).toEqual([Object.fromEntries(dims.map((d) => [d, fixedSpatial[d]]))]);
      }
    }
  }, 30_000);

  it('hands its candidates to the cost LUT when the mapping leaves the spatial mapping open', async () => {
    const { accelerator, workload, mapping } = await tutorialInputs(1);
    const answers = await new MainStage([...HEAD, CustomSpatialMappingGeneratorStage, ProbeStage, ...TAIL], {
      accelerator,
      workload,
      mapping,
      mode: 'lbl',
      allocation: 'fixed',
    }).run();
    expect(answers).toHaveLength(1);
    expect(answers[0]![0].latency).toBeGreaterThan(0);
    expect(seen.providerName).toBe('zigzag+custom-spatial');
    const table = seen.spatialMappings!;
    expect(table.size).toBe(layersOf(workload).length);
    for (const [layerId, perCore] of table) {
      const layer = layersOf(workload).find((l) => l.id === layerId)!;
      for (const [coreId, c] of perCore) {
        const core = accelerator.cores.find((x) => x.id === coreId)!;
        expect(c.source).toBe('generated');
        for (const m of c.candidates) {
          for (const oa of core.operationalArray.dimensions) {
            expect(m[oa.name]!.reduce((p, u) => p * u.factor, 1)).toBeLessThanOrEqual(oa.size);
            for (const u of m[oa.name]!) expect(u.factor).toBeLessThanOrEqual(layer.loopSizes[u.loopDim]!);
          }
        }
      }
    }
  }, 30_000);
});
