/** Builders that derive the redundant fields of the hardware model, and read-only queries on it. */
import {
  type Accelerator,
  type Core,
  type CoreFormat,
  type CoreType,
  type DataDirection,
  type MemoryInstance,
  type MemoryLevel,
  type MemoryOperand,
  type MemoryPort,
  type OperandPortAllocation,
  type OperationalArray,
  type SpatialMapping,
} from './types';

export interface MemoryLevelSpec {
  readonly instance: MemoryInstance;
  readonly operands: readonly MemoryOperand[];
  readonly servedDimensions: readonly string[];
}

export interface CoreSpec {
  readonly id: number;
  readonly name: string;
  readonly type: CoreType;
  readonly operationalArray: OperationalArray;
  /** Innermost first. */
  readonly memories: readonly MemoryLevelSpec[];
  readonly dataflows?: SpatialMapping;
  readonly sharedMemoryGroupId?: number;
  readonly format: CoreFormat;
  readonly technology?: number;
  readonly importNotices?: readonly string[];
}

/** Number of operational units (product of the array dimension sizes). */
export function totalUnitCount(array: OperationalArray): number {
  return array.dimensions.reduce((p, d) => p * d.size, 1);
}

function portAllocationOf(ports: readonly MemoryPort[], operands: readonly MemoryOperand[]) {
  const result: Partial<Record<MemoryOperand, Partial<Record<DataDirection, string>>>> = {};
  for (const op of operands) result[op] = {};
  for (const port of ports) {
    for (const f of port.allocation) {
      const forOperand = result[f.operand];
      if (forOperand && forOperand[f.direction] === undefined) forOperand[f.direction] = port.name;
    }
  }
  return result as Readonly<Partial<Record<MemoryOperand, OperandPortAllocation>>>;
}

/** Builds a core, deriving levels per operand, port allocations and unroll counts. */
export function buildCore(spec: CoreSpec): Core {
  const hierarchy: Record<MemoryOperand, MemoryLevel[]> = { I1: [], I2: [], O: [] };
  const memories: MemoryLevel[] = [];
  for (const m of spec.memories) {
    const levelOfOperand: Partial<Record<MemoryOperand, number>> = {};
    for (const op of m.operands) levelOfOperand[op] = hierarchy[op].length;
    const unrollCount = spec.operationalArray.dimensions
      .filter((d) => !m.servedDimensions.includes(d.name))
      .reduce((p, d) => p * d.size, 1);
    const level: MemoryLevel = {
      instance: m.instance,
      operands: m.operands,
      portAllocation: portAllocationOf(m.instance.ports, m.operands),
      servedDimensions: m.servedDimensions,
      unrollCount,
      levelOfOperand,
    };
    memories.push(level);
    for (const op of m.operands) hierarchy[op].push(level);
  }
  return {
    id: spec.id,
    name: spec.name,
    type: spec.type,
    operationalArray: spec.operationalArray,
    memories,
    hierarchy,
    ...(spec.dataflows !== undefined ? { dataflows: spec.dataflows } : {}),
    sharedMemoryGroupId: spec.sharedMemoryGroupId ?? spec.id,
    format: spec.format,
    ...(spec.technology !== undefined ? { technology: spec.technology } : {}),
    ...(spec.importNotices && spec.importNotices.length > 0 ? { importNotices: spec.importNotices } : {}),
  };
}

/** The same core under another id / memory sharing group. */
export function withCoreId(core: Core, id: number, sharedMemoryGroupId: number = id): Core {
  return { ...core, id, sharedMemoryGroupId };
}

/** Outermost level holding `operand`, or undefined when the core has no memory for it. */
export function topMemoryLevel(core: Core, operand: MemoryOperand): MemoryLevel | undefined {
  const levels = core.hierarchy[operand];
  return levels[levels.length - 1];
}

/** Levels that are the top of every operand they hold (the graph nodes without a successor). */
export function topMemoryLevels(core: Core): readonly MemoryLevel[] {
  return core.memories.filter((level) => level.operands.every((op) => topMemoryLevel(core, op) === level));
}

/** Port serving (operand, direction) at a level, if allocated. */
export function portFor(level: MemoryLevel, operand: MemoryOperand, direction: DataDirection): MemoryPort | undefined {
  const name = level.portAllocation[operand]?.[direction];
  return name === undefined ? undefined : level.instance.ports.find((p) => p.name === name);
}

/**
 * The read (or write) bandwidth of a memory instance, bits/cycle: ZigZag 3.8.0's `r_bw` (`w_bw`) for a memory read
 * in that format (its `legacy` widths, which the cost model charges), else the widest port able to read: read or
 * read/write (to write: write or read/write). Undefined when there is no such port; each caller says what then.
 */
export function memoryBandwidth(instance: MemoryInstance, kind: 'read' | 'write'): number | undefined {
  const legacy = kind === 'read' ? instance.legacy?.readBandwidth : instance.legacy?.writeBandwidth;
  if (legacy !== undefined) return legacy;
  const widths = instance.ports.filter((p) => p.type === kind || p.type === 'read_write').map((p) => p.bandwidthMax);
  return widths.length > 0 ? Math.max(...widths) : undefined;
}

/** Whether a core runs layers: a compute core that is not the off-chip core. */
export function isComputeCore(accelerator: Accelerator, core: Core): boolean {
  return core.type === 'compute' && core.id !== accelerator.offchipCoreId;
}

/** The cores that run layers (`isComputeCore`), in the accelerator's order. */
export function computeCores(accelerator: Accelerator): readonly Core[] {
  return accelerator.cores.filter((core) => isComputeCore(accelerator, core));
}

export function coreById(accelerator: Accelerator, id: number): Core | undefined {
  return accelerator.cores[id]?.id === id ? accelerator.cores[id] : accelerator.cores.find((c) => c.id === id);
}

/** Import notices of a core or of every core of an accelerator, each once. */
export function importNotices(cores: readonly Core[]): string[] {
  return [...new Set(cores.flatMap((c) => c.importNotices ?? []))];
}
