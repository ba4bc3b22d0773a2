/**
 * Loop-level building blocks of the cost model: the temporal mapping's stationary merge-down and per-level
 * cycle counts, the decoupling of partially relevant loops into relevant/irrelevant factors, and the unit
 * counts of a spatial mapping.
 */
import { REL_IR, REL_NONE, REL_PR, REL_R, prExtent, type LayerModel } from './layer-model';
import { roundHalfEven, roundUnitCount } from './numeric';

/** One loop: dimension index into LayerModel.dims and size (may be fractional for spatial loops). */
export interface Loop {
  readonly d: number;
  readonly s: number;
}

/** A loop after pr decoupling: its class for the operand (REL_R, REL_IR or REL_NONE) and size. */
export interface ClassLoop {
  readonly c: number;
  readonly s: number;
}

export interface OperandTemporal {
  /** Loops per memory level after the innermost-stationary merge-down, innermost first. */
  readonly stationary: Loop[][];
  /** Product of the irrelevant loops at the bottom of level 0 (data stationary at the MAC input). */
  readonly macStationary: number;
  /** Cycles covered by levels 0..k. */
  readonly cycles: number[];
  /** Index a = k+1 ↔ memory level k; index 0 is the MAC level (1). */
  readonly topR: number[];
  readonly topIr: number[];
}

function sameLevels(a: Loop[][], b: Loop[][]): boolean {
  for (let k = 0; k < a.length; k++) {
    const x = a[k]!;
    const y = b[k]!;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i]!.d !== y[i]!.d || x[i]!.s !== y[i]!.s) return false;
  }
  return true;
}

/**
 * Irrelevant loops at the bottom of a level keep the operand's data stationary, so they are accounted to the
 * level below (to the top of it); at level 0 they stay and form the MAC-level stationary cycle count.
 * Repeated until nothing moves.
 */
export function operandTemporal(lm: LayerModel, op: number, origin: readonly (readonly Loop[])[]): OperandTemporal {
  const rel = lm.rel[op]!;
  let previous: Loop[][] = origin.map((level) => [...level]);
  let stationary: Loop[][] = previous;
  let macStationary = 1;
  for (;;) {
    const next: Loop[][] = previous.map(() => []);
    macStationary = 1;
    for (let k = 0; k < previous.length; k++) {
      const loops = previous[k]!;
      let i = 0;
      for (; i < loops.length; i++) {
        const loop = loops[i]!;
        if (rel[loop.d] !== REL_IR) break;
        if (k === 0) {
          macStationary *= loop.s;
          next[0]!.push(loop);
        } else {
          next[k - 1]!.push(loop);
        }
      }
      for (; i < loops.length; i++) next[k]!.push(loops[i]!);
    }
    if (sameLevels(next, previous)) {
      stationary = next;
      break;
    }
    previous = next;
  }
  const cycles: number[] = [];
  let c = 1;
  for (const level of stationary) {
    for (const loop of level) c *= loop.s;
    cycles.push(c);
  }
  const topR = [1];
  const topIr = [1];
  for (const level of stationary) {
    let r = 1;
    for (let i = level.length - 1; i >= 0; i--) {
      if (rel[level[i]!.d] !== REL_R) break;
      r *= level[i]!.s;
    }
    let ir = 1;
    for (let i = level.length - 1; i >= 0; i--) {
      if (rel[level[i]!.d] !== REL_IR) break;
      ir *= level[i]!.s;
    }
    topR.push(r);
    topIr.push(ir);
  }
  return { stationary, macStationary, cycles, topR, topIr };
}

/**
 * Classifies the loops of one operand level by level. For the operand with pr dimensions, every pr loop is
 * replaced by a relevant factor (growth of the pr extent) followed by an irrelevant factor (growth of the
 * reuse), using the cumulative loop extents from the bottom level up.
 */
export function decouple(lm: LayerModel, op: number, levels: readonly (readonly Loop[])[]): ClassLoop[][] {
  const rel = lm.rel[op]!;
  if (op !== lm.prOperand) {
    return levels.map((level) => level.map((loop) => ({ c: rel[loop.d] === REL_PR ? REL_NONE : rel[loop.d]!, s: loop.s })));
  }
  const nRel = lm.relations.length;
  const cumA = new Array<number>(nRel).fill(1);
  const cumB = new Array<number>(nRel).fill(1);
  const prevExt = new Array<number>(nRel).fill(1);
  const prevReuse = new Array<number>(nRel).fill(1);
  return levels.map((level) => {
    const out: ClassLoop[] = [];
    for (const loop of level) {
      const r = rel[loop.d]!;
      if (r !== REL_PR) {
        out.push({ c: r, s: loop.s });
        continue;
      }
      const index = lm.prRelationOfDim[loop.d]!;
      if (lm.prSideOfDim[loop.d] === 0) cumA[index]! *= loop.s;
      else cumB[index]! *= loop.s;
      const ext = prExtent(lm.relations[index]!, cumA[index]!, cumB[index]!);
      const reuse = (cumA[index]! * cumB[index]!) / ext;
      out.push({ c: REL_R, s: ext / prevExt[index]! });
      out.push({ c: REL_IR, s: reuse / prevReuse[index]! });
      prevExt[index] = ext;
      prevReuse[index] = reuse;
    }
    return out;
  });
}

export interface SpatialUnits {
  /** Per arch level a: active units at level a and above (rounded), unique-data units, duplicated units. */
  readonly unitCount: number[];
  readonly unitUnique: number[];
  readonly unitDuplicate: number[];
  /** Per memory level k: distinct data streams one instance feeds to / collects from its children. */
  readonly boost: number[];
}

export function spatialUnits(lm: LayerModel, op: number, su: readonly (readonly Loop[])[]): SpatialUnits {
  const dec = decouple(lm, op, su);
  const n = dec.length;
  const r = new Array<number>(n).fill(1);
  const ir = new Array<number>(n).fill(1);
  const total = new Array<number>(n).fill(1);
  for (let a = 0; a < n; a++) {
    for (const loop of dec[a]!) {
      if (loop.c === REL_R) r[a]! *= loop.s;
      else ir[a]! *= loop.s;
      total[a]! *= loop.s;
    }
  }
  const unitCount: number[] = [];
  const unitUnique: number[] = [];
  const unitDuplicate: number[] = [];
  for (let a = 0; a < n; a++) {
    let t = 1;
    let u = 1;
    let dup = 1;
    for (let j = a; j < n; j++) {
      t *= total[j]!;
      u *= r[j]!;
      dup *= ir[j]!;
    }
    unitCount.push(roundUnitCount(t));
    unitUnique.push(u);
    unitDuplicate.push(dup);
  }
  const boost: number[] = [];
  for (let k = 0; k < n - 1; k++) boost.push(roundHalfEven(unitUnique[k]! / unitUnique[k + 1]!));
  return { unitCount, unitUnique, unitDuplicate, boost };
}

