/**
 * A layer on a core with a fixed spatial mapping: where each operand lives and what the spatial mapping costs,
 * everything the cost model needs that does not depend on the temporal mapping (built by `makeSpatialContext`).
 */
import type { ImcEnergyComponent } from '../hardware/imc';
import type { LayerModel } from './layer-model';
import type { Loop, SpatialUnits } from './loops';
import type { CoreSpec, MemOperand } from './spec';

export interface OperandPlacement {
  /** Memory operand the layer operand is linked to. */
  readonly memOp: MemOperand;
  /** Indices into CoreSpec.memories of this operand's levels, bottom-up. */
  readonly memories: readonly number[];
}

/** A layer on a core with a fixed spatial mapping: everything that does not depend on the temporal mapping. */
export interface SpatialContext {
  readonly lm: LayerModel;
  readonly core: CoreSpec;
  /** Indexed like lm.operands. */
  readonly placements: readonly OperandPlacement[];
  /** memory index → (operand index, level) for every operand of this layer stored there. */
  readonly residents: readonly (readonly (readonly [op: number, level: number])[])[];
  /** Spatial loops per operand per arch level (0 = MAC level), fractional and integer versions. */
  readonly suFrac: readonly (readonly (readonly Loop[])[])[];
  readonly suInt: readonly (readonly (readonly Loop[])[])[];
  readonly unitsFrac: readonly SpatialUnits[];
  readonly unitsInt: readonly SpatialUnits[];
  /** Product of the operational array sizes. */
  readonly arrayUnits: number;
  /** Inputs re-read at the innermost level while stationary count once (transfer period = MAC stationary cycles). */
  readonly sameDataNoAccess: boolean;
  /** Reference behaviour (compat 'reference'): word-access counts truncated to integers. */
  readonly truncateWordAccesses: boolean;
  /** In-memory-computing core: the periphery energy of this spatial mapping and the bit-serial cycles per MAC. */
  readonly imc?: ImcMappingCost;
}

export interface ImcMappingCost {
  /** Periphery energy without the local bit-line precharge (which depends on the temporal mapping), pJ. */
  readonly energy: number;
  readonly breakdown: Readonly<Record<ImcEnergyComponent, number>>;
  readonly cyclesPerMac: number;
  /** Layer operand index of the weights (held in the cells). */
  readonly weightOp: number;
  /** Whether a cell group holds several weights (then the precharge energy depends on the temporal mapping). */
  readonly precharged: boolean;
}
