/** Public API of the Stream multi-core pipeline. */
export { runPipeline, STANDARD_STAGES, type PipelineRequest, type ResultPlotter } from './pipeline';
export { parseStreamOptions, parseLayerStacksText, layerStacksText, streamOptionsSchema, COMPAT_MODES, isReferenceCompat, layerCompat } from './options';
export { streamOptionInfo, INPUT_OPTION_KEYS, PATH_OPTION_KEYS, FILE_OUTPUT_OPTION_KEYS } from './options';
export type { StreamOptions, StreamOptionsInput, CompatMode, OptionInfo, OptionsSource } from './options';
export { parseRunFile, parseRunFileWith, mergeRunOptions, COMMAND_LINE, formatRunFile, resolveAgainstFile, RUN_FILE_INPUTS } from './run-file';
export type { RunFile, RunFileExtension, RunFileContext, RunFileInput } from './run-file';
export { Stage, MainStage, type StageClass, type StageContext, type StageYield, type PipelineHooks, type MainStageInput } from './stage';
export {
  AcceleratorParserStage,
  StreamONNXModelParserStage,
  ONNXModelParserStage,
  LayerSplittingStage,
  LayerStacksGenerationStage,
  DetermineLayerStacksStage,
  GenerateCNWorkloadHybridStage,
  TiledWorkloadGenerationStage,
  IntraCoreMappingStage,
  ZigZagCoreMappingEstimationStage,
  SetFixedAllocationPerformanceStage,
  SchedulingOrderGenerationStage,
  SchedulingOrderStage,
  DetermineSchedulingOrderStage,
  InterCoreMappingStage,
  GeneticAlgorithmAllocationStage,
  StreamCostModelEvaluationStage,
  FixedAllocationEvaluationStage,
  MinimalLatencyStage,
  MinimalEnergyStage,
  MinimalEdpStage,
} from './stages';
export { StreamCostModelEvaluation } from './evaluation';
export type { CostLut, CostLutEntry, CnCostProvider } from './cost';
export { CnGraphCache } from './cn-graph-cache';
export { storedAllocationOf, genomeFromStoredAllocation, type StoredAllocation } from './stored-allocation';
export { ZigzagCostProvider } from './zigzag-provider';
export { buildCnGraph, type CnGraph, type ComputationNode, type CnEdge, type CnTensor } from './cn-graph';
export { HardwareView } from './hardware-view';
export { layerWeightCapacity, weightCapacitiesByCore, coreWeightCapacityBits } from './weight-capacity';
export { toPerfettoTrace, perfettoTraceJson, type ChromeTrace } from '../results/perfetto';
export { CustomSpatialMappingGeneratorStage, SpatialMappingCostProvider, generateSpatialMappings, type SpatialMappingTable, type SpatialMappingCandidates } from './spatial-mapping-stage';
export { ZigZagMainStage, ZigZagStage, ZigZagWorkloadStage, ZigZagSpatialMappingGeneratorStage, ZigZagTemporalMappingSearchStage, ZigZagLomaStage, ZigZagCostModelStage, ZigZagMinimalLatencyStage, ZigZagMinimalEnergyStage, ZigZagIntraCoreFlowStage, ZigZagFlowCostProvider, type ZigZagContext, type ZigZagYield, type ZigZagStageClass } from './zigzag-stages';
