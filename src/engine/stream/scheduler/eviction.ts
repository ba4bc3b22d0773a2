/**
 * Memory and eviction: makes room for a tensor in a core's memory by evicting the stored tensors of lowest
 * priority × size (writing them back off-chip first when they are not there), clears a memory for a CN that
 * streams an operand, and removes tensors, with write-back when asked.
 */
import type { MemoryOperand } from '../../hardware/types';
import type { HardwareView } from '../hardware-view';
import { ScheduleError } from './memory-manager';
import type { Residency } from './residency';
import type { TensorRegistry } from './tensor-registry';
import type { SpaceMaker } from './transfer-planner';
import type { TransferCause } from './types';

/** Writes a tensor from a core back to off-chip memory; returns when it is there. */
export interface WriteBack {
  toOffchip(t: number, from: number, op: MemoryOperand, fraction: number, cause: TransferCause | undefined): number;
}

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

  makeSpace(t: number, core: number, op: MemoryOperand, time: number, avoid: readonly number[]): number {
    const size = this.tensors.size(t);
    const spaceAt = this.residency.states[this.residency.memOf(core, op)].timeForAddition(size, time);
    const victims = this.victims(t, core, spaceAt, avoid);
    if (core === this.offchip && victims.length > 0) throw new ScheduleError('evictions required in off-chip memory; make it larger');
    for (const v of victims) {
      const done = this.removal(v, core, op, time, this.evictionFraction(v), true, 'eviction');
      time = Math.max(time, done);
    }
    return Math.max(spaceAt, time);
  }

  /** Evicts everything stored in `core`'s memories for `ops` at `t` but the exceptions; returns when done. */
  clearMemories(core: number, ops: readonly MemoryOperand[], t: number, exceptions: readonly number[], fraction: number): number {
    for (const op of ops) {
      const mem = this.residency.memOf(core, op);
      for (const victim of this.residency.states[mem].storedAt(t)) {
        if (exceptions.includes(victim)) continue;
        t = this.removal(victim, core, op, t, fraction, true, 'eviction');
      }
    }
    return t;
  }

  /** Removes a tensor from a core, first writing it back off-chip when asked and it is not there yet. */
  removal(t: number, core: number, op: MemoryOperand, time: number, fraction: number, writeBack: boolean, cause: TransferCause | undefined): number {
    if (writeBack && !this.residency.onCore(t, this.offchip)) {
      const done = this.writeBack.toOffchip(t, core, op, fraction, cause);
      time = Math.max(time, done);
    }
    this.residency.free(t, core, op, time);
    return time;
  }

  private victims(t: number, core: number, time: number, exceptions: readonly number[]): number[] {
    const tensor = this.tensors.get(t);
    const mem = this.residency.memOf(core, tensor.memOp);
    const state = this.residency.states[mem];
    if (state.capacity < tensor.size) throw new ScheduleError(`tensor ${this.tensors.describe(t)} (${tensor.size} bits) is larger than memory ${this.hw.memories[mem].key}`);
    const minEvict = tensor.size - (state.capacity - state.usageAt(time));
    if (minEvict <= 0) return [];
    const candidates = state
      .storedAt(time)
      .filter((s) => !exceptions.includes(s))
      .map((s, order) => ({ s, order, importance: this.tensors.instancePriority(s, mem, this.residency) * this.tensors.size(s), size: this.tensors.size(s) }));
    candidates.sort((a, b) => a.importance - b.importance || a.size - b.size || a.order - b.order);
    const out: number[] = [];
    let freed = 0;
    for (const c of candidates) {
      if (freed >= minEvict) break;
      out.push(c.s);
      freed += c.size;
    }
    if (freed < minEvict) throw new ScheduleError(`cannot free ${minEvict} bits in ${this.hw.memories[mem].key} for ${this.describe(t)}`);
    return out;
  }

  private describe(t: number): string {
    return this.tensors.describe(t);
  }
}
