import type { MemoryOperand } from '../../hardware/types';

/** Why bits moved; decides the energy bucket. */
export type TransferCause = 'offchip' | 'offchip_write' | 'core_to_core' | 'eviction' | 'sink' | 'block';

/** Which reference scheduler a set of switches was derived from; a label for results and tests only. */
export type ReferenceEra = 2024 | 2025;

/**
 * Behaviour switches of the scheduler; `compat: "reference"` and the default model differ in these. The
 * scheduler reads only the named switches below, never `era`.
 */
export interface SchedulerFeatures {
  /**
   * 2025: the model of the reference's 2025 code (and ours). 2024: the reference's December 2024 scheduler, whose
   * differences are the switches marked "2024" below. Not read by the scheduler.
   */
  readonly era: ReferenceEra;
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
   * Which layers write their outputs back off-chip as network outputs. 'no-consumer-layer' (default model): none
   * of the layer's CNs feeds another layer. 'every-cn-leaf' (2025 reference): every CN has no successor at all,
   * so a layer tiled within a core is never a sink. 'any-cn-leaf' (2024): some CN of the layer has no successor.
   */
  readonly sinkLayers: 'no-consumer-layer' | 'every-cn-leaf' | 'any-cn-leaf';
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
  /**
   * A CN whose streamed operands fit on chip once only slices are fetched keeps them on chip. 2024: no such
   * reset, a too-large operand always streams.
   */
  readonly unstreamFittingSlices: boolean;
  /** Order in which a CN fetches its inputs: by producer layer (2025), or by tensor size, smallest first (2024). */
  readonly fetchOrder: 'producer-layer' | 'size';
  /**
   * A tile of a layer split over n cores moves its data with 1/n of each link's bandwidth (2025). 2024: every
   * transfer takes a link's full bandwidth.
   */
  readonly fullLinkBandwidth: boolean;
  /**
   * 2024: a CN's inputs move as soon as the data exists and there is room, whatever its core is doing. Otherwise
   * they move from the time the core becomes idle (less any headstart).
   */
  readonly transferAsSoonAsDataExists: boolean;
  /**
   * 2024: off-chip bandwidth for a streaming CN is reserved before space for its output is made; otherwise after.
   */
  readonly blockBeforeOutputSpace: boolean;
  /**
   * 2024: one reservation per link for everything a CN streams over it (total bandwidth, rounded up), and the
   * windows of earlier events carrying the same tensors are tried before the idle windows. Otherwise each streamed
   * tensor reserves its own bandwidth, scaled down when the total exceeds the link.
   */
  readonly blockPerLinkTotal: boolean;
  /** 2024: candidate windows of a link start with those of earlier events carrying the same tensor (broadcast). */
  readonly carriedWindowsFirst: boolean;
  /**
   * Memory energy of a transfer: 'port' (2025) reads and writes on port 0 of each memory; 'level' (2024) counts
   * accesses of the memories' full read / write width.
   */
  readonly transferMemoryEnergy: 'port' | 'level';
  /**
   * When a core sends a tensor on, it drops its own copy: 'no-priority-here' (2024) when its memory has no
   * priority entry for the tensor (or a zero one); 'not-producer' (2025) when it is not the producer's core and
   * no consumer there still needs it.
   */
  readonly senderDrop: 'no-priority-here' | 'not-producer';
  /** Scheduling order: tiles interleaved across each stack (2025), or per stack the deepest layer's last tile first (2024). */
  readonly schedulingOrder: 'tile-interleaved' | 'deepest-first';
  /**
   * IMC cores (default model): a CN whose weights are already in the cells (the core's previous CN used the same
   * weight tensor) does not write them again — the rewrite is paid once per turn of a layer on the core. Off under
   * compat (a CN is costed alone, as every Stream version costs it).
   */
  readonly imcWeightsStayInCells: boolean;
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
  /**
   * IMC core whose cells take the CN's weights in one write: what the CN costs instead when the cells already
   * hold its weights (the previous CN on the core used the same weight tensor). `memOp`: the operand the cells hold.
   */
  readonly cellsResident?: { readonly memOp: MemoryOperand; readonly runtime: number; readonly onChipEnergy: number };
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
  /** Every transfer, when the schedule was recorded (else empty). */
  readonly transfers: readonly TransferRecord[];
  /** Usage over time per memory instance, when the schedule was recorded (else empty). */
  readonly memoryTraces: readonly { readonly times: readonly number[]; readonly usage: readonly number[]; readonly peak: number }[];
  /** Per link: cycles during which it carries anything, when the schedule was recorded (else empty). */
  readonly linkBusyCycles: readonly number[];
  readonly linkBits: readonly number[];
  readonly linkEnergy: readonly number[];
  /** Per CN: 1 when it ran on an IMC core whose cells already held its weights (no rewrite, `cellsResident` costs). */
  readonly cellsResident: Uint8Array;
  /**
   * Tensor naming for results: layer id, operand and ranges of every tensor object used (of the graph's tensors
   * only when the schedule was not recorded: its sub-tensors appear in no record).
   */
  readonly tensorInfo: (id: number) => { layerId: number; operand: string; bits: number; ranges: readonly (readonly [number, number])[] };
}
