/**
 * Hardware data model: cores (operational array + memory hierarchy), links and buses, accelerator.
 * Units: sizes and bandwidths in bits and bits/cycle, latencies in cycles, energies in pJ.
 * Every object is plain readonly data (JSON-serialisable, structurally comparable); build them with the
 * importers or `buildCore` / `buildAccelerator` so that derived fields stay consistent.
 */

/** Memory operands a memory level can hold: I1 (activations by default), I2 (weights by default), O (outputs). */
export type MemoryOperand = 'I1' | 'I2' | 'O';
export const MEMORY_OPERANDS: readonly MemoryOperand[] = ['I1', 'I2', 'O'];

/**
 * Direction of a data movement at a memory level (ZigZag's names):
 * - `fh` write, data arriving from the higher level (WR_IN_BY_HIGH)
 * - `tl` read, data sent to the lower level / the MACs (RD_OUT_TO_LOW)
 * - `fl` write, partial outputs arriving from the lower level (WR_IN_BY_LOW)
 * - `th` read, outputs sent to the higher level (RD_OUT_TO_HIGH)
 */
export type DataDirection = 'fh' | 'tl' | 'fl' | 'th';
export const DATA_DIRECTIONS: readonly DataDirection[] = ['fh', 'tl', 'fl', 'th'];

export type PortType = 'read' | 'write' | 'read_write';

/** One (memory operand, direction) function served by a port. */
export interface PortFunction {
  readonly operand: MemoryOperand;
  readonly direction: DataDirection;
}

/** A physical port of a memory instance. */
export interface MemoryPort {
  /** `r_port_N`, `w_port_N` or `rw_port_N`. */
  readonly name: string;
  readonly type: PortType;
  /** Minimum access granularity, bits/cycle (an access narrower than this still costs a full min-width word). */
  readonly bandwidthMin: number;
  /** Peak bandwidth, bits/cycle; one access = one word of this width. */
  readonly bandwidthMax: number;
  /** Functions served, in declaration order. Several functions on one port contend for it. */
  readonly allocation: readonly PortFunction[];
}

/**
 * Fields only the ZigZag 3.8.0 core format carries (`r_bw`, `w_bw`, port counts, granularities). Kept so
 * that such a file exports back unchanged; the ports above are always the authoritative description.
 */
export interface LegacyMemoryFields {
  readonly readBandwidth: number;
  readonly writeBandwidth: number;
  readonly minReadGranularity: number | null;
  readonly minWriteGranularity: number | null;
}

/** A physical memory (one instance; it may be replicated over the operational array, see MemoryLevel.unrollCount). */
export interface MemoryInstance {
  readonly name: string;
  /** Capacity of one instance, bits. */
  readonly sizeBits: number;
  /** Energy per read access (one `bandwidthMax`-wide word), pJ. */
  readonly readCost: number;
  /** Energy per write access, pJ. */
  readonly writeCost: number;
  readonly area: number;
  /** Access latency, cycles (parsed; the ZigZag cost model assumes 1). */
  readonly latency: number;
  /** Memory technology (`sram`, `dram`, `rf`...), used for cost extraction. */
  readonly memType: string;
  /**
   * True when the file asked for CACTI cost extraction (`auto_cost_extraction`): read/write energy and area are
   * then taken from the CACTI table at run time (`resolveMemoryCosts`), following size, width and ports; the
   * numbers above are only the file's (ignored, as ZigZag ignores them).
   */
  readonly autoCostExtraction: boolean;
  /** CACTI technology node, nm (`technology`); falls back to the core's, then the accelerator's, then 22 nm. */
  readonly technology?: number;
  /** ZigZag's `double_buffering_support` (never set by the YAML formats; false). */
  readonly doubleBufferingSupport: boolean;
  /** Newer format's `force_double_buffering` (stored, unused by the reference cost model). */
  readonly forceDoubleBuffering: boolean;
  readonly ports: readonly MemoryPort[];
  readonly legacy?: LegacyMemoryFields;
}

/** Port name per direction, for one memory operand of a level. */
export type OperandPortAllocation = Readonly<Partial<Record<DataDirection, string>>>;

/** One memory of a core's hierarchy: an instance, the operands it holds and how it spans the array. */
export interface MemoryLevel {
  readonly instance: MemoryInstance;
  /** Memory operands held, in file order. */
  readonly operands: readonly MemoryOperand[];
  /** Port used per operand and direction; derived from `instance.ports[].allocation`. */
  readonly portAllocation: Readonly<Partial<Record<MemoryOperand, OperandPortAllocation>>>;
  /** Array dimensions one instance spans (`[]` = one instance per operational unit). */
  readonly servedDimensions: readonly string[];
  /** Number of instances = product of the sizes of the array dimensions NOT served. */
  readonly unrollCount: number;
  /** Level index of this memory in each held operand's hierarchy (0 = innermost). */
  readonly levelOfOperand: Readonly<Partial<Record<MemoryOperand, number>>>;
}

/** One array dimension (`D1`, `D2`, ...) and its size. */
export interface ArrayDimension {
  readonly name: string;
  readonly size: number;
}

/** In-memory-computing options of an operational array (ZigZag `is_imc: true`). */
export interface ImcOptions {
  readonly imcType: 'analog' | 'digital';
  /** [activation precision, weight precision], bits. */
  readonly inputPrecision: readonly [number, number];
  readonly adcResolution: number;
  readonly bitSerialPrecision: number;
}

export interface OperationalArray {
  readonly dimensions: readonly ArrayDimension[];
  /** Energy per MAC, pJ. */
  readonly unitEnergy: number;
  /** Area per operational unit. */
  readonly unitArea: number;
  /** Present only for IMC arrays. */
  readonly imc?: ImcOptions;
}

/** One spatial unrolling of a loop dimension over an array dimension. */
export interface SpatialUnrolling {
  readonly loopDim: string;
  readonly factor: number;
}

/**
 * Spatial mapping: array dimension (`D1`..) → unrollings on it, in file order. Several unrollings on one
 * array dimension form a "mixed" mapping (their product must fit the dimension).
 */
export type SpatialMapping = Readonly<Record<string, readonly SpatialUnrolling[]>>;

/**
 * Stream core type: `compute` cores run layers, `memory` cores (off-chip DRAM) only store tensors. Files
 * without a `type` key get `memory` when their operational array has 0 units, `compute` otherwise.
 */
export type CoreType = 'compute' | 'memory';

/** Which YAML generation a core was read from (the exporter writes the same one back by default). */
export type CoreFormat = 'zigzag-legacy' | 'zigzag-ports';

export interface Core {
  readonly id: number;
  readonly name: string;
  readonly type: CoreType;
  readonly operationalArray: OperationalArray;
  /** All memory levels in file order (innermost first). */
  readonly memories: readonly MemoryLevel[];
  /** Per memory operand, the levels holding it, innermost first (references into `memories`). */
  readonly hierarchy: Readonly<Record<MemoryOperand, readonly MemoryLevel[]>>;
  /** Core `dataflows`: a fixed spatial mapping that overrides the mapping file's one. */
  readonly dataflows?: SpatialMapping;
  /** Cores with the same id here share their top-level memories (Stream `core_memory_sharing`); default: own id. */
  readonly sharedMemoryGroupId: number;
  readonly format: CoreFormat;
  /** CACTI technology node for this core's automatic-cost memories, nm (core file `technology`). */
  readonly technology?: number;
  /** One-line notices from the import (e.g. an older file format was converted); never errors. */
  readonly importNotices?: readonly string[];
}

/**
 * A communication resource. `link` is a directed point-to-point link (a bidirectional YAML link yields two);
 * `bus` is one shared medium: every core pair routed over it contends for the same bandwidth profile.
 */
export type Link =
  | {
      readonly kind: 'link';
      readonly id: number;
      readonly from: number;
      readonly to: number;
      /** bits/cycle */
      readonly bandwidth: number;
      /** Energy per cycle of activity, pJ (the reference charges it per active cycle). */
      readonly unitEnergyCost: number;
    }
  | {
      readonly kind: 'bus';
      readonly id: number;
      /** Cores attached to the medium (for the off-chip link: every core and the off-chip core). */
      readonly cores: readonly number[];
      readonly bandwidth: number;
      readonly unitEnergyCost: number;
      /** Why the bus exists: declared in the file, or the implicit off-chip port link(s) of older formats. */
      readonly role: 'declared' | 'offchip' | 'offchip-write' | 'offchip-read';
    };

/**
 * A directed edge of the core graph: data from `from` to `to` travels over `linkId`. There is at most one
 * edge per ordered pair; when a file declares a pair twice, the later declaration wins (as in the reference,
 * whose networkx graph overwrites edge data), but the edge keeps the position of its first declaration.
 */
export interface CoreEdge {
  readonly from: number;
  readonly to: number;
  readonly linkId: number;
}

/** Which accelerator YAML generation a file was read from. */
export type AcceleratorFormat =
  /** `cores` list + `graph: {type: 2d_mesh|bus, ...}` (Stream 2024-05..10). */
  | 'stream-graph'
  /** `cores` map, `offchip_core` file, `core_connectivity: ["0, 1"]`, global `bandwidth` (Stream ed4e12ef). */
  | 'stream-pairs'
  /** `cores` map incl. the off-chip core, `offchip_core_id`, `core_connectivity: [{type, cores, bandwidth}]`. */
  | 'stream-typed';

/** The original topology declaration, kept so the exporter can write the file back in its own format. */
export type TopologySource =
  | {
      readonly format: 'stream-graph';
      readonly graphType: '2d_mesh' | 'bus';
      readonly nbRows: number | null;
      readonly nbCols: number | null;
      readonly bandwidth: number;
      readonly unitEnergyCost: number;
      readonly poolingCoreId: number | null;
      readonly simdCoreId: number | null;
    }
  | {
      readonly format: 'stream-pairs';
      /** Each entry is a group of ≥2 core ids ("0, 1" → [0, 1]). */
      readonly connectivity: readonly (readonly number[])[];
      readonly bandwidth: number;
      readonly unitEnergyCost: number;
    }
  | {
      readonly format: 'stream-typed';
      readonly connectivity: readonly {
        readonly type: 'link' | 'bus';
        readonly cores: readonly number[];
        readonly bandwidth: number;
        /** As written; null when the entry falls back to the accelerator's default. */
        readonly unitEnergyCost: number | null;
      }[];
      readonly unitEnergyCost: number;
    };

export interface Accelerator {
  readonly name: string;
  /** Cores indexed by id: `cores[i].id === i`. Includes the off-chip core. */
  readonly cores: readonly Core[];
  /** Id of the core that fronts off-chip memory, or null when there is none. */
  readonly offchipCoreId: number | null;
  readonly links: readonly Link[];
  /** Directed core graph used for routing, in declaration order. */
  readonly edges: readonly CoreEdge[];
  /** Groups of core ids sharing their top-level memories (`core_memory_sharing`). */
  readonly coreMemorySharing: readonly (readonly number[])[];
  /** Core file reference per core id as written in the accelerator file (null for cores built in memory). */
  readonly coreFiles: readonly (string | null)[];
  readonly topology: TopologySource;
  /** Default CACTI technology node of the design, nm (accelerator file `technology`; default 22). */
  readonly technology?: number;
}
