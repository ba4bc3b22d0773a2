/**
 * Public types of the single-core cost model. Results are plain JSON data (they cross process boundaries
 * and are stored). Units: energy pJ, time cycles, sizes bits.
 */

/**
 * `dram-bandwidth-latency`: the 2025 reference Stream's choice for a core with an added off-chip (DRAM) level,
 * `ceil(DRAM bandwidth used / DRAM port bandwidth) × latency` (see `parallelNodes`); plain latency otherwise.
 */
export type CostObjective = 'latency' | 'energy' | 'edp' | 'dram-bandwidth-latency';

export interface CostModelOptions {
  /** Maximum number of loop prime factors per temporal search (raised to the number of temporal loops). */
  readonly lpfLimit: number;
  readonly objective: CostObjective;
  /** Spatial mappings generated (when the mapping leaves array dimensions open); the best is kept. */
  readonly nbSpatialMappings: number;
  /** Keep layer outputs/inputs in the lowest memory that can hold them (ZigZag's exploit_data_locality). */
  readonly exploitDataLocality: boolean;
  /** Also generate mixed spatial mappings (several loops on one array dimension); implies data locality. */
  readonly enableMixSpatialMapping: boolean;
  /** Repeated reads of the same data at the innermost level count once (ZigZag's default true). */
  readonly accessSameDataConsideredAsNoAccess: boolean;
  /**
   * 'reference' reproduces ZigZag 3.8.0 exactly, including its truncation of word-access counts to integers
   * (a transfer narrower than one word, done once, then costs nothing). 'default' keeps the fractional count.
   */
  readonly compat?: 'default' | 'reference';
  /**
   * `dram-bandwidth-latency` only: how many copies of this computation run at once on other cores (the layer's
   * inter-core split). All but one input operand at the DRAM level are counted once per copy.
   */
  readonly parallelNodes?: number;
  /** 'loma' (default): every ordering of the loop prime factors; 'salsa': simulated annealing over them. */
  readonly temporalMapper?: TemporalMapper;
  /** 'uneven' (default): each operand cuts the ordering into its memory levels on its own; 'even': see `OrderingAllocator`. */
  readonly temporalMappingType?: TemporalMappingType;
  /** SALSA: orderings evaluated per spatial mapping (default 1000), start temperature (default 0.05, relative cost), seed (default 0). */
  readonly salsaIterations?: number;
  readonly salsaTemperature?: number;
  readonly salsaSeed?: number;
}

/** How operands sharing a memory level divide a loop ordering among the levels (ZigZag's `TemporalMappingType`). */
export type TemporalMappingType = 'uneven' | 'even';

/** Temporal mapping search: LOMA (exhaustive over loop prime factor orderings) or SALSA (simulated annealing). */
export type TemporalMapper = 'loma' | 'salsa';

export const DEFAULT_COST_MODEL_OPTIONS: CostModelOptions = {
  lpfLimit: 6,
  objective: 'latency',
  nbSpatialMappings: 3,
  exploitDataLocality: false,
  enableMixSpatialMapping: false,
  accessSameDataConsideredAsNoAccess: true,
};

export interface CostModelHooks {
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
}

export interface DirectionValues {
  readonly tl: number;
  readonly fl: number;
  readonly th: number;
  readonly fh: number;
}

/** One memory level of one operand. */
export interface OperandLevelResult {
  readonly operand: string;
  readonly memoryOperand: string;
  readonly memory: string;
  /** 0 = innermost level of this operand. */
  readonly level: number;
  /** Word accesses per direction (tl: read to below, fl: write from below, th: read to above, fh: write from above). */
  readonly wordAccesses: DirectionValues;
  readonly energy: number;
  readonly energyPerDirection: DirectionValues;
  /** Bits of this operand held by one instance of the memory. */
  readonly bitsUsed: number;
  /** bitsUsed / capacity, and the sum over the operands sharing the memory. */
  readonly utilization: number;
  readonly utilizationShared: number;
  readonly doubleBuffered: boolean;
  /** Temporal loops allocated to this level by the search (innermost first). */
  readonly temporalLoops: readonly (readonly [string, number])[];
  /** Spatial loops whose units this level feeds (arch level above it). */
  readonly spatialLoops: readonly (readonly [string, number])[];
}

export interface MemoryLevelEnergy {
  readonly memory: string;
  readonly energy: number;
}

export interface PortStallResult {
  readonly memory: string;
  readonly port: string;
  /** Stall (> 0) or slack (< 0) cycles over the computation. */
  readonly cycles: number;
}

export interface CostModelResult {
  readonly layerId: number;
  readonly layerName: string;
  readonly coreId: number;
  readonly coreName: string;
  readonly energyTotal: number;
  readonly macEnergy: number;
  readonly memEnergy: number;
  /** Memory energy per physical memory (summed over operands), bottom-up. */
  readonly energyPerMemory: readonly MemoryLevelEnergy[];
  /** Memory energy per layer operand. */
  readonly energyPerOperand: Readonly<Record<string, number>>;
  readonly latencyTotal0: number;
  readonly latencyTotal1: number;
  readonly latencyTotal2: number;
  readonly idealCycle: number;
  readonly idealTemporalCycle: number;
  readonly macSpatialUtilization: number;
  /** idealCycle / latencyTotal2. */
  readonly macUtilization: number;
  readonly onloadingCycles: number;
  readonly offloadingCycles: number;
  readonly stallSlackComb: number;
  readonly portStalls: readonly PortStallResult[];
  /** Per operand, its memory levels bottom-up. */
  readonly operandLevels: Readonly<Record<string, readonly OperandLevelResult[]>>;
  /** Array dimension → loop dimension → unrolling, as applied (integers, before fractional adjustment). */
  readonly spatialMapping: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Loop ordering that produced the temporal mapping, innermost first. */
  readonly loopOrdering: readonly (readonly [string, number])[];
  readonly spatialMappingsEvaluated: number;
  readonly temporalMappingsEvaluated: number;
  /** In-memory-computing cores only: clock period, area and the periphery energy breakdown (part of macEnergy). */
  readonly imc?: ImcLayerResult;
  /** True when an identical layer (same shape, mapping, options, core) was already searched and its result reused. */
  readonly fromCache?: boolean;
}

export interface ImcLayerResult {
  /** Clock period of the macro (critical path), ns. */
  readonly tclkNs: number;
  /** Macro + memories area, mm². */
  readonly areaMm2: number;
  readonly cyclesPerMac: number;
  /** pJ per component: local_bl_precharging, dacs, adcs, mults, analog_bl_addition, adders_regular, adders_pv, accumulators. */
  readonly macEnergyBreakdown: Readonly<Record<string, number>>;
  /**
   * When the cells are written once (the layer's weights fit the macro): the memory operand they hold, the energy of loading the weights into
   * the cells (pJ: read out of the level above, written into the cells) and the on-loading cycles that fill adds (core cycles). Both are part of the totals; a
   * multi-core schedule skips them for a CN that finds its weights already in the cells.
   */
  readonly cellsFill?: { readonly memOp: string; readonly energyPj: number; readonly cycles: number };
}
