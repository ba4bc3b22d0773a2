export * from './types';
export { parseEquation, parseDimRelation, formatDimRelation, prDimensionSize } from './equation';
export type { EquationOperand, ParsedEquation } from './equation';
export { buildLayer } from './layer';
export type { LayerSpec, SpecLocation } from './layer';
export {
  nodeById,
  predecessorsOf,
  successorsOf,
  producingLayersOf,
  consumingLayersOf,
  layersOf,
  incomingEdges,
  withoutDependencyNodes,
} from './graph';
export { parseWorkloadYaml } from './yaml/parse';
export { exportWorkloadYaml, layerToYamlEntry } from './yaml/export';
export { parseOnnxWorkload, convertOnnxGraph } from './onnx/convert';
export type { OnnxImportOptions } from './onnx/convert';
export { readOnnxModel } from './onnx/read';
export { encodeOnnxModel } from './onnx/write';
export type { OnnxModel, OnnxModelGraph, OnnxModelNode, OnnxModelTensor } from './onnx/model';
export { splitOnnxModelByWeights, kPartition, type WeightSplitOptions, type WeightSplitResult, type OnnxLayerSplit, type KPartition } from './onnx/split';
