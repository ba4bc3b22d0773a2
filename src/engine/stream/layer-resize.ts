/** A layer rebuilt with other loop sizes (a tile, or one part of a split layer), through the workload builder. */
import { unwrap } from '../errors';
import { formatDimRelation } from '../workload/equation';
import { buildLayer } from '../workload/layer';
import type { Layer } from '../workload/types';

export interface ResizeOptions {
  readonly id?: number;
  readonly name?: string;
  /** Input (pr) dimension sizes; null lets the builder derive them from the loop sizes. */
  readonly prLoopSizes?: Readonly<Record<string, number>> | null;
  /** Keep the layer's padding (a whole layer) or drop it (a tile whose ranges already include it). */
  readonly keepPadding: boolean;
}

export function resizeLayer(layer: Layer, loopSizes: Readonly<Record<string, number>>, options: ResizeOptions): Layer {
  const id = options.id ?? layer.id;
  const prDims = layer.dimRelations.map((r) => r.prDim);
  const operandSource: Record<string, number> = { ...layer.operandSource };
  for (const op of layer.constantOperands) operandSource[op] = id;
  const pr = options.prLoopSizes;
  const spec = {
    id,
    name: options.name ?? layer.name,
    operatorType: layer.operatorType,
    type: layer.type,
    equation: layer.equation,
    dimensionRelations: layer.dimRelations.map(formatDimRelation),
    loopDims: layer.loopDims,
    loopSizes: layer.loopDims.map((d) => loopSizes[d] ?? layer.loopSizes[d]),
    operandPrecision: { ...layer.operandPrecision, O_final: layer.finalOutputPrecision },
    operandSource,
    prLoopDims: prDims.length > 0 ? prDims : null,
    prLoopSizes: prDims.length === 0 || !pr ? null : prDims.map((d) => pr[d]),
    padding: options.keepPadding && prDims.length > 0 ? prDims.map((d) => layer.padding[d] ?? ([0, 0] as const)) : null,
    ...(layer.onnx ? { onnx: layer.onnx } : {}),
  };
  return unwrap(buildLayer(spec, { file: '<derived>', field: spec.name }));
}
