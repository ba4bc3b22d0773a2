/**
 * Memory and eviction: makes room for a tensor in a core's memory by evicting the stored tensors of lowest
 * priority × size (writing them back off-chip first when they are not there), clears a memory for a CN that
 * streams an operand, and removes tensors, with write-back when asked.
 */
import { MEMORY_OPERANDS, type MemoryOperand } from '../../hardware/types';
import type { HardwareView } from '../hardware-view';
import { ScheduleError } from './memory-manager';
import type { Residency } from './residency';
import type { TensorRegistry } from './tensor-registry';
import type { SpaceMaker, TensorSet } from './transfer-planner';
import type { TransferCause } from './types';

/** Writes a tensor from a core's memory for operand `k` back to off-chip memory; returns when it is there. */
export interface WriteBack {
  toOffchip(t: number, from: number, k: number, fraction: number, cause: TransferCause): number;
}

const NONE: readonly number[] = [];

export class EvictionPolicy implements SpaceMaker {
  private readonly offchip: number;

  constructor(
    private readonly hw: HardwareView,
    private readonly tensors: TensorRegistry,
    private readonly residency: Residency,
    /** Share of the link bandwidth an eviction of tensor `t` takes. */
    private readonly evictionFraction: (t: number) => number,
    private readonly writeBack: WriteBack,
  ) {
    this.offchip = hw.offchipCoreId;
  }

  makeSpace(t: number, core: number, k: number, time: number, avoid: TensorSet): number {
    const size = this.tensors.size(t);
    const spaceAt = this.residency.memory(this.residency.memOfIndex(core, k)).timeForAddition(size, time);
    const victims = this.victims(t, core, spaceAt, avoid);
    if (core === this.offchip && victims.length > 0) throw new ScheduleError('evictions required in off-chip memory; make it larger');
    for (const v of victims) {
      const done = this.removal(v, core, k, time, this.evictionFraction(v), 'eviction');
      time = Math.max(time, done);
    }
    return Math.max(spaceAt, time);
  }

  /** Evicts everything stored in `core`'s memories for `ops` at `t` but the exceptions; returns when done. */
  clearMemories(core: number, ops: readonly MemoryOperand[], t: number, exceptions: TensorSet, fraction: number): number {
    for (const op of ops) {
      const k = MEMORY_OPERANDS.indexOf(op);
      const mem = this.residency.memOfIndex(core, k);
      for (const victim of this.residency.memory(mem).storedAt(t)) {
        if (exceptions.has(victim)) continue;
        t = this.removal(victim, core, k, t, fraction, 'eviction');
      }
    }
    return t;
  }

  /**
   * Removes a tensor from `core`'s memory for operand `k` (an index into MEMORY_OPERANDS), first writing it back
   * off-chip when it is not there yet; returns when it is gone.
   */
  removal(t: number, core: number, k: number, time: number, fraction: number, cause: TransferCause): number {
    if (!this.residency.onCore(t, this.offchip)) {
      const done = this.writeBack.toOffchip(t, core, k, fraction, cause);
      time = Math.max(time, done);
    }
    this.residency.free(t, core, k, time);
    return time;
  }

  private victims(t: number, core: number, time: number, exceptions: TensorSet): readonly number[] {
    const size = this.tensors.size(t);
    const mem = this.residency.memOfIndex(core, this.tensors.opIndex(t));
    const state = this.residency.memory(mem);
    if (state.capacity < size) throw new ScheduleError(`tensor ${this.tensors.describe(t)} (${size} bits) is larger than memory ${this.hw.memories[mem].key}`);
    // The peak bounds the usage at any time: when even it leaves room, nothing needs evicting (no usage lookup).
    if (state.peak + size <= state.capacity) return NONE;
    const minEvict = size - (state.capacity - state.usageAt(time));
    if (minEvict <= 0) return NONE;
    // Candidates by importance (priority × size), then size, then storage order, in scratch arrays (a write-back
    // below may come back here only after this call has returned).
    const stored = state.storedAt(time, this.stored);
    if (stored.length > this.candidates.length) this.growScratch(stored.length);
    const { candidates, importance, sizes, order } = this;
    let n = 0;
    for (const s of stored) {
      if (exceptions.has(s)) continue;
      const size = this.tensors.size(s);
      candidates[n] = s;
      importance[n] = this.tensors.instancePriority(s, mem, this.residency) * size;
      sizes[n] = size;
      n++;
    }
    // Insertion sort (few candidates; the order is total, so any correct sort gives the same result).
    for (let i = 0; i < n; i++) {
      let j = i;
      while (j > 0 && this.before(i, order[j - 1])) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = i;
    }
    const out: number[] = [];
    let freed = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k];
      if (freed >= minEvict) break;
      out.push(candidates[i]);
      freed += sizes[i];
    }
    if (freed < minEvict) throw new ScheduleError(`cannot free ${minEvict} bits in ${this.hw.memories[mem].key} for ${this.describe(t)}`);
    return out;
  }

  private candidates = new Int32Array(64);
  private importance = new Float64Array(64);
  private sizes = new Float64Array(64);
  private order = new Int32Array(64);

  private growScratch(n: number): void {
    this.candidates = new Int32Array(n * 2);
    this.importance = new Float64Array(n * 2);
    this.sizes = new Float64Array(n * 2);
    this.order = new Int32Array(n * 2);
  }

  private readonly stored: number[] = [];

  /** Whether candidate `a` is evicted before candidate `b`. */
  private before(a: number, b: number): boolean {
    const { importance, sizes } = this;
    return importance[a] !== importance[b] ? importance[a] < importance[b] : sizes[a] !== sizes[b] ? sizes[a] < sizes[b] : a < b;
  }

  private describe(t: number): string {
    return this.tensors.describe(t);
  }
}
