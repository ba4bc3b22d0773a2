/**
 * Editing helpers for cores: keeps the redundant fields of a core consistent after an edit by rebuilding it with the
 * engine's own (pure) builder, and shapes the ports of a new memory (bandwidths are the engine's: `memoryBandwidth`,
 * `withMemoryWidth`).
 */
import { buildCore, type MemoryLevelSpec } from '../../engine/browser';
import type {
  Core,
  DataDirection,
  MemoryLevel,
  MemoryOperand,
  MemoryPort,
  OperationalArray,
  PortFunction,
} from '../../engine/hardware/types';

/** What the editor stores for a level; the rest is derived. */
export type LevelSpec = MemoryLevelSpec;

export function deriveLevels(array: OperationalArray, specs: readonly LevelSpec[]): { memories: readonly MemoryLevel[]; hierarchy: Core['hierarchy'] } {
  const { memories, hierarchy } = buildCore({ id: 0, name: '', type: 'compute', operationalArray: array, memories: specs, format: 'zigzag-ports' });
  return { memories, hierarchy };
}

/** The same core with new array and/or levels, derived fields recomputed. */
export function rebuildCore(core: Core, changes: { operationalArray?: OperationalArray; levels?: readonly LevelSpec[]; name?: string }): Core {
  const array = changes.operationalArray ?? core.operationalArray;
  const levels = changes.levels ?? core.memories.map((m) => ({ instance: m.instance, operands: m.operands, servedDimensions: m.servedDimensions }));
  const { memories, hierarchy } = deriveLevels(array, levels);
  return { ...core, name: changes.name ?? core.name, operationalArray: array, memories, hierarchy };
}

/** Directions a port of this type serves for an operand: reads send down (tl) and up (th), writes take from above (fh) and below (fl). */
function functionsFor(type: MemoryPort['type'], operand: MemoryOperand): PortFunction[] {
  const reads: DataDirection[] = operand === 'O' ? ['tl', 'th'] : ['tl'];
  const writes: DataDirection[] = operand === 'O' ? ['fh', 'fl'] : ['fh'];
  const directions = type === 'read' ? reads : type === 'write' ? writes : [...writes, ...reads];
  return directions.map((direction) => ({ operand, direction }));
}

/** Reallocates every operand's functions over the existing ports (used when the operands of a level change). */
export function reallocatePorts(ports: readonly MemoryPort[], operands: readonly MemoryOperand[]): MemoryPort[] {
  return ports.map((port) => ({ ...port, allocation: operands.flatMap((op) => functionsFor(port.type, op)) }));
}

/** Ports for a new memory: one read and one write port, or a single read/write port (DRAM-like). */
export function makePorts(readBw: number, writeBw: number, operands: readonly MemoryOperand[], shared = false): MemoryPort[] {
  const ports: Omit<MemoryPort, 'allocation'>[] = shared
    ? [{ name: 'rw_port_1', type: 'read_write', bandwidthMin: readBw, bandwidthMax: readBw }]
    : [
        { name: 'r_port_1', type: 'read', bandwidthMin: readBw, bandwidthMax: readBw },
        { name: 'w_port_1', type: 'write', bandwidthMin: writeBw, bandwidthMax: writeBw },
      ];
  return reallocatePorts(ports.map((p) => ({ ...p, allocation: [] })), operands);
}
