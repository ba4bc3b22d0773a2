import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, unwrap } from '../../../src/engine/errors';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import { acceleratorJson } from '../../../src/engine/hardware/json-view';
import { CACTI_TABLE } from '../../../src/engine/hardware/cacti-table';
import { cactiCostOf } from '../../../src/engine/hardware/memory-costs';
import { loadMappingFile } from '../../../src/engine/mapping/io';
import {
  buildPointInputs,
  expandSweep,
  modelFingerprint,
  paretoFront,
  parseSweepYaml,
  pointCount,
  resolveFieldPath,
  validateSweepAxes,
  type SweepDefinition,
} from '../../../src/engine/sweep';

const EXAMPLES = resolve(import.meta.dirname, '../../../resources/inputs/stream/examples');
const quad = unwrap(loadAcceleratorFile(`${EXAMPLES}/hardware/tpu_like_quad_core.yaml`));
const quadMapping = unwrap(loadMappingFile(`${EXAMPLES}/mapping/tpu_like_quad_core.yaml`));

const sweepText = (axes: string, extra = '') => `name: t
accelerator: hardware/tpu_like_quad_core.yaml
workload: workload/resnet18.onnx
mapping: mapping/tpu_like_quad_core.yaml
options: { mode: fused, layer_stacks: "0-10,11-21", allocation: ga, nb_ga_individuals: 4, nb_ga_generations: 4, seed: 0 }
axes:
${axes}
${extra}`;

const AXES = `  - field: cores[0,1,2,3].memories[sram_2MB].size_bits
    values: [4194304, 8388608, 16777216]
  - field: links[*].bandwidth
    values: [16, 32, 64]
  - option: mode
    values: [lbl, fused]`;

describe('field paths address the accelerator as inspect --json prints it', () => {
  const view = acceleratorJson(quad);
  it('selects cores by id list, wildcard and name', () => {
    const byIds = resolveFieldPath(quad, 'cores[0,1,2,3].memories[sram_2MB].size_bits');
    expect(byIds.ok && byIds.value.map((l) => l.path)).toEqual([0, 1, 2, 3].map((c) => ['cores', c, 'memories', 2, 'size_bits']));
    const byName = resolveFieldPath(quad, 'cores[tpu_like].array.dimensions.D1');
    expect(byName.ok && byName.value.length).toBe(4);
    // Cores without that memory (pooling, simd, offchip) are skipped by the wildcard.
    const star = resolveFieldPath(quad, 'cores[*].memories[sram_2MB].size_bits');
    expect(star.ok && star.value.length).toBe(4);
    const links = resolveFieldPath(quad, 'links[*].bandwidth');
    expect(links.ok && links.value.length).toBe(view.links.length);
    if (byIds.ok) expect(byIds.value[0]!.value).toBe(view.cores[0]!.memories[2]!.size_bits);
  });
  it('refuses paths that match nothing, lists and bad selectors with a message', () => {
    for (const [path, text] of [
      ['cores[9].name', 'no cores element with id 9'],
      ['cores[0].memories[nope].size_bits', 'no memories element named "nope"'],
      ['cores[0].memories', 'is a list'],
      ['cores[0].array', 'not a numeric or string leaf'],
      ['cores[*].memories[sram_2MB].nope', 'matches nothing'],
    ] as const) {
      const r = resolveFieldPath(quad, path);
      expect(r.ok, path).toBe(false);
      if (!r.ok) expect(r.message).toContain(text);
    }
  });
});

describe('sweep file and expansion', () => {
  it('reads the issue example and expands the grid', () => {
    const def = unwrap(parseSweepYaml(sweepText(AXES), 'sweep.yaml'));
    expect(def.options['layer_stacks']).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]]);
    expect(validateSweepAxes(def, quad, 'sweep.yaml')).toEqual([]);
    const points = expandSweep(def);
    expect(points).toHaveLength(18);
    expect(new Set(points.map((p) => JSON.stringify(p.params))).size).toBe(18);
    expect(points[1]!.params).toEqual({ 'cores[0,1,2,3].memories[sram_2MB].size_bits': 4194304, 'links[*].bandwidth': 16, mode: 'fused' });
  });
  it('draws random points from the grid without repeats, reproducibly', () => {
    const def = unwrap(parseSweepYaml(sweepText(AXES, 'sample: { random: 7, seed: 3 }'), 'sweep.yaml'));
    expect(pointCount(def)).toBe(7);
    const a = expandSweep(def);
    expect(new Set(a.map((p) => JSON.stringify(p.params))).size).toBe(7);
    expect(expandSweep(def)).toEqual(a);
    const grid = expandSweep({ ...def, sample: { kind: 'grid' } }).map((p) => JSON.stringify(p.params));
    for (const p of a) expect(grid).toContain(JSON.stringify(p.params));
  });
  it('supports ranges', () => {
    const def = unwrap(parseSweepYaml(sweepText('  - field: links[*].bandwidth\n    range: { from: 8, to: 64, step: 8 }'), 's.yaml'));
    expect(def.axes[0]!.values).toEqual([8, 16, 24, 32, 40, 48, 56, 64]);
  });
  it('reports bad axes naming the file, the axis and the expectation before anything runs', () => {
    const cases: [string, string][] = [
      ['  - field: cores[*].memories[sram_4MB].size_bits\n    values: [1]', 'sweep.yaml: axes[0].field'],
      ['  - field: links[*].bandwidth\n    values: ["fast"]', 'sweep.yaml: axes[0].values[0]'],
      ['  - field: cores[0].memories[sram_2MB].unroll_count\n    values: [2]', 'derived or structural'],
      ['  - field: links[*].bandwidth\n    values: []', 'sweep.yaml: axes[0].values: expected at least one value'],
      ['  - option: mode\n    values: [sideways]', 'sweep.yaml: axes[0].values[0]: expected a value of mode: one of lbl, fused (found "sideways")'],
      ['  - option: modes\n    values: [lbl]', 'sweep.yaml: axes[0].option: expected a known Stream option (did you mean "mode"? `stream-studio help run` lists them) (found modes)'],
      ['  - option: layer_stacks\n    values: ["0-3,3-5"]', 'sweep.yaml: axes[0].values[0]: expected a value of layer_stacks: each layer id in at most one stack (found 3 more than once)'],
    ];
    for (const [axes, text] of cases) {
      const parsed = parseSweepYaml(sweepText(axes), 'sweep.yaml');
      const issues = parsed.ok ? validateSweepAxes(parsed.value, quad, 'sweep.yaml') : parsed.issues;
      expect(issues.map(formatIssue).join('\n'), axes).toContain(text);
    }
    const noValues = parseSweepYaml(sweepText('  - field: links[*].bandwidth'), 'sweep.yaml');
    expect(noValues.ok).toBe(false);
  });

  it('reports bad ranges, samples and seeds with the field, the expectation and the line', () => {
    const bw = '  - field: links[*].bandwidth\n';
    const cases: [string, string, string][] = [
      [`${bw}    range: { from: 8, to: 64, step: 0 }`, '', 'sweep.yaml: axes[0].range.step: expected a positive number (found 0 at line 8)'],
      [`${bw}    range: { from: 64, to: 8, step: 8 }`, '', 'sweep.yaml: axes[0].range: expected from ≤ to (found 64 > 8 at line 8)'],
      [`${bw}    range: { from: 8, step: 8 }`, '', 'sweep.yaml: axes[0].range.to: expected a number (found nothing'],
      [`${bw}    values: [8]`, 'sample: { random: 0 }', 'sweep.yaml: sample.random: expected a number of points ≥ 1 (found 0 at line 9)'],
      [`${bw}    values: [8]`, 'sample: { random: 2, seed: -1 }', 'sweep.yaml: sample.seed: expected a non-negative seed (found -1 at line 9)'],
      [`${bw}    values: [8]`, 'seeds: 0', 'sweep.yaml: seeds: expected a number of GA seeds per point ≥ 1 (found 0 at line 9)'],
    ];
    for (const [axes, extra, text] of cases) {
      const parsed = parseSweepYaml(sweepText(axes, extra), 'sweep.yaml');
      expect(parsed.ok ? '' : parsed.issues.map(formatIssue).join('\n'), `${axes} ${extra}`).toContain(text);
    }
  });
});

describe('design points', () => {
  const def: SweepDefinition = unwrap(parseSweepYaml(sweepText(`  - field: cores[tpu_like].array.dimensions.D1\n    values: [8, 32]`, 'costs: as_given'), 's.yaml'));
  it('changes every selected leaf and clips dataflows to a smaller array', () => {
    const p = buildPointInputs(def, { accelerator: quad, mapping: quadMapping }, { 'cores[tpu_like].array.dimensions.D1': 8 });
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    for (const c of [0, 1, 2, 3]) {
      const core = p.inputs.accelerator.cores[c]!;
      expect(core.operationalArray.dimensions[0]!.size).toBe(8);
      expect(core.dataflows?.['D1']).toEqual([{ loopDim: 'K', factor: 8 }]);
      // Memories not serving D1 are unrolled over it: their instance count follows the array.
      expect(core.memories[0]!.unrollCount).toBe(8 * 32);
    }
    expect(p.inputs.accelerator.cores[4]).toBe(quad.cores[4]);
  });
  it('grows a dimension on every core an entry is allocated to (the mapping follows the whole design)', () => {
    // The Conv entry (cores 0-3) unrolls K 32 over D1, filling the array.
    const mapping = { ...quadMapping, entries: quadMapping.entries.map((e) => (e.name === 'Conv' ? { ...e, spatialMapping: { D1: [{ loopDim: 'K', factor: 32 }] } } : e)) };
    const p = buildPointInputs(def, { accelerator: quad, mapping }, { 'cores[tpu_like].array.dimensions.D1': 64 });
    expect(p.ok, p.ok ? '' : p.message).toBe(true);
    if (!p.ok) return;
    expect(p.inputs.accelerator.cores[0]!.dataflows?.['D1']).toEqual([{ loopDim: 'K', factor: 64 }]);
    expect(p.inputs.mapping.entries.find((e) => e.name === 'Conv')!.spatialMapping).toEqual({ D1: [{ loopDim: 'K', factor: 64 }] });
    // Growing only core 0 would leave the entry's unrolling too large for cores 1-3: invalid, naming the entry.
    const one = buildPointInputs({ ...def, axes: [{ kind: 'field', path: 'cores[0].array.dimensions.D1', values: [64] }] }, { accelerator: quad, mapping }, { 'cores[0].array.dimensions.D1': 64 });
    expect(one.ok).toBe(false);
    if (!one.ok) expect(one.message).toContain('Conv');
  });
  it('under costs: follow a swept memory takes CACTI costs at every value (base included); an unpriceable shape is invalid naming it', () => {
    const follow = { ...def, costs: 'follow' as const, axes: [{ kind: 'field' as const, path: 'cores[0].memories[sram_2MB].size_bits', values: [8388608, 16777216, 8] }] };
    for (const size of [8388608, 16777216]) {
      const p = buildPointInputs(follow, { accelerator: quad, mapping: quadMapping }, { 'cores[0].memories[sram_2MB].size_bits': size });
      expect(p.ok, p.ok ? '' : p.message).toBe(true);
      if (!p.ok) continue;
      const m = p.inputs.accelerator.cores[0]!.memories.find((l) => l.instance.name === 'sram_2MB')!.instance;
      const cacti = cactiCostOf(CACTI_TABLE, { ...m, autoCostExtraction: true });
      expect(cacti.ok).toBe(true);
      if (!cacti.ok) continue;
      expect([m.readCost, m.writeCost, m.area]).toEqual([cacti.cost.readEnergy, cacti.cost.writeEnergy, cacti.cost.area]);
      expect(m.readCost).not.toBe(416.16); // never the file's figure, not even at the base size
      // Cores not selected keep the file's figures.
      expect(p.inputs.accelerator.cores[1]!.memories.find((l) => l.instance.name === 'sram_2MB')!.instance.readCost).toBe(416.16);
    }
    const bad = buildPointInputs(follow, { accelerator: quad, mapping: quadMapping }, { 'cores[0].memories[sram_2MB].size_bits': 8 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toContain('sram_2MB');
    const asGiven = buildPointInputs({ ...follow, costs: 'as_given' }, { accelerator: quad, mapping: quadMapping }, { 'cores[0].memories[sram_2MB].size_bits': 8388608 });
    expect(asGiven.ok && asGiven.inputs.accelerator.cores[0]!.memories.find((l) => l.instance.name === 'sram_2MB')!.instance.readCost).toBe(416.16);
  });
});

describe('Pareto front', () => {
  it('equals a brute-force non-dominated filter', () => {
    let s = 7;
    const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let trial = 0; trial < 20; trial++) {
      const pts = Array.from({ length: 40 }, (_, index) => ({ index, values: [Math.floor(rand() * 10), Math.floor(rand() * 10), Math.floor(rand() * 5)] }));
      const brute = pts
        .filter((p) => !pts.some((q) => q.values.every((v, i) => v <= p.values[i]!) && q.values.some((v, i) => v < p.values[i]!)))
        .map((p) => p.index)
        .sort((a, b) => a - b);
      expect(paretoFront(pts).sort((a, b) => a - b)).toEqual(brute);
    }
  });
});

describe('model fingerprint', () => {
  it('is a stable hash of the probe run', async () => {
    const a = await modelFingerprint();
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(await modelFingerprint()).toBe(a);
  }, 60_000);
});
