/**
 * The tensors of one schedule and their priorities. Base tensors come from the CN graph; sub-tensors (the slice
 * of a tensor one CN needs) are added as the schedule fetches them. The priority of a tensor in a memory is the
 * number of consumers on that memory's cores that still need it (or the graph's base priority for constants);
 * evictions prefer tensors whose priority × size is low.
 */
import { MEMORY_OPERANDS, type MemoryOperand } from '../../hardware/types';
import type { Range } from '../cn-graph';
import { type PreparedGraph, type SliceTemplate, type TensorObj } from './problem';
import { give, grown, takeInt32 } from './scratch';

/** Whether a memory currently holds a tensor equality class. */
export interface HoldsLookup {
  holds(mem: number, eq: number): boolean;
}

/** The per-tensor columns of finished schedules (any graph: they are refilled from the base tensors). */
const spareColumns: {
  eqs: Int32Array;
  bases: Int32Array;
  sizes: Float64Array;
  ops: Uint8Array;
  origins: Int32Array;
  parents: Int32Array;
  slices: SliceTemplate[];
  /** The graph whose base tensors fill the columns' first entries (a schedule never changes those). */
  filledFor: PreparedGraph | undefined;
}[] = [];

export class TensorRegistry {
  /** Number of tensor objects: the graph's tensors, then this schedule's sub-tensors. */
  private count: number;
  private readonly base: readonly TensorObj[];
  /** Per tensor object: equality class, base tensor (-1 for a sub-tensor) and size, for the hot lookups. */
  private eqs: Int32Array;
  private bases: Int32Array;
  private sizes: Float64Array;
  /** Per tensor object: its memory operand as an index into MEMORY_OPERANDS. */
  private ops: Uint8Array;
  /** Per tensor object: the CN that produces (or first uses) the tensor it is or is cut from. */
  private origins: Int32Array;
  /**
   * Per tensor object: the base tensor a sub-tensor is cut from (-1 for a base tensor), and per sub-tensor
   * (index `t - base.length`) its slice; a sub-tensor's TensorObj is built only when asked for (`get`), so a
   * schedule allocates no object per slice.
   */
  private parents: Int32Array;
  private readonly slices: SliceTemplate[];
  /** Per base tensor: the sum of its priorities over all memories. */
  private readonly prioTotal: Int32Array;
  /**
   * Per base tensor and memory: priority, -2147483648 where the tensor has none there. Priorities are counts of
   * consumers (int32, checked in `prepareGraph`), and 32-bit entries halve the bytes a schedule touches.
   */
  private readonly prioVal: Int32Array;

  private readonly prepared: PreparedGraph;

  constructor(
    prepared: PreparedGraph,
    private readonly nMems: number,
    /** Hand the tensor list on to the next schedule at `dispose` (then `info` must not be read afterwards). */
    private readonly reuseList: boolean,
  ) {
    this.base = prepared.baseTensors;
    this.count = this.base.length;
    const spare = reuseList ? spareColumns.pop() : undefined;
    const capacity = Math.max(spare?.sizes.length ?? 0, 2 * this.count);
    const fits = spare !== undefined && spare.sizes.length >= capacity;
    this.eqs = fits ? spare.eqs : new Int32Array(capacity);
    this.bases = fits ? spare.bases : new Int32Array(capacity);
    this.sizes = fits ? spare.sizes : new Float64Array(capacity);
    this.ops = fits ? spare.ops : new Uint8Array(capacity);
    this.origins = fits ? spare.origins : new Int32Array(capacity);
    this.parents = fits ? spare.parents : new Int32Array(capacity);
    this.slices = fits ? spare.slices : [];
    this.prepared = prepared;
    if (!fits || spare.filledFor !== prepared) {
      this.ops.set(prepared.baseOps);
      this.eqs.set(prepared.baseIds);
      this.bases.set(prepared.baseIds);
      this.sizes.set(prepared.baseSizes);
      this.origins.set(prepared.baseOrigins);
      this.parents.fill(-1, 0, this.count);
    }
    this.prioTotal = takeInt32(prepared.baseTensors.length, 0);
    this.prioVal = takeInt32(prepared.baseTensors.length * nMems, -2147483648);
  }

  /** Hands the priority arrays on for reuse; priorities must not be read afterwards. */
  dispose(): void {
    give(this.prioVal);
    give(this.prioTotal);
    if (!this.reuseList) return;
    if (spareColumns.length < 4) spareColumns.push({ eqs: this.eqs, bases: this.bases, sizes: this.sizes, ops: this.ops, origins: this.origins, parents: this.parents, slices: this.slices, filledFor: this.prepared });
  }

  /** The tensor object (built for a sub-tensor; for descriptions and results, not for hot paths). */
  get(t: number): TensorObj {
    const parent = this.parents[t];
    if (parent < 0) return this.base[t];
    const tensor = this.base[parent];
    const slice = this.slices[t - this.base.length];
    return { eq: slice.eq, base: -1, size: slice.size, memOp: tensor.memOp, originCn: tensor.originCn, layerId: tensor.layerId, operand: tensor.operand, dims: tensor.dims, ranges: slice.ranges };
  }

  /** The CN that produces (or first uses) the tensor, or the tensor a sub-tensor is cut from. */
  originCn(t: number): number {
    return this.origins[t];
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
    const id = this.count++;
    if (id === this.sizes.length) this.growColumns();
    this.eqs[id] = slice.eq;
    this.bases[id] = -1;
    this.sizes[id] = slice.size;
    this.ops[id] = this.ops[t];
    this.origins[id] = this.origins[t];
    this.parents[id] = this.parents[t] < 0 ? t : this.parents[t];
    this.slices[id - this.base.length] = slice;
    return id;
  }

  private growColumns(): void {
    this.eqs = grown(this.eqs);
    this.bases = grown(this.bases);
    this.sizes = grown(this.sizes);
    this.ops = grown(this.ops);
    this.origins = grown(this.origins);
    this.parents = grown(this.parents);
  }

  // ---------------------------------------------------------------- priorities

  addPriority(t: number, mem: number, delta: number): void {
    const base = this.bases[t];
    const i = base * this.nMems + mem;
    const v = this.prioVal[i];
    this.prioVal[i] = (v === -2147483648 ? 0 : v) + delta;
    this.prioTotal[base] += delta;
  }

  setPriority(t: number, mem: number, value: number): void {
    const base = this.bases[t];
    const i = base * this.nMems + mem;
    const v = this.prioVal[i];
    this.prioTotal[base] += value - (v === -2147483648 ? 0 : v);
    this.prioVal[i] = value;
  }

  /** Whether `mem` has a non-zero priority entry for the tensor (sub-tensors have none). */
  hasNonZeroPriorityIn(t: number, mem: number): boolean {
    const base = this.bases[t];
    if (base < 0) return false;
    const i = base * this.nMems + mem;
    const v = this.prioVal[i];
    return v !== -2147483648 && v !== 0;
  }

  /**
   * Priority of the copy in `mem`: its own entry, or else the sum of the entries of memories that want the tensor
   * and do not hold it yet (this copy may serve them). Sub-tensors have priority 0.
   */
  instancePriority(t: number, mem: number, memories: HoldsLookup): number {
    const base = this.bases[t];
    if (base < 0) return 0;
    const row = base * this.nMems;
    const own = this.prioVal[row + mem];
    if (own !== -2147483648) return own;
    const eq = this.eqs[t];
    let sum = 0;
    for (let m = 0; m < this.nMems; m++) {
      const v = this.prioVal[row + m];
      if (v !== -2147483648 && !memories.holds(m, eq)) sum += v;
    }
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
    return MEMORY_OPERANDS[this.ops[t]];
  }

  /** The tensor object's memory operand as an index into MEMORY_OPERANDS. */
  opIndex(t: number): number {
    return this.ops[t];
  }
}
