/** Turns the best mapping found for a layer into the plain-data CostModelResult. */
import type { LayerSearchResult } from './search';
import { describeSpatialMapping } from './spatial';
import type { CostModelResult, DirectionValues, OperandLevelResult, PortStallResult } from './types';

function four(values: readonly number[]): DirectionValues {
  return { tl: values[0]!, fl: values[1]!, th: values[2]!, fh: values[3]! };
}

export function buildResult(search: LayerSearchResult): CostModelResult {
  const { best, lm } = search;
  const { cost, ctx } = best;
  const core = ctx.core;
  const operandLevels: Record<string, OperandLevelResult[]> = {};
  const energyPerOperand: Record<string, number> = {};
  // Summed first, the objects made once: an object literal whose `energy` starts as the integer 0 changes shape when
  // a fraction is added, which also throws away the search's optimised code that shares that shape's lineage.
  const memoryEnergy = new Float64Array(core.memories.length);
  lm.operands.forEach((op, i) => {
    const placement = ctx.placements[i]!;
    const levels = placement.memories.map((m, k): OperandLevelResult => {
      const energy = cost.memEnergyPerOperand[i]![k]!;
      memoryEnergy[m]! += energy;
      return {
        operand: op,
        memoryOperand: placement.memOp,
        memory: core.memories[m]!.name,
        level: k,
        wordAccesses: four(cost.wordAccesses[i]![k]!),
        energy,
        energyPerDirection: four(cost.memEnergyPerDirection[i]![k]!),
        bitsUsed: cost.movement[i]!.bitUnrolled[k + 1]!,
        utilization: cost.utilisationIndividual[i]![k]!,
        utilizationShared: cost.utilisationShared[i]![k]!,
        doubleBuffered: cost.doubleBuffered[i]![k + 1]!,
        temporalLoops: best.tm[i]![k]!.map((l) => [lm.dims[l.d]!, l.s] as const),
        spatialLoops: ctx.suInt[i]![k + 1]!.map((l) => [lm.dims[l.d]!, l.s] as const),
      };
    });
    operandLevels[op] = levels;
    energyPerOperand[op] = levels.reduce((a, l) => a + l.energy, 0);
  });
  const energyPerMemory = core.memories.map((m, i) => ({ memory: m.name, energy: memoryEnergy[i]! }));
  const portStalls: PortStallResult[] = [];
  cost.portStall.forEach((ports, m) => {
    for (const [port, cycles] of Object.entries(ports)) portStalls.push({ memory: core.memories[m]!.name, port, cycles });
  });
  return {
    layerId: lm.layer.id,
    layerName: lm.layer.name,
    coreId: core.id,
    coreName: core.name,
    energyTotal: cost.energyTotal,
    macEnergy: cost.macEnergy,
    memEnergy: cost.memEnergy,
    energyPerMemory,
    energyPerOperand,
    latencyTotal0: cost.latencyTotal0,
    latencyTotal1: cost.latencyTotal1,
    latencyTotal2: cost.latencyTotal2,
    idealCycle: cost.idealCycle,
    idealTemporalCycle: cost.idealTemporalCycle,
    macSpatialUtilization: cost.macSpatialUtilization,
    macUtilization: cost.idealCycle / cost.latencyTotal2,
    onloadingCycles: cost.onloadingCycles,
    offloadingCycles: cost.offloadingCycles,
    stallSlackComb: cost.stallSlackComb,
    portStalls,
    operandLevels,
    spatialMapping: describeSpatialMapping(lm, best.spatial),
    loopOrdering: best.ordering.map((l) => [lm.dims[l.d]!, l.s] as const),
    ...(ctx.imc && core.imc
      ? {
          imc: {
            tclkNs: core.imc.macro.tclkNs,
            areaMm2: core.imc.totalAreaMm2,
            cyclesPerMac: ctx.imc.cyclesPerMac,
            macEnergyBreakdown: { ...ctx.imc.breakdown, local_bl_precharging: cost.prechargeEnergy },
            ...(cost.imcCellsFill ? { cellsFill: { memOp: ctx.placements[ctx.imc.weightOp]!.memOp, energyPj: cost.imcCellsFill.energy, cycles: cost.imcCellsFill.cycles } } : {}),
          },
        }
      : {}),
    spatialMappingsEvaluated: search.spatialMappingsEvaluated,
    temporalMappingsEvaluated: search.temporalMappingsEvaluated,
  };
}

