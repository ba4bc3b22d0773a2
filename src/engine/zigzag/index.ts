export { evaluateLayerOnCore, evaluateWorkload } from './evaluate';
export type { WorkloadCostHooks, WorkloadCostResult } from './evaluate';
export { LayerMappingError } from './search';
export { DEFAULT_COST_MODEL_OPTIONS } from './types';
export type {
  CostModelHooks,
  CostModelOptions,
  CostModelResult,
  CostObjective,
  DirectionValues,
  ImcLayerResult,
  MemoryLevelEnergy,
  OperandLevelResult,
  PortStallResult,
} from './types';
