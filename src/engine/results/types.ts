/**
 * What a pipeline run produces. Plain, JSON-serialisable data: it crosses process boundaries (worker →
 * main → renderer), is stored in SQLite, and feeds the chart builders in src/shared/charts.
 * Units: time in clock cycles, energy in pJ, sizes in bits unless the name says bytes.
 */
import type { AcceleratorArea } from '../hardware/area';

/** One computation node placed on a core. */
export interface ScheduledCn {
  /** Unique id of the CN within the run. */
  readonly id: number;
  /** Id of the layer the CN belongs to, and its name. */
  readonly layerId: number;
  readonly layerName: string;
  /** Index of the CN within its layer (tile index). */
  readonly subId: number;
  readonly coreId: number;
  readonly start: number;
  readonly end: number;
  /** On-chip energy of the CN (MACs + memories inside the core), pJ. */
  readonly energyPj: number;
  /** Loop ranges of this CN per loop dimension: [start, end). */
  readonly loopRanges?: Readonly<Record<string, readonly [number, number]>>;
}

export type TransferKind = 'core_to_core' | 'offchip_read' | 'offchip_write' | 'eviction' | 'sink_writeback' | 'block_streaming';

/** A tensor moved over one or more links. */
export interface ScheduledTransfer {
  /** Names the tensor, e.g. "L3.O[12]". */
  readonly tensor: string;
  readonly layerId: number;
  readonly operand: string;
  readonly sizeBits: number;
  readonly fromCoreId: number;
  readonly toCoreId: number;
  /** Ids of the links used (one per hop). */
  readonly linkIds: readonly string[];
  readonly start: number;
  readonly end: number;
  readonly energyPj: number;
  readonly kind: TransferKind;
}

/** Usage over time of one top-level memory: a step function given by its change points. */
export interface MemoryTrace {
  /** "<core id>:<memory name>" */
  readonly key: string;
  readonly coreId: number;
  readonly memoryName: string;
  readonly capacityBits: number;
  /** Strictly increasing times and the usage in bits from that time on. */
  readonly times: readonly number[];
  readonly usedBits: readonly number[];
  readonly peakBits: number;
}

export interface CoreSummary {
  readonly coreId: number;
  readonly name: string;
  readonly busyCycles: number;
  /** busyCycles / total latency, 0..1 */
  readonly utilisation: number;
  readonly nCns: number;
  readonly energyPj: number;
  /** Accelerators with IMC cores: the core's clock period (ns); IMC cores run at their macro's tclk. */
  readonly clockNs?: number;
}

export interface LinkSummary {
  readonly linkId: string;
  /** Human description, e.g. "core 0 ↔ core 1" or "bus [0,1,2,3]". */
  readonly label: string;
  readonly bitsTransferred: number;
  readonly busyCycles: number;
  readonly energyPj: number;
}

/**
 * Energy split as the Stream reference reports it, plus the link energy. All pJ.
 * `total` equals the sum of the other fields.
 */
export interface EnergyBreakdown {
  readonly onChipCompute: number;
  readonly onChipMemory: number;
  readonly offChip: number;
  readonly eviction: number;
  readonly sinkWriteback: number;
  readonly coreToCore: number;
  readonly links: number;
  readonly total: number;
}

export interface ParetoPoint {
  readonly latencyCycles: number;
  readonly energyPj: number;
  /** Layer id → core ids of that allocation. */
  readonly allocation?: Readonly<Record<string, readonly number[]>>;
}

export interface GaGenerationStats {
  readonly generation: number;
  readonly bestLatencyCycles: number;
  readonly bestEnergyPj: number;
  readonly meanLatencyCycles: number;
  readonly meanEnergyPj: number;
  readonly evaluations: number;
}

/** Cost of one layer (or one unique CN) on one core, from the single-core model: the cost LUT view. */
export interface CostLutCell {
  readonly layerId: number;
  readonly layerName: string;
  readonly coreId: number;
  readonly latencyCycles: number;
  readonly energyPj: number;
  /** Costed with the IMC macro model at this clock period (ns). */
  readonly imcTclkNs?: number;
}

export interface LutStats {
  readonly hits: number;
  readonly misses: number;
}

/**
 * Heterogeneous clocks (accelerators with IMC cores): every time in the result (latency, CN and transfer
 * start/end, memory traces) counts cycles of the system clock; each core's own cycles are converted.
 */
export interface ClockInfo {
  readonly systemClockNs: number;
  /** Core id → clock period, ns. */
  readonly coreClockNs: Readonly<Record<string, number>>;
}

export interface RunResult {
  /** Present when cores run at different clocks: the time base of every cycle count below. */
  readonly clock?: ClockInfo;
  readonly latencyCycles: number;
  readonly energyPj: number;
  /** latency × energy, cycles·pJ */
  readonly edp: number;
  readonly energyBreakdown: EnergyBreakdown;
  /** The reference's nine energy terms (total_cn_onchip_energy, ...), pJ; their sum is energyPj. */
  readonly referenceEnergyTerms?: Readonly<Record<string, number>>;
  /** "<core id>:<memory name>" → peak usage in bytes. */
  readonly memoryPeaksBytes: Readonly<Record<string, number>>;
  readonly nCns: number;
  /** Layer id → core ids the layer's CNs run on. */
  readonly allocation: Readonly<Record<string, readonly number[]>>;
  readonly cores: readonly CoreSummary[];
  readonly links: readonly LinkSummary[];
  readonly schedule: {
    readonly cns: readonly ScheduledCn[];
    readonly transfers: readonly ScheduledTransfer[];
  };
  readonly memory: readonly MemoryTrace[];
  /** Non-dominated (latency, energy) points found by the allocator; one point for a fixed allocation. */
  readonly pareto: readonly ParetoPoint[];
  readonly gaHistory: readonly GaGenerationStats[];
  readonly costLut: readonly CostLutCell[];
  readonly lut: LutStats;
  readonly warnings: readonly string[];
  /** Wall-clock milliseconds spent per stage, for the run summary. */
  readonly timingsMs: Readonly<Record<string, number>>;
  /** Area of the design evaluated (mm², per core and on-chip total; missing figures listed). Absent in older runs. */
  readonly area?: AcceleratorArea;
  /** How the layer stacks were chosen (rule, stacks, every cut and why). Absent in runs stored before it existed. */
  readonly layerStacks?: LayerStacksRecord;
  /** The constraint-optimisation solve, for `allocation: "co"` / `"co+ga"`. */
  readonly allocationSolve?: AllocationSolveRecord;
}

export interface LayerStacksRecord {
  readonly rule: 'lbl' | 'given' | 'cutoff' | 'first-fit' | 'auto' | 'search';
  readonly stacks: readonly (readonly number[])[];
  readonly cuts: readonly {
    readonly afterLayer: number;
    readonly beforeLayer: number;
    readonly crossingBits: number;
    readonly reason: 'weights' | 'activations' | 'isolated' | 'granularity' | 'crossing' | 'scheduled' | 'given';
    readonly detail: string;
  }[];
  readonly summary: readonly { readonly layers: readonly number[]; readonly weightBits: number; readonly budgetBits: number | null; readonly minTiles: number; readonly maxTiles: number }[];
  readonly candidates?: readonly { readonly label: string; readonly stacks: readonly (readonly number[])[]; readonly latencyCycles: number; readonly energyPj: number }[];
}

/** What the MILP solver was given and what it returned (honestly: the objective is a steady-state estimate). */
export interface AllocationSolveRecord {
  readonly solver: string;
  /** 'optimal' | 'time limit' | 'gap reached' | ... as the solver reports it, in words. */
  readonly status: string;
  readonly variables: number;
  readonly constraints: number;
  /** Sub-problems solved (one per layer stack with open layers). */
  readonly subproblems: number;
  /** Sum over stacks of the reference variant's steady-state objective N·latency − (N−1)·minimal idle, cycles (the MILP's estimate). */
  readonly objective: number;
  /** Best proven lower bound of that objective. */
  readonly bound: number;
  /** Relative gap (objective − bound) / objective; 0 when optimal. */
  readonly gap: number;
  readonly timeMs: number;
  readonly timeLimitS: number;
  readonly mipGap: number;
  /** The latency the scheduler gives the CO allocation (single inference), cycles. */
  readonly scheduledLatencyCycles: number;
  readonly scheduledEnergyPj: number;
  /** Candidate allocations the scheduler ranked, and whether it kept one other than the reference variant's optimum. */
  readonly incumbentsScheduled?: number;
  readonly keptOtherIncumbent?: boolean;
  /**
   * Per stack: layers, steady-state iterations N, the reference variant's objective and bound (variables,
   * constraints, time: all variants), which candidate the scheduler kept, and every variant's solve.
   */
  readonly stacks: readonly {
    readonly layers: readonly number[];
    readonly iterations: number;
    readonly objective: number;
    readonly bound: number;
    readonly status: string;
    readonly variables: number;
    readonly constraints: number;
    readonly timeMs: number;
    /** "variant, optimum" | "variant, incumbent k" | "fastest core" (single task). */
    readonly kept?: string;
    readonly variants?: readonly { readonly name: string; readonly objective: number; readonly bound: number; readonly status: string; readonly variables: number; readonly constraints: number; readonly timeMs: number }[];
  }[];
}

export interface PipelineProgress {
  /** Name of the stage running, e.g. "IntraCoreMappingStage". */
  readonly stage: string;
  /** 0..100 for the whole run. */
  readonly percent: number;
  readonly message?: string;
  readonly generation?: number;
  readonly generations?: number;
  readonly bestLatencyCycles?: number;
  readonly bestEnergyPj?: number;
  /** Current non-dominated front, for live drawing. */
  readonly pareto?: readonly ParetoPoint[];
  /** Constraint optimisation in progress: incumbent objective, best bound, relative gap. */
  readonly solve?: { readonly incumbent: number | null; readonly bound: number | null; readonly gap: number | null; readonly stack: number; readonly stacks: number };
}

/** "variant, solution × stacks; …" over the stacks a MILP solved (empty when none recorded which it kept). */
export function keptCandidatesSummary(solve: Pick<AllocationSolveRecord, 'stacks'> | undefined): string {
  const counts = new Map<string, number>();
  for (const s of solve?.stacks ?? []) if (s.variants && s.kept) counts.set(s.kept, (counts.get(s.kept) ?? 0) + 1);
  return [...counts].map(([kept, n]) => `${kept} × ${n}`).join('; ');
}
