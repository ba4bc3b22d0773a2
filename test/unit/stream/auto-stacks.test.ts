/** Automatic layer stacks: cut from the workload and the hardware, every cut explained, recorded with the run. */
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/engine/errors';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import { loadMappingFile } from '../../../src/engine/mapping/io';
import { automaticLayerStacks, layerWeightBits } from '../../../src/engine/stream/auto-stacks';
import { HardwareView, topLevel } from '../../../src/engine/stream/hardware-view';
import { planLayerStacks } from '../../../src/engine/stream/layer-stacks';
import { parseStreamOptions } from '../../../src/engine/stream/options';
import { runPipeline } from '../../../src/engine/stream/pipeline';
import { loadWorkloadFile } from '../../../src/engine/workload/io';
import { isLayer } from '../../../src/engine/workload/types';
import { INPUTS, TUTORIAL } from '../../support/reference';
import { AnalyticalCostProvider, tutorialInputs } from '../../support/stream';

const E = `${INPUTS}/stream/examples`;

describe('automatic layer stacks', () => {
  it('ResNet-18 on tpu_like_quad_core: stacks fit a core, big layers alone, every cut explained', async () => {
    const accelerator = unwrap(loadAcceleratorFile(`${E}/hardware/tpu_like_quad_core.yaml`));
    const workload = unwrap(await loadWorkloadFile(`${E}/workload/resnet18.onnx`, { flavour: 'stream' }));
    const mapping = unwrap(loadMappingFile(`${E}/mapping/tpu_like_quad_core.yaml`));
    const hw = new HardwareView(accelerator);
    const plan = automaticLayerStacks({ workload, mapping, hw, options: parseStreamOptions({ mode: 'fused' }) });
    const layers = workload.nodes.filter(isLayer);
    // Every layer in exactly one stack, in order.
    expect(plan.stacks.flat()).toEqual(layers.map((l) => l.id).sort((a, b) => a - b));
    const coreCap = topLevel(hw.core(0), 'I2')!.instance.sizeBits;
    const byId = new Map(layers.map((l) => [l.id, l]));
    for (const stack of plan.stacks) {
      if (stack.length < 2) continue;
      const weights = stack.reduce((s, id) => s + layerWeightBits(byId.get(id)!), 0);
      expect(weights).toBeLessThanOrEqual(coreCap);
    }
    // Layers whose weights exceed every core (layer4's 3×3 convs) run alone.
    for (const l of layers.filter((x) => layerWeightBits(x) > coreCap)) expect(plan.stacks.find((s) => s.includes(l.id))).toEqual([l.id]);
    expect(plan.cuts).toHaveLength(plan.stacks.length - 1);
    for (const cut of plan.cuts) {
      expect(['weights', 'activations', 'isolated', 'granularity', 'crossing']).toContain(cut.reason);
      expect(cut.detail.length).toBeGreaterThan(10);
      expect(cut.crossingBits).toBeGreaterThan(0);
    }
    expect(plan.stacks[0]).toEqual(Array.from({ length: 24 }, (_, i) => i));
  });

  it('FSRCNN on the tutorial hda_bus: activation tiles that fit no core force the layer alone, stacks fit one core', async () => {
    const L = `${TUTORIAL}/lab3`;
    const hw = new HardwareView(unwrap(loadAcceleratorFile(`${L}/hardware/hda_bus.yaml`)));
    const workload = unwrap(await loadWorkloadFile(`${E}/workload/fsrcnn.onnx`, { flavour: 'stream' }));
    const mapping = unwrap(loadMappingFile(`${L}/mapping/mapping.yaml`));
    const options = parseStreamOptions({ mode: 'fused' });
    const last = workload.nodes.filter(isLayer).at(-1)!;
    // Spread over the three cores' memories, the working set allows stacks, but never with the last layer.
    const spread = automaticLayerStacks({ workload, mapping, hw, options });
    expect(spread.stacks.at(-1)).toEqual([last.id]);
    expect(spread.stacks.length).toBeLessThan(workload.nodes.filter(isLayer).length);
    const plan = automaticLayerStacks({ workload, mapping, hw, options, workingSet: 'core' });
    // The last convolution (9×9 kernel over 56 channels of 960-wide rows) needs more than the 64 KiB activation
    // memory for one row tile with its halo: fused, the scheduler could not place its tiles.
    expect(plan.stacks.at(-1)).toEqual([last.id]);
    const lastCut = plan.cuts.at(-1)!;
    expect(lastCut.reason).toBe('isolated');
    expect(lastCut.detail).toMatch(/streams its activations/);
    // On one core, the 64 KiB memory holds no two layers' row tiles: every cut is for activations or an isolated layer.
    for (const cut of plan.cuts) expect(['activations', 'isolated']).toContain(cut.reason);
    expect(plan.cuts.some((c) => c.reason === 'activations' && /sram_64KB_I1_O/.test(c.detail))).toBe(true);
  });

  it('the reference rule stays under compat "reference"; given stacks are recorded as given', async () => {
    const inputs = await tutorialInputs(3);
    const hw = new HardwareView(inputs.accelerator);
    const ref = planLayerStacks(inputs.workload, parseStreamOptions({ mode: 'fused', compat: 'reference' }), hw, inputs.mapping, 1e12);
    expect(ref.rule).toBe('first-fit');
    const given = planLayerStacks(inputs.workload, parseStreamOptions({ mode: 'fused', layer_stacks: [[0, 1], [2, 3]] }), hw, inputs.mapping, 1e12);
    expect(given.rule).toBe('given');
    expect(given.cuts.map((c) => [c.afterLayer, c.beforeLayer])).toEqual([[1, 2]]);
  });

  it('a small network: stacks auto schedules the rule candidates with the run\'s allocation and keeps the fastest', async () => {
    const inputs = await tutorialInputs(3);
    const options = { mode: 'fused', allocation: 'ga', nb_ga_generations: 2, nb_ga_individuals: 4, seed: 0 } as const;
    const result = await runPipeline({ ...inputs, options, costProvider: new AnalyticalCostProvider() });
    const plan = result.layerStacks!;
    expect(plan.rule).toBe('auto');
    const labels = plan.candidates!.map((c) => c.label);
    expect(labels).toContain('rule');
    expect(labels).toContain('layer by layer');
    expect(labels.filter((l) => l.includes('+ cut after'))).toHaveLength(3);
    const best = [...plan.candidates!].sort((a, b) => a.latencyCycles - b.latencyCycles || a.energyPj - b.energyPj)[0];
    expect(plan.stacks).toEqual(best.stacks);
    // The kept candidate is what the run reports, and no candidate (layer by layer included) beat it.
    expect(result.latencyCycles).toBe(best.latencyCycles);
    for (const c of plan.candidates!) expect(result.latencyCycles).toBeLessThanOrEqual(c.latencyCycles);
    // Cuts the rule did not need say so.
    for (const cut of plan.cuts) expect(cut.detail.length).toBeGreaterThan(10);
  }, 60_000);

  it('the run records the stacks and their cuts', async () => {
    const inputs = await tutorialInputs(3);
    const result = await runPipeline({ ...inputs, options: { mode: 'fused', allocation: 'fixed' }, costProvider: new AnalyticalCostProvider() });
    expect(result.layerStacks?.rule).toBe('auto');
    expect(result.layerStacks?.stacks.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
  });

  it('stacks: search tries candidate cut sets with a cheap GA and keeps the fastest', async () => {
    const inputs = await tutorialInputs(3);
    const result = await runPipeline({ ...inputs, options: { mode: 'fused', stacks: 'search', nb_ga_generations: 1, nb_ga_individuals: 2 }, costProvider: new AnalyticalCostProvider() });
    const plan = result.layerStacks!;
    expect(plan.rule).toBe('search');
    expect(plan.candidates!.length).toBeGreaterThanOrEqual(3);
    const best = [...plan.candidates!].sort((a, b) => a.latencyCycles - b.latencyCycles || a.energyPj - b.energyPj)[0];
    expect(plan.stacks).toEqual(best.stacks);
  }, 60_000);
});
