/**
 * The IMC macro model applied to one layer mapping: occupancy of a macro under a spatial mapping, the
 * periphery energy that follows, and the local bit-line precharge energy (temporal-mapping dependent, only
 * when a cell group stores several weights).
 */
import { imcLayerEnergy, imcOccupancy } from '../hardware/imc';
import type { ImcMappingCost, OperandPlacement, SpatialContext } from './spatial-context';
import type { OperandMovement } from './data-movement';
import { REL_IR, type LayerModel } from './layer-model';
import type { Loop } from './loops';
import type { UserSpatialMapping } from './spatial';
import type { ImcSpec } from './spec';
import { TL } from './spec';

/** Layer operand index held in the IMC cells (the weights), or -1. */
export function imcWeightOperand(imc: ImcSpec, placements: readonly OperandPlacement[]): number {
  return placements.findIndex((p) => p.memOp === imc.cellsOperand);
}

export function imcMappingCost(lm: LayerModel, imc: ImcSpec, placements: readonly OperandPlacement[], spatial: UserSpatialMapping): ImcMappingCost {
  const macro = imc.macro;
  const weightOp = imcWeightOperand(imc, placements);
  const loops = (oa: string) => [...(spatial.get(oa) ?? new Map<number, number>())].map(([d, f]) => [lm.dims[d]!, f] as const);
  const weightIr = (dim: string) => weightOp >= 0 && lm.rel[weightOp]![lm.dimIndex.get(dim)!] === REL_IR;
  // A kernel dimension (FX) pairs in the input with an output dimension (OX) that is irrelevant to the weights.
  const prPartner = (dim: string) => {
    const d = lm.dimIndex.get(dim);
    for (const r of lm.relations) {
      if (r.b === d && weightIr(lm.dims[r.a]!)) return lm.dims[r.a]!;
      if (r.a === d && weightIr(lm.dims[r.b]!)) return lm.dims[r.b]!;
    }
    return undefined;
  };
  const occupancy = imcOccupancy(lm.totalMacs, loops(macro.wordlineDim), loops(macro.bitlineDim), weightIr, prPartner);
  const breakdown = imcLayerEnergy(macro, occupancy);
  return {
    energy: Object.values(breakdown).reduce((a, b) => a + b, 0),
    breakdown,
    cyclesPerMac: macro.cyclesPerMac,
    weightOp,
    precharged: macro.cellsBits / macro.weightPrecision > 1 && weightOp >= 0,
  };
}

/**
 * Local bit-line precharge energy: one precharge per weight read out of the cells, except while the
 * innermost cell loops iterate only over weight-irrelevant dimensions (the same weight stays selected).
 */
export function imcPrechargeEnergy(ctx: SpatialContext, tmOrigin: readonly (readonly (readonly Loop[])[])[], movement: readonly OperandMovement[]): number {
  const imc = ctx.imc!;
  const core = ctx.core.imc!;
  const w = imc.weightOp;
  const lm = ctx.lm;
  const cellLoops = tmOrigin[w]![0] ?? [];
  let interval = 1;
  for (const loop of cellLoops) {
    if (lm.rel[w]![loop.d] === REL_IR) interval *= loop.s;
    else break;
  }
  const level = movement[w]!.levels[0]!;
  const reads = level.amount[TL] * level.periodCount[TL];
  const breakdown = imcLayerEnergy(core.macro, { rows: 0, columns: 0, activations: 0 }, reads / interval);
  return breakdown.local_bl_precharging;
}
