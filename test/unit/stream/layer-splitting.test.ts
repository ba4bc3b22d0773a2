import { describe, expect, it } from 'vitest';
import type { Accelerator } from '../../../src/engine/hardware/types';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TUTORIAL } from '../../support/reference';
import { STANDARD_STAGES } from '../../../src/engine/stream/pipeline';
import { MainStage } from '../../../src/engine/stream/stage';
import { LayerSplittingStage, StreamONNXModelParserStage } from '../../../src/engine/stream/stages';
import { isLayer } from '../../../src/engine/workload/types';
import { AnalyticalCostProvider, tutorialInputs } from '../../support/stream';

function shrinkWeightMemories(acc: Accelerator, bits: number): Accelerator {
  const cores = acc.cores.map((core) => {
    if (core.id === acc.offchipCoreId) return core;
    const top = core.hierarchy.I2[core.hierarchy.I2.length - 1];
    const memories = core.memories.map((l) => (l === top ? { ...l, instance: { ...l.instance, sizeBits: bits } } : l));
    const hierarchy = Object.fromEntries(Object.entries(core.hierarchy).map(([op, levels]) => [op, levels.map((l) => memories[core.memories.indexOf(l)])]));
    return { ...core, memories, hierarchy } as unknown as typeof core;
  });
  return { ...acc, cores };
}

describe('LayerSplittingStage', () => {
  it('splits layers whose weights do not fit, as the seed pipeline does, and schedules the result', async () => {
    const inputs = await tutorialInputs(1);
    const accelerator = shrinkWeightMemories(inputs.accelerator, 2000);
    const [first, second, ...rest] = STANDARD_STAGES;
    const mainstage = new MainStage([first, second, LayerSplittingStage, StreamONNXModelParserStage, ...rest], {
      ...inputs,
      accelerator,
      mode: 'lbl',
      cost_provider: new AnalyticalCostProvider(),
    });
    const [[scme]] = await mainstage.run();
    const result = scme.toRunResult({ warnings: mainstage.context.warnings });
    const layers = [...scme.problem.graph.plans.values()].map((p) => p.layer);
    expect(layers.map((l) => l.name)).toEqual(['Layer0', ...[1, 2, 3].flatMap((i) => [0, 1, 2].map((j) => `Layer${i}_split${j}`))]);
    // 4608 bits of weights, 2000 bits of memory: three parts of 3, 3 and 2 output channels (576 bits each).
    expect(layers.filter((x) => x.name.startsWith('Layer1_')).map((l) => l.loopSizes.K)).toEqual([3, 3, 2]);
    const original = inputs.workload.nodes.filter(isLayer).reduce((s, l) => s + l.totalMacs, 0);
    expect(layers.reduce((s, l) => s + l.totalMacs, 0)).toBe(original);
    expect(result.warnings.some((w) => w.includes('Layer1 split in 3'))).toBe(true);
    // Every part of Layer2 waits for all parts of Layer1 (through the Concat node).
    const cns = result.schedule.cns;
    const l1End = Math.max(...cns.filter((c) => c.layerName.startsWith('Layer1_')).map((c) => c.end));
    for (const c of cns.filter((x) => x.layerName.startsWith('Layer2_'))) expect(c.start).toBeGreaterThanOrEqual(l1End);
  });

  it('splits an ONNX workload file, writes split_onnx_model_path and parses the split model again', async () => {
    const inputs = await tutorialInputs(1);
    const accelerator = shrinkWeightMemories(inputs.accelerator, 2000);
    const split = join(mkdtempSync(join(tmpdir(), 'ss-split-')), 'split.onnx');
    const [first, second, ...rest] = STANDARD_STAGES;
    const mainstage = new MainStage([first, second, LayerSplittingStage, StreamONNXModelParserStage, ...rest], {
      accelerator,
      workload_path: `${TUTORIAL}/lab1/workload/4_convs.onnx`,
      mapping: inputs.mapping,
      split_onnx_model_path: split,
      mode: 'lbl',
      cost_provider: new AnalyticalCostProvider(),
    });
    const [[scme]] = await mainstage.run();
    expect(existsSync(split)).toBe(true);
    const names = [...scme.problem.graph.plans.values()].map((p) => p.layer.name);
    expect(names.filter((n) => n.startsWith('Layer1'))).toHaveLength(3);
    const original = inputs.workload.nodes.filter(isLayer).reduce((s, l) => s + l.totalMacs, 0);
    expect([...scme.problem.graph.plans.values()].reduce((s, p) => s + p.layer.totalMacs, 0)).toBe(original);
  });
});
