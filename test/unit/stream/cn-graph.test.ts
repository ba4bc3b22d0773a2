import { describe, expect, it } from 'vitest';
import { buildCnGraph, type CnGraph, type SplitRounding } from '../../../src/engine/stream/cn-graph';
import { parseStreamOptions } from '../../../src/engine/stream/options';
import type { DependencyNode, Workload } from '../../../src/engine/workload/types';
import { isLayer } from '../../../src/engine/workload/types';
import { mappingFrom, tutorialInputs } from '../../support/stream';
import { conv, stridedPair, workloadOf } from './workloads';

const fusedMapping = mappingFrom([
  { name: 'default', coreAllocation: [0], intraCoreTiling: [{ dim: 'OY', factor: 'all' }], interCoreTiling: [{ dim: 'K', factor: 1 }], memoryOperandLinks: { O: 'O', I: 'I1', W: 'I2' } },
]);

function graphOf(workload: Workload, stacks: number[][], mapping = fusedMapping, rounding: SplitRounding = 'exact', extra: Record<string, unknown> = {}): CnGraph {
  return buildCnGraph({
    workload,
    mapping,
    stacks,
    options: parseStreamOptions({ mode: 'fused', ...extra }),
    rounding,
    coreIds: [0, 1, 2],
    minWeightCapacityBits: 1 << 20,
  });
}

function edgesInto(g: CnGraph, layer: number, sub: number): string[] {
  const cn = g.nodes.find((n) => n.layerId === layer && n.subId === sub)!;
  return g.inEdges[cn.index]
    .map((e) => g.edges[e])
    .filter((e) => g.nodes[e.from].layerId !== layer)
    .map((e) => `${g.nodes[e.from].layerId}.${g.nodes[e.from].subId}`)
    .sort();
}

describe('CN generation', () => {
  it('tiles rows and derives input ranges with stride and padding', () => {
    const g = graphOf(stridedPair(), [[0, 1]]);
    const a = g.nodes.filter((n) => n.layerId === 0);
    const b = g.nodes.filter((n) => n.layerId === 1);
    expect(a).toHaveLength(8);
    expect(b).toHaveLength(4);
    expect(a[3].ranges.OY).toEqual([3, 4]);
    // iy = oy + fy - 1 (padding 1): row 3 reads input rows 2..4.
    expect(a[3].ranges.IY).toEqual([2, 5]);
    expect(a[0].ranges.IY).toEqual([-1, 2]);
    // iy = 2*oy + fy - 1: output row 1 of B reads rows 1..3 of A's output.
    expect(b[1].ranges.IY).toEqual([1, 4]);
    expect(b[0].ranges.IX).toEqual([-1, 8]);
  });

  it('joins each consumer tile to exactly the producer tiles it reads', () => {
    const g = graphOf(stridedPair(), [[0, 1]]);
    expect(edgesInto(g, 1, 0)).toEqual(['0.0', '0.1']);
    expect(edgesInto(g, 1, 1)).toEqual(['0.1', '0.2', '0.3']);
    expect(edgesInto(g, 1, 3)).toEqual(['0.5', '0.6', '0.7']);
    // Tiles of one layer run in order.
    const intra = g.edges.filter((e) => e.operand === null);
    expect(intra).toHaveLength(7 + 3);
    // Edge bits = the producer tile's final output.
    const e = g.edges.find((x) => x.operand === 'I')!;
    expect(e.bits).toBe(8 * 1 * 8 * 8);
  });

  it('counts unique CN classes by tile size and real predecessors', () => {
    const g = graphOf(stridedPair(), [[0, 1]]);
    // A: all tiles equal. B: the first tile has 2 producer tiles, the others 3.
    expect(g.uniqueCns).toHaveLength(3);
  });

  it('computes every output element exactly once, also for uneven splits', () => {
    const w = workloadOf([conv({ id: 0, name: 'A', k: 8, c: 3, oy: 10, ox: 4, f: 3, stride: 1, pad: 1 })], []);
    const m = mappingFrom([
      { name: 'default', coreAllocation: [0, 1, 2], intraCoreTiling: [{ dim: 'OY', factor: 4 }], interCoreTiling: [{ dim: 'K', factor: 3 }], memoryOperandLinks: { O: 'O', I: 'I1', W: 'I2' } },
    ]);
    const g = graphOf(w, [[0]], m, 'exact', { mode: 'lbl' });
    const layer = w.nodes[0];
    if (!isLayer(layer)) throw new Error('layer expected');
    expect(g.nodes.reduce((s, n) => s + n.macs, 0)).toBe(layer.totalMacs);
    expect(g.nodes.map((n) => n.ranges.K[1] - n.ranges.K[0]).sort()).toEqual([2, 3, 3]);
    expect(new Set(g.nodes.map((n) => n.fixedCore))).toEqual(new Set([0, 1, 2]));
  });

  it('reproduces the reference truncation of uneven inter-core splits when asked', async () => {
    const { workload } = await tutorialInputs(2);
    const m = mappingFrom([{ name: 'default', coreAllocation: [0, 1, 2], interCoreTiling: [{ dim: 'K', factor: 3 }], memoryOperandLinks: { O: 'O', I: 'I1', W: 'I2' } }]);
    const stacks = workload.nodes.map((n) => [n.id]);
    const truncated = graphOf(workload, stacks, m, 'truncate', { mode: 'lbl' });
    const k = truncated.nodes.filter((n) => n.layerId === 0).map((n) => n.ranges.K);
    expect(k).toEqual([[0, 2], [2, 4], [4, 6]]);
    const exact = graphOf(workload, stacks, m, 'exact', { mode: 'lbl' });
    expect(exact.nodes.filter((n) => n.layerId === 0).map((n) => n.ranges.K)).toEqual([[0, 2], [2, 5], [5, 8]]);
  });

  it('connects layers through reshaping nodes (all tiles to all tiles)', () => {
    const a = conv({ id: 0, name: 'A', k: 8, c: 3, oy: 4, ox: 4, f: 3, stride: 1, pad: 1 });
    const b = conv({ id: 2, name: 'B', k: 4, c: 8, oy: 4, ox: 4, f: 3, stride: 1, pad: 1, input: 1 });
    const reshape: DependencyNode = { id: 1, name: 'R', operatorType: 'Reshape', type: 'reshape', kind: 'propagation', totalMacs: 0, sources: [0], outputShape: null, attributes: {} };
    const w = workloadOf([a, reshape, b], [{ from: 0, to: 1, operand: 'I' }, { from: 1, to: 2, operand: 'I' }]);
    const g = graphOf(w, [[0, 2]]);
    expect(edgesInto(g, 2, 0)).toEqual(['0.0', '0.1', '0.2', '0.3']);
  });

  it('keeps a layer alone in its stack in one tile per core group', async () => {
    const { workload, mapping } = await tutorialInputs(1);
    const g = graphOf(workload, workload.nodes.map((n) => [n.id]), mapping, 'exact', { mode: 'lbl' });
    expect(g.nodes).toHaveLength(4);
  });
});

describe('legacy cn_define_mode', () => {
  const w = () => workloadOf([conv({ id: 0, name: 'A', k: 8, c: 4, oy: 8, ox: 4, f: 3, stride: 1, pad: 1 })], []);
  const tilesOf = (extra: Record<string, unknown>) => graphOf(w(), [[0]], fusedMapping, 'exact', { mode: 'lbl', ...extra }).nodes;

  it('mode 1: hint loops are the outer-CN loops', () => {
    const cns = tilesOf({ cn_define_mode: 1, hint_loops: [['OY', 4]] });
    expect(cns).toHaveLength(4);
    expect(cns.map((n) => n.ranges.OY)).toEqual([[0, 2], [2, 4], [4, 6], [6, 8]]);
  });

  it('mode 2: hint loops are the inner-CN loops, everything else is outside', () => {
    const cns = tilesOf({ cn_define_mode: 2, hint_loops: [['K', 'all'], ['C', 'all'], ['FY', 'all'], ['FX', 'all'], ['OX', 'all'], ['OY', 2]] });
    expect(cns).toHaveLength(4);
    expect(cns[0].tileSizes.OY).toBe(2);
    expect(cns[0].tileSizes.K).toBe(8);
  });

  it('mode 3: hint lists chosen per layer by cutoffs', () => {
    const cns = tilesOf({ cn_define_mode: 3, hint_loops: [[['OY', 2]], [['OY', 4]]], layer_cutoffs: [0] });
    expect(cns).toHaveLength(2);
  });

  it('mode 4: adds a K split so that the weights fit', () => {
    const cns = buildCnGraph({
      workload: w(),
      mapping: fusedMapping,
      stacks: [[0]],
      options: parseStreamOptions({ mode: 'lbl', cn_define_mode: 4, hint_loops: [['OY', 2]] }),
      rounding: 'exact',
      coreIds: [0],
      minWeightCapacityBits: 1200,
    }).nodes;
    // W = 8·4·3·3 × 8 bits = 2304 bits → 2 parts of K.
    expect(cns).toHaveLength(4);
    expect(new Set(cns.map((n) => n.tileSizes.K))).toEqual(new Set([4]));
  });
});
