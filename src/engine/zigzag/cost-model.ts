/**
 * Energy and latency of one complete mapping (spatial mapping in fractional and integer form + temporal
 * mapping) of a layer on a core: memory utilisation, word accesses, energy, double-buffering, per-port
 * stall/slack, on-/off-loading and the latency totals. Same model as ZigZag 3.8.0's CostModelEvaluation.
 */
import { imcPrechargeEnergy } from './imc-cost';
import type { LayerModel } from './layer-model';
import { operandMovement, type OperandMovement } from './data-movement';
import { operandTemporal, spatialUnits, type Loop, type OperandTemporal } from './loops';
import { portStall, reduceBalanced, type PortActivity } from './port-activity';
import type { OperandPlacement, SpatialContext } from './spatial-context';
import { FH, FL, TH, TL, type CoreSpec, type Direction, type MemOperand } from './spec';

export function makeSpatialContext(
  lm: LayerModel,
  core: CoreSpec,
  placements: readonly OperandPlacement[],
  suFrac: readonly (readonly (readonly Loop[])[])[],
  suInt: readonly (readonly (readonly Loop[])[])[],
  sameDataNoAccess = true,
  truncateWordAccesses = false,
): SpatialContext {
  const residents: [number, number][][] = core.memories.map(() => []);
  placements.forEach((p, op) => p.memories.forEach((m, level) => residents[m]!.push([op, level])));
  // Keep the memory's own operand order (the reference iterates memory operands in declaration order).
  residents.forEach((list, m) => {
    const order = core.memories[m]!.operands;
    list.sort((x, y) => order.indexOf(placements[x[0]]!.memOp) - order.indexOf(placements[y[0]]!.memOp));
  });
  return {
    lm,
    core,
    placements,
    residents,
    suFrac,
    suInt,
    unitsFrac: suFrac.map((su, op) => spatialUnits(lm, op, su)),
    unitsInt: suInt.map((su, op) => spatialUnits(lm, op, su)),
    arrayUnits: core.arraySizes.reduce((a, b) => a * b, 1),
    sameDataNoAccess,
    truncateWordAccesses,
  };
}

export type PerLevelFour = [number, number, number, number][];

export interface CostEvaluation {
  readonly energyTotal: number;
  readonly macEnergy: number;
  /** IMC only: local bit-line precharge energy (part of macEnergy). */
  readonly prechargeEnergy: number;
  readonly memEnergy: number;
  /** [op][level] total energy and per-direction energy. */
  readonly memEnergyPerOperand: number[][];
  readonly memEnergyPerDirection: PerLevelFour[];
  /** [op][level][dir] word accesses. */
  readonly wordAccesses: PerLevelFour[];
  /** [op][level] utilisation of the level by the operand alone, and shared with other operands there. */
  readonly utilisationIndividual: number[][];
  readonly utilisationShared: number[][];
  readonly doubleBuffered: boolean[][];
  /** Stall (>0) or slack per memory per port (memory index → port name → cycles). */
  readonly portStall: Record<string, number>[];
  readonly stallSlackComb: number;
  readonly onloadingCycles: number;
  readonly offloadingCycles: number;
  /**
   * IMC only, when the weights are written into the cells once per evaluation: the energy of that fill (the
   * weights read out of the level above the cells and written into the cells) and the on-loading cycles it adds.
   * Both are part of the totals above.
   */
  readonly imcCellsFill?: { readonly energy: number; readonly cycles: number };
  /**
   * Per memory index, per layer operand: bandwidth (bits/cycle) borrowed from the computation phase to load
   * data needed once (ZigZag 3.8.2's `loading_bw_during_computation`, summed over the memory's ports).
   */
  readonly loadingBwDuringComputation: Map<number, Map<number, number>>;
  readonly idealCycle: number;
  readonly idealTemporalCycle: number;
  readonly macSpatialUtilization: number;
  readonly latencyTotal0: number;
  readonly latencyTotal1: number;
  readonly latencyTotal2: number;
  readonly temporal: OperandTemporal[];
  readonly movement: OperandMovement[];
  readonly movementInt: OperandMovement[];
}

const INPUT_MEM_OPS = new Set(['I1', 'I2']);

export function evaluateCost(ctx: SpatialContext, tmOrigin: readonly (readonly (readonly Loop[])[])[]): CostEvaluation {
  const { lm, core, placements } = ctx;
  const nOps = lm.operands.length;
  const temporal = tmOrigin.map((levels, op) => operandTemporal(lm, op, levels));
  const totalCycles = temporal[0]!.cycles[temporal[0]!.cycles.length - 1] ?? 1;
  const movement = temporal.map((t, op) => operandMovement(lm, op, ctx.suFrac[op]!, ctx.unitsFrac[op]!, t, totalCycles, ctx.sameDataNoAccess));
  const movementInt = temporal.map((t, op) => operandMovement(lm, op, ctx.suInt[op]!, ctx.unitsInt[op]!, t, totalCycles, ctx.sameDataNoAccess));

  // Memory utilisation (fractional mapping).
  const utilInd: number[][] = [];
  const effInd: number[][] = [];
  for (let op = 0; op < nOps; op++) {
    const mems = placements[op]!.memories;
    utilInd.push(mems.map((m, k) => movement[op]!.bitUnrolled[k + 1]! / core.memories[m]!.sizeBits));
    effInd.push(mems.map((m, k) => movement[op]!.effectiveBits[k + 1]! / core.memories[m]!.sizeBits));
  }
  const utilShared = utilInd.map((l) => [...l]);
  const effShared = effInd.map((l) => [...l]);
  ctx.residents.forEach((list, m) => {
    if (core.memories[m]!.operands.length < 2) return;
    let u = 0;
    let e = 0;
    for (const [op, level] of list) {
      u += utilInd[op]![level]!;
      e += effInd[op]![level]!;
    }
    for (const [op, level] of list) {
      utilShared[op]![level] = u;
      effShared[op]![level] = e;
    }
  });

  // Word accesses and energy (fractional mapping).
  const wordAccesses: PerLevelFour[] = [];
  const memEnergyPerOperand: number[][] = [];
  const memEnergyPerDirection: PerLevelFour[] = [];
  let memEnergy = 0;
  for (let op = 0; op < nOps; op++) {
    const accOp: PerLevelFour = [];
    const eOp: number[] = [];
    const eDirOp: PerLevelFour = [];
    placements[op]!.memories.forEach((m, k) => {
      const mem = core.memories[m]!;
      const mv = movement[op]!.levels[k]!;
      const units = ctx.unitsFrac[op]!.unitCount[k + 1]!;
      const acc: [number, number, number, number] = [0, 0, 0, 0];
      for (let dir = 0; dir < 4; dir++) {
        const amount = mv.amount[dir]!;
        const prec = mv.precision[dir]!;
        if (amount === 0 || prec === 0) continue;
        const bwMax = mem.bw[placements[op]!.memOp]![dir]!;
        const bwMin = mem.bwMin[placements[op]!.memOp]![dir]!;
        const words = Math.ceil((amount * prec) / bwMin) * (bwMin / bwMax) * mv.periodCount[dir]! * units;
        acc[dir] = ctx.truncateWordAccesses ? Math.trunc(words) : words;
      }
      const eDir: [number, number, number, number] = [
        acc[TL] * mem.rCost,
        acc[FL] * mem.wCost,
        acc[TH] * mem.rCost,
        acc[FH] * mem.wCost,
      ];
      const e = eDir[TH] + eDir[TL] + (eDir[FH] + eDir[FL]);
      accOp.push(acc);
      eOp.push(e);
      eDirOp.push(eDir);
      memEnergy += e;
    });
    wordAccesses.push(accOp);
    memEnergyPerOperand.push(eOp);
    memEnergyPerDirection.push(eDirOp);
  }
  const prechargeEnergy = ctx.imc?.precharged ? imcPrechargeEnergy(ctx, tmOrigin, movement) : 0;
  const macEnergy = ctx.imc ? ctx.imc.energy + prechargeEnergy : core.macEnergy * lm.totalMacs;

  // Double-buffering: a level whose effective footprint leaves room for a second copy.
  const doubleBuffered: boolean[][] = [];
  for (let op = 0; op < nOps; op++) {
    const flags = [false];
    placements[op]!.memories.forEach((m, k) => {
      if (effShared[op]![k]! <= 0.5) flags.push(true);
      else if (effInd[op]![k]! <= 1 - effShared[op]![k]!) {
        flags.push(true);
        if (core.memories[m]!.operands.length > 1) {
          for (const [op2, level2] of ctx.residents[m]!) effShared[op2]![level2]! += effInd[op]![k]!;
        }
      } else flags.push(false);
    });
    doubleBuffered.push(flags);
  }

  // Real and allowed transfer cycles per link (integer mapping).
  const real: PerLevelFour[] = [];
  const allowed: PerLevelFour[] = [];
  for (let op = 0; op < nOps; op++) {
    const r: PerLevelFour = [];
    const w: PerLevelFour = [];
    placements[op]!.memories.forEach((m, k) => {
      const mem = core.memories[m]!;
      const mv = movementInt[op]!.levels[k]!;
      const rr: [number, number, number, number] = [0, 0, 0, 0];
      for (let dir = 0; dir < 4; dir++) {
        const bits = mv.amount[dir]! * mv.precision[dir]!;
        rr[dir] = bits === 0 ? 0 : Math.ceil(bits / mem.bw[placements[op]!.memOp]![dir]!);
      }
      const dbLow = doubleBuffered[op]![k]!;
      const dbHigh = doubleBuffered[op]![k + 1]!;
      w.push([
        dbLow ? mv.period[TL] : mv.window[TL],
        dbLow ? mv.period[FL] : mv.window[FL],
        dbHigh ? mv.period[TH] : mv.window[TH],
        dbHigh ? mv.period[FH] : mv.window[FH],
      ]);
      r.push(rr);
    });
    real.push(r);
    allowed.push(w);
  }

  const opOfMemOp = new Map<MemOperand, number>();
  placements.forEach((p, op) => opOfMemOp.set(p.memOp, op));
  const levelOf = (op: number, m: number) => placements[op]!.memories.indexOf(m);

  // Stall/slack per physical port.
  const portStalls: Record<string, number>[] = [];
  let stallSlackComb = 0;
  core.memories.forEach((mem, m) => {
    const perPort: Record<string, number> = {};
    for (const port of mem.ports) {
      const activities: PortActivity[] = [];
      for (const { memOp, dir } of port.served) {
        const op = opOfMemOp.get(memOp);
        if (op === undefined) continue;
        const k = levelOf(op, m);
        if (k < 0) continue;
        const mv = movementInt[op]!.levels[k]!;
        const pc = mv.periodCount[dir]!;
        if (pc === 0) continue;
        activities.push({ real: real[op]![k]![dir]!, allowed: allowed[op]![k]![dir]!, period: mv.period[dir]!, periodCount: pc });
      }
      const ss = portStall(activities);
      perPort[port.name] = ss;
      if (activities.length > 0) stallSlackComb = Math.max(stallSlackComb, ss);
    }
    portStalls.push(perPort);
  });

  // On-/off-loading cycles per link, reduced by the port bandwidth left over during computation.
  const loading = new Map<string, { cycles: number; shared: boolean }>();
  const key = (op: number, k: number, dir: Direction) => `${op}:${k}:${dir}`;
  const outputMemOp = placements[0]!.memOp;
  const borrowed = new Map<number, Map<number, number>>();
  core.memories.forEach((mem, m) => {
    for (const port of mem.ports) {
      const inputMemOps = new Set(port.served.filter((s) => INPUT_MEM_OPS.has(s.memOp)).map((s) => s.memOp));
      const shared = inputMemOps.size > 1;
      const once: [number, number, Direction][] = [];
      const repeated: [number, number, Direction][] = [];
      for (const { memOp, dir } of port.served) {
        if (memOp === outputMemOp && (dir === TL || dir === FH)) continue;
        const op = opOfMemOp.get(memOp);
        if (op === undefined) continue;
        const k = levelOf(op, m);
        if (k < 0) continue;
        const pc = movementInt[op]!.levels[k]!.periodCount[dir]!;
        if (pc === 0) continue;
        (pc === 1 ? once : repeated).push([op, k, dir]);
      }
      let busyBw = 0;
      for (const [op, k, dir] of repeated) busyBw += movementInt[op]!.levels[k]!.bwAverage[dir]!;
      if (once.length > 0) {
        const minimums = once.map(([op]) => Math.ceil(movementInt[op]!.bitUnrolled[1]! / port.bw));
        const totals = once.map(([op, k, dir]) => real[op]![k]![dir]!);
        const surplus = Math.max(0, ((port.bw - busyBw) / port.bw) * (totalCycles + stallSlackComb));
        const remaining = reduceBalanced(Float64Array.from(totals), Float64Array.from(minimums), surplus, new Float64Array(once.length), once.length);
        once.forEach(([op, k, dir], i) => loading.set(key(op, k, dir), { cycles: remaining[i]!, shared }));
        const computation = totalCycles + stallSlackComb;
        once.forEach(([op], i) => {
          const reduction = totals[i]! - remaining[i]!;
          if (!(reduction > 0) || !(computation > 0)) return;
          if (!borrowed.has(m)) borrowed.set(m, new Map());
          const perOp = borrowed.get(m)!;
          perOp.set(op, (perOp.get(op) ?? 0) + Math.ceil((reduction / computation) * port.bw));
        });
      }
      for (const [op, k, dir] of repeated) loading.set(key(op, k, dir), { cycles: real[op]![k]![dir]!, shared });
    }
  });
  const get = (op: number, k: number, dir: Direction) => loading.get(key(op, k, dir)) ?? { cycles: 0, shared: false };
  const onloadingCycles = combineOnloading(placements, nOps, get);
  // IMC: the one-time fill of the cells with the weights (cells written once per CN: the weights fit the macro).
  // Its cycles are the on-loading they add; a scheduler that finds the weights already in the cells skips it.
  let imcCellsFill: CostEvaluation['imcCellsFill'];
  const w = ctx.imc?.weightOp ?? -1;
  if (w > 0 && placements[w]!.memories.length > 1 && movementInt[w]!.levels[0]!.periodCount[FH] === 1) {
    const without = combineOnloading(placements, nOps, (op, k, dir) => (op === w && ((k === 0 && dir === FH) || (k === 1 && dir === TL)) ? { cycles: 0, shared: false } : get(op, k, dir)));
    imcCellsFill = { energy: memEnergyPerDirection[w]![0]![FH]! + memEnergyPerDirection[w]![1]![TL]!, cycles: onloadingCycles - without };
  }
  let offloadingCycles = 0;
  const nO = placements[0]!.memories.length;
  for (let k = 0; k < nO - 1; k++) offloadingCycles += Math.max(get(0, k, TH).cycles, get(0, k + 1, FL).cycles);

  // Bit-serial IMC arrays take several cycles per MAC; the memory transfers above keep the plain cycle count.
  const cyclesPerMac = ctx.imc?.cyclesPerMac ?? 1;
  const idealCycle = Math.trunc(Math.ceil(lm.totalMacs / ctx.arrayUnits) * cyclesPerMac);
  const idealTemporalCycle = totalCycles * cyclesPerMac;
  const latencyTotal0 = idealTemporalCycle + stallSlackComb;
  const latencyTotal1 = latencyTotal0 + onloadingCycles;
  const latencyTotal2 = latencyTotal1 + offloadingCycles;
  return {
    energyTotal: memEnergy + macEnergy,
    macEnergy,
    prechargeEnergy,
    memEnergy,
    memEnergyPerOperand,
    memEnergyPerDirection,
    wordAccesses,
    utilisationIndividual: utilInd,
    utilisationShared: utilShared,
    doubleBuffered,
    portStall: portStalls,
    stallSlackComb,
    onloadingCycles,
    offloadingCycles,
    ...(imcCellsFill ? { imcCellsFill } : {}),
    loadingBwDuringComputation: borrowed,
    idealCycle,
    idealTemporalCycle,
    macSpatialUtilization: idealCycle / idealTemporalCycle,
    latencyTotal0,
    latencyTotal1,
    latencyTotal2,
    temporal,
    movement,
    movementInt,
  };
}

/**
 * On-loading cycles: per input operand, the transfers of its one-time loads between adjacent levels, combined
 * over operands as ZigZag combines them (links sharing a port serialise).
 */
function combineOnloading(
  placements: readonly OperandPlacement[],
  nOps: number,
  get: (op: number, k: number, dir: Direction) => { cycles: number; shared: boolean },
): number {
  const individual: number[] = [];
  const halfShared: number[] = [];
  const sharedPart: number[] = [];
  for (let op = 1; op < nOps; op++) {
    let ind = 0;
    let half = 0;
    let sh = 0;
    const n = placements[op]!.memories.length;
    for (let k = 0; k < n - 1; k++) {
      const a = get(op, k, FH);
      const b = get(op, k + 1, TL);
      const c = Math.max(a.cycles, b.cycles);
      if (!a.shared && !b.shared) ind += c;
      else if (a.shared && b.shared) sh += c;
      else half = c;
    }
    individual.push(ind);
    halfShared.push(half);
    sharedPart.push(sh);
  }
  if (nOps === 2) return individual[0]!;
  if (nOps >= 3) {
    const p1 = sharedPart[0]! + Math.max(sharedPart[1]! + halfShared[1]! + individual[1]!, halfShared[0]! + individual[0]!);
    const p2 = sharedPart[1]! + Math.max(sharedPart[0]! + halfShared[0]! + individual[0]!, halfShared[1]! + individual[1]!);
    return Math.min(p1, p2);
  }
  return 0;
}
