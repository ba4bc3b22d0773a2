/**
 * Internal, normalised description of one core and of one layer's mapping entry, as the cost model consumes
 * them. Adapters in adapters.ts build these from the hardware and mapping data model; tests may build them
 * directly. Units: bits, bits/cycle, pJ.
 */
import type { ImcMacro } from '../hardware/imc';

/** Memory operand as the hardware names it: 'I1', 'I2' (inputs) or 'O' (output). */
export type MemOperand = string;

/** Data-movement directions of one memory level, ZigZag's 4-way pattern. */
export const TL = 0; // read out to the level below (rd_out_to_low)
export const FL = 1; // written in by the level below (wr_in_by_low)
export const TH = 2; // read out to the level above (rd_out_to_high)
export const FH = 3; // written in by the level above (wr_in_by_high)
export type Direction = 0 | 1 | 2 | 3;
export const DIRECTION_KEYS = ['tl', 'fl', 'th', 'fh'] as const;

export interface PortSpec {
  readonly name: string;
  /** Maximum (word) bandwidth, bits/cycle. */
  readonly bw: number;
  /** Minimum access granularity, bits. */
  readonly bwMin: number;
  /** (memory operand, direction) pairs this port serves, in allocation order. */
  readonly served: readonly { readonly memOp: MemOperand; readonly dir: Direction }[];
}

export interface MemoryLevelSpec {
  readonly name: string;
  /** Capacity of one instance, bits. */
  readonly sizeBits: number;
  readonly rCost: number;
  readonly wCost: number;
  /** Per memory operand: word width (bits/cycle) and minimum granularity (bits) per direction (Direction index). */
  readonly bw: Readonly<Record<MemOperand, readonly [number, number, number, number]>>;
  readonly bwMin: Readonly<Record<MemOperand, readonly [number, number, number, number]>>;
  /** Per memory operand: the bandwidth that bounds spatial unrolling at an innermost memory (read for inputs, write for the output). */
  readonly unrollBw: Readonly<Record<MemOperand, number>>;
  readonly operands: readonly MemOperand[];
  /** Operational-array dimensions one instance serves. */
  readonly servedDims: readonly string[];
  /** Number of instances over the array (product of the sizes of the dimensions not served). */
  readonly unrollCount: number;
  readonly ports: readonly PortSpec[];
}

export interface CoreSpec {
  readonly id: number;
  readonly name: string;
  /** Energy of one MAC, pJ. */
  readonly macEnergy: number;
  readonly arrayDims: readonly string[];
  readonly arraySizes: readonly number[];
  /** Memories bottom-up (a valid topological order of the hierarchy). */
  readonly memories: readonly MemoryLevelSpec[];
  /** In-memory-computing array: its macro model and the memory operand its cells hold (the weights). */
  readonly imc?: ImcSpec;
}

export interface ImcSpec {
  readonly macro: ImcMacro;
  /** Memory operand stored in the cells (I2). */
  readonly cellsOperand: MemOperand;
  /** Macro area plus the area of one instance of every memory, mm² (ZigZag's `area_total`). */
  readonly totalAreaMm2: number;
}

/** A loop: layer dimension and size. */
export type LoopSpec = readonly [dim: string, size: number];

export interface MappingSpec {
  /** OA dimension → unrollings (several = mixed). Absent dims are generated from hints. */
  readonly spatial?: Readonly<Record<string, readonly LoopSpec[]>>;
  readonly spatialHint?: Readonly<Record<string, readonly string[]>>;
  /** Innermost first; a size of null means "*" (any size). A dim "*" with null size is the outer separator. */
  readonly temporalOrdering?: readonly (readonly [string, number | null])[];
  /** Layer operand → memory operand. */
  readonly operandLinks: Readonly<Record<string, MemOperand>>;
}
