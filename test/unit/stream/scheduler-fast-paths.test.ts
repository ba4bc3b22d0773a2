/**
 * Differential tests of the scheduler's fast paths against straightforward versions of the same rule, on random
 * inputs: the first-fit window search against building and intersecting the window lists, the typed-array
 * memory contents against a plain Map model, and whole schedules evaluated in different orders (buffers reused
 * between evaluations must not leak anything from one schedule into the next).
 */
import { describe, expect, it } from 'vitest';
import { evaluateGenome } from '../../../src/engine/stream/allocation';
import { STANDARD_STAGES } from '../../../src/engine/stream/pipeline';
import { MainStage } from '../../../src/engine/stream/stage';
import { LinkState, earliestCommonStart, intersectWindows, type Window } from '../../../src/engine/stream/scheduler/link-state';
import { MemoryState, ScheduleError } from '../../../src/engine/stream/scheduler/memory-manager';
import type { ScheduleOutcome } from '../../../src/engine/stream/scheduler/types';
import { AnalyticalCostProvider, tutorialInputs } from '../../support/stream';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** A link with random reservations (some overlapping, some repeats of the same tensor). */
function randomLink(r: () => number, bandwidth: number): LinkState {
  const l = new LinkState(bandwidth);
  const n = Math.floor(r() * 30);
  for (let i = 0; i < n; i++) {
    const start = Math.floor(r() * 400);
    l.reserve(Math.floor(r() * 10), start, start + 1 + Math.floor(r() * 60), 1 + Math.floor(r() * bandwidth));
  }
  return l;
}

/** The straightforward rule: intersect every link's window list, keep pieces that are long enough, take the first. */
function commonStartByIntersection(requests: { link: LinkState; bw: number }[], earliest: number, duration: number): number {
  let windows: Window[] = [];
  requests.forEach((q, i) => {
    const w = q.link.idleWindows(q.bw, duration, earliest);
    windows = i === 0 ? w : intersectWindows(windows, w).filter((p) => p[1] - p[0] >= duration);
  });
  return windows.length === 0 ? NaN : windows[0][0];
}

describe('link window search', () => {
  it('first fit on one link = first idle window', () => {
    const r = rng(1);
    for (let k = 0; k < 400; k++) {
      const l = randomLink(r, 32);
      const required = 1 + Math.floor(r() * 40);
      const duration = Math.floor(r() * 50);
      const earliest = Math.floor(r() * 500) - 20;
      const windows = l.idleWindows(required, duration, earliest);
      expect(l.firstIdleStart(required, duration, earliest)).toBe(windows.length === 0 ? NaN : windows[0][0]);
    }
  });

  it('first fit on a route = first long-enough piece of the intersected window lists', () => {
    const r = rng(2);
    let found = 0;
    for (let k = 0; k < 400; k++) {
      const hops = 1 + Math.floor(r() * 3);
      const requests = Array.from({ length: hops }, () => ({ link: randomLink(r, 32), bw: 1 + Math.floor(r() * 32) }));
      const duration = 1 + Math.floor(r() * 50);
      const earliest = Math.floor(r() * 300);
      const expected = commonStartByIntersection(requests, earliest, duration);
      if (!Number.isNaN(expected)) found++;
      const bws = Float64Array.from(requests, (q) => q.bw);
      expect(earliestCommonStart(requests.map((q) => q.link), bws, hops, earliest, duration)).toBe(expected);
    }
    expect(found).toBeGreaterThan(300);
  });
});

/** A plain model of one memory: a Map in insertion order and the usage recomputed from the events. */
class MapMemory {
  readonly stored = new Map<number, { tensor: number; storedSince: number; availableSince: number; size: number }>();
  readonly events: { t: number; delta: number }[] = [];
  add(eq: number, tensor: number, size: number, storedSince: number, availableSince: number): void {
    if (this.stored.has(eq)) return;
    this.stored.set(eq, { tensor, storedSince, availableSince, size });
    this.events.push({ t: storedSince, delta: size });
  }
  remove(eq: number, t: number): void {
    const s = this.stored.get(eq);
    if (!s) return;
    this.stored.delete(eq);
    this.events.push({ t, delta: -s.size });
  }
  usageAt(t: number): number {
    return this.events.filter((e) => e.t <= t).reduce((u, e) => u + e.delta, 0);
  }
  storedAt(t: number): number[] {
    return [...this.stored.values()].filter((s) => s.storedSince <= t).map((s) => s.tensor);
  }
}

describe('memory contents', () => {
  it('match a Map model under random stores and frees, across reuse of the arrays and growth', () => {
    const r = rng(3);
    for (let round = 0; round < 20; round++) {
      // Few classes declared on purpose: the arrays must grow; disposing hands them to the next round.
      const m = new MemoryState(1e9, round % 2 === 0 ? 64 : 8);
      const model = new MapMemory();
      const sizes = new Map<number, number>();
      for (let k = 0; k < 150; k++) {
        const eq = Math.floor(r() * 60);
        const t = Math.floor(r() * 200);
        if (r() < 0.6) {
          const size = sizes.get(eq) ?? 1 + Math.floor(r() * 100);
          sizes.set(eq, size);
          m.add(eq, eq * 10 + round, size, t, t + 5);
          model.add(eq, eq * 10 + round, size, t, t + 5);
        } else {
          m.remove(eq, sizes.get(eq) ?? 0, t);
          model.remove(eq, t);
        }
        const q = Math.floor(r() * 220);
        expect(m.storedAt(q)).toEqual(model.storedAt(q));
        expect(m.usageAt(q)).toBe(model.usageAt(q));
        const probe = Math.floor(r() * 60);
        expect(m.contains(probe)).toBe(model.stored.has(probe));
        expect(m.availableSince(probe)).toBe(model.stored.get(probe)?.availableSince ?? NaN);
      }
      m.dispose();
    }
  });

  it('still refuses an overflow', () => {
    const m = new MemoryState(50, 4);
    m.add(1, 1, 40, 10, 10);
    expect(() => m.add(7, 2, 20, 0, 0)).toThrow(ScheduleError);
    m.dispose();
  });
});

function fingerprint(o: ScheduleOutcome): string {
  return JSON.stringify({
    latency: o.latency,
    energy: o.energy,
    totals: o.totals,
    start: [...o.start],
    end: [...o.end],
    transfers: o.transfers,
    memory: o.memoryTraces,
    links: [o.linkBusyCycles, o.linkBits, o.linkEnergy],
  });
}

describe('schedules of random allocations', () => {
  it('do not depend on which schedules ran before (nothing carries over between evaluations)', async () => {
    const inputs = await tutorialInputs(3);
    const main = new MainStage(STANDARD_STAGES, {
      ...inputs,
      mode: 'fused',
      layer_stacks: [[0, 1, 2, 3]],
      nb_ga_individuals: 4,
      nb_ga_generations: 1,
      seed: 5,
      cost_provider: new AnalyticalCostProvider(),
    });
    const [[scme]] = await main.run();
    const problem = scme.problem;
    expect(problem.genes.length).toBeGreaterThan(0);
    const r = rng(4);
    const genomes = Array.from({ length: 8 }, () => problem.genes.map((g) => g.cores[Math.floor(r() * g.cores.length)]));
    const forward = genomes.map((g) => evaluateGenome(problem, g, true));
    const backward = [...genomes].reverse().map((g) => evaluateGenome(problem, g, true)).reverse();
    const distinct = new Set(forward.map((e) => (e.outcome ? fingerprint(e.outcome) : e.error)));
    expect(distinct.size).toBeGreaterThan(1);
    forward.forEach((a, i) => {
      const b = backward[i];
      expect(b.feasible).toBe(a.feasible);
      if (a.outcome && b.outcome) expect(fingerprint(b.outcome)).toBe(fingerprint(a.outcome));
      else expect(b.error).toBe(a.error);
    });
  });
});
