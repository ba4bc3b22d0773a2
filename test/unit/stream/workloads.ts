/** Small hand-built workloads for CN-generation tests. */
import { unwrap } from '../../../src/engine/errors';
import { buildLayer } from '../../../src/engine/workload/layer';
import type { DependencyNode, Layer, Workload, WorkloadEdge } from '../../../src/engine/workload/types';

export interface ConvSpec {
  id: number;
  name: string;
  k: number;
  c: number;
  oy: number;
  ox: number;
  f: number;
  stride: number;
  pad: number;
  /** Producer id of the input, or undefined for a first layer (input is then constant). */
  input?: number;
}

export function conv(s: ConvSpec): Layer {
  return unwrap(
    buildLayer(
      {
        id: s.id,
        name: s.name,
        operatorType: 'Conv',
        type: 'conv',
        equation: 'O[b][k][oy][ox]+=W[k][c][fy][fx]*I[b][c][iy][ix]',
        dimensionRelations: [`ix=${s.stride}*ox+1*fx`, `iy=${s.stride}*oy+1*fy`],
        loopDims: ['B', 'K', 'C', 'OY', 'OX', 'FY', 'FX'],
        loopSizes: [1, s.k, s.c, s.oy, s.ox, s.f, s.f],
        operandPrecision: { O: 16, O_final: 8, W: 8, I: 8 },
        operandSource: { W: s.id, I: s.input ?? s.id },
        prLoopDims: ['IY', 'IX'],
        padding: [
          [s.pad, s.pad],
          [s.pad, s.pad],
        ],
      },
      { file: '<test>', field: s.name },
    ),
  );
}

export function workloadOf(nodes: (Layer | DependencyNode)[], edges: WorkloadEdge[]): Workload {
  return { name: 'test', origin: 'yaml', flavour: 'stream', nodes, edges, warnings: [] };
}

/** conv A (stride 1, pad 1) → conv B (stride 2, pad 1). */
export function stridedPair(): Workload {
  const a = conv({ id: 0, name: 'A', k: 8, c: 3, oy: 8, ox: 8, f: 3, stride: 1, pad: 1 });
  const b = conv({ id: 1, name: 'B', k: 4, c: 8, oy: 4, ox: 4, f: 3, stride: 2, pad: 1, input: 0 });
  return workloadOf([a, b], [{ from: 0, to: 1, operand: 'I' }]);
}
