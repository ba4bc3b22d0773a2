import type { Accelerator, Core, MemoryLevel, MemoryOperand } from '../../engine';

/**
 * An accelerator read back from JSON has copies where the engine's model shares objects: each core's
 * `hierarchy` lists the very `MemoryLevel` objects of `memories`, and the cost model relies on that identity.
 * This restores the sharing (levels matched by memory name).
 */
export function reviveAccelerator(accelerator: Accelerator): Accelerator {
  return { ...accelerator, cores: accelerator.cores.map(reviveCore) };
}

function reviveCore(core: Core): Core {
  const byName = new Map<string, MemoryLevel>(core.memories.map((m) => [m.instance.name, m]));
  const hierarchy = {} as Record<MemoryOperand, readonly MemoryLevel[]>;
  for (const [operand, levels] of Object.entries(core.hierarchy) as [MemoryOperand, readonly MemoryLevel[]][]) {
    hierarchy[operand] = levels.map((level) => byName.get(level.instance.name) ?? level);
  }
  return { ...core, hierarchy };
}
