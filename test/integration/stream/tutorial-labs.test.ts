/**
 * The Stream tutorial labs with the real single-core cost model (compat "reference"). The reference figures
 * (lab 1: 85,096 cycles, 5,106,505.6 pJ; lab 2: 115,003 cycles, 5,431,546.7 pJ) depend on the cost model's
 * DRAM-level mappings; see docs/differences.md for where ours stand. Checked here: the reference's schedule
 * structure, and that fusion with the genetic algorithm beats layer by layer.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../../src/engine/results/types';
import { runPipeline } from '../../../src/engine/stream/pipeline';
import { tutorialInputs } from '../../unit/stream/helpers';

const cache = new Map<string, Promise<RunResult>>();
function lab(n: 1 | 2 | 3): Promise<RunResult> {
  const key = String(n);
  if (!cache.has(key)) {
    cache.set(
      key,
      tutorialInputs(n).then((inputs) =>
        runPipeline({
          ...inputs,
          options: n === 3 ? { mode: 'fused', layer_stacks: [[0, 1, 2, 3]], compat: 'reference', nb_ga_generations: 4, nb_ga_individuals: 4 } : { mode: 'lbl', compat: 'reference' },
        }),
      ),
    );
  }
  return cache.get(key)!;
}

describe('Stream tutorial labs (compat reference)', () => {
  it('lab 1: layers pinned to their cores run one after the other, each streaming from off-chip', async () => {
    const r = await lab(1);
    expect(r.nCns).toBe(4);
    expect(r.allocation).toEqual({ '0': [0], '1': [1], '2': [2], '3': [0] });
    const cns = [...r.schedule.cns].sort((a, b) => a.start - b.start);
    for (let i = 1; i < cns.length; i++) expect(cns[i].start).toBeGreaterThanOrEqual(cns[i - 1].end);
    // A layer alone in its stack streams its operands from off-chip (blocking), so no other transfers occur.
    expect(r.schedule.transfers.every((t) => t.kind === 'block_streaming')).toBe(true);
    expect(r.latencyCycles).toBeCloseTo(cns.reduce((s, c) => s + (c.end - c.start), 0), 6);
    expect(r.energyPj).toBeCloseTo(r.energyBreakdown.total, 3);
  }, 60_000);

  it('lab 2: every layer is split in K over cores 0-2, truncated to 3 × 2 channels as in the reference', async () => {
    const r = await lab(2);
    expect(r.nCns).toBe(12);
    for (const cores of Object.values(r.allocation)) expect(cores).toEqual([0, 1, 2]);
    const ks = r.schedule.cns.filter((c) => c.layerId === 0).map((c) => c.loopRanges!.K);
    expect(ks).toEqual([
      [0, 2],
      [2, 4],
      [4, 6],
    ]);
  }, 60_000);

  it('lab 3: fused with the genetic algorithm beats layer by layer', async () => {
    const [l1, l3] = await Promise.all([lab(1), lab(3)]);
    expect(l3.nCns).toBe(4 * 56);
    expect(l3.latencyCycles).toBeLessThan(l1.latencyCycles);
    expect(l3.gaHistory.length).toBe(5);
  }, 120_000);
});
