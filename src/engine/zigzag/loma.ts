/**
 * LOMA temporal mapping search: the temporal loops left after spatial unrolling are split into loop prime
 * factors (LPFs), merged down to `lpfLimit` factors, and every distinct ordering of them is allocated
 * bottom-up to the memory levels (each operand takes the innermost loops that fit, choosing the combination
 * that minimises accesses to the level above when several operands share a memory).
 */
import { REL_IR, REL_R, prExtent, type LayerModel } from './layer-model';
import type { Loop } from './loops';
import type { OperandPlacement } from './spatial-context';
import type { CoreSpec } from './spec';

/** Temporal loop size per dimension index (only sizes > 1), in layer dimension order. */
export function temporalLoopSizes(lm: LayerModel, spatialLoops: readonly Loop[]): Map<number, number> {
  const sizes = new Map<number, number>();
  lm.sizes.forEach((s, d) => sizes.set(d, s));
  for (const loop of spatialLoops) {
    const current = sizes.get(loop.d);
    if (current === undefined) continue;
    const q = Math.trunc(Math.ceil(current / loop.s));
    if (q === 1) sizes.delete(loop.d);
    else sizes.set(loop.d, q);
  }
  for (const [d, s] of [...sizes]) if (!(s > 1)) sizes.delete(d);
  return sizes;
}

export function primeFactors(n: number): [prime: number, multiplicity: number][] {
  const out: [number, number][] = [];
  let rest = n;
  for (let p = 2; p * p <= rest; p++) {
    let m = 0;
    while (rest % p === 0) {
      rest /= p;
      m++;
    }
    if (m > 0) out.push([p, m]);
  }
  if (rest > 1) out.push([rest, 1]);
  return out;
}

/**
 * Loop prime factors of the temporal loops, merged (smallest two of the dimension with most factors) down to
 * the limit. `fixed` lists factors a temporal-ordering constraint pins (dimension, size): each is kept as one
 * loop of that size (when it divides the remaining loop) and never merged.
 */
export function loopPrimeFactors(
  lm: LayerModel,
  temporal: Map<number, number>,
  lpfLimit: number,
  fixed: readonly Loop[] = [],
): Loop[] {
  const dims = [...temporal.keys()];
  if (dims.length === 0) return [{ d: 0, s: 1 }];
  const pinned = new Map<number, number[]>(dims.map((d) => [d, []]));
  const rest = new Map(temporal);
  for (const f of fixed) {
    const size = rest.get(f.d);
    if (size === undefined || f.s <= 1 || size % f.s !== 0) continue;
    pinned.get(f.d)!.push(f.s);
    rest.set(f.d, size / f.s);
  }
  const pfs = new Map<number, number[]>();
  const counts = new Map<number, number[]>();
  for (const d of dims) {
    const f = primeFactors(rest.get(d)!);
    pfs.set(d, f.map(([p]) => p));
    counts.set(d, f.map(([, m]) => m));
  }
  const limit = Math.max(lpfLimit, dims.length);
  const freeCount = (d: number) => counts.get(d)!.reduce((a, b) => a + b, 0);
  const countSum = (d: number) => freeCount(d) + pinned.get(d)!.length;
  let total = dims.reduce((a, d) => a + countSum(d), 0);
  while (total > limit) {
    let maxDim: number | undefined;
    for (const d of dims) if (freeCount(d) >= 2 && (maxDim === undefined || countSum(d) > countSum(maxDim))) maxDim = d;
    if (maxDim === undefined) break;
    let p = [...pfs.get(maxDim)!];
    let c = [...counts.get(maxDim)!];
    let first: number;
    let second: number;
    if (c[0]! > 1) [first, second] = [0, 0];
    else [first, second] = [0, Math.min(1, p.length - 1)];
    const merged = p[first]! * p[second]!;
    c[first]!--;
    c[second]!--;
    const existing = p.indexOf(merged);
    if (existing >= 0) c[existing]!++;
    else {
      const at = p.filter((x) => x < merged).length;
      p.splice(at, 0, merged);
      c.splice(at, 0, 1);
    }
    const keep = c.map((x, i) => (x !== 0 ? i : -1)).filter((i) => i >= 0);
    p = keep.map((i) => p[i]!);
    c = keep.map((i) => c[i]!);
    pfs.set(maxDim, p);
    counts.set(maxDim, c);
    total--;
  }
  const lpfs: Loop[] = [];
  for (const d of dims) {
    const p = pfs.get(d)!;
    const c = counts.get(d)!;
    p.forEach((prime, i) => {
      for (let j = 0; j < c[i]!; j++) lpfs.push({ d, s: prime });
    });
    for (const size of pinned.get(d)!) lpfs.push({ d, s: size });
  }
  return lpfs;
}

/** Number of distinct orderings of a multiset of loops. */
export function countOrderings(lpfs: readonly Loop[]): number {
  const groups = new Map<string, number>();
  for (const l of lpfs) groups.set(`${l.d}:${l.s}`, (groups.get(`${l.d}:${l.s}`) ?? 0) + 1);
  let n = 1;
  for (let i = 2; i <= lpfs.length; i++) n *= i;
  for (const m of groups.values()) for (let i = 2; i <= m; i++) n /= i;
  return Math.round(n);
}

/** Visits every distinct ordering of the multiset (lexicographic order of group indices). */
export function forEachOrdering(lpfs: readonly Loop[], visit: (ordering: readonly Loop[]) => boolean | void): void {
  const keys: string[] = [];
  const groups: Loop[] = [];
  // Typed and pre-filled arrays: one shape from the start, so the JIT's code for this loop stays valid from
  // one layer to the next (a fresh `new Array(n)` changes shape on its first write).
  const code = Int32Array.from(lpfs, (l) => {
    const k = `${l.d}:${l.s}`;
    let i = keys.indexOf(k);
    if (i < 0) {
      i = keys.length;
      keys.push(k);
      groups.push(l);
    }
    return i;
  });
  code.sort();
  const n = code.length;
  const ordering: Loop[] = lpfs.slice();
  for (;;) {
    for (let i = 0; i < n; i++) ordering[i] = groups[code[i]!]!;
    if (visit(ordering) === false) return;
    let i = n - 2;
    while (i >= 0 && code[i]! >= code[i + 1]!) i--;
    if (i < 0) return;
    let j = n - 1;
    while (code[j]! <= code[i]!) j--;
    let t = code[i]!;
    code[i] = code[j]!;
    code[j] = t;
    for (let a = i + 1, b = n - 1; a < b; a++, b--) {
      t = code[a]!;
      code[a] = code[b]!;
      code[b] = t;
    }
  }
}

/** Reasons an ordering cannot be allocated. */
export type AllocationFailure = 'memory-too-small' | 'hierarchy-too-small';

interface NodePlan {
  readonly capacity: number;
  /** Operands stored here (in the memory's operand order) with their level index in this memory. */
  readonly ops: Int32Array;
  readonly levels: Int32Array;
  readonly isTop: Uint8Array;
}

/**
 * Bottom-up memory allocation of loop orderings (innermost first) for one layer, core and spatial mapping.
 * Each operand takes, at each of its memory levels, the longest prefix of the remaining loops that fits;
 * operands sharing a memory choose the combination of prefixes that minimises the accesses to the levels
 * above (ties: the last such combination). Reusable and allocation-free per ordering.
 *
 * `even` (ZigZag's even temporal mapping): operands sharing a memory must cut the ordering at the same loop, so
 * the only combinations considered are those where every operand that takes loops here ends at the lowest cut
 * of all of them (an operand taking none may already be past it). When no combination qualifies, every operand
 * takes none, as in ZigZag; an operand for which this is its top memory then fails the ordering.
 */
export class OrderingAllocator {
  private readonly lm: LayerModel;
  private readonly nodes: NodePlan[] = [];
  private readonly nDims: number;
  /** [op][level] spatial extents per dimension added after that memory level (level 0 = MAC level). */
  private readonly spatialExt: Float64Array[][];
  /** Whether spatial loops above memory level k contain an output-irrelevant dimension. */
  private readonly outputIrAbove: Uint8Array;
  private readonly ext: Float64Array[];
  /** Per operand: its relevant (REL_R) dimensions, ascending. */
  private readonly relevantDims: Int32Array[];
  private readonly scratchExt: Float64Array;
  /** Per operand of a node: tile bits and accesses per candidate slice (grown with the ordering's length). */
  private sizes: Float64Array[];
  private accesses: Float64Array[];
  private readonly lens: Int32Array;
  private readonly offsets: Int32Array;
  private readonly current: Int32Array;
  private readonly best: Int32Array;
  private readonly start: Int32Array;
  /** Per operand: bounds[k+1] = end of the loops allocated to its memory level k. */
  readonly bounds: Int32Array[];

  constructor(
    lm: LayerModel,
    core: CoreSpec,
    placements: readonly OperandPlacement[],
    suFrac: readonly (readonly (readonly Loop[])[])[],
    private readonly even = false,
  ) {
    this.lm = lm;
    this.nDims = lm.dims.length;
    const opOfMemOp = new Map(placements.map((p, op) => [p.memOp, op] as const));
    core.memories.forEach((mem, m) => {
      const ops: number[] = [];
      const levels: number[] = [];
      const isTop: number[] = [];
      for (const memOp of mem.operands) {
        const op = opOfMemOp.get(memOp);
        if (op === undefined) continue;
        const k = placements[op]!.memories.indexOf(m);
        if (k < 0) continue;
        ops.push(op);
        levels.push(k);
        isTop.push(k === placements[op]!.memories.length - 1 ? 1 : 0);
      }
      if (ops.length > 0) {
        this.nodes.push({ capacity: mem.sizeBits, ops: Int32Array.from(ops), levels: Int32Array.from(levels), isTop: Uint8Array.from(isTop) });
      }
    });
    this.spatialExt = placements.map((_, op) =>
      suFrac[op]!.map((loops) => {
        const e = new Float64Array(this.nDims).fill(1);
        for (const l of loops) e[l.d]! *= l.s;
        return e;
      }),
    );
    const nO = placements[0]!.memories.length;
    this.outputIrAbove = new Uint8Array(nO + 1);
    const relO = lm.rel[0]!;
    for (let k = 0; k < nO; k++) {
      let flag = 0;
      for (let a = k + 1; a < suFrac[0]!.length; a++) for (const l of suFrac[0]![a]!) if (relO[l.d] === REL_IR) flag = 1;
      this.outputIrAbove[k] = flag;
    }
    this.ext = placements.map(() => new Float64Array(this.nDims));
    this.relevantDims = placements.map((_, op) => Int32Array.from(lm.dims.keys()).filter((d) => lm.rel[op]![d] === REL_R));
    this.scratchExt = new Float64Array(this.nDims);
    const maxOps = Math.max(1, ...this.nodes.map((n) => n.ops.length));
    this.lens = new Int32Array(maxOps);
    this.offsets = new Int32Array(maxOps);
    this.current = new Int32Array(maxOps);
    this.best = new Int32Array(maxOps);
    this.start = new Int32Array(placements.length);
    this.bounds = placements.map((p) => new Int32Array(p.memories.length + 1));
    this.sizes = Array.from(this.lens, () => new Float64Array(16));
    this.accesses = Array.from(this.lens, () => new Float64Array(16));
  }

  private tensorBits(op: number, ext: Float64Array, precision: number): number {
    const dims = this.relevantDims[op]!;
    let size = 1;
    for (let i = 0; i < dims.length; i++) size *= ext[dims[i]!]!;
    if (op === this.lm.prOperand) for (const r of this.lm.relations) size *= prExtent(r, ext[r.a]!, ext[r.b]!);
    return size * precision;
  }

  /** Allocates `ordering`; on success fills `bounds` and returns undefined. */
  allocate(ordering: readonly Loop[]): AllocationFailure | undefined {
    const lm = this.lm;
    const n = ordering.length;
    for (let op = 0; op < this.ext.length; op++) {
      this.ext[op]!.set(this.spatialExt[op]![0]!);
      this.start[op] = 0;
      this.bounds[op]![0] = 0;
    }
    if (this.sizes[0]!.length < n + 1) {
      this.sizes = Array.from(this.lens, () => new Float64Array(n + 1));
      this.accesses = Array.from(this.lens, () => new Float64Array(n + 1));
    }
    for (const node of this.nodes) {
      const nOps = node.ops.length;
      const capacity = node.capacity;
      for (let j = 0; j < nOps; j++) {
        const op = node.ops[j]!;
        const k = node.levels[j]!;
        const start = this.start[op]!;
        let precision = lm.precision[op]!;
        if (op === 0) {
          let partial = this.outputIrAbove[k] === 1;
          const rel = lm.rel[0]!;
          for (let i = start; i < n && !partial; i++) if (rel[ordering[i]!.d] === REL_IR) partial = true;
          precision = partial ? lm.precision[0]! : lm.finalPrecision;
        }
        const ext = this.scratchExt;
        ext.set(this.ext[op]!);
        const sizes = this.sizes[j]!;
        let count = 0;
        for (let i = start; i <= n; i++) {
          if (i > start) ext[ordering[i - 1]!.d]! *= ordering[i - 1]!.s;
          const bits = this.tensorBits(op, ext, precision);
          if (bits <= capacity) sizes[count++] = bits;
          else {
            if (i === start) return 'memory-too-small';
            break;
          }
        }
        const accesses = this.accesses[j]!;
        if (node.isTop[j]) {
          this.offsets[j] = count - 1;
          sizes[0] = sizes[count - 1]!;
          accesses[0] = 0;
          this.lens[j] = 1;
        } else {
          this.offsets[j] = 0;
          this.lens[j] = count;
          // Slice idx leaves loops [start + idx, n) unallocated: accesses = their iterations × tile size.
          let iterations = 1;
          for (let i = n; i >= start; i--) {
            if (i < n) iterations *= ordering[i]!.s;
            const idx = i - start;
            if (idx < count) accesses[idx] = iterations * sizes[idx]!;
          }
        }
      }
      // Every combination of slices, the last operand's varying fastest (an odometer over `current`).
      const current = this.current;
      const lens = this.lens;
      const last = nOps - 1;
      let bestAccesses = Infinity;
      for (let j = 0; j < nOps; j++) {
        this.best[j] = 0;
        current[j] = 0;
      }
      for (let first = true; ; first = false) {
        let size = 0;
        let accesses = 0;
        for (let j = 0; j < nOps; j++) {
          size += this.sizes[j]![current[j]!]!;
          accesses += this.accesses[j]![current[j]!]!;
        }
        if (size > capacity) {
          if (first) return 'memory-too-small';
          // Slices only grow, so the last operand's longer slices overflow as well: on to the next combination
          // of the others.
          current[last] = lens[last]! - 1;
        } else if (accesses <= bestAccesses && (!this.even || this.cutsEvenly(node))) {
          bestAccesses = accesses;
          for (let j = 0; j < nOps; j++) this.best[j] = current[j]! + this.offsets[j]!;
        }
        let j = last;
        while (j >= 0 && ++current[j]! === lens[j]!) current[j--] = 0;
        if (j < 0) break;
      }
      for (let j = 0; j < nOps; j++) {
        const op = node.ops[j]!;
        const k = node.levels[j]!;
        const end = this.start[op]! + this.best[j]!;
        const ext = this.ext[op]!;
        for (let i = this.start[op]!; i < end; i++) ext[ordering[i]!.d]! *= ordering[i]!.s;
        const above = this.spatialExt[op]![k + 1];
        if (above) for (let d = 0; d < this.nDims; d++) ext[d]! *= above[d]!;
        this.start[op] = end;
        this.bounds[op]![k + 1] = end;
        if (node.isTop[j] && end < n) return 'hierarchy-too-small';
      }
    }
    return undefined;
  }

  /** Whether the operands of `node` that take loops in the combination `current` all end at its lowest cut. */
  private cutsEvenly(node: NodePlan): boolean {
    const nOps = node.ops.length;
    let lowest = Infinity;
    for (let j = 0; j < nOps; j++) lowest = Math.min(lowest, this.start[node.ops[j]!]! + this.current[j]! + this.offsets[j]!);
    for (let j = 0; j < nOps; j++) {
      const taken = this.current[j]! + this.offsets[j]!;
      if (taken > 0 && this.start[node.ops[j]!]! + taken !== lowest) return false;
    }
    return true;
  }
}

