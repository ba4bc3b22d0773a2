import type { MemoryOperand } from '../../hardware/types';

/** Why bits moved; decides the energy bucket. */
export type TransferCause = 'offchip' | 'offchip_write' | 'core_to_core' | 'eviction' | 'sink' | 'block';

/** Behaviour switches of the scheduler; `compat: "reference"` and the default model differ in these. */
export interface SchedulerFeatures {
  /**
   * 2025: the model of the reference's 2025 code (and ours). 2024: the reference's December 2024 scheduler
   * (transfers as soon as data exists, blocking before output space, full link bandwidth, fetch order by size,
   * a sender drops a tensor it has no priority for, level-based transfer energy, sink = a layer with a leaf CN).
   */
  readonly era: 2024 | 2025;
  /** Start a CN's input transfers before its core is free, by the time they take over the off-chip port. */
  readonly transferHeadstart: boolean;
  /** At the first CN of a layer whose producers are all scheduled, align every core's idle time (layer barrier). */
  readonly syncCoresAtLayerStart: boolean;
  /** Fetch only the slice of a tensor a CN needs (along its intra-core tiled dims) from off-chip. */
  readonly subTensors: boolean;
  /** One transfer serves several receivers on a shared medium when the same tensor leaves the same sender. */
  readonly multicast: boolean;
  /** Layer operands whose constant tensors are fetched to their core before the schedule starts. */
  readonly prefetchOperands: readonly string[];
  readonly candidateSelection: 'order' | 'latency' | 'memory';
  /** Link energy = bits × unit cost (default model) instead of active cycles × unit cost (reference). */
  readonly linkEnergyPerBit: boolean;
  /**
   * A layer is a sink when none of its CNs feeds another layer (default model). The reference requires every
   * CN to have no successor at all, so a layer tiled within a core is never a sink and its outputs are never
   * written back off-chip.
   */
  readonly sinkIgnoresIntraLayerEdges: boolean;
  /**
   * A CN that streams an input from off-chip first has its producer's output written there when it is still
   * only on a core (default model). The reference streams it without the data ever reaching off-chip memory.
   */
  readonly writeBackStreamedInputs: boolean;
  /**
   * When a CN's streamed operands are reset to on-chip because the slices it needs fit, fetch them (default
   * model). The reference resets the flag after deciding what to fetch, so those operands are never fetched.
   */
  readonly fetchAfterStreamingReset: boolean;
  /**
   * A slice is cut from the off-chip copy of a tensor. When there is none (the tensor lives on a core only), the
   * default model fetches the whole tensor; the reference fails (its issue #93).
   */
  readonly wholeTensorWhenNotOffchip: boolean;
}

/** Per-CN cost under a given core allocation. */
export interface CnExecution {
  readonly runtime: number;
  /** Energy inside the core (MACs and on-chip memories), pJ. */
  readonly onChipEnergy: number;
  /** Part of onChipEnergy spent in MACs, pJ. */
  readonly macEnergy: number;
  /** Energy of streaming too-large operands from off-chip while the CN runs, pJ. */
  readonly offChipEnergy: number;
  readonly tooLarge: readonly MemoryOperand[];
  /** Bandwidth the CN draws from off-chip while streaming: reads toward the core, output writes back. */
  readonly offchipReadBw: Readonly<Partial<Record<MemoryOperand, number>>>;
  readonly offchipWriteBw: number;
}

export interface TransferRecord {
  readonly tensor: number;
  readonly from: number;
  readonly to: number;
  readonly links: readonly number[];
  readonly start: number;
  readonly end: number;
  readonly bits: number;
  readonly linkEnergy: number;
  readonly memoryEnergy: number;
  readonly cause: TransferCause;
}

export interface EnergyTotals {
  cnOnChip: number;
  cnMac: number;
  cnOffChip: number;
  linkByCause: Record<TransferCause, number>;
  memoryByCause: Record<TransferCause, number>;
}

export interface ScheduleOutcome {
  readonly latency: number;
  readonly energy: number;
  readonly totals: EnergyTotals;
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly transfers: readonly TransferRecord[];
  readonly memoryTraces: readonly { readonly times: readonly number[]; readonly usage: readonly number[]; readonly peak: number }[];
  readonly linkBusyCycles: readonly number[];
  readonly linkBits: readonly number[];
  readonly linkEnergy: readonly number[];
  /** Tensor naming for results: layer id, operand and ranges of every tensor object used. */
  readonly tensorInfo: (id: number) => { layerId: number; operand: string; bits: number; ranges: readonly (readonly [number, number])[] };
}
