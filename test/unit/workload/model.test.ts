import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildLayer,
  nodeById,
  parseDimRelation,
  parseEquation,
  parseWorkloadYaml,
  prDimensionSize,
  predecessorsOf,
  successorsOf,
  withoutDependencyNodes,
  type LayerSpec,
  type Workload,
} from '../../../src/engine/workload';
import { assembleWorkload } from '../../../src/engine/workload/graph';
import { loadWorkloadFile } from '../../../src/engine/workload/io';
import { INPUTS } from '../../support/reference';
import { expectOk } from '../../support/result';

describe('equation', () => {
  it('splits operands and upper-cases their dimensions', () => {
    expect(parseEquation('O[b][k][oy][ox]+=W[k][c][fy][fx]*I[b][c][iy][ix]')).toEqual({
      operands: [
        { operand: 'O', dims: ['B', 'K', 'OY', 'OX'] },
        { operand: 'W', dims: ['K', 'C', 'FY', 'FX'] },
        { operand: 'I', dims: ['B', 'C', 'IY', 'IX'] },
      ],
    });
  });

  it('accepts "=", "+", whitespace and empty brackets', () => {
    expect(parseEquation('O[b][g] = W[b][g] + I[b][g]')).toMatchObject({ operands: [{ operand: 'O' }, { operand: 'W' }, { operand: 'I' }] });
    expect(parseEquation('O[k]+=I[k][c]*W[]')).toMatchObject({ operands: [{ dims: ['K'] }, { dims: ['K', 'C'] }, { operand: 'W', dims: [] }] });
  });

  it.each([
    ['X[k]+=W[k]*I[k]', /named O/],
    ['O[k]+=W[k]', /two input operands/],
    ['O[k]+=W[k]*I[k]*A[k]', /two input operands/],
    ['O[k]+=W[k]*W[k]', /once/],
    ['O[k]W[k]*I[k]', /"="/],
    ['O[k]+=W[k*I[k]', /operand terms/],
  ])('rejects %s', (text, why) => {
    const r = parseEquation(text);
    expect(typeof r).toBe('string');
    expect(r).toMatch(why);
  });

  it('parses dimension relations with optional coefficients', () => {
    expect(parseDimRelation('ix=2*ox+1*fx')).toEqual({ prDim: 'IX', dimA: 'OX', coefA: 2, dimB: 'FX', coefB: 1 });
    expect(parseDimRelation('iy = oy + 2*fy')).toEqual({ prDim: 'IY', dimA: 'OY', coefA: 1, dimB: 'FY', coefB: 2 });
    expect(typeof parseDimRelation('ix=2*ox')).toBe('string');
    expect(typeof parseDimRelation('ix=0*ox+fx')).toBe('string');
  });

  it('computes pr dimension extents like ZigZag', () => {
    expect(prDimensionSize(1, 56, 1, 3)).toBe(58); // stride 1: OX + FX - 1
    expect(prDimensionSize(2, 112, 1, 7)).toBe(229); // stride 2
    expect(prDimensionSize(1, 10, 2, 3)).toBe(14); // dilation 2: OX + 2*(FX-1)
    expect(prDimensionSize(2, 3, 2, 3)).toBe(5); // gcd 2
  });
});

const gemm = (id: number, source: Record<string, number>, extra: Partial<LayerSpec> = {}): LayerSpec => ({
  id,
  name: `g${id}`,
  operatorType: 'Gemm',
  equation: 'O[d][k]+=I[d][c]*W[c][k]',
  dimensionRelations: [],
  loopDims: ['C', 'D', 'K'],
  loopSizes: [4, 1, 8],
  operandPrecision: { O: 16, O_final: 8, I: 8, W: 8 },
  operandSource: source,
  ...extra,
});

function workloadOf(specs: LayerSpec[]) {
  const nodes = specs.map((s) => expectOk(buildLayer(s, { file: 't.yaml', field: `[${s.id}]` })));
  return assembleWorkload({ name: 't', origin: 'yaml', flavour: 'zigzag', nodes, warnings: [], file: 't.yaml', fieldOf: (i) => `[${i}]` });
}

describe('layer derivation', () => {
  it('drops size-1 dims from r/ir of operands without pr dims, but keeps them for the pr operand', () => {
    const l = expectOk(buildLayer(gemm(0, { I: 0, W: 0 }), { file: 't', field: '[0]' }));
    expect(l.relevancy.I.r).toEqual(['C']); // D has size 1
    expect(l.relevancy.I.ir).toEqual(['K']);
    expect(l.relevancy.I.relevance).toEqual({ C: 'r', D: 'r', K: 'ir' });
    expect(l.operandSizeElem).toEqual({ O: 8, I: 4, W: 32 });
    expect(l.operandSizeBits).toEqual({ O: 128, I: 32, W: 256 });
    expect(l.totalMacs).toBe(32);
  });

  it('uses explicit pr sizes, and padding otherwise', () => {
    const conv = (extra: Partial<LayerSpec>): LayerSpec => ({
      id: 0,
      name: 'c',
      operatorType: 'Conv',
      equation: 'O[k][oy][ox]+=W[k][c][fy][fx]*I[c][iy][ix]',
      dimensionRelations: ['ix=1*ox+1*fx', 'iy=1*oy+1*fy'],
      loopDims: ['K', 'C', 'OY', 'OX', 'FY', 'FX'],
      loopSizes: [2, 3, 10, 10, 3, 3],
      operandPrecision: { O: 16, O_final: 8, I: 8, W: 8 },
      operandSource: { W: 0, I: 0 },
      ...extra,
    });
    const padded = expectOk(buildLayer(conv({ prLoopDims: ['IY', 'IX'], padding: [[1, 1], [1, 1]] }), { file: 't', field: '[0]' }));
    expect(padded.prLoopSizes).toEqual({ IX: 10, IY: 10 });
    expect(padded.operandSizeElem.I).toBe(3 * 10 * 10);
    const given = expectOk(buildLayer(conv({ prLoopDims: ['IX', 'IY'], prLoopSizes: [11, 12] }), { file: 't', field: '[0]' }));
    expect(given.prLoopSizes).toEqual({ IX: 11, IY: 12 });
    expect(given.prLoopSizesGiven).toBe(true);
    const tooMuch = buildLayer(conv({ prLoopDims: ['IX', 'IY'], padding: [[6, 6], [0, 0]] }), { file: 't', field: '[0]' });
    expect(tooMuch).toMatchObject({ ok: false, issues: [{ field: '[0].padding' }] });
  });
});

describe('workload graph', () => {
  it('orders layers topologically even when the file lists a consumer first', () => {
    const w = expectOk(workloadOf([gemm(5, { I: 2, W: 5 }), gemm(2, { I: 2, W: 2 }), gemm(7, { I: 5, W: 2 })]));
    expect(w.nodes.map((n) => n.id)).toEqual([2, 5, 7]);
    expect(w.edges).toEqual([
      { from: 2, to: 5, operand: 'I' },
      { from: 5, to: 7, operand: 'I' },
      { from: 2, to: 7, operand: 'W' },
    ]);
    expect(predecessorsOf(w, 7).map((n) => n.id)).toEqual([5, 2]);
    expect(successorsOf(w, 2).map((n) => n.id)).toEqual([5, 7]);
    expect(nodeById(w, 5)?.name).toBe('g5');
    expect(nodeById(w, 99)).toBeUndefined();
  });

  it('reports a cycle of three layers', () => {
    const r = workloadOf([gemm(0, { I: 2, W: 0 }), gemm(1, { I: 0, W: 1 }), gemm(2, { I: 1, W: 2 })]);
    expect(r).toMatchObject({ ok: false, issues: [{ field: '[0].operand_source', found: 'a cycle through layer ids 0, 1, 2' }] });
  });

  it('is frozen', () => {
    const w = expectOk(workloadOf([gemm(0, { I: 0, W: 0 })]));
    expect(Object.isFrozen(w.nodes[0])).toBe(true);
    expect(() => {
      (w.nodes as unknown as unknown[]).push(1);
    }).toThrow();
  });

  it('re-points operand sources through dependency nodes when they are removed', () => {
    const layers = [gemm(0, { I: 0, W: 0 }), gemm(3, { I: 2, W: 3 }), gemm(4, { I: 9, W: 4 })].map((s) =>
      expectOk(buildLayer(s, { file: 't', field: '' })),
    );
    const dep = (id: number, sources: number[]) => ({
      kind: 'propagation' as const, id, name: `d${id}`, operatorType: 'Reshape', type: 'reshape', totalMacs: 0 as const,
      sources, outputShape: null, attributes: {},
    });
    const full = expectOk(assembleWorkload({
      name: 't', origin: 'onnx', flavour: 'stream', nodes: [layers[0], dep(1, [0]), dep(2, [1]), layers[1], dep(9, []), layers[2]],
      warnings: [], file: 't', fieldOf: (i) => `${i}`,
    }));
    const compact: Workload = withoutDependencyNodes(full);
    expect(compact.nodes.map((n) => n.id)).toEqual([0, 3, 4]);
    expect(compact.edges).toEqual([{ from: 0, to: 3, operand: 'I' }]);
    expect(compact.nodes[2]).toMatchObject({ operandSource: {} });
  });
});

describe('YAML details', () => {
  it('rejects a non-integer id and unknown operand_source keys', () => {
    const text = `
- id: zero
  operator_type: Gemm
  equation: O[d][k]+=I[d][c]*W[c][k]
  loop_dims: [C, D, K]
  loop_sizes: [1, 1, 1]
  operand_precision: {O: 16, O_final: 8, I: 8, W: 8}
- id: 1
  operator_type: Gemm
  equation: O[d][k]+=I[d][c]*W[c][k]
  loop_dims: [C, D, K]
  loop_sizes: [1, 1, 1]
  operand_precision: {O: 16, O_final: 8, I: 8, W: 8}
  operand_source: {X: 1}
`;
    const r = parseWorkloadYaml(text, 'w.yaml');
    expect(r).toMatchObject({ ok: false, issues: [{ field: '[0].id', expected: 'an integer' }, { field: '[1].operand_source.X' }] });
  });

  it('treats inputs without operand_source as external (neither constant nor produced)', () => {
    const text = `
- id: 0
  operator_type: Gemm
  equation: O[d][k]+=I[d][c]*W[c][k]
  loop_dims: [C, D, K]
  loop_sizes: [2, 2, 2]
  operand_precision: {O: 16, O_final: 8, I: 8, W: 8}
`;
    const l = expectOk(parseWorkloadYaml(text, 'w.yaml')).nodes[0];
    expect(l).toMatchObject({ kind: 'layer', constantOperands: [], operandSource: {}, name: 'Layer0', type: 'gemm' });
  });
});

describe('loadWorkloadFile', () => {
  it('dispatches on the extension', async () => {
    const onnx = expectOk(await loadWorkloadFile(join(INPUTS, 'stream/examples/workload/resnet18.onnx')));
    expect(onnx).toMatchObject({ origin: 'onnx', flavour: 'stream', name: 'resnet18' });
    expect(onnx.nodes).toHaveLength(49);
    const zz = expectOk(await loadWorkloadFile(join(INPUTS, 'stream/examples/workload/resnet18.onnx'), { flavour: 'zigzag' }));
    expect(zz.nodes.filter((n) => n.kind === 'layer')).toHaveLength(21);
    const yaml = expectOk(await loadWorkloadFile(join(INPUTS, 'stream/examples/workload/resnet18.yaml')));
    expect(yaml).toMatchObject({ origin: 'yaml', name: 'resnet18' });
    expect(yaml.nodes).toHaveLength(31);
  });

  it('gives plain JSON-serialisable data (stored in the database and sent over IPC)', async () => {
    const w = expectOk(await loadWorkloadFile(join(INPUTS, 'zigzag/workload/mobilenetv2.onnx')));
    expect(JSON.parse(JSON.stringify(w))).toEqual(w);
  });
});
