/**
 * The tensors of one schedule and their priorities. Base tensors come from the CN graph; sub-tensors (the slice
 * of a tensor one CN needs) are added as the schedule fetches them. The priority of a tensor in a memory is the
 * number of consumers on that memory's cores that still need it (or the graph's base priority for constants);
 * evictions prefer tensors whose priority × size is low.
 */
import type { MemoryOperand } from '../../hardware/types';
import type { Range } from '../cn-graph';
import type { PreparedGraph, SliceTemplate, TensorObj } from './problem';
import { give, takeFloat64, takeUint8 } from './scratch';

/** Whether a memory currently holds a tensor equality class. */
export interface HoldsLookup {
  holds(mem: number, eq: number): boolean;
}

/**
 * Tensor lists of finished schedules, per graph (one schedule runs at a time per thread): the base tensors, then
 * stale sub-tensors that the next schedule overwrites.
 */
const spareLists = new WeakMap<readonly TensorObj[], TensorObj[][]>();
/** The per-tensor columns of finished schedules (any graph: they are refilled from the base tensors). */
const spareColumns: { eqs: Int32Array; bases: Int32Array; sizes: Float64Array; ops: Uint8Array }[] = [];

export class TensorRegistry {
  /** The graph's tensors, then this schedule's sub-tensors (entries from `count` on are stale). */
  private readonly tensors: TensorObj[];
  private count: number;
  private readonly base: readonly TensorObj[];
  /** Per tensor object: equality class, base tensor (-1 for a sub-tensor) and size, for the hot lookups. */
  private eqs: Int32Array;
  private bases: Int32Array;
  private sizes: Float64Array;
  /** Per tensor object: its memory operand as an index into MEM_OPS. */
  private ops: Uint8Array;
  /** Per base tensor: the sum of its priorities over all memories (integers, so the sum is exact in any order). */
  private readonly prioTotal: Float64Array;
  /** Per base tensor and memory: priority (prioVal) and whether the tensor has one there (prioHas). */
  private readonly prioVal: Float64Array;
  private readonly prioHas: Uint8Array;

  constructor(
    prepared: PreparedGraph,
    private readonly nMems: number,
    /** Hand the tensor list on to the next schedule at `dispose` (then `info` must not be read afterwards). */
    private readonly reuseList: boolean,
  ) {
    this.base = prepared.baseTensors;
    this.tensors = (reuseList ? spareLists.get(this.base)?.pop() : undefined) ?? this.base.slice();
    this.count = this.base.length;
    const spare = reuseList ? spareColumns.pop() : undefined;
    const capacity = Math.max(spare?.sizes.length ?? 0, 2 * this.count);
    this.eqs = spare && spare.eqs.length >= capacity ? spare.eqs : new Int32Array(capacity);
    this.bases = spare && spare.bases.length >= capacity ? spare.bases : new Int32Array(capacity);
    this.sizes = spare && spare.sizes.length >= capacity ? spare.sizes : new Float64Array(capacity);
    this.ops = spare && spare.ops.length >= capacity ? spare.ops : new Uint8Array(capacity);
    this.ops.set(prepared.baseOps);
    this.eqs.set(prepared.baseIds);
    this.bases.set(prepared.baseIds);
    this.sizes.set(prepared.baseSizes);
    this.prioTotal = takeFloat64(prepared.baseTensors.length, 0);
    this.prioVal = takeFloat64(prepared.baseTensors.length * nMems, 0);
    this.prioHas = takeUint8(prepared.baseTensors.length * nMems);
  }

  /** Hands the priority arrays on for reuse; priorities must not be read afterwards. */
  dispose(): void {
    give(this.prioVal);
    give(this.prioTotal);
    give(this.prioHas);
    if (!this.reuseList) return;
    let spares = spareLists.get(this.base);
    if (!spares) spareLists.set(this.base, (spares = []));
    if (spares.length < 4) spares.push(this.tensors);
    if (spareColumns.length < 4) spareColumns.push({ eqs: this.eqs, bases: this.bases, sizes: this.sizes, ops: this.ops });
  }

  get(t: number): TensorObj {
    return this.tensors[t];
  }

  size(t: number): number {
    return this.sizes[t];
  }

  /** Equality class of the tensor object. */
  eq(t: number): number {
    return this.eqs[t];
  }

  describe(t: number): string {
    const x = this.get(t);
    return `L${x.layerId}.${x.operand}[${x.ranges.map((r) => `${r[0]}:${r[1]}`).join(',')}]`;
  }

  /** A new tensor object for a slice of tensor `t` (slices of the same content share an equality class). */
  addSlice(t: number, slice: SliceTemplate): number {
    const tensor = this.get(t);
    const id = this.count++;
    if (id === this.sizes.length) this.growColumns();
    this.eqs[id] = slice.eq;
    this.bases[id] = -1;
    this.sizes[id] = slice.size;
    this.ops[id] = this.ops[t];
    this.tensors[id] = { eq: slice.eq, base: -1, size: slice.size, memOp: tensor.memOp, originCn: tensor.originCn, layerId: tensor.layerId, operand: tensor.operand, dims: tensor.dims, ranges: slice.ranges };
    return id;
  }

  private growColumns(): void {
    const eqs = new Int32Array(this.sizes.length * 2);
    const bases = new Int32Array(this.sizes.length * 2);
    const sizes = new Float64Array(this.sizes.length * 2);
    const ops = new Uint8Array(this.sizes.length * 2);
    ops.set(this.ops);
    this.ops = ops;
    eqs.set(this.eqs);
    bases.set(this.bases);
    sizes.set(this.sizes);
    this.eqs = eqs;
    this.bases = bases;
    this.sizes = sizes;
  }

  // ---------------------------------------------------------------- priorities

  addPriority(t: number, mem: number, delta: number): void {
    const base = this.bases[t];
    const i = base * this.nMems + mem;
    this.prioHas[i] = 1;
    this.prioVal[i] += delta;
    this.prioTotal[base] += delta;
  }

  setPriority(t: number, mem: number, value: number): void {
    const base = this.bases[t];
    const i = base * this.nMems + mem;
    this.prioHas[i] = 1;
    this.prioTotal[base] += value - this.prioVal[i];
    this.prioVal[i] = value;
  }

  /** Whether `mem` has a non-zero priority entry for the tensor (sub-tensors have none). */
  hasNonZeroPriorityIn(t: number, mem: number): boolean {
    const base = this.bases[t];
    if (base < 0) return false;
    const i = base * this.nMems + mem;
    return this.prioHas[i] === 1 && this.prioVal[i] !== 0;
  }

  /**
   * Priority of the copy in `mem`: its own entry, or else the sum of the entries of memories that want the tensor
   * and do not hold it yet (this copy may serve them). Sub-tensors have priority 0.
   */
  instancePriority(t: number, mem: number, memories: HoldsLookup): number {
    const base = this.bases[t];
    if (base < 0) return 0;
    const row = base * this.nMems;
    if (this.prioHas[row + mem]) return this.prioVal[row + mem];
    const eq = this.eqs[t];
    let sum = 0;
    for (let m = 0; m < this.nMems; m++) if (this.prioHas[row + m] && !memories.holds(m, eq)) sum += this.prioVal[row + m];
    return sum;
  }

  totalPriority(t: number): number {
    const base = this.bases[t];
    return base < 0 ? 0 : this.prioTotal[base];
  }

  info(t: number): { layerId: number; operand: string; bits: number; ranges: readonly Range[] } {
    const x = this.get(t);
    return { layerId: x.layerId, operand: x.operand, bits: x.size, ranges: x.ranges };
  }

  memOp(t: number): MemoryOperand {
    return this.get(t).memOp;
  }

  /** The tensor object's memory operand as an index into MEM_OPS. */
  opIndex(t: number): number {
    return this.ops[t];
  }
}
