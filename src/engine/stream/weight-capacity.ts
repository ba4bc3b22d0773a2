/**
 * Weight capacities for layer splitting: how many bits of weights a layer may keep on the cores it can run on
 * (the top memory level holding the weight operand). The weight splitter of workload/onnx/split.ts cuts a layer
 * whose weights exceed it; stream/layer-splitting.ts does the same on the workload model.
 */
import type { Accelerator, Core, MemoryOperand } from '../hardware/types';
import { computeCores, topMemoryLevel } from '../hardware/model';
import { lookupMappingEntry, type LookupOptions } from '../mapping/lookup';
import type { Mapping } from '../mapping/types';
import type { Layer } from '../workload/types';

/** Size in bits of the top memory level of a core's hierarchy for one memory operand; null when none holds it. */
export function coreWeightCapacityBits(core: Core, memoryOperand: MemoryOperand = 'I2'): number | null {
  return topMemoryLevel(core, memoryOperand)?.instance.sizeBits ?? null;
}

/** Weight capacity (bits of the top memory level holding `memoryOperand`) of every on-chip compute core. */
export function weightCapacitiesByCore(accelerator: Accelerator, memoryOperand: MemoryOperand = 'I2'): ReadonlyMap<number, number> {
  const out = new Map<number, number>();
  for (const core of computeCores(accelerator)) {
    const bits = coreWeightCapacityBits(core, memoryOperand);
    if (bits !== null) out.set(core.id, bits);
  }
  return out;
}

/**
 * The weight capacity a layer must fit: the smallest capacity among the cores it may run on (the mapping
 * entry's `core_allocation`, with W's memory operand from its `memory_operand_links`; without a mapping, every
 * on-chip compute core and I2). Cores that hold no such memory are ignored; Infinity when none is left.
 */
export function layerWeightCapacity(accelerator: Accelerator, mapping?: Mapping, lookup?: LookupOptions): (layer: Layer) => number {
  const byOperand = new Map<MemoryOperand, ReadonlyMap<number, number>>();
  const capacities = (op: MemoryOperand): ReadonlyMap<number, number> => {
    let m = byOperand.get(op);
    if (!m) byOperand.set(op, (m = weightCapacitiesByCore(accelerator, op)));
    return m;
  };
  return (layer) => {
    const entry = mapping ? lookupMappingEntry(mapping, layer.name, layer.operatorType, lookup) : undefined;
    const caps = capacities(entry?.memoryOperandLinks.W ?? 'I2');
    const cores = entry ? entry.coreAllocation : [...caps.keys()];
    let min = Infinity;
    for (const id of cores) min = Math.min(min, caps.get(id) ?? Infinity);
    return min;
  };
}
