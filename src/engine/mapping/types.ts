/**
 * Mapping data model: per layer name / operator type / `default`, which cores may run a layer, how it is tiled
 * across cores (inter-core) and in time on one core (intra-core), and the ZigZag intra-core mapping hints.
 */
import type { MemoryOperand, SpatialMapping } from '../hardware/types';

export type { SpatialMapping, SpatialUnrolling } from '../hardware/types';

/** Tiling factor: a number of tiles, `all` (= the dimension size) or `*` (left to the allocator to decide). */
export type TilingFactor = number | 'all' | '*';

/** One tiling loop: split loop dimension `dim` into `factor` parts. */
export interface TilingEntry {
  readonly dim: string;
  readonly factor: TilingFactor;
}

/** Layer operands that `memory_operand_links` maps onto memory operands. */
export type MappedLayerOperand = 'I' | 'W' | 'O';

/** One temporal-ordering loop, innermost first: `[dim, size]`; `dim` `*` with size `*` is a separator. */
export interface TemporalLoop {
  readonly dim: string;
  readonly size: number | '*';
}

/** Spatial mapping hint: array dimension → candidate loop dimensions for the spatial-mapping generator. */
export type SpatialMappingHint = Readonly<Record<string, readonly string[]>>;

/** Name of the mandatory fallback entry. */
export const DEFAULT_ENTRY_NAME = 'default';

/** ZigZag/Stream default `memory_operand_links`: I → I1, W → I2, O → O. */
export const DEFAULT_MEMORY_OPERAND_LINKS: Readonly<Record<MappedLayerOperand, MemoryOperand>> = { O: 'O', I: 'I1', W: 'I2' };

/**
 * One mapping entry. `name` selects the layers it applies to: a layer name, else an operator type (e.g.
 * `Conv`), else `default`. Optional fields are undefined when the file does not give them.
 */
export interface MappingEntry {
  readonly name: string;
  /** Cores the layer may run on (Stream; default [0]). Undefined in ZigZag-format files. */
  readonly coreAllocation?: readonly number[];
  /** Legacy Stream key (pre 2024-10); default false. */
  readonly coreAllocationIsFixed?: boolean;
  /** Undefined = not given (falls back to the default entry's); [] = explicitly none. */
  readonly interCoreTiling?: readonly TilingEntry[];
  readonly intraCoreTiling?: readonly TilingEntry[];
  /** Overrides the loop-dimension names generated for Gemm/MatMul/element-wise layers. */
  readonly layerDimensionNames?: readonly string[];
  readonly spatialMapping?: SpatialMapping;
  readonly spatialMappingHint?: SpatialMappingHint;
  /** Layer operand → memory operand; always present (default DEFAULT_MEMORY_OPERAND_LINKS). */
  readonly memoryOperandLinks: Readonly<Record<MappedLayerOperand, MemoryOperand>>;
  readonly temporalOrdering?: readonly TemporalLoop[];
}

/** `stream`: the Stream list format (core allocation and tilings); `zigzag`: ZigZag's (no core allocation). */
export type MappingFormat = 'stream' | 'zigzag';

export interface Mapping {
  readonly format: MappingFormat;
  /** Entries in file order; exactly one is named `default`. */
  readonly entries: readonly MappingEntry[];
}

/**
 * How a looked-up entry inherits tilings from the `default` entry:
 * - `reference`: an empty or missing inter/intra-core tiling takes the default's (Stream ed4e12ef does this,
 *   so an entry cannot ask for "no tiling" when the default has one);
 * - `explicit`: only a missing tiling takes the default's; an explicit `[]` stays empty.
 */
export type TilingInheritance = 'reference' | 'explicit';

/** The entry chosen for one layer, with tilings resolved against the default entry. */
export interface ResolvedMappingEntry extends MappingEntry {
  readonly coreAllocation: readonly number[];
  readonly coreAllocationIsFixed: boolean;
  readonly interCoreTiling: readonly TilingEntry[];
  readonly intraCoreTiling: readonly TilingEntry[];
  /** How the entry was selected. */
  readonly matchedBy: 'name' | 'op_type' | 'default';
}
