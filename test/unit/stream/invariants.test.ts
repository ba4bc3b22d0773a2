/**
 * Invariants every schedule must satisfy, checked on several configurations (layer by layer, split over
 * cores, fused with the genetic algorithm, and under memory pressure) with a test cost model.
 */
import { describe, expect, it } from 'vitest';
import type { Accelerator } from '../../../src/engine/hardware/types';
import type { RunResult } from '../../../src/engine/results/types';
import type { StreamCostModelEvaluation } from '../../../src/engine/stream/evaluation';
import { STANDARD_STAGES } from '../../../src/engine/stream/pipeline';
import { MainStage } from '../../../src/engine/stream/stage';
import { isLayer } from '../../../src/engine/workload/types';
import { AnalyticalCostProvider, mappingFrom, tutorialInputs } from '../../support/stream';

type Inputs = Awaited<ReturnType<typeof tutorialInputs>>;

async function run(inputs: Inputs, options: Record<string, unknown>, provider = new AnalyticalCostProvider()): Promise<{ scme: StreamCostModelEvaluation; result: RunResult }> {
  const main = new MainStage(STANDARD_STAGES, { ...inputs, ...options, cost_provider: provider });
  const [[scme]] = await main.run();
  return { scme, result: scme.toRunResult() };
}

/** The same accelerator with every compute core's activation/output memory shrunk to `bits`. */
function shrinkActivationMemories(acc: Accelerator, bits: number): Accelerator {
  const cores = acc.cores.map((core) => {
    if (core.id === acc.offchipCoreId) return core;
    const top = core.hierarchy.I1[core.hierarchy.I1.length - 1];
    const instance = { ...top.instance, sizeBits: bits };
    const swap = <T extends { instance: unknown }>(level: T): T => (level === (top as unknown) ? { ...level, instance } : level);
    const memories = core.memories.map(swap);
    const hierarchy = Object.fromEntries(Object.entries(core.hierarchy).map(([op, levels]) => [op, levels.map((l) => memories[core.memories.indexOf(l)])]));
    return { ...core, memories, hierarchy } as unknown as typeof core;
  });
  return { ...acc, cores };
}

function checkInvariants(scme: StreamCostModelEvaluation, result: RunResult, exactlyOnce: boolean): { evictions: number } {
  const graph = scme.problem.graph;
  const cns = result.schedule.cns;
  // 1. No core runs two CNs at once.
  const byCore = new Map<number, typeof cns[number][]>();
  for (const c of cns) byCore.set(c.coreId, [...(byCore.get(c.coreId) ?? []), c]);
  for (const list of byCore.values()) {
    const sorted = [...list].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].start).toBeGreaterThanOrEqual(sorted[i - 1].end);
  }
  // 2. No CN starts before its producers end and its inputs have arrived on its core.
  const exec = scme.problem.table;
  for (const e of graph.edges) {
    const p = cns[e.from];
    const c = cns[e.to];
    expect(c.start).toBeGreaterThanOrEqual(p.end);
    if (e.operand === null || p.coreId === c.coreId) continue;
    const plan = graph.plans.get(c.layerId)!;
    const streamed = exec.get(graph.nodes[e.to].uniqueIndex, c.coreId).tooLargeOperands.includes(plan.memoryOperandOf[e.operand]);
    const producerPlan = graph.plans.get(p.layerId)!;
    const t = graph.tensors[graph.nodes[e.from].tensors[producerPlan.layer.outputOperand]];
    const name = `L${t.layerId}.${t.operand}[${t.ranges.map((r) => `${r[0]}:${r[1]}`).join(',')}]`;
    if (streamed) {
      if (scme.problem.compat) continue;
      // Streamed from off-chip: the producer wrote it there (output too large) or it was written back first.
      const offchip = scme.problem.hw.offchipCoreId;
      const producedOffchip = exec.get(graph.nodes[e.from].uniqueIndex, p.coreId).tooLargeOperands.includes('O');
      const written = result.schedule.transfers.some((tr) => tr.tensor === name && tr.toCoreId === offchip && tr.end <= c.start);
      expect(producedOffchip || written, `${name} is off-chip before CN ${c.id} streams it`).toBe(true);
      continue;
    }
    const arrived = result.schedule.transfers.some((tr) => tr.tensor === name && tr.toCoreId === c.coreId && tr.end <= c.start);
    expect(arrived, `${name} reaches core ${c.coreId} before CN ${c.id} starts at ${c.start}`).toBe(true);
  }
  // 3. No memory ever exceeds its capacity.
  for (const m of result.memory) for (const u of m.usedBits) expect(u).toBeLessThanOrEqual(m.capacityBits);
  // 4. Every transferred bit is accounted for in energy; the totals add up.
  for (const tr of result.schedule.transfers) if (tr.kind !== 'block_streaming' && tr.sizeBits > 0) expect(tr.energyPj).toBeGreaterThan(0);
  const sum = cns.reduce((s, c) => s + c.energyPj, 0) + result.schedule.transfers.reduce((s, t) => s + t.energyPj, 0);
  expect(sum).toBeWithinRelative(result.energyPj, 1e-12);
  expect(result.energyBreakdown.total).toBeWithinRelative(result.energyPj, 1e-12);
  expect(Object.values(result.referenceEnergyTerms!).reduce((x, y) => x + y, 0)).toBeWithinRelative(result.energyPj, 1e-12);
  // 5. Every output element of every layer is computed exactly once.
  if (exactlyOnce) {
    for (const plan of graph.plans.values()) {
      const macs = plan.cns.reduce((s, i) => s + graph.nodes[i].macs, 0);
      expect(macs).toBe(plan.layer.totalMacs);
    }
  }
  // Latency covers everything.
  for (const c of cns) expect(c.end).toBeLessThanOrEqual(result.latencyCycles);
  return { evictions: result.schedule.transfers.filter((t) => t.kind === 'eviction').length };
}

describe('schedule invariants', () => {
  it('layer by layer, fixed allocation', async () => {
    const { scme, result } = await run(await tutorialInputs(1), { mode: 'lbl' });
    checkInvariants(scme, result, true);
    expect(result.schedule.transfers.some((t) => t.kind === 'core_to_core')).toBe(true);
    expect(result.schedule.transfers.some((t) => t.kind === 'sink_writeback')).toBe(true);
  });

  it('K split over three cores (default model computes all channels)', async () => {
    const { scme, result } = await run(await tutorialInputs(2), { mode: 'lbl' });
    checkInvariants(scme, result, true);
    expect(result.allocation['0']).toEqual([0, 1, 2]);
  });

  it('K split in compat reference-2025 rounds the tiles up like the 2025 reference (typed accelerator file)', async () => {
    const { scme, result } = await run(await tutorialInputs(2), { mode: 'lbl', compat: 'reference-2025' });
    checkInvariants(scme, result, false);
    const l0 = scme.problem.graph.plans.get(0)!;
    expect(l0.cns.reduce((s, i) => s + scme.problem.graph.nodes[i].macs, 0)).toBe((l0.layer.totalMacs * 9) / 8);
  });

  it('fused stack with the genetic algorithm', async () => {
    const inputs = await tutorialInputs(3);
    const { scme, result } = await run(inputs, { mode: 'fused', layer_stacks: [[0, 1, 2, 3]], nb_ga_individuals: 6, nb_ga_generations: 3, seed: 3 });
    checkInvariants(scme, result, true);
    expect(result.nCns).toBe(4 * 56);
    expect(result.gaHistory).toHaveLength(4);
    expect(result.pareto.length).toBeGreaterThan(0);
  });

  it('fused stack under memory pressure evicts and stays within capacity', async () => {
    const inputs = await tutorialInputs(3);
    const mapping = mappingFrom([
      { name: 'Layer0', coreAllocation: [0], intraCoreTiling: [{ dim: 'OY', factor: 'all' }], memoryOperandLinks: { O: 'O', I: 'I1', W: 'I2' } },
      { name: 'Layer1', coreAllocation: [1], intraCoreTiling: [{ dim: 'OY', factor: 'all' }], memoryOperandLinks: { O: 'O', I: 'I1', W: 'I2' } },
      { name: 'Layer2', coreAllocation: [0], intraCoreTiling: [{ dim: 'OY', factor: 'all' }], memoryOperandLinks: { O: 'O', I: 'I1', W: 'I2' } },
      { name: 'default', coreAllocation: [1], intraCoreTiling: [{ dim: 'OY', factor: 'all' }], memoryOperandLinks: { O: 'O', I: 'I1', W: 'I2' } },
    ]);
    const accelerator = shrinkActivationMemories(inputs.accelerator, 20000);
    const { scme, result } = await run({ ...inputs, accelerator, mapping }, { mode: 'fused', layer_stacks: [[0, 1, 2, 3]] });
    const { evictions } = checkInvariants(scme, result, true);
    expect(evictions).toBeGreaterThan(0);
  });

  it('multicast: one off-chip read serves several cores taking the same tensor', async () => {
    const inputs = await tutorialInputs(2);
    const plain = await run(inputs, { mode: 'lbl' });
    const multi = await run(inputs, { mode: 'lbl', multicast: true });
    checkInvariants(multi.scme, multi.result, true);
    const reads = (r: RunResult) => r.schedule.transfers.filter((t) => t.kind === 'offchip_read');
    // Every core still receives its inputs, but the bus carries the shared input once.
    expect(reads(multi.result).length).toBe(reads(plain.result).length);
    const busBits = (r: RunResult) => r.links.reduce((s, l) => s + l.bitsTransferred, 0);
    expect(busBits(multi.result)).toBeLessThan(busBits(plain.result));
    expect(multi.result.energyBreakdown.offChip).toBeLessThan(plain.result.energyBreakdown.offChip);
    expect(multi.result.latencyCycles).toBeLessThanOrEqual(plain.result.latencyCycles);
  });

  it('a CN streaming an input from off-chip starts after that input is written there', async () => {
    const inputs = await tutorialInputs(3);
    // Weights streamed too, so the scheduler keeps streaming (it would otherwise fetch the slices that fit).
    const streamLayer2 = new AnalyticalCostProvider({}, (graph, cn) => (graph.nodes[cn].layerId === 2 ? ['I1', 'I2'] : []));
    const links = { O: 'O', I: 'I1', W: 'I2' } as const;
    const tiling = [{ dim: 'OY', factor: 'all' as const }];
    const mapping = mappingFrom([
      { name: 'Layer1', coreAllocation: [1], intraCoreTiling: tiling, memoryOperandLinks: links },
      { name: 'default', coreAllocation: [0], intraCoreTiling: tiling, memoryOperandLinks: links },
    ]);
    const { scme, result } = await run({ ...inputs, mapping }, { mode: 'fused', layer_stacks: [[0, 1, 2, 3]] }, streamLayer2);
    checkInvariants(scme, result, true);
    // Layer 1's rows live on core 1; layer 2 (core 0) streams them, so they are written off-chip first.
    expect(result.schedule.transfers.some((t) => t.kind === 'offchip_write' && t.layerId === 1)).toBe(true);
    expect(result.schedule.transfers.some((t) => t.kind === 'block_streaming')).toBe(true);
  });

  it('a CN whose streamed input slices fit fetches them instead', async () => {
    const inputs = await tutorialInputs(3);
    const streamLayer2 = new AnalyticalCostProvider({}, (graph, cn) => (graph.nodes[cn].layerId === 2 ? ['I1'] : []));
    const { scme, result } = await run(inputs, { mode: 'fused', layer_stacks: [[0, 1, 2, 3]], allocation: 'fixed' }, streamLayer2);
    checkInvariants(scme, result, true);
    expect(result.schedule.transfers.some((t) => t.kind === 'block_streaming')).toBe(false);
  });

  it('the same seed gives the same schedule', async () => {
    const inputs = await tutorialInputs(3);
    const options = { mode: 'fused', layer_stacks: [[0, 1, 2, 3]], nb_ga_individuals: 4, nb_ga_generations: 2, seed: 11 };
    const a = (await run(inputs, options)).result;
    const b = (await run(inputs, options)).result;
    expect(JSON.stringify(b.schedule)).toBe(JSON.stringify(a.schedule));
    expect(b.allocation).toEqual(a.allocation);
  });

  it('GA fitness in worker threads gives the same result as in the calling thread', async () => {
    const inputs = await tutorialInputs(3);
    const options = { mode: 'fused', layer_stacks: [[0, 1, 2, 3]], nb_ga_individuals: 4, nb_ga_generations: 2, seed: 5 };
    const local = (await run(inputs, options)).result;
    const threaded = (await run(inputs, { ...options, ga_workers: 2 })).result;
    expect(threaded.latencyCycles).toBe(local.latencyCycles);
    expect(threaded.allocation).toEqual(local.allocation);
    expect(threaded.gaHistory.map((g) => g.bestLatencyCycles)).toEqual(local.gaHistory.map((g) => g.bestLatencyCycles));
  }, 60_000);

  it('workload has only layers the pipeline tiles', async () => {
    const { workload } = await tutorialInputs(1);
    expect(workload.nodes.every(isLayer)).toBe(true);
  });
});

describe('strided and padded fused layers', () => {
  it('schedule every tile after the producer rows it reads', async () => {
    const inputs = await tutorialInputs(1);
    const { stridedPair } = await import('./workloads');
    const mapping = mappingFrom([
      { name: 'A', coreAllocation: [0], intraCoreTiling: [{ dim: 'OY', factor: 'all' }], memoryOperandLinks: { O: 'O', I: 'I1', W: 'I2' } },
      { name: 'default', coreAllocation: [1], intraCoreTiling: [{ dim: 'OY', factor: 'all' }], memoryOperandLinks: { O: 'O', I: 'I1', W: 'I2' } },
    ]);
    const { scme, result } = await run({ ...inputs, workload: stridedPair(), mapping }, { mode: 'fused', layer_stacks: [[0, 1]] });
    checkInvariants(scme, result, true);
    const a = result.schedule.cns.filter((c) => c.layerId === 0);
    const b1 = result.schedule.cns.find((c) => c.layerId === 1 && c.subId === 1)!;
    // Output row 1 of B (stride 2, padding 1) reads rows 1..3 of A.
    expect(b1.start).toBeGreaterThanOrEqual(a[3].end);
  });
});
