/**
 * A user-written stage, exactly as the seed document describes: inherit from Stage, build the next stage
 * from the remaining list, iterate over its results and yield them (a reducing stage yields after the loop).
 */
import { describe, expect, it } from 'vitest';
import {
  AcceleratorParserStage,
  GenerateCNWorkloadHybridStage,
  InterCoreMappingStage,
  IntraCoreMappingStage,
  LayerStacksGenerationStage,
  SchedulingOrderGenerationStage,
  SetFixedAllocationPerformanceStage,
  StreamONNXModelParserStage,
} from '../../../src/engine/stream/stages';
import { MainStage, Stage, type StageYield } from '../../../src/engine/stream/stage';
import { AnalyticalCostProvider, tutorialInputs } from '../../support/stream';

/** Runs the flow once per compat mode and keeps the result with the lowest energy. */
class MinimalEnergyOverCompatStage extends Stage {
  async *run() {
    let best: StageYield | undefined;
    for (const compat of ['default', 'reference'] as const) {
      const substage = new this.subStages[0](this.subStages.slice(1), { ...this.ctx, options: { ...this.ctx.options, compat } });
      for await (const [scme, extraInfo] of substage.run()) {
        if (!best || scme.energy < best[0].energy) best = [scme, { compat, extraInfo }];
      }
    }
    // A reducing stage yields outside the loop.
    if (best) yield best;
  }
}

/** Passes every result through, adding the energy-delay product to the extra information. */
class AnnotateEdpStage extends Stage {
  async *run() {
    for await (const [scme, extraInfo] of this.runSubStages()) {
      yield [scme, { extraInfo, edp: scme.latency * scme.energy }] as const;
    }
  }
}

describe('custom stages', () => {
  it('compose with the built-in stages in a MainStage', async () => {
    const inputs = await tutorialInputs(1);
    const mainstage = new MainStage(
      [
        AcceleratorParserStage,
        StreamONNXModelParserStage,
        LayerStacksGenerationStage,
        GenerateCNWorkloadHybridStage,
        IntraCoreMappingStage,
        MinimalEnergyOverCompatStage,
        AnnotateEdpStage,
        SetFixedAllocationPerformanceStage,
        SchedulingOrderGenerationStage,
        InterCoreMappingStage,
      ],
      { accelerator: inputs.accelerator, workload: inputs.workload, mapping: inputs.mapping, mode: 'lbl', cost_provider: new AnalyticalCostProvider() },
    );
    const answers = await mainstage.run();
    expect(answers).toHaveLength(1);
    const [scme, extra] = answers[0];
    expect(scme.latency).toBeGreaterThan(0);
    const info = extra as { compat: string; extraInfo: { edp: number } };
    expect(['default', 'reference']).toContain(info.compat);
    expect(info.extraInfo.edp).toBeWithinRelative(scme.latency * scme.energy, 1e-12);
  });

  it('explains a missing product of an earlier stage', async () => {
    const inputs = await tutorialInputs(1);
    const mainstage = new MainStage([SetFixedAllocationPerformanceStage, InterCoreMappingStage], { ...inputs, cost_provider: new AnalyticalCostProvider() });
    await expect(mainstage.run()).rejects.toThrow('SetFixedAllocationPerformanceStage needs "hw", "cnGraph", "costTable" and "workload" from an earlier stage (hw: AcceleratorParserStage; cnGraph: GenerateCNWorkloadHybridStage; costTable: IntraCoreMappingStage; workload: StreamONNXModelParserStage, or the workload input)');
  });

  it('refuses stages after a leaf stage, which would never run', async () => {
    const inputs = await tutorialInputs(1);
    const stages = [AcceleratorParserStage, StreamONNXModelParserStage, LayerStacksGenerationStage, GenerateCNWorkloadHybridStage, IntraCoreMappingStage, SetFixedAllocationPerformanceStage, InterCoreMappingStage, AnnotateEdpStage];
    await expect(new MainStage(stages, { ...inputs, cost_provider: new AnalyticalCostProvider() }).run()).rejects.toThrow('InterCoreMappingStage is a leaf stage: the stages after it would never run (AnnotateEdpStage)');
  });

  it("checks a stage's declared inputs when it is built, before it starts", async () => {
    const inputs = await tutorialInputs(1);
    let started = false;
    class NeedsProblemStage extends Stage {
      static override readonly requires = ['problem'] as const;
      async *run() {
        started = true;
        yield* this.runSubStages();
      }
    }
    const early = new MainStage([AcceleratorParserStage, StreamONNXModelParserStage, NeedsProblemStage, InterCoreMappingStage], { ...inputs, cost_provider: new AnalyticalCostProvider() });
    await expect(early.run()).rejects.toThrow('NeedsProblemStage needs "problem" from an earlier stage (problem: SetFixedAllocationPerformanceStage)');
    expect(started).toBe(false);
  });
});
