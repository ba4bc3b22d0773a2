import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  exportWorkloadYaml,
  parseWorkloadYaml,
  predecessorsOf,
  successorsOf,
  type Layer,
} from '../../../src/engine/workload';
import { expectMatchesGolden, findFiles, readJson, type GoldenLayer } from './helpers';
import { INPUTS, REFERENCE } from '../../support/reference';
import { expectOk } from '../../support/result';

const yamlWorkloads = [
  ...findFiles(join(INPUTS, 'zigzag/workload'), '.yaml'),
  ...findFiles(join(INPUTS, 'stream'), '.yaml').filter((f) => f.includes('/workload/') || f.includes('testing_workload')),
  join(REFERENCE, 'zigzag-golden/inputs/workload_gemm_layer.yaml'),
];
/** Invalid upstream: unknown field `constant_operands`, precision for operand `Y` and none for `I` (ZigZag rejects it too). */
const STALE = 'simple_example_workload.yaml';

const load = (path: string) => parseWorkloadYaml(readFileSync(path, 'utf8'), path);

describe('ZigZag YAML workloads', () => {
  it('finds the reference workloads', () => {
    expect(yamlWorkloads.length).toBeGreaterThanOrEqual(8);
  });

  it.each(yamlWorkloads.filter((f) => !f.endsWith(STALE)).map((f) => [f.slice(INPUTS.length - 6), f]))('imports %s', (_, file) => {
    const w = expectOk(load(file));
    expect(w.nodes.length).toBeGreaterThan(0);
    for (const n of w.nodes) expect(n.kind).toBe('layer');
  });

  it('rejects the stale upstream example with precise issues', () => {
    const file = yamlWorkloads.find((f) => f.endsWith(STALE))!;
    const r = load(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.field)).toEqual(['[2].constant_operands', '[3].operand_precision.Y', '[3].operand_precision.I']);
    expect(r.issues.every((i) => i.file === file)).toBe(true);
  });

  it('matches ZigZag golden layer attributes for resnet18.yaml (all 31 layers)', () => {
    const w = expectOk(load(join(INPUTS, 'zigzag/workload/resnet18.yaml')));
    const golden = readJson<{ layers: { layer: GoldenLayer }[] }>(join(REFERENCE, 'zigzag-golden/tpu_like__resnet18_yaml.json'));
    expect(w.nodes).toHaveLength(31);
    for (const { layer: g } of golden.layers) {
      const layer = w.nodes.find((n) => n.id === g.id) as Layer;
      expectMatchesGolden(layer, g);
    }
  });

  it('matches the golden GEMM layer', () => {
    const w = expectOk(load(join(REFERENCE, 'zigzag-golden/inputs/workload_gemm_layer.yaml')));
    const golden = readJson<{ layers: { layer: GoldenLayer }[] }>(join(REFERENCE, 'zigzag-golden/gemm_l1__gemm_layer.json'));
    expectMatchesGolden(w.nodes[0] as Layer, golden.layers[0].layer);
  });

  it('reads layer 0 of resnet18.yaml by hand', () => {
    const w = expectOk(load(join(INPUTS, 'zigzag/workload/resnet18.yaml')));
    const l0 = w.nodes[0] as Layer;
    expect(l0.loopDims).toEqual(['B', 'K', 'C', 'OY', 'OX', 'FY', 'FX']);
    expect(l0.dimRelations[0]).toEqual({ prDim: 'IX', dimA: 'OX', coefA: 2, dimB: 'FX', coefB: 1 });
    // stride 2, 7x7 kernel, 112 outputs: 2*111 + 6 + 1 = 229 input columns (no padding given)
    expect(l0.prLoopSizes).toEqual({ IX: 229, IY: 229 });
    expect(l0.constantOperands).toEqual(['W', 'I']);
    expect(l0.operandSource).toEqual({});
    expect(l0.operandSizeBits).toEqual({ O: 64 * 112 * 112 * 16, W: 64 * 3 * 49 * 8, I: 3 * 229 * 229 * 8 });
    expect(l0.relevancy.I.relevance).toMatchObject({ C: 'r', K: 'ir', OX: 'pr', FX: 'pr' });
    const l1 = w.nodes[1] as Layer;
    expect(l1.name).toBe('Layer1');
    expect(l1.constantOperands).toEqual(['W']);
    expect(l1.operandSource).toEqual({ I: 0 });
  });

  it('builds edges and adjacency from operand_source', () => {
    const w = expectOk(load(join(INPUTS, 'zigzag/workload/resnet18.yaml')));
    // layer 4 is the first residual Add: fed by layers 1 and 3
    const add = w.nodes.find((n) => n.id === 4) as Layer;
    expect(add.operatorType).toBe('Add');
    expect(add.operandSource).toEqual({ W: 1, I: 3 });
    expect(predecessorsOf(w, 4).map((n) => n.id).sort()).toEqual(Object.values(add.operandSource).sort());
    for (const p of predecessorsOf(w, 4)) expect(successorsOf(w, p.id).map((n) => n.id)).toContain(4);
    const pos = new Map(w.nodes.map((n, i) => [n.id, i]));
    for (const e of w.edges) expect(pos.get(e.from)!).toBeLessThan(pos.get(e.to)!);
  });

  it('applies padding and explicit pr sizes (Stream testing workload)', () => {
    const w = expectOk(load(join(INPUTS, 'stream/testing/workload/testing_workload_for_2_cores.yaml')));
    const l0 = w.nodes[0] as Layer;
    expect(l0.prLoopDims).toEqual(['IY', 'IX']);
    expect(l0.padding).toEqual({ IY: [0, 0], IX: [1, 1] });
    // IX = OX + FX - 1 - padding
    expect(l0.prLoopSizes.IX).toBe(l0.loopSizes.OX + l0.loopSizes.FX - 1 - 2);
  });

  it.each(yamlWorkloads.filter((f) => !f.endsWith(STALE)).map((f) => [f.slice(INPUTS.length - 6), f]))('round-trips %s (import → export → import)', (_, file) => {
    const first = expectOk(load(file));
    const text = exportWorkloadYaml(first);
    const second = expectOk(parseWorkloadYaml(text, file));
    expect(second).toEqual(first);
  });
});
