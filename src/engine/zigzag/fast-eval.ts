/**
 * Allocation-free scoring of temporal mappings for the LOMA search: the same formulas as cost-model.ts,
 * specialised for a fixed spatial context and working on one loop ordering with per-operand level
 * boundaries (an allocated temporal mapping is always a partition of the ordering into contiguous
 * slices, and the stationary merge-down only moves those boundaries). Only energy and latency are
 * produced; the winner is re-evaluated with the detailed model for reporting.
 */
import { REL_IR, REL_PR, REL_R, prExtent, type PrRelation } from './layer-model';
import type { SpatialContext } from './spatial-context';
import type { Loop } from './loops';
import { roundHalfEven } from './numeric';
import { reduceBalanced, type PortActivity, portStall } from './port-activity';
import { FH, FL, TH, TL } from './spec';

interface OperandPlan {
  readonly n: number;
  readonly isOutput: boolean;
  readonly isPr: boolean;
  readonly rel: Uint8Array;
  readonly precision: number;
  /** Per version (0 fractional, 1 integer) and arch level a = 0..n. */
  readonly suR: Float64Array[];
  readonly suIr: Float64Array[];
  readonly suIrFlag: Uint8Array[];
  readonly su: (readonly (readonly Loop[])[])[];
  readonly unitCount: Float64Array[];
  readonly boost: Float64Array[];
  /** Per memory level k, per direction (k*4+dir). */
  readonly bw: Float64Array;
  readonly bwMin: Float64Array;
  readonly rCost: Float64Array;
  readonly wCost: Float64Array;
  readonly sizeBits: Float64Array;
  readonly memory: Int32Array;
}

interface PortLink {
  readonly op: number;
  readonly k: number;
  readonly dir: number;
}

interface PortPlan {
  readonly bw: number;
  readonly sharedInputs: boolean;
  /** Links served by the port (operands of this layer only), for stall/slack. */
  readonly links: readonly PortLink[];
  /** Same, without the output's psum directions (tl, fh), for on/off-loading. */
  readonly loadLinks: readonly PortLink[];
}

/** Per-version, per-operand scratch for one mapping version. */
interface Scratch {
  readonly elem: Float64Array[];
  readonly prec: Float64Array[];
  readonly bitUnrolled: Float64Array[];
  readonly effBits: Float64Array[];
  /** [op] → (k*4+dir) */
  readonly amount: Float64Array[];
  readonly dprec: Float64Array[];
  readonly period: Float64Array[];
  readonly count: Float64Array[];
  readonly bwAver: Float64Array[];
  readonly window: Float64Array[];
}

function makeScratch(ns: readonly number[]): Scratch {
  const per = (len: (n: number) => number) => ns.map((n) => new Float64Array(len(n)));
  return {
    elem: per((n) => n + 1),
    prec: per((n) => n + 1),
    bitUnrolled: per((n) => n + 1),
    effBits: per((n) => n + 1),
    amount: per((n) => 4 * n),
    dprec: per((n) => 4 * n),
    period: per((n) => 4 * n),
    count: per((n) => 4 * n),
    bwAver: per((n) => 4 * n),
    window: per((n) => 4 * n),
  };
}

function sameSpatial(a: readonly (readonly (readonly Loop[])[])[], b: readonly (readonly (readonly Loop[])[])[]): boolean {
  return a.every((levels, op) =>
    levels.every((loops, lv) => loops.length === b[op][lv].length && loops.every((l, i) => l.d === b[op][lv][i].d && l.s === b[op][lv][i].s)),
  );
}

/**
 * Scratch lists shared by every scorer (scoring is synchronous). Module-level rather than per scorer so that each
 * keeps one array shape for the whole process: a fresh `[]` per scorer starts as an integer array and changes
 * shape on its first write, which throws the JIT's optimised code away once per layer (a cold CLI run pays it).
 */
const activities: PortActivity[] = [];
const activityPool: { real: number; allowed: number; period: number; periodCount: number }[] = [];
let cycleBuf = new Float64Array(8);
let minBuf = new Float64Array(8);
let remainingBuf = new Float64Array(8);

export interface Score {
  energy: number;
  latency: number;
}

export class MappingScorer {
  private readonly ctx: SpatialContext;
  private readonly ops: OperandPlan[];
  private readonly ports: PortPlan[];
  private readonly sharing: (readonly [number, number])[][];
  /** [op][k] → index into `sharing`, or -1. */
  private readonly groupOf: Int32Array[];
  private readonly versions: number;
  private readonly scratch: Scratch[];
  private readonly macEnergy: number;
  private readonly idealCycle: number;
  /** Bit-serial IMC: computation cycles per temporal cycle beyond the first. */
  private readonly extraComputeCycles: number;
  // Per-evaluation state.
  private prefix = new Float64Array(16);
  private od = new Int32Array(16);
  private os = new Float64Array(16);
  /** Temporal cycles of the loaded ordering (the product of its loop sizes). */
  private T = NaN;
  private readonly sb: Int32Array[];
  private readonly cyc: Float64Array[];
  private readonly topR: Float64Array[];
  private readonly topIr: Float64Array[];
  private readonly tempIrProd: Float64Array[];
  private readonly tempIrFlag: Uint8Array[];
  private readonly macSt: Float64Array;
  private readonly effInd: Float64Array[];
  private readonly effShared: Float64Array[];
  private readonly db: Uint8Array[];
  private readonly real: Float64Array[];
  private readonly allowed: Float64Array[];
  private readonly loadCycles: Float64Array[];
  private readonly loadShared: Uint8Array[];
  // What `movement` reads of the layer, copied once per scorer: read through the layer model object, V8 threw that
  // optimised code away when the next layer's model was built (--trace-deopt: "code dependencies"), and recompiled it.
  private readonly relations: readonly PrRelation[];
  private readonly prRelationOfDim: Int32Array;
  private readonly prSideOfDim: Int8Array;
  private readonly finalPrecision: number;
  private readonly outputSizeElem: number;
  // Scratch of `movement`, sized here: a buffer first allocated (or grown) inside the hot loop leaves a construct
  // site without type feedback in its optimised code, which is thrown away the first time a later layer reaches it.
  private readonly cumA: Float64Array;
  private readonly cumB: Float64Array;
  private readonly psum: Uint8Array;
  private readonly caal: Float64Array;

  constructor(ctx: SpatialContext) {
    this.ctx = ctx;
    const { lm, core, placements } = ctx;
    this.relations = lm.relations;
    this.prRelationOfDim = lm.prRelationOfDim;
    this.prSideOfDim = lm.prSideOfDim;
    this.finalPrecision = lm.finalPrecision;
    this.outputSizeElem = lm.sizeElem[0];
    this.versions = sameSpatial(ctx.suFrac, ctx.suInt) ? 1 : 2;
    this.ops = placements.map((p, op) => {
      const n = p.memories.length;
      const rel = lm.rel[op];
      const suVersions = [ctx.suFrac[op], ctx.suInt[op]];
      const suR = suVersions.map((su) => Float64Array.from(su, (loops) => loops.reduce((a, l) => (rel[l.d] === REL_R ? a * l.s : a), 1)));
      const suIr = suVersions.map((su) => Float64Array.from(su, (loops) => loops.reduce((a, l) => (rel[l.d] === REL_IR ? a * l.s : a), 1)));
      const suIrFlag = suVersions.map((su) => Uint8Array.from(su, (loops) => (loops.some((l) => rel[l.d] === REL_IR && l.s > 1) ? 1 : 0)));
      const units = [ctx.unitsFrac[op], ctx.unitsInt[op]];
      const bw = new Float64Array(4 * n);
      const bwMin = new Float64Array(4 * n);
      p.memories.forEach((m, k) => {
        const mem = core.memories[m];
        for (let dir = 0; dir < 4; dir++) {
          bw[k * 4 + dir] = mem.bw[p.memOp][dir];
          bwMin[k * 4 + dir] = mem.bwMin[p.memOp][dir];
        }
      });
      return {
        n,
        isOutput: op === 0,
        isPr: op === lm.prOperand,
        rel,
        precision: lm.precision[op],
        suR,
        suIr,
        suIrFlag,
        su: suVersions,
        unitCount: units.map((u) => Float64Array.from(u.unitCount)),
        boost: units.map((u) => Float64Array.from([...u.boost, 1])),
        bw,
        bwMin,
        rCost: Float64Array.from(p.memories, (m) => core.memories[m].rCost),
        wCost: Float64Array.from(p.memories, (m) => core.memories[m].wCost),
        sizeBits: Float64Array.from(p.memories, (m) => core.memories[m].sizeBits),
        memory: Int32Array.from(p.memories),
      };
    });
    const opOfMemOp = new Map(placements.map((p, op) => [p.memOp, op] as const));
    const outputMemOp = placements[0].memOp;
    this.ports = [];
    core.memories.forEach((mem, m) => {
      for (const port of mem.ports) {
        const inputs = new Set(port.served.filter((s) => s.memOp === 'I1' || s.memOp === 'I2').map((s) => s.memOp));
        const links: PortLink[] = [];
        const loadLinks: PortLink[] = [];
        for (const { memOp, dir } of port.served) {
          const op = opOfMemOp.get(memOp);
          if (op === undefined) continue;
          const k = placements[op].memories.indexOf(m);
          if (k < 0) continue;
          links.push({ op, k, dir });
          if (!(memOp === outputMemOp && (dir === TL || dir === FH))) loadLinks.push({ op, k, dir });
        }
        this.ports.push({ bw: port.bw, sharedInputs: inputs.size > 1, links, loadLinks });
        if (cycleBuf.length < loadLinks.length) {
          cycleBuf = new Float64Array(loadLinks.length);
          minBuf = new Float64Array(loadLinks.length);
          remainingBuf = new Float64Array(loadLinks.length);
        }
      }
    });
    this.sharing = ctx.residents.filter((list, m) => core.memories[m].operands.length > 1 && list.length > 0).map((l) => [...l]);
    this.groupOf = placements.map((p) => new Int32Array(p.memories.length).fill(-1));
    this.sharing.forEach((group, g) => group.forEach(([op, k]) => (this.groupOf[op][k] = g)));
    const ns = this.ops.map((o) => o.n);
    const deepest = Math.max(...ns);
    this.cumA = new Float64Array(Math.max(1, this.relations.length));
    this.cumB = new Float64Array(this.cumA.length);
    this.psum = new Uint8Array(deepest + 1);
    this.caal = new Float64Array(deepest + 3);
    this.scratch = [makeScratch(ns), makeScratch(ns)];
    this.macEnergy = ctx.imc ? ctx.imc.energy : core.macEnergy * lm.totalMacs;
    this.extraComputeCycles = (ctx.imc?.cyclesPerMac ?? 1) - 1;
    this.idealCycle = Math.trunc(Math.ceil(lm.totalMacs / ctx.arrayUnits) * (ctx.imc?.cyclesPerMac ?? 1));
    this.sb = ns.map((n) => new Int32Array(n + 1));
    this.cyc = ns.map((n) => new Float64Array(n));
    this.topR = ns.map((n) => new Float64Array(n + 1));
    this.topIr = ns.map((n) => new Float64Array(n + 1));
    this.tempIrProd = ns.map((n) => new Float64Array(n + 1));
    this.tempIrFlag = ns.map((n) => new Uint8Array(n + 1));
    this.macSt = new Float64Array(ns.length);
    this.effInd = ns.map((n) => new Float64Array(n));
    this.effShared = ns.map((n) => new Float64Array(n));
    this.db = ns.map((n) => new Uint8Array(n + 1));
    this.real = ns.map((n) => new Float64Array(4 * n));
    this.allowed = ns.map((n) => new Float64Array(4 * n));
    this.loadCycles = ns.map((n) => new Float64Array(4 * n));
    this.loadShared = ns.map((n) => new Uint8Array(4 * n));
  }

  /**
   * Scores the ordering (innermost first) with, per operand, `bounds[op][k+1]` = end index (exclusive) of
   * the loops allocated to memory level k (`bounds[op][0]` = 0).
   */
  score(ordering: readonly Loop[], bounds: readonly Int32Array[], out: Score): void {
    this.load(ordering, bounds);
    out.energy = this.energy();
    out.latency = this.latency();
  }

  /**
   * Takes the ordering and bounds (as `score`) and works out every operand's tiles and data movement: what
   * `energy` and `latency` read. Either may then be skipped when the other already decides a comparison.
   */
  load(ordering: readonly Loop[], bounds: readonly Int32Array[]): void {
    const n = ordering.length;
    if (this.od.length < n) {
      this.od = new Int32Array(n * 2);
      this.os = new Float64Array(n * 2);
      this.prefix = new Float64Array(n * 2 + 1);
    }
    const od = this.od;
    const os = this.os;
    const prefix = this.prefix;
    prefix[0] = 1;
    for (let i = 0; i < n; i++) {
      od[i] = ordering[i].d;
      os[i] = ordering[i].s;
      prefix[i + 1] = prefix[i] * os[i];
    }
    const T = prefix[n];
    this.T = T;
    const nOps = this.ops.length;
    for (let op = 0; op < nOps; op++) this.temporal(op, bounds[op], n);
    for (let v = 0; v < this.versions; v++) for (let op = 0; op < nOps; op++) this.movement(op, v, T);
  }

  /** Energy of the loaded mapping (fractional version). */
  energy(): number {
    const s0 = this.scratch[0];
    const nOps = this.ops.length;
    let memEnergy = 0;
    for (let op = 0; op < nOps; op++) {
      const o = this.ops[op];
      const amount = s0.amount[op];
      const dprec = s0.dprec[op];
      const count = s0.count[op];
      const truncate = this.ctx.truncateWordAccesses;
      for (let k = 0; k < o.n; k++) {
        const units = o.unitCount[0][k + 1];
        let tl = 0;
        let fl = 0;
        let th = 0;
        let fh = 0;
        for (let dir = 0; dir < 4; dir++) {
          const i = k * 4 + dir;
          const a = amount[i];
          const p = dprec[i];
          if (a === 0 || p === 0) continue;
          const bwMin = o.bwMin[i];
          let words = Math.ceil((a * p) / bwMin) * (bwMin / o.bw[i]) * count[i] * units;
          if (truncate) words = Math.trunc(words);
          if (dir === TL) tl = words;
          else if (dir === FL) fl = words;
          else if (dir === TH) th = words;
          else fh = words;
        }
        const r = o.rCost[k];
        const w = o.wCost[k];
        memEnergy += th * r + tl * r + (fh * w + fl * w);
      }
    }
    return memEnergy + this.macEnergy;
  }

  private temporal(op: number, bounds: Int32Array, n: number): void {
    const o = this.ops[op];
    const rel = o.rel;
    const od = this.od;
    const os = this.os;
    const sb = this.sb[op];
    const N = o.n;
    sb[N] = n;
    for (let k = N - 1; k >= 1; k--) {
      let b = bounds[k];
      const end = sb[k + 1];
      while (b < end && rel[od[b]] === REL_IR) b++;
      sb[k] = b;
    }
    sb[0] = 0;
    let mac = 1;
    for (let i = 0; i < sb[1] && rel[od[i]] === REL_IR; i++) mac *= os[i];
    this.macSt[op] = mac;
    const cyc = this.cyc[op];
    const topR = this.topR[op];
    const topIr = this.topIr[op];
    const irProd = this.tempIrProd[op];
    const irFlag = this.tempIrFlag[op];
    topR[0] = 1;
    topIr[0] = 1;
    irProd[0] = 1;
    irFlag[0] = 0;
    for (let k = 0; k < N; k++) {
      const start = sb[k];
      const end = sb[k + 1];
      // Python multiplies per-level products; the prefix product is equal for integer loop sizes.
      cyc[k] = this.prefix[end];
      let r = 1;
      for (let i = end - 1; i >= start && rel[od[i]] === REL_R; i--) r *= os[i];
      let ir = 1;
      for (let i = end - 1; i >= start && rel[od[i]] === REL_IR; i--) ir *= os[i];
      topR[k + 1] = r;
      topIr[k + 1] = ir;
      if (o.isOutput) {
        let p = 1;
        let flag = 0;
        for (let i = start; i < end; i++) {
          if (rel[od[i]] === REL_IR) {
            p *= os[i];
            if (os[i] > 1) flag = 1;
          }
        }
        irProd[k + 1] = p;
        irFlag[k + 1] = flag;
      }
    }
  }

  /** Multiplies a partially relevant loop (dimension d, size) into its side of its relation's cumulative sizes. */
  private growPrExtent(d: number, size: number): void {
    const idx = this.prRelationOfDim[d];
    if (this.prSideOfDim[d] === 0) this.cumA[idx] *= size;
    else this.cumB[idx] *= size;
  }

  private movement(op: number, v: number, T: number): void {
    const o = this.ops[op];
    const s = this.scratch[v];
    const N = o.n;
    const rel = o.rel;
    const od = this.od;
    const os = this.os;
    const sb = this.sb[op];
    const elem = s.elem[op];
    const prec = s.prec[op];
    const p = o.precision;

    // Tile elements held by one unit of each arch level (c2 loops: temporal of level a-1, then spatial a-1).
    // Loop sizes are read and multiplied whether or not the loop counts (× 1 when not): which loops count depends
    // on the layer, and a read or product first reached by a later layer throws the optimised code away (a cold
    // CLI run then compiles this function twice).
    elem[0] = 1;
    if (!o.isPr) {
      let rc = 1;
      for (let a = 1; a <= N; a++) {
        let prod = 1;
        for (let i = sb[a - 1]; i < sb[a]; i++) {
          const size = os[i];
          prod *= rel[od[i]] === REL_R ? size : 1;
        }
        prod *= o.suR[v][a - 1];
        rc *= prod;
        elem[a] = roundHalfEven(rc);
      }
    } else {
      const rels = this.relations;
      let rp = 1;
      const cumA = this.cumA.fill(1);
      const cumB = this.cumB.fill(1);
      for (let a = 1; a <= N; a++) {
        for (let i = sb[a - 1]; i < sb[a]; i++) {
          const d = od[i];
          const r = rel[d];
          const size = os[i];
          rp *= r === REL_R ? size : 1;
          if (r === REL_PR) this.growPrExtent(d, size);
        }
        for (const l of o.su[v][a - 1]) {
          const r = rel[l.d];
          const size = l.s;
          rp *= r === REL_R ? size : 1;
          if (r === REL_PR) this.growPrExtent(l.d, size);
        }
        let ext = 1;
        for (let j = 0; j < rels.length; j++) ext *= prExtent(rels[j], cumA[j], cumB[j]);
        elem[a] = roundHalfEven(rp * ext);
      }
    }

    // Precision per arch level (output: partial while an irrelevant loop remains above).
    let irCaalTop = 1;
    if (o.isOutput) {
      const irProd = this.tempIrProd[op];
      const irFlag = this.tempIrFlag[op];
      // psum[a] = any irrelevant loop (size > 1) in c1 levels a+1..N.
      let any = false;
      const psum = this.psum;
      prec[N] = this.finalPrecision;
      psum[N] = 0;
      for (let a = N; a >= 1; a--) {
        if (irFlag[a] || o.suIrFlag[v][a]) any = true;
        prec[a - 1] = any ? p : this.finalPrecision;
        psum[a - 1] = any ? 1 : 0;
      }
      irCaalTop = 1;
      // irCaal[a] = Π_{j=a..N} irPer[j], irPer[j] = temporal ir product of level j-1 × spatial ir of arch level j.
      const caal = this.caal;
      caal[N + 1] = 1;
      caal[N + 2] = 1;
      for (let a = N; a >= 0; a--) {
        irCaalTop *= (a === 0 ? 1 : irProd[a]) * o.suIr[v][a];
        caal[a] = irCaalTop;
      }
    } else {
      for (let a = 0; a <= N; a++) prec[a] = p;
    }
    const bitUnrolled = s.bitUnrolled[op];
    const effBits = s.effBits[op];
    const topR = this.topR[op];
    for (let a = 0; a <= N; a++) {
      bitUnrolled[a] = elem[a] * prec[a];
      effBits[a] = Math.floor(bitUnrolled[a] / topR[a]);
    }

    const amount = s.amount[op];
    const dprec = s.dprec[op];
    const period = s.period[op];
    const count = s.count[op];
    const bwAver = s.bwAver[op];
    const win = s.window[op];
    const boost = o.boost[v];
    const cyc = this.cyc[op];
    const topIr = this.topIr[op];
    const cel0 = o.isOutput || !this.ctx.sameDataNoAccess ? 1 : this.macSt[op];
    const sizeO = this.outputSizeElem;
    for (let k = 0; k < N; k++) {
      const celK = k === 0 ? cel0 : cyc[k - 1];
      const celK1 = cyc[k];
      const lowPeriod = Math.trunc(celK);
      const lowCount = Math.trunc(Math.floor(T / celK));
      const highPeriod = Math.trunc(celK1);
      const highCount = Math.trunc(Math.floor(T / celK1));
      const lowRawK = (elem[k] * prec[k]) / celK;
      const highRawK = lowRawK * boost[k];
      const lowRawK1 = (elem[k + 1] * prec[k + 1]) / celK1;
      const b = k * 4;
      for (let dir = 0; dir < 4; dir++) {
        amount[b + dir] = 0;
        dprec[b + dir] = 0;
        period[b + dir] = 0;
        count[b + dir] = 0;
        bwAver[b + dir] = 0;
      }
      const top = k === N - 1;
      if (!o.isOutput) {
        bwAver[b + TL] = Math.trunc(highRawK);
        period[b + TL] = lowPeriod;
        count[b + TL] = lowCount;
        amount[b + TL] = elem[k] * boost[k];
        dprec[b + TL] = p;
        if (!top) {
          bwAver[b + FH] = Math.trunc(lowRawK1);
          period[b + FH] = highPeriod;
          count[b + FH] = highCount;
          amount[b + FH] = elem[k + 1];
          dprec[b + FH] = p;
        }
      } else {
        const caal = this.caal;
        const flBw = Math.trunc(highRawK);
        const flAmount = Math.trunc(elem[k] * boost[k]);
        bwAver[b + FL] = flBw;
        period[b + FL] = lowPeriod;
        count[b + FL] = lowCount;
        amount[b + FL] = flAmount;
        const partialBelow = Math.trunc(sizeO * (caal[k + 1] - 1)) !== 0;
        dprec[b + FL] = partialBelow ? p : this.finalPrecision;
        const psum = this.psum;
        if (psum[k]) {
          bwAver[b + TL] = flBw;
          period[b + TL] = lowPeriod;
          count[b + TL] = lowCount;
          amount[b + TL] = flAmount;
        }
        dprec[b + TL] = partialBelow ? p : 0;
        if (!top) {
          const partialAbove = Math.trunc(sizeO * (caal[k + 2] - 1)) !== 0;
          const thBw = Math.trunc(lowRawK1);
          bwAver[b + TH] = thBw;
          period[b + TH] = highPeriod;
          count[b + TH] = highCount;
          amount[b + TH] = elem[k + 1];
          dprec[b + TH] = partialAbove ? p : this.finalPrecision;
          if (psum[k + 1]) {
            bwAver[b + FH] = thBw;
            period[b + FH] = highPeriod;
            count[b + FH] = highCount;
            amount[b + FH] = elem[k + 1];
          }
          dprec[b + FH] = partialAbove ? p : 0;
        }
      }
      const irLow = topIr[k];
      const irHigh = topIr[k + 1];
      win[b + TL] = Math.trunc(period[b + TL] / irLow);
      win[b + FL] = Math.trunc(period[b + FL] / irLow);
      win[b + TH] = Math.trunc(period[b + TH] / irHigh);
      win[b + FH] = Math.trunc(period[b + FH] / irHigh);
    }
  }

  /** Latency of the loaded mapping (cycles, with stalls and on-/off-loading). */
  latency(): number {
    const T = this.T;
    this.doubleBuffering();
    this.transferCycles();
    const ssComb = this.stallSlack();
    this.loading(T, ssComb);
    const nOps = this.ops.length;
    let onload = 0;
    const parts = this.loadingParts;
    if (nOps === 2) {
      this.inputLoading(1);
      onload = parts[0];
    } else if (nOps >= 3) {
      this.inputLoading(1);
      const i1 = parts[0];
      const h1 = parts[1];
      const s1 = parts[2];
      this.inputLoading(2);
      const i2 = parts[0];
      const h2 = parts[1];
      const s2 = parts[2];
      onload = Math.min(s1 + Math.max(s2 + h2 + i2, h1 + i1), s2 + Math.max(s1 + h1 + i1, h2 + i2));
    }
    let offload = 0;
    const out = this.ops[0];
    const c0 = this.loadCycles[0];
    for (let k = 0; k < out.n - 1; k++) offload += Math.max(c0[k * 4 + TH], c0[(k + 1) * 4 + FL]);
    return T + T * this.extraComputeCycles + ssComb + onload + offload;
  }

  /** Double-buffering flags from the fractional effective utilisation (second buffers reserved in operand order). */
  private doubleBuffering(): void {
    const nOps = this.ops.length;
    const s0 = this.scratch[0];
    for (let op = 0; op < nOps; op++) {
      const o = this.ops[op];
      const eff = s0.effBits[op];
      const ind = this.effInd[op];
      const sh = this.effShared[op];
      for (let k = 0; k < o.n; k++) {
        ind[k] = eff[k + 1] / o.sizeBits[k];
        sh[k] = ind[k];
      }
    }
    for (let g = 0; g < this.sharing.length; g++) {
      const group = this.sharing[g];
      let sum = 0;
      for (let i = 0; i < group.length; i++) sum += this.effInd[group[i][0]][group[i][1]];
      for (let i = 0; i < group.length; i++) this.effShared[group[i][0]][group[i][1]] = sum;
    }
    for (let op = 0; op < nOps; op++) {
      const o = this.ops[op];
      const db = this.db[op];
      db[0] = 0;
      for (let k = 0; k < o.n; k++) {
        const sh = this.effShared[op][k];
        const ind = this.effInd[op][k];
        if (sh <= 0.5) db[k + 1] = 1;
        else if (ind <= 1 - sh) {
          db[k + 1] = 1;
          const g = this.groupOf[op][k];
          if (g >= 0) {
            const group = this.sharing[g];
            for (let i = 0; i < group.length; i++) this.effShared[group[i][0]][group[i][1]] += ind;
          }
        } else db[k + 1] = 0;
      }
    }
  }

  /** Real and allowed cycles per link and period (integer version). */
  private transferCycles(): void {
    const sInt = this.scratch[this.versions - 1];
    for (let op = 0; op < this.ops.length; op++) {
      const o = this.ops[op];
      const amount = sInt.amount[op];
      const dprec = sInt.dprec[op];
      const period = sInt.period[op];
      const win = sInt.window[op];
      const real = this.real[op];
      const allowed = this.allowed[op];
      const db = this.db[op];
      for (let k = 0; k < o.n; k++) {
        for (let dir = 0; dir < 4; dir++) {
          const i = k * 4 + dir;
          const bits = amount[i] * dprec[i];
          real[i] = bits === 0 ? 0 : Math.ceil(bits / o.bw[i]);
          const child = dir === TL || dir === FL ? db[k] : db[k + 1];
          allowed[i] = child ? period[i] : win[i];
        }
      }
    }
  }

  /** Largest stall over the physical ports (ports work in parallel; slack is never credited). */
  private stallSlack(): number {
    const sInt = this.scratch[this.versions - 1];
    let ssComb = 0;
    const acts = activities;
    for (let p = 0; p < this.ports.length; p++) {
      const links = this.ports[p].links;
      let count = 0;
      for (let j = 0; j < links.length; j++) {
        const l = links[j];
        const i = l.k * 4 + l.dir;
        const pc = sInt.count[l.op][i];
        if (pc === 0) continue;
        let a = activityPool[count];
        if (!a) {
          a = { real: 0, allowed: 0, period: 0, periodCount: 0 };
          activityPool.push(a);
        }
        a.real = this.real[l.op][i];
        a.allowed = this.allowed[l.op][i];
        a.period = sInt.period[l.op][i];
        a.periodCount = pc;
        acts[count++] = a;
      }
      if (count === 0) continue;
      const ss = portStall(acts, count);
      if (ss > ssComb) ssComb = ss;
    }
    return ssComb;
  }

  /** On-/off-loading cycles per link; one-shot transfers use the port bandwidth left over during computation. */
  private loading(T: number, ssComb: number): void {
    const sInt = this.scratch[this.versions - 1];
    for (let op = 0; op < this.ops.length; op++) {
      this.loadCycles[op].fill(0);
      this.loadShared[op].fill(0);
    }
    const cycles = cycleBuf;
    const mins = minBuf;
    for (let p = 0; p < this.ports.length; p++) {
      const port = this.ports[p];
      const links = port.loadLinks;
      let busy = 0;
      let count = 0;
      for (let j = 0; j < links.length; j++) {
        const l = links[j];
        const i = l.k * 4 + l.dir;
        const pc = sInt.count[l.op][i];
        if (pc === 0) continue;
        this.loadShared[l.op][i] = port.sharedInputs ? 1 : 0;
        if (pc === 1) {
          cycles[count] = this.real[l.op][i];
          mins[count] = Math.ceil(sInt.bitUnrolled[l.op][1] / port.bw);
          count++;
        } else {
          busy += sInt.bwAver[l.op][i];
          this.loadCycles[l.op][i] = this.real[l.op][i];
        }
      }
      if (count === 0) continue;
      const surplus = Math.max(0, ((port.bw - busy) / port.bw) * (T + ssComb));
      const remaining = reduceBalanced(cycles, mins, surplus, remainingBuf, count);
      let r = 0;
      for (let j = 0; j < links.length; j++) {
        const l = links[j];
        const i = l.k * 4 + l.dir;
        if (sInt.count[l.op][i] === 1) this.loadCycles[l.op][i] = remaining[r++];
      }
    }
  }

  /** Independent, half-shared and shared loading cycles of `inputLoading` (a typed array: always doubles). */
  private readonly loadingParts = new Float64Array(3);
  private inputLoading(op: number): void {
    const o = this.ops[op];
    let ind = 0;
    let half = 0;
    let sh = 0;
    const c = this.loadCycles[op];
    const s = this.loadShared[op];
    for (let k = 0; k < o.n - 1; k++) {
      const a = k * 4 + FH;
      const b = (k + 1) * 4 + TL;
      const cycles = Math.max(c[a], c[b]);
      if (!s[a] && !s[b]) ind += cycles;
      else if (s[a] && s[b]) sh += cycles;
      else half = cycles;
    }
    const parts = this.loadingParts;
    parts[0] = ind;
    parts[1] = half;
    parts[2] = sh;
  }
}
