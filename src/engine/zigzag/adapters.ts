/**
 * Builds the cost model's normalised core and mapping descriptions from the hardware and mapping data model.
 * Results are cached per (immutable) input object.
 */
import type { Core, DataDirection, MemoryLevel } from '../hardware/types';
import { imcMacro } from '../hardware/imc';
import type { MappingEntry } from '../mapping/types';
import { FH, FL, TH, TL, type CoreSpec, type Direction, type ImcSpec, type MappingSpec, type MemoryLevelSpec } from './spec';

const DIRECTION_INDEX: Record<DataDirection, Direction> = { tl: TL, fl: FL, th: TH, fh: FH };

const coreCache = new WeakMap<Core, CoreSpec>();

export function coreSpec(core: Core): CoreSpec {
  let spec = coreCache.get(core);
  if (!spec) {
    spec = {
      id: core.id,
      name: core.name,
      macEnergy: core.operationalArray.unitEnergy,
      arrayDims: core.operationalArray.dimensions.map((d) => d.name),
      arraySizes: core.operationalArray.dimensions.map((d) => d.size),
      memories: core.memories.map(memorySpec),
      ...(core.operationalArray.imc ? { imc: imcSpec(core) } : {}),
    };
    coreCache.set(core, spec);
  }
  return spec;
}

/** The IMC macro of a core; its weights live in the memory called `cells` (ZigZag's convention). */
function imcSpec(core: Core): ImcSpec {
  const array = core.operationalArray;
  const cells = core.memories.find((m) => m.instance.name === 'cells');
  const dims = array.dimensions.map((d) => ({ name: d.name, size: d.size }));
  const macro = imcMacro(array.imc!, dims, cells?.instance.sizeBits ?? array.imc!.inputPrecision[1], cells?.instance.area ?? 0);
  const memoryArea = core.memories.reduce((a, m) => a + m.instance.area, 0);
  return { macro, cellsOperand: cells?.operands[0] ?? 'I2', totalAreaMm2: macro.areaMm2 + memoryArea };
}

function memorySpec(level: MemoryLevel): MemoryLevelSpec {
  const instance = level.instance;
  const widest = Math.max(0, ...instance.ports.map((p) => p.bandwidthMax));
  const bw: Record<string, [number, number, number, number]> = {};
  const bwMin: Record<string, [number, number, number, number]> = {};
  const unrollBw: Record<string, number> = {};
  for (const memOp of level.operands) {
    const legacy = instance.legacy;
    if (legacy) {
      // ZigZag 3.8.0 charges reads at the read word width and writes at the write word width.
      const r = legacy.readBandwidth;
      const w = legacy.writeBandwidth;
      const rMin = legacy.minReadGranularity ?? r;
      const wMin = legacy.minWriteGranularity ?? w;
      bw[memOp] = [r, w, r, w];
      bwMin[memOp] = [rMin, wMin, rMin, wMin];
      unrollBw[memOp] = memOp === 'O' ? w : r;
      continue;
    }
    const max: [number, number, number, number] = [widest, widest, widest, widest];
    const min: [number, number, number, number] = [widest, widest, widest, widest];
    for (const port of instance.ports) {
      for (const fn of port.allocation) {
        if (fn.operand !== memOp) continue;
        const dir = DIRECTION_INDEX[fn.direction];
        max[dir] = port.bandwidthMax;
        min[dir] = port.bandwidthMin;
      }
    }
    bw[memOp] = max;
    bwMin[memOp] = min;
    unrollBw[memOp] = memOp === 'O' ? max[FL] : max[TL];
  }
  return {
    name: instance.name,
    sizeBits: instance.sizeBits,
    rCost: instance.readCost,
    wCost: instance.writeCost,
    bw,
    bwMin,
    unrollBw,
    operands: [...level.operands],
    servedDims: [...level.servedDimensions],
    unrollCount: level.unrollCount,
    ports: instance.ports.map((p) => ({
      name: p.name,
      bw: p.bandwidthMax,
      bwMin: p.bandwidthMin,
      // Only the operands this level holds: an off-chip memory added for some operands keeps its port
      // allocation for all of them, and a port serving two inputs changes how loading cycles combine.
      served: p.allocation.filter((fn) => level.operands.includes(fn.operand)).map((fn) => ({ memOp: fn.operand, dir: DIRECTION_INDEX[fn.direction] })),
    })),
  };
}

const mappingCache = new WeakMap<MappingEntry, MappingSpec>();

export function mappingSpec(entry: MappingEntry): MappingSpec {
  let spec = mappingCache.get(entry);
  if (!spec) {
    spec = {
      ...(entry.spatialMapping
        ? {
            spatial: Object.fromEntries(
              Object.entries(entry.spatialMapping).map(([oa, list]) => [oa, list.map((u) => [u.loopDim, u.factor] as const)]),
            ),
          }
        : {}),
      ...(entry.spatialMappingHint ? { spatialHint: entry.spatialMappingHint } : {}),
      ...(entry.temporalOrdering
        ? { temporalOrdering: entry.temporalOrdering.map((l) => [l.dim, l.size === '*' ? null : l.size] as const) }
        : {}),
      operandLinks: { ...entry.memoryOperandLinks },
    };
    mappingCache.set(entry, spec);
  }
  return spec;
}

/** The mapping used when a layer has no entry: default operand links, spatial mapping generated for every array dimension. */
export const DEFAULT_MAPPING_SPEC: MappingSpec = { operandLinks: { O: 'O', I: 'I1', W: 'I2' } };
