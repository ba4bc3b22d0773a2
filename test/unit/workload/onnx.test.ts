import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  exportWorkloadYaml,
  parseOnnxWorkload,
  parseWorkloadYaml,
  consumingLayersOf,
  predecessorsOf,
  producingLayersOf,
  successorsOf,
  withoutDependencyNodes,
  type DependencyNode,
  type Layer,
  type OnnxImportOptions,
  type Workload,
} from '../../../src/engine/workload';
import { encodeModel, smallCnnWithoutValueInfo } from '../../fixtures/onnx/build';
import { expectMatchesGolden, findFiles, readJson, type GoldenLayer } from './helpers';
import { INPUTS, REFERENCE } from '../../support/reference';
import { expectOk } from '../../support/result';

const onnxFiles = findFiles(INPUTS, '.onnx');
const load = (path: string, options: OnnxImportOptions = {}): Workload =>
  expectOk(parseOnnxWorkload(new Uint8Array(readFileSync(path)), path, options));
const layer = (w: Workload, id: number): Layer => {
  const n = w.nodes.find((x) => x.id === id);
  if (!n || n.kind !== 'layer') throw new Error(`node ${id} is not a layer`);
  return n;
};

describe('ONNX import, Stream view', () => {
  const resnet = load(join(INPUTS, 'stream/examples/workload/resnet18.onnx'));

  it('gives 49 nodes for resnet18.onnx: 20 conv, 17 relu, 8 add, 2 pooling, 1 gemm, 1 flatten', () => {
    expect(resnet.nodes).toHaveLength(49);
    const count = (t: string) => resnet.nodes.filter((n) => n.type === t).length;
    expect([count('conv'), count('relu'), count('add'), count('pooling'), count('gemm'), count('flatten')]).toEqual([20, 17, 8, 2, 1, 1]);
    expect(resnet.nodes.map((n) => n.id)).toEqual([...Array(49).keys()]);
    expect(resnet.warnings).toEqual([]);
  });

  it('converts conv1 (7x7 stride 2, pads 3) by hand', () => {
    const c = layer(resnet, 0);
    expect(c.name).toBe('/conv1/Conv');
    expect(c.operatorType).toBe('Conv');
    expect(c.loopDims).toEqual(['B', 'K', 'G', 'OX', 'OY', 'C', 'FX', 'FY']);
    expect(c.loopSizes).toEqual({ B: 1, K: 64, G: 1, OX: 112, OY: 112, C: 3, FX: 7, FY: 7 });
    expect(c.equation).toBe('O[b][g][k][oy][ox]+=W[k][c][fy][fx]*I[b][g][c][iy][ix]');
    expect(c.dimRelations).toEqual([
      { prDim: 'IX', dimA: 'OX', coefA: 2, dimB: 'FX', coefB: 1 },
      { prDim: 'IY', dimA: 'OY', coefA: 2, dimB: 'FY', coefB: 1 },
    ]);
    expect(c.padding).toEqual({ IX: [3, 3], IY: [3, 3] });
    expect(c.prLoopSizes).toEqual({ IX: 224, IY: 224 });
    expect(c.operandPrecision).toEqual({ O: 16, W: 8, I: 8 });
    expect(c.finalOutputPrecision).toBe(8);
    expect(c.constantOperands).toEqual(['W', 'I']); // the image comes from the graph input, not from a node
    expect(c.totalMacs).toBe(64 * 112 * 112 * 3 * 49);
    expect(c.operandSizeElem).toEqual({ O: 64 * 112 * 112, W: 64 * 3 * 49, I: 3 * 224 * 224 });
    expect(c.onnx?.outputShapes[0]).toEqual([1, 64, 112, 112]);
  });

  it('converts max pool, a residual add, a strided 1x1 downsample, global pool and the classifier', () => {
    const pool = layer(resnet, 2);
    expect(pool.type).toBe('pooling');
    expect(pool.operatorType).toBe('MaxPool');
    expect(pool.loopSizes).toEqual({ B: 1, K: 64, OX: 56, OY: 56, FX: 3, FY: 3 });
    expect(pool.dimRelations[0]).toMatchObject({ coefA: 2, coefB: 1 });
    expect(pool.padding).toEqual({ IX: [1, 1], IY: [1, 1] });
    expect(pool.operandPrecision).toEqual({ O: 8, W: 0, I: 8 });
    expect(pool.operandSource).toEqual({ I: 1 });

    const add = layer(resnet, 6);
    expect(add.equation).toBe('O[b][h][d][k]+=I[b][h][d][k]*W[b][h][d][k]');
    expect(add.loopSizes).toEqual({ B: 1, H: 64, D: 56, K: 56 });
    expect(add.operandSource).toEqual({ W: 5, I: 2 });
    expect(add.constantOperands).toEqual([]);

    const relu = layer(resnet, 1);
    expect(relu.equation).toBe('O[b][h][d][k]+=I[b][h][d][k]*W[]');
    expect(relu.operandSizeElem.W).toBe(1);

    const down = layer(resnet, 16);
    expect(down.name).toBe('/layer2/layer2.0/downsample/downsample.0/Conv');
    expect(down.loopSizes).toEqual({ B: 1, K: 128, G: 1, OX: 28, OY: 28, C: 64, FX: 1, FY: 1 });
    expect(down.dimRelations[0]).toMatchObject({ coefA: 2 });
    expect(down.operandSource).toEqual({ I: 12 });

    const gap = layer(resnet, 46);
    expect(gap.loopSizes).toEqual({ B: 1, K: 512, OX: 1, OY: 1, FX: 7, FY: 7 });

    const flatten = resnet.nodes[47] as DependencyNode;
    expect(flatten.kind).toBe('propagation');
    expect(flatten.sources).toEqual([46]);
    expect(flatten.outputShape).toEqual([1, 512]);

    const fc = layer(resnet, 48);
    expect(fc.equation).toBe('O[d][k]+=I[d][c]*W[c][k]');
    expect(fc.loopSizes).toEqual({ C: 512, D: 1, K: 1000 });
    expect(fc.operandSource).toEqual({ I: 47 });
    expect(predecessorsOf(resnet, 48).map((n) => n.id)).toEqual([47]);
    expect(successorsOf(resnet, 2).map((n) => n.id)).toEqual([3, 6]);
    expect(producingLayersOf(resnet, 48).map((n) => n.id)).toEqual([46]);
    expect(consumingLayersOf(resnet, 46).map((n) => n.id)).toEqual([48]);
  });

  it('reproduces the reference pooling quirk (extra C loop) only with compat "reference"', () => {
    const ref = load(join(INPUTS, 'stream/examples/workload/resnet18.onnx'), { compat: 'reference' });
    const pool = layer(ref, 2);
    expect(pool.loopDims).toEqual(['B', 'K', 'OX', 'OY', 'C', 'FX', 'FY']);
    expect(pool.totalMacs).toBe(layer(resnet, 2).totalMacs * 64);
    // convolutions are identical for square kernels
    expect(layer(ref, 0)).toEqual(layer(resnet, 0));
  });

  it('converts depthwise convolutions (mobilenetv2) with G as the group loop', () => {
    const w = load(join(INPUTS, 'zigzag/workload/mobilenetv2.onnx'));
    const dw = w.nodes.find((n) => n.kind === 'layer' && n.type === 'conv' && (n.onnx?.group ?? 1) > 1) as Layer;
    expect(dw.equation).toBe('O[b][g][k][oy][ox]+=W[g][c][fy][fx]*I[b][g][c][iy][ix]');
    expect(dw.loopSizes.K).toBe(1);
    expect(dw.loopSizes.C).toBe(1);
    expect(dw.loopSizes.G).toBe(dw.onnx?.group);
    expect(dw.relevancy.W.relevance.K).toBe('ir');
  });

  it('splits Softmax into max, exp, sum and div layers (alexnet)', () => {
    const w = load(join(INPUTS, 'zigzag/workload/alexnet.onnx'));
    const parts = w.nodes.filter((n) => n.operatorType === 'Softmax') as Layer[];
    expect(parts.map((p) => p.type)).toEqual(['max', 'exp', 'sum', 'div']);
    const [max, exp, sum, div] = parts;
    expect(exp.operandSource).toEqual({ I: max.operandSource.I, W: max.id });
    expect(sum.operandSource).toEqual({ I: exp.id });
    expect(div.operandSource).toEqual({ I: exp.id, W: sum.id });
    expect(max.equation).toBe('O[k]+=I[k][c]*W[]');
    expect(w.warnings.some((m) => m.includes('LRN'))).toBe(true);
  });

  it('converts MatMul layers of the attention head', () => {
    const w = load(join(INPUTS, 'stream/testing/workload/attention_head.onnx'));
    const mm = w.nodes.filter((n) => n.type === 'matmul') as Layer[];
    expect(mm).toHaveLength(5);
    expect(mm[0].loopSizes).toEqual({ C: 32, D: 81, K: 32 });
    // Q·Kᵀ has two producing nodes: both operands are variable
    const qk = mm.find((m) => Object.keys(m.operandSource).length === 2)!;
    expect(qk.constantOperands).toEqual([]);
    expect(qk.operandPrecision.W).toBe(8);
  });
});

describe('ONNX import, ZigZag view', () => {
  it('matches ZigZag golden layers for resnet18.onnx (21 costed layers, ids = ONNX node index)', () => {
    const w = load(join(INPUTS, 'zigzag/workload/resnet18.onnx'), { flavour: 'zigzag' });
    const golden = readJson<{ layers: { layer: GoldenLayer }[] }>(join(REFERENCE, 'zigzag-golden/meta_prototype__resnet18_onnx.json'));
    const layers = w.nodes.filter((n) => n.kind === 'layer');
    expect(layers).toHaveLength(21);
    expect(w.nodes).toHaveLength(49);
    for (const { layer: g } of golden.layers) expectMatchesGolden(layer(w, g.id), g);
    expect(w.nodes.filter((n) => n.type === 'add').every((n) => n.kind === 'dummy')).toBe(true);
    // the classifier is fed through flatten, pooling, relu and add (all free in ZigZag) by the last convs
    expect(producingLayersOf(w, 48).map((n) => n.id)).toEqual([37, 38, 43]);
    expect(consumingLayersOf(w, 43).map((n) => n.id)).toEqual([48]);
  });
});

describe('ONNX import of every reference model', () => {
  it.each(onnxFiles.map((f) => [f.slice(INPUTS.length), f]))('%s imports in both views and re-exports as YAML', (_, file) => {
    for (const flavour of ['stream', 'zigzag'] as const) {
      const w = load(file, { flavour });
      expect(w.nodes.length).toBeGreaterThan(0);
      const layersOnly = withoutDependencyNodes(w);
      const back = expectOk(parseWorkloadYaml(exportWorkloadYaml(layersOnly), file));
      const strip = (x: Workload) => x.nodes.map((n) => ({ ...n, onnx: undefined, type: n.operatorType.toLowerCase() }));
      expect(strip(back)).toEqual(strip(layersOnly));
      expect(back.edges).toEqual(layersOnly.edges);
    }
  });
});

describe('ONNX shape inference', () => {
  it('infers every shape of a model without value_info', () => {
    const w = expectOk(parseOnnxWorkload(encodeModel(smallCnnWithoutValueInfo()), 'small.onnx', { flavour: 'stream' }));
    expect(w.nodes.map((n) => n.type)).toEqual(['conv', 'relu', 'pooling', 'flatten', 'gemm']);
    expect(layer(w, 0).loopSizes).toEqual({ B: 1, K: 16, G: 1, OX: 32, OY: 32, C: 3, FX: 3, FY: 3 });
    expect(layer(w, 2).loopSizes).toEqual({ B: 1, K: 16, OX: 16, OY: 16, FX: 2, FY: 2 });
    expect((w.nodes[3] as DependencyNode).outputShape).toEqual([1, 4096]);
    expect(layer(w, 4).loopSizes).toEqual({ C: 4096, D: 1, K: 10 });
    expect(w.warnings.some((m) => m.includes('symbolic'))).toBe(true);
  });

  it('honours auto_pad SAME_UPPER and non-square kernels on the right axes', () => {
    const bytes = encodeModel({
      inputs: [{ name: 'x', shape: [1, 4, 20, 30] }],
      outputs: [{ name: 'y' }],
      initializers: [{ name: 'w', dims: [8, 4, 3, 5] }],
      nodes: [{ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], ints: { strides: [1, 2] }, str: { auto_pad: 'SAME_UPPER' } }],
    });
    const c = layer(expectOk(parseOnnxWorkload(bytes, 'same.onnx')), 0);
    expect(c.loopSizes).toMatchObject({ OY: 20, OX: 15, FY: 3, FX: 5 });
    expect(c.dimRelations.map((r) => r.coefA)).toEqual([2, 1]);
    // X: out 15, stride 2, kernel 5 → total pad (15-1)*2+5-30 = 3 → [1, 2]; Y: 20, k 3 → [1, 1]
    expect(c.padding).toEqual({ IX: [1, 2], IY: [1, 1] });
    expect(c.prLoopSizes).toEqual({ IX: 30, IY: 20 });
  });
});
