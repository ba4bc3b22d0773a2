import { describe, expect, it } from 'vitest';
import { LinkState, ReservationLog, intersectWindows } from '../../../src/engine/stream/scheduler/link-state';
import { MemoryState, ScheduleError } from '../../../src/engine/stream/scheduler/memory-manager';
import type { PreparedGraph, TensorObj } from '../../../src/engine/stream/scheduler/problem';
import { StepFunction } from '../../../src/engine/stream/scheduler/step-function';
import { TensorRegistry } from '../../../src/engine/stream/scheduler/tensor-registry';
import { mulberry32 } from '../../../src/engine/prng';

describe('MemoryState', () => {
  it('keeps stored classes in storage order while its per-class arrays grow and after removals', () => {
    const m = new MemoryState(1e9, 2);
    const order = [5, 0, 37, 3, 12, 1, 64, 20];
    order.forEach((eq, i) => m.add(eq, 100 + eq, 10, i, i + 0.5));
    m.remove(3, 10, 20);
    m.remove(5, 10, 20);
    m.add(5, 205, 10, 9, 9.5);
    expect(m.storedAt(100)).toEqual([100, 137, 112, 101, 164, 120, 205]);
    expect(m.storedAt(4)).toEqual([100, 137, 112]);
    expect(m.contains(3)).toBe(false);
    expect(m.availableSince(37)).toBe(2.5);
    expect(m.availableSince(3)).toBeNaN();
    m.dispose();
    const again = new MemoryState(1e9, 2);
    expect(again.contains(0), 'a new state starts empty').toBe(false);
    expect(again.storedAt(100)).toEqual([]);
  });
  it('keeps storage order and availability through many stores and removals (freed slots are reused, the slot table grows)', () => {
    // Against a plain list in storage order: far more stores than the table's first 64 slots, with a few classes
    // held at a time (freed slots taken again) and, in between, many held at once (the table grows).
    const m = new MemoryState(1e12, 4);
    const held: { eq: number; tensor: number; since: number }[] = [];
    const random = mulberry32(7);
    for (let step = 0; step < 3000; step++) {
      const many = step % 1000 > 800;
      if (held.length > 0 && random() < (many ? 0.2 : 0.55)) {
        const [gone] = held.splice(Math.floor(random() * held.length), 1);
        m.remove(gone.eq, 1, step);
      } else {
        const eq = Math.floor(random() * 400);
        if (held.some((h) => h.eq === eq)) continue;
        held.push({ eq, tensor: 1000 + step, since: step });
        m.add(eq, 1000 + step, 1, step, step + 0.5);
      }
      if (step % 97 === 0) {
        expect(m.storedAt(Infinity), `step ${step}`).toEqual(held.map((h) => h.tensor));
        for (const h of held) expect(m.availableSince(h.eq)).toBe(h.since + 0.5);
      }
    }
    m.dispose();
    expect(new MemoryState(1e12, 4).storedAt(Infinity), 'a new state starts empty').toEqual([]);
  });

  it('tracks usage over time, including reservations made out of time order', () => {
    const m = new MemoryState(100);
    m.add(1, 1, 40, 10, 20);
    m.add(2, 2, 30, 5, 8);
    expect(m.usageAt(0)).toBe(0);
    expect(m.usageAt(6)).toBe(30);
    expect(m.usageAt(12)).toBe(70);
    m.remove(2, 30, 15);
    expect(m.usageAt(16)).toBe(40);
    expect(m.peak).toBe(70);
    expect(m.storedAt(12)).toEqual([1]);
    expect(m.storedAt(4)).toEqual([]);
  });

  it('stores a tensor of the same equality class once', () => {
    const m = new MemoryState(100);
    m.add(1, 1, 40, 0, 0);
    m.add(1, 9, 40, 5, 5);
    expect(m.usageAt(10)).toBe(40);
  });

  it('refuses an overflow', () => {
    const m = new MemoryState(50);
    m.add(1, 1, 40, 10, 10);
    expect(() => m.add(2, 2, 20, 0, 0)).toThrow(ScheduleError);
  });

  it('finds when a tensor fits for good', () => {
    const m = new MemoryState(100);
    m.add(1, 1, 80, 0, 0);
    m.remove(1, 80, 50);
    m.add(2, 2, 60, 70, 70);
    m.remove(2, 60, 90);
    // 30 bits fit from 50 to 70? no: 60 arrives at 70 and 30+60 fits, so from 50 on.
    expect(m.timeForAddition(30, 0)).toBe(50);
    // 50 bits only fit from 90 on.
    expect(m.timeForAddition(50, 0)).toBe(90);
    // More than ever fits: the search walks past every maximum and stops at the last breakpoint.
    expect(m.timeForAddition(200, 0)).toBe(90);
  });
});

describe('LinkState', () => {
  it('returns windows with enough free bandwidth', () => {
    const l = new LinkState(32);
    expect(l.idleWindows(32, 10, 0)).toEqual([[0, Infinity]]);
    l.reserve(1, 10, 20, 32);
    expect(l.idleWindows(32, 10, 0)).toEqual([[0, 10], [20, Infinity]]);
    expect(l.idleWindows(32, 11, 0)).toEqual([[20, Infinity]]);
    l.reserve(2, 30, 40, 16);
    expect(l.idleWindows(16, 5, 25)).toEqual([[25, Infinity]]);
    expect(l.idleWindows(17, 5, 25)).toEqual([[25, 30], [40, Infinity]]);
  });

  it('does not charge a repeat of the same tensor at the same start (broadcast)', () => {
    const l = new LinkState(32);
    expect(l.reserve(1, 0, 10, 32)).toBe(true);
    expect(l.reserve(1, 0, 10, 32)).toBe(false);
    expect(l.reserve(2, 5, 20, 8)).toBe(true);
    expect(l.busyCycles()).toBe(20);
  });

  it('shares one reservation log between links: a repeat is per link, per tensor and per start', () => {
    const log = new ReservationLog();
    const a = new LinkState(32, false, log, 0);
    const b = new LinkState(32, false, log, 1);
    expect(a.reserve(7, 0, 10, 8)).toBe(true);
    expect(b.reserve(7, 0, 10, 8), 'the same tensor and start on another link is a new event').toBe(true);
    expect(a.reserve(7, 4, 12, 8), 'a later start of the same tensor is a new event').toBe(true);
    expect(a.reserve(7, 4, 12, 8)).toBe(false);
    expect(a.reserve(7, 0, 10, 8)).toBe(false);
    // Many tensors and entries: the log's arrays grow.
    for (let t = 0; t < 600; t++) expect(b.reserve(1000 + t, 20 + t, 21 + t, 1)).toBe(true);
    expect(b.reserve(1599, 619, 620, 1)).toBe(false);
    log.dispose();
    const again = new ReservationLog();
    expect(new LinkState(32, false, again, 0).reserve(7, 0, 10, 8), 'a disposed log hands on clean arrays').toBe(true);
  });

  it('intersects window lists', () => {
    expect(intersectWindows([[0, 10], [20, Infinity]], [[5, 25]])).toEqual([[5, 10], [20, 25]]);
    expect(intersectWindows([[0, 10]], [[10, 20]])).toEqual([[10, 10]]);
  });
});

describe('StepFunction', () => {
  it('finds the breakpoint in force at any time, near the end or far from it', () => {
    for (const n of [1, 2, 3, 5, 8, 17, 64, 100]) {
      const f = new StepFunction(4);
      for (let k = 1; k < n; k++) f.ensure(3 * k);
      expect(f.length, `breakpoints for n=${n}`).toBe(n);
      for (let t = -1; t <= 3 * n + 1; t += 0.5) {
        const expected = t < 0 ? -1 : Math.min(n - 1, Math.floor(t / 3));
        expect(f.indexAt(t), `indexAt(${t}) with ${n} breakpoints at 0, 3, 6, …`).toBe(expected);
      }
    }
  });

  it('raises the value of every breakpoint from a given one on, and no other', () => {
    for (let n = 1; n <= 11; n++) {
      for (let from = 0; from <= n; from++) {
        const f = new StepFunction(4);
        for (let k = 1; k < n; k++) {
          const i = f.ensure(k);
          f.values[i] = k;
        }
        f.raiseFrom(from, -0.5);
        const expected = Array.from({ length: n }, (_, k) => (k >= from ? k - 0.5 : k));
        expect(f.toArrays().values, `${n} breakpoints, from ${from}`).toEqual(expected);
      }
    }
  });
});

describe('TensorRegistry priorities', () => {
  // Two base tensors in three memories: only the columns the registry reads of a prepared graph.
  const tensors: TensorObj[] = [0, 1].map((id) => ({ eq: id, base: id, size: 8, memOp: 'I1', originCn: id, layerId: 0, operand: 'I', dims: [], ranges: [] }));
  const prepared = {
    baseTensors: tensors,
    baseSizes: Float64Array.of(8, 8),
    baseIds: Int32Array.of(0, 1),
    baseOps: Uint8Array.of(0, 0),
    baseOrigins: Int32Array.of(0, 1),
  } as Partial<PreparedGraph> as PreparedGraph;
  const holdsNone = { holds: () => false };

  it('tells a memory without an entry from one whose entry is 0', () => {
    const r = new TensorRegistry(prepared, 3, false);
    expect(r.instancePriority(0, 0, holdsNone)).toBe(0);
    r.setPriority(0, 1, 0);
    r.addPriority(0, 2, 3);
    r.addPriority(0, 2, 2);
    // Memory 0 has no entry: its copy may serve the memories that want the tensor and do not hold it.
    expect(r.instancePriority(0, 0, holdsNone)).toBe(5);
    expect(r.instancePriority(0, 0, { holds: (m) => m === 2 })).toBe(0);
    // Memory 1's own entry is 0, so its copy has priority 0 whatever the others want.
    expect(r.instancePriority(0, 1, holdsNone)).toBe(0);
    expect(r.hasNonZeroPriorityIn(0, 1)).toBe(false);
    expect(r.hasNonZeroPriorityIn(0, 2)).toBe(true);
    expect(r.totalPriority(0)).toBe(5);
    expect(r.totalPriority(1)).toBe(0);
    r.setPriority(0, 2, 1);
    expect(r.totalPriority(0)).toBe(1);
    r.addPriority(0, 2, -1);
    expect(r.totalPriority(0)).toBe(0);
    expect(r.instancePriority(0, 2, holdsNone)).toBe(0);
    r.dispose();
  });

  it('starts the next schedule with no entries when it reuses the arrays', () => {
    const first = new TensorRegistry(prepared, 3, true);
    first.addPriority(1, 0, 4);
    first.setPriority(1, 2, 7);
    first.dispose();
    const next = new TensorRegistry(prepared, 3, true);
    expect(next.totalPriority(1)).toBe(0);
    expect(next.hasNonZeroPriorityIn(1, 2)).toBe(false);
    next.setPriority(1, 1, 2);
    expect(next.instancePriority(1, 0, holdsNone), 'only the new entry counts').toBe(2);
    next.dispose();
  });
});
