import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOnnxWorkload, type DependencyNode, type Layer, type Workload } from '../../../src/engine/workload';
import { decodeOnnx } from '../../../src/engine/workload/onnx/decode';
import { collectTensorFacts } from '../../../src/engine/workload/onnx/shapes';
import { encodeModel, type ModelDef } from '../../fixtures/onnx/build';
import { INPUTS } from '../../support/reference';
import { expectOk } from '../../support/result';

const shapesOf = (def: ModelDef) => collectTensorFacts(expectOk(decodeOnnx(encodeModel(def), 'm.onnx'))).shapes;
const byName = (w: Workload, name: string) => w.nodes.find((n) => n.name === name)!;

describe('ONNX shape inference of data-movement ops', () => {
  const def: ModelDef = {
    inputs: [{ name: 'x', shape: [2, 8, 6, 4] }],
    outputs: [{ name: 'out' }],
    initializers: [
      { name: 'shape', dims: [3], int64: [0, -1, 4] },
      { name: 'starts', dims: [1], int64: [1] },
      { name: 'ends', dims: [1], int64: [-1] },
      { name: 'axes', dims: [1], int64: [1] },
      { name: 'idx', dims: [2], int64: [0, 2] },
      { name: 'split', dims: [2], int64: [2, 6] },
      { name: 'wm', dims: [4, 5] },
    ],
    nodes: [
      { op: 'Reshape', name: 'reshape', inputs: ['x', 'shape'], outputs: ['r'] }, // [2, 48, 4]
      { op: 'Transpose', name: 'transpose', inputs: ['r'], outputs: ['t'], ints: { perm: [0, 2, 1] } }, // [2, 4, 48]
      { op: 'Slice', name: 'slice', inputs: ['x', 'starts', 'ends', 'axes'], outputs: ['s'] }, // [2, 6, 6, 4]
      { op: 'Concat', name: 'concat', inputs: ['x', 's'], outputs: ['c'], int: { axis: 1 } }, // [2, 14, 6, 4]
      { op: 'Gather', name: 'gather', inputs: ['x', 'idx'], outputs: ['g'], int: { axis: 2 } }, // [2, 8, 2, 4]
      { op: 'Split', name: 'split', inputs: ['x', 'split'], outputs: ['p1', 'p2'], int: { axis: 1 } },
      { op: 'Unsqueeze', name: 'unsqueeze', inputs: ['g'], outputs: ['u'], ints: { axes: [0] } }, // [1, 2, 8, 2, 4]
      { op: 'Squeeze', name: 'squeeze', inputs: ['u'], outputs: ['q'], ints: { axes: [0] } }, // [2, 8, 2, 4]
      { op: 'MatMul', name: 'mm', inputs: ['x', 'wm'], outputs: ['m'] }, // [2, 8, 6, 5]
      { op: 'GlobalAveragePool', name: 'gap', inputs: ['x'], outputs: ['gp'] }, // [2, 8, 1, 1]
      { op: 'Add', name: 'add', inputs: ['gp', 'x'], outputs: ['out'] }, // broadcast → [2, 8, 6, 4]
    ],
  };

  it('infers the shapes', () => {
    const s = shapesOf(def);
    expect(s.get('r')).toEqual([2, 48, 4]);
    expect(s.get('t')).toEqual([2, 4, 48]);
    expect(s.get('s')).toEqual([2, 6, 6, 4]);
    expect(s.get('c')).toEqual([2, 14, 6, 4]);
    expect(s.get('g')).toEqual([2, 8, 2, 4]);
    expect(s.get('p1')).toEqual([2, 2, 6, 4]);
    expect(s.get('p2')).toEqual([2, 6, 6, 4]);
    expect(s.get('u')).toEqual([1, 2, 8, 2, 4]);
    expect(s.get('q')).toEqual([2, 8, 2, 4]);
    expect(s.get('m')).toEqual([2, 8, 6, 5]);
    expect(s.get('gp')).toEqual([2, 8, 1, 1]);
    expect(s.get('out')).toEqual([2, 8, 6, 4]);
  });

  it('keeps data-movement ops as propagation nodes with their constant inputs as attributes', () => {
    const w = expectOk(parseOnnxWorkload(encodeModel(def), 'm.onnx'));
    const reshape = byName(w, 'reshape') as DependencyNode;
    expect(reshape).toMatchObject({ kind: 'propagation', totalMacs: 0, outputShape: [2, 48, 4], attributes: { shape: [0, -1, 4] } });
    expect(byName(w, 'transpose')).toMatchObject({ attributes: { perm: [0, 2, 1] }, sources: [reshape.id] });
    expect(byName(w, 'slice')).toMatchObject({ attributes: { starts: [1], ends: [-1], axes: [1] } });
    expect(byName(w, 'gather')).toMatchObject({ attributes: { axis: 2, indices: [0, 2] } });
    const concat = byName(w, 'concat') as DependencyNode;
    expect(concat.sources).toEqual([byName(w, 'slice').id]);
    // MatMul with a 4-D input: B and H loops, constant weights without batch indices
    const mm = byName(w, 'mm') as Layer;
    expect(mm.loopSizes).toEqual({ C: 4, D: 6, K: 5, B: 2, H: 8 });
    expect(mm.equation).toBe('O[b][h][d][k]+=I[b][h][d][c]*W[c][k]');
    // a broadcasting Add between two differently shaped tensors is not modelled: zero-cost with a warning
    expect(byName(w, 'add').kind).toBe('dummy');
    expect(w.warnings.some((m) => m.includes('broadcasting'))).toBe(true);
  });
});

describe('ONNX conversion details', () => {
  it('numbers ONNX nodes by index in the ZigZag view (Constant nodes included) and skips them in the Stream view', () => {
    const bytes = new Uint8Array(readFileSync(join(INPUTS, 'zigzag/workload/mobilenetv2.onnx')));
    const zz = expectOk(parseOnnxWorkload(bytes, 'mobilenetv2.onnx', { flavour: 'zigzag' }));
    const st = expectOk(parseOnnxWorkload(bytes, 'mobilenetv2.onnx', { flavour: 'stream' }));
    expect(zz.nodes).toHaveLength(170);
    expect(st.nodes).toHaveLength(100);
    expect(zz.nodes.filter((n) => n.type === 'constant')).toHaveLength(70);
    const convs = (w: Workload) => w.nodes.filter((n): n is Layer => n.kind === 'layer' && n.type === 'conv');
    expect(convs(zz)).toHaveLength(52);
    // same loop sizes in both views; ZigZag keeps K in the weights of grouped convs, Stream does not
    convs(zz).forEach((c, i) => expect(convs(st)[i].loopSizes).toEqual(c.loopSizes));
    expect(st.nodes.filter((n) => n.type === 'clip')).toHaveLength(35);
  });

  it('applies ONNX precision attributes in the ZigZag view', () => {
    const bytes = encodeModel({
      inputs: [{ name: 'x', shape: [1, 16] }],
      outputs: [{ name: 'y', shape: [1, 4] }],
      initializers: [{ name: 'w', dims: [16, 4] }],
      nodes: [{ op: 'MatMul', name: 'mm', inputs: ['x', 'w'], outputs: ['y'], int: { act_size: 4, weight_size: 2 } }],
    });
    const mm = expectOk(parseOnnxWorkload(bytes, 'p.onnx', { flavour: 'zigzag' })).nodes[0] as Layer;
    expect(mm.operandPrecision).toEqual({ O: 8, I: 4, W: 2 });
    expect(mm.finalOutputPrecision).toBe(4);
  });

  it('uses the W axis for X in the default model and reproduces the reference axis swap on request', () => {
    const bytes = encodeModel({
      inputs: [{ name: 'x', shape: [1, 2, 10, 20] }],
      outputs: [{ name: 'y' }],
      initializers: [{ name: 'w', dims: [4, 2, 3, 1] }],
      nodes: [{ op: 'Conv', name: 'c', inputs: ['x', 'w'], outputs: ['y'], ints: { kernel_shape: [3, 1], strides: [2, 1], pads: [1, 0, 1, 0] } }],
    });
    const def = expectOk(parseOnnxWorkload(bytes, 'c.onnx')).nodes[0] as Layer;
    expect(def.loopSizes).toMatchObject({ OY: 5, OX: 20, FY: 3, FX: 1 });
    expect(def.padding).toEqual({ IX: [0, 0], IY: [1, 1] });
    expect(def.dimRelations.map((r) => r.coefA)).toEqual([1, 2]);
    const ref = expectOk(parseOnnxWorkload(bytes, 'c.onnx', { compat: 'reference' })).nodes[0] as Layer;
    expect(ref.loopSizes).toMatchObject({ OY: 5, OX: 20, FY: 1, FX: 3 });
    expect(ref.padding).toEqual({ IX: [1, 1], IY: [0, 0] });
    expect(ref.dimRelations.map((r) => r.coefA)).toEqual([2, 1]);
  });

  it('keeps K in the weights of grouped (not depthwise) convs unless compat "reference"', () => {
    const bytes = encodeModel({
      inputs: [{ name: 'x', shape: [1, 4, 8, 8] }],
      outputs: [{ name: 'y' }],
      initializers: [{ name: 'w', dims: [8, 2, 3, 3] }],
      nodes: [{ op: 'Conv', name: 'c', inputs: ['x', 'w'], outputs: ['y'], int: { group: 2 }, ints: { pads: [1, 1, 1, 1] } }],
    });
    const def = expectOk(parseOnnxWorkload(bytes, 'g.onnx')).nodes[0] as Layer;
    expect(def.loopSizes).toMatchObject({ G: 2, K: 4, C: 2 });
    expect(def.operandSizeElem.W).toBe(8 * 2 * 3 * 3); // all weights of the ONNX tensor
    const ref = expectOk(parseOnnxWorkload(bytes, 'g.onnx', { compat: 'reference' })).nodes[0] as Layer;
    expect(ref.equation).toBe('O[b][g][k][oy][ox]+=W[g][c][fy][fx]*I[b][g][c][iy][ix]');
    expect(ref.operandSizeElem.W).toBe(2 * 2 * 3 * 3);
  });

  it('converts 1-D convolutions with IX only', () => {
    const bytes = encodeModel({
      inputs: [{ name: 'x', shape: [1, 4, 100] }],
      outputs: [{ name: 'y' }],
      initializers: [{ name: 'w', dims: [6, 4, 5] }],
      nodes: [{ op: 'Conv', name: 'c1', inputs: ['x', 'w'], outputs: ['y'], ints: { strides: [2], pads: [2, 2] } }],
    });
    for (const flavour of ['stream', 'zigzag'] as const) {
      const c = expectOk(parseOnnxWorkload(bytes, 'c1.onnx', { flavour })).nodes[0] as Layer;
      expect(c.loopSizes).toEqual({ B: 1, K: 6, G: 1, OX: 50, C: 4, FX: 5 });
      expect(c.dimRelations).toEqual([{ prDim: 'IX', dimA: 'OX', coefA: 2, dimB: 'FX', coefB: 1 }]);
      expect(c.padding).toEqual({ IX: [2, 2] });
      expect(c.operandSizeElem.I).toBe(4 * 100);
    }
  });

  it('keeps ids consecutive around a Softmax it cannot split (rank 1)', () => {
    const bytes = encodeModel({
      inputs: [{ name: 'x', shape: [10] }],
      outputs: [{ name: 'z' }],
      nodes: [
        { op: 'Softmax', name: 's', inputs: ['x'], outputs: ['y'] },
        { op: 'Relu', name: 'r', inputs: ['y'], outputs: ['z'] },
      ],
    });
    const w = expectOk(parseOnnxWorkload(bytes, 's.onnx'));
    expect(w.nodes.map((n) => [n.id, n.kind])).toEqual([[0, 'dummy'], [1, 'layer']]);
    expect(w.edges).toEqual([{ from: 0, to: 1, operand: 'I' }]);
  });
});
