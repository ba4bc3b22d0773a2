/**
 * Where every tensor is stored over time: one occupancy step function per top-level memory instance, addressed
 * by (core, memory operand). Answers "does this core hold it", "who holds it longest" and stores / frees copies.
 */
import { MEMORY_OPERANDS, type MemoryOperand } from '../../hardware/types';
import type { HardwareView } from '../hardware-view';
import { MemoryState, ScheduleError, type MemoryOccupancy } from './memory-manager';
import type { HoldsLookup, TensorRegistry } from './tensor-registry';

/** Holder bit sets of finished schedules (one schedule runs at a time per thread). */
const spareHolders: Uint32Array[] = [];

function takeHolders(classes: number): Uint32Array {
  const i = spareHolders.findIndex((a) => a.length === classes);
  return i >= 0 ? spareHolders.splice(i, 1)[0].fill(0) : new Uint32Array(classes);
}

export class Residency implements HoldsLookup {
  private readonly states: MemoryState[];
  /**
   * Per equality class: bit m set while memory m holds it, so that "which memories hold it" visits only those
   * (kept when there are at most 32 memories, see `tracksHolders`).
   */
  private readonly holders: Uint32Array;
  readonly tracksHolders: boolean;
  /** hw.top per core and memory operand index (MEMORY_OPERANDS), -1 where the core has none. */
  private readonly topOf: Int32Array;

  constructor(
    private readonly hw: HardwareView,
    private readonly tensors: TensorRegistry,
    /** Number of tensor equality classes. */
    classes: number,
    /** Keep the usage over time for `traces` after `dispose` (for results); otherwise its arrays are reused. */
    private readonly keepTraces: boolean,
  ) {
    // A loop, not map(): the array's elements kind must not depend on whether this constructor is optimised.
    this.states = new Array<MemoryState>(hw.memories.length);
    for (let m = 0; m < hw.memories.length; m++) this.states[m] = new MemoryState(hw.memories[m].sizeBits, classes, !keepTraces);
    this.tracksHolders = this.states.length <= 32;
    this.holders = takeHolders(this.tracksHolders ? classes : 0);
    this.topOf = new Int32Array(hw.nCores * 3);
    for (let c = 0; c < hw.nCores; c++) for (let k = 0; k < 3; k++) this.topOf[c * 3 + k] = hw.hasTop(c, MEMORY_OPERANDS[k]) ? hw.top(c, MEMORY_OPERANDS[k]) : -1;
  }

  /** Number of memory instances (memories are numbered 0 … memoryCount - 1, as hw.memories). */
  get memoryCount(): number {
    return this.states.length;
  }

  /** The occupancy of memory instance `mem`, to read (stores and frees go through this class). */
  memory(mem: number): MemoryOccupancy {
    return this.states[mem];
  }

  memOf(core: number, op: MemoryOperand): number {
    return this.hw.top(core, op);
  }

  holds(mem: number, eq: number): boolean {
    // The holder bits answer from one word per class instead of the memory's own per-class arrays (cache misses).
    return this.tracksHolders ? ((this.holders[eq] >>> mem) & 1) === 1 : this.states[mem].contains(eq);
  }

  /** Whether `core` holds the tensor (in the memory of the tensor's own memory operand). */
  onCore(t: number, core: number): boolean {
    return this.holds(this.memOfIndex(core, this.tensors.opIndex(t)), this.tensors.eq(t));
  }

  /** Stores tensor `t` on `core` in its memory for operand `k` (an index into MEMORY_OPERANDS). */
  store(t: number, core: number, k: number, storedSince: number, availableSince: number): void {
    const mem = this.memOfIndex(core, k);
    const eq = this.tensors.eq(t);
    this.states[mem].add(eq, t, this.tensors.size(t), storedSince, availableSince);
    if (this.tracksHolders) this.holders[eq] |= 1 << mem;
  }

  /** Frees tensor `t` from `core`'s memory for operand `k` (an index into MEMORY_OPERANDS). */
  free(t: number, core: number, k: number, time: number): void {
    this.freeIn(this.memOfIndex(core, k), t, time);
  }

  /** Frees tensor `t` from memory instance `mem`. */
  freeIn(mem: number, t: number, time: number): void {
    const eq = this.tensors.eq(t);
    this.states[mem].remove(eq, this.tensors.size(t), time);
    if (this.tracksHolders) this.holders[eq] &= ~(1 << mem);
  }

  /** The memories holding equality class `eq` as a bit set (bit m: memory m); only when `tracksHolders`. */
  holderBits(eq: number): number {
    return this.holders[eq];
  }

  /** `memOf` for a memory operand given as an index into MEMORY_OPERANDS. */
  memOfIndex(core: number, k: number): number {
    const mem = this.topOf[core * 3 + k];
    return mem >= 0 ? mem : this.hw.top(core, MEMORY_OPERANDS[k]);
  }

  /** Memory instance holding the tensor that has held it longest, or `suggestedCore`'s instance (unless -1). */
  sourceMemory(t: number, suggestedCore: number): number {
    const eq = this.tensors.eq(t);
    if (suggestedCore >= 0) {
      const mem = this.memOfIndex(suggestedCore, this.tensors.opIndex(t));
      if (!this.states[mem].contains(eq)) throw new ScheduleError(`tensor ${this.tensors.describe(t)} is not on core ${suggestedCore}`);
      return mem;
    }
    let best = -1;
    let bestT = Infinity;
    if (this.tracksHolders) {
      for (let bits = this.holders[eq]; bits !== 0; bits &= bits - 1) {
        const m = 31 - Math.clz32(bits & -bits);
        const a = this.states[m].availableSince(eq);
        if (a < bestT) {
          bestT = a;
          best = m;
        }
      }
    } else {
      for (let m = 0; m < this.states.length; m++) {
        const a = this.states[m].availableSince(eq);
        if (a < bestT) {
          bestT = a;
          best = m;
        }
      }
    }
    if (best < 0) throw new ScheduleError(`tensor ${this.tensors.describe(t)} is stored nowhere`);
    return best;
  }

  /** When the tensor became available on `core`; throws when it is not there. */
  availableOn(t: number, core: number, why: string): number {
    const a = this.states[this.memOfIndex(core, this.tensors.opIndex(t))].availableSince(this.tensors.eq(t));
    if (Number.isNaN(a)) throw new ScheduleError(`tensor ${this.tensors.describe(t)} ${why}`);
    return a;
  }

  dispose(): void {
    for (const m of this.states) m.dispose();
    if (spareHolders.length < 4) spareHolders.push(this.holders);
  }

  /** Usage over time per memory; empty unless the traces are kept. */
  traces(): { times: readonly number[]; usage: readonly number[]; peak: number }[] {
    return this.keepTraces ? this.states.map((m) => m.trace()) : [];
  }
}
