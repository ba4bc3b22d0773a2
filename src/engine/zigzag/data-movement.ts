/**
 * Per-operand, per-memory-level data movement of one mapping (spatial + temporal): tile sizes, precisions,
 * and for each of the 4 directions the transfer period, period count, amount per period, average
 * bandwidth and instantaneous window. This is ZigZag's `Mapping` quantity set.
 */
import { REL_IR, REL_R, type LayerModel } from './layer-model';
import { decouple, type Loop, type OperandTemporal, type SpatialUnits } from './loops';
import { roundHalfEven, trunc } from './numeric';
import { FH, FL, TH, TL } from './spec';

/** Four values indexed by direction (TL, FL, TH, FH). */
export type Four = [number, number, number, number];

export interface LevelMovement {
  readonly amount: Four;
  readonly precision: Four;
  readonly period: Four;
  readonly periodCount: Four;
  readonly bwAverage: Four;
  readonly bwInstant: Four;
  readonly window: Four;
}

export interface OperandMovement {
  /** Output only: whether arch level a holds partial sums. */
  readonly psum: boolean[];
  /** Per arch level a = 0..N. */
  readonly precision: number[];
  readonly elemUnrolled: number[];
  readonly bitUnrolled: number[];
  readonly bitTotal: number[];
  readonly effectiveBits: number[];
  /** Per memory level k = 0..N-1. */
  readonly levels: LevelMovement[];
}

const zeroFour = (): Four => [0, 0, 0, 0];

function product(loops: readonly { c: number; s: number }[], cls: number): number {
  let p = 1;
  for (const l of loops) if (l.c === cls) p *= l.s;
  return p;
}

export function operandMovement(
  lm: LayerModel,
  op: number,
  su: readonly (readonly Loop[])[],
  units: SpatialUnits,
  temporal: OperandTemporal,
  totalCycles: number,
  sameDataNoAccess = true,
): OperandMovement {
  const n = temporal.stationary.length; // memory levels
  const isOutput = op === 0;
  const st = temporal.stationary;
  const c1: Loop[][] = [];
  const c2: Loop[][] = [[]];
  for (let a = 0; a <= n; a++) c1.push(a === 0 ? [...su[0]!] : [...st[a - 1]!, ...su[a]!]);
  for (let a = 1; a <= n; a++) c2.push([...st[a - 1]!, ...su[a - 1]!]);
  const d1 = decouple(lm, op, c1);
  const d2 = decouple(lm, op, c2);

  const psum: boolean[] = [];
  const precision: number[] = [];
  const p = lm.precision[op]!;
  if (isOutput) {
    const irFlag = d1.map((level) => level.some((l) => l.c === REL_IR && l.s > 1));
    for (let a = 0; a < n; a++) {
      let any = false;
      for (let j = a + 1; j <= n; j++) any ||= irFlag[j]!;
      psum.push(any);
    }
    psum.push(false);
    for (let a = 0; a <= n; a++) precision.push(psum[a] ? p : lm.finalPrecision);
  } else {
    for (let a = 0; a <= n; a++) precision.push(p);
  }

  const elemUnrolled: number[] = [];
  const bitUnrolled: number[] = [];
  const bitTotal: number[] = [];
  const effectiveBits: number[] = [];
  let rCum = 1;
  for (let a = 0; a <= n; a++) {
    rCum *= product(d2[a]!, REL_R);
    const elem = roundHalfEven(roundHalfEven(rCum));
    elemUnrolled.push(elem);
    bitUnrolled.push(elem * precision[a]!);
    bitTotal.push(roundHalfEven(elem * units.unitUnique[a]!) * precision[a]!);
    effectiveBits.push(Math.floor((elem * precision[a]!) / temporal.topR[a]!));
  }

  // Output: irrelevant-loop product from arch level a to the top, padded with two 1s.
  const irCaal: number[] = [];
  if (isOutput) {
    const irPer = d1.map((level) => product(level, REL_IR));
    for (let a = 0; a <= n; a++) {
      let prod = 1;
      for (let j = a; j <= n; j++) prod *= irPer[j]!;
      irCaal.push(prod);
    }
    irCaal.push(1, 1);
  }

  const cel: number[] = [isOutput || !sameDataNoAccess ? 1 : temporal.macStationary, ...temporal.cycles];
  const boost = [...units.boost, 1];
  const lowRaw: number[] = [];
  const highRaw: number[] = [];
  for (let a = 0; a <= n; a++) {
    lowRaw.push((elemUnrolled[a]! * precision[a]!) / cel[a]!);
    highRaw.push(lowRaw[a]! * boost[a]!);
  }

  const levels: LevelMovement[] = [];
  const sizeO = lm.sizeElem[0]!;
  for (let k = 0; k < n; k++) {
    const amount = zeroFour();
    const prec = zeroFour();
    const period = zeroFour();
    const count = zeroFour();
    const bw = zeroFour();
    const lowPeriod = trunc(cel[k]!);
    const lowCount = trunc(Math.floor(totalCycles / cel[k]!));
    const highPeriod = trunc(cel[k + 1]!);
    const highCount = trunc(Math.floor(totalCycles / cel[k + 1]!));
    if (!isOutput) {
      bw[TL] = trunc(highRaw[k]!);
      period[TL] = lowPeriod;
      count[TL] = lowCount;
      amount[TL] = elemUnrolled[k]! * boost[k]!;
      prec[TL] = p;
      bw[FH] = trunc(lowRaw[k + 1]!);
      period[FH] = highPeriod;
      count[FH] = highCount;
      amount[FH] = elemUnrolled[k + 1]!;
      prec[FH] = p;
    } else {
      bw[FL] = trunc(highRaw[k]!);
      period[FL] = lowPeriod;
      count[FL] = lowCount;
      amount[FL] = trunc(elemUnrolled[k]! * boost[k]!);
      bw[TH] = trunc(lowRaw[k + 1]!);
      period[TH] = highPeriod;
      count[TH] = highCount;
      amount[TH] = elemUnrolled[k + 1]!;
      if (psum[k]) {
        bw[TL] = bw[FL];
        period[TL] = period[FL];
        count[TL] = count[FL];
        amount[TL] = amount[FL];
      }
      if (psum[k + 1]) {
        bw[FH] = bw[TH];
        period[FH] = period[TH];
        count[FH] = count[TH];
        amount[FH] = amount[TH];
      }
      const partialBelow = trunc(sizeO * (irCaal[k + 1]! - 1)) !== 0;
      prec[FL] = partialBelow ? p : lm.finalPrecision;
      prec[TL] = partialBelow ? p : 0;
      const partialAbove = trunc(sizeO * (irCaal[k + 2]! - 1)) !== 0;
      prec[FH] = partialAbove ? p : 0;
      prec[TH] = partialAbove ? p : lm.finalPrecision;
    }
    const irLow = temporal.topIr[k]!;
    const irHigh = temporal.topIr[k + 1]!;
    const inst: Four = [trunc(bw[TL] * irLow), trunc(bw[FL] * irLow), trunc(bw[TH] * irHigh), trunc(bw[FH] * irHigh)];
    const window: Four = [
      trunc(period[TL] / irLow),
      trunc(period[FL] / irLow),
      trunc(period[TH] / irHigh),
      trunc(period[FH] / irHigh),
    ];
    if (k === n - 1) {
      // Traffic between the top memory and the outside world is not counted.
      for (const dir of [TH, FH]) {
        amount[dir] = prec[dir] = period[dir] = count[dir] = bw[dir] = inst[dir] = window[dir] = 0;
      }
    }
    levels.push({ amount, precision: prec, period, periodCount: count, bwAverage: bw, bwInstant: inst, window });
  }
  return { psum, precision, elemUnrolled, bitUnrolled, bitTotal, effectiveBits, levels };
}

