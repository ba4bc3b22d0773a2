/**
 * Every option of the option schema has an observable effect (result, CN graph or files written) or is refused
 * with a clear error: one row per option, and a test that the table covers the schema (an option added to
 * src/engine/stream/options.ts needs a row here).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { svgPlotter } from '../../../src/cli/commands/run';
import { InputError } from '../../../src/engine/errors';
import type { Accelerator, Core } from '../../../src/engine/hardware/types';
import type { Mapping } from '../../../src/engine/mapping/types';
import type { PipelineProgress, RunResult } from '../../../src/engine/results/types';
import { streamOptionInfo, type StreamOptionsInput } from '../../../src/engine/stream/options';
import { runPipeline, type PipelineRequest } from '../../../src/engine/stream/pipeline';
import type { Workload } from '../../../src/engine/workload/types';
import { INPUTS, TUTORIAL } from '../../support/reference';
import { AnalyticalCostProvider, tutorialInputs } from '../../support/stream';
import { resolve } from 'node:path';
import { unwrap } from '../../../src/engine/errors';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import { loadMappingFile } from '../../../src/engine/mapping/io';
import { loadWorkloadFile } from '../../../src/engine/workload/io';

type Inputs = { accelerator: Accelerator; workload: Workload; mapping: Mapping };
let lab1: Inputs;
/** Lab 1 with every layer free to go to cores 0-2 (the genetic algorithm has a choice). */
let open: Inputs;
/** Lab 1 with 6,000-bit weight memories: the 4,608-bit weights of layers 1-3 fit, but not twice. */
let smallW: Inputs;
const dir = mkdtempSync(join(tmpdir(), 'ss-opt-'));

beforeAll(async () => {
  lab1 = await tutorialInputs(1);
  open = { ...lab1, mapping: { ...lab1.mapping, entries: lab1.mapping.entries.map((e) => ({ ...e, coreAllocation: [0, 1, 2], coreAllocationIsFixed: false })) } };
  smallW = { ...lab1, accelerator: shrinkWeights(lab1.accelerator, 6000) };
});

/** The accelerator with its weight memories (sram_16KB_I2) cut to `bits`. */
function shrinkWeights(a: Accelerator, bits: number): Accelerator {
  return shrinkMemories(a, 'sram_16KB_I2', bits);
}

/** The accelerator with the memories whose instance name starts with `prefix` cut to `bits`. */
function shrinkMemories(a: Accelerator, prefix: string, bits: number): Accelerator {
  return {
    ...a,
    cores: a.cores.map((c) => {
      const swap = new Map(c.memories.map((m) => [m, m.instance.name.startsWith(prefix) ? { ...m, instance: { ...m.instance, sizeBits: bits } } : m]));
      return { ...c, memories: c.memories.map((m) => swap.get(m)!), hierarchy: Object.fromEntries(Object.entries(c.hierarchy).map(([op, levels]) => [op, levels.map((m) => swap.get(m) ?? m)])) as unknown as Core['hierarchy'] };
    }),
  };
}

interface Outcome {
  readonly result: RunResult;
  readonly progress: readonly PipelineProgress[];
}

async function run(inputs: Inputs, options: StreamOptionsInput, extra: Partial<PipelineRequest> = {}): Promise<Outcome> {
  const progress: PipelineProgress[] = [];
  const result = await runPipeline({ ...inputs, options, costProvider: new AnalyticalCostProvider(), ...extra }, { onProgress: (p) => progress.push(p) });
  return { result, progress };
}

/** What a run shows: figures, allocation, CN graph and schedule. */
const shape = (r: RunResult) =>
  JSON.stringify({ l: r.latencyCycles, e: r.energyPj, n: r.nCns, a: r.allocation, cns: r.schedule.cns.map((c) => [c.layerId, c.subId, c.coreId, c.start, c.end]), t: r.schedule.transfers.length });

const differs = async (inputs: Inputs, base: StreamOptionsInput, changed: StreamOptionsInput, extra: Partial<PipelineRequest> = {}) => {
  const a = await run(inputs, base, extra);
  const b = await run(inputs, changed, extra);
  expect(shape(b.result)).not.toBe(shape(a.result));
  return { a, b };
};

const refused = async (options: StreamOptionsInput, field: string, expected: RegExp) => {
  const error = await run(lab1, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  const issue = (error as InputError).issues.find((i) => i.field === field);
  expect(issue, `an issue on ${field}`).toBeDefined();
  expect(issue!.expected).toMatch(expected);
};

const plotFiles = (prefix: string) => readdirSync(dir).filter((f) => f.startsWith(prefix)).sort();

/** One row per option: how to see its effect. Inputs (accelerator, workload, ...) are covered by the run-file tests. */
const EFFECTS: Record<string, () => Promise<void>> = {
  accelerator: async () => expect((await run(lab1, {})).result.cores.length).toBe(3),
  workload: async () => expect((await run(lab1, {})).result.nCns).toBe(4),
  mapping: async () => expect((await run(lab1, {})).result.allocation).toEqual({ 0: [0], 1: [1], 2: [2], 3: [0] }),
  workload_path: async () => {
    // Read by the model parser stage when no workload object is given.
    const { result } = await run({ ...lab1, workload: undefined as unknown as Workload }, { workload_path: `${TUTORIAL}/lab1/workload/4_convs.onnx` });
    expect(result.nCns).toBe(4);
  },
  mapping_path: async () => {
    const { result } = await run({ ...lab1, mapping: undefined as unknown as Mapping }, { mapping_path: `${TUTORIAL}/lab1/mapping/mapping.yaml` });
    expect(result.allocation).toEqual({ 0: [0], 1: [1], 2: [2], 3: [0] });
  },
  loma_lpf_limit: async () => {
    // The real cost model: fewer loop prime factors, other temporal mappings.
    const a = await runPipeline({ ...lab1, options: { allocation: 'fixed', loma_lpf_limit: 6 } });
    const b = await runPipeline({ ...lab1, options: { allocation: 'fixed', loma_lpf_limit: 1 } });
    expect(b.costLut).not.toEqual(a.costLut);
  },
  temporal_mapper: async () => {
    // The real cost model: a short SALSA anneal lands on other temporal mappings than LOMA's exhaustive search.
    const a = await runPipeline({ ...lab1, options: { allocation: 'fixed', temporal_mapper: 'loma' } });
    const b = await runPipeline({ ...lab1, options: { allocation: 'fixed', temporal_mapper: 'salsa', salsa_iterations: 2 } });
    expect(JSON.stringify(b.costLut)).not.toBe(JSON.stringify(a.costLut));
  },
  salsa_iterations: async () => {
    const a = await runPipeline({ ...lab1, options: { allocation: 'fixed', temporal_mapper: 'salsa', salsa_iterations: 2 } });
    const b = await runPipeline({ ...lab1, options: { allocation: 'fixed', temporal_mapper: 'salsa', salsa_iterations: 400 } });
    expect(JSON.stringify(b.costLut)).not.toBe(JSON.stringify(a.costLut));
    await refused({ salsa_iterations: 5 }, 'salsa_iterations', /temporal_mapper: salsa/);
  },
  salsa_temperature: async () => {
    // The real cost model: every visited ordering is kept if best, so the temperature only shows in a short anneal
    // that it steers elsewhere (lab 1, 20 steps: 112,366 cycles at T = 0, 98,928 at T = 0.05; at 400 steps all
    // temperatures end on the same mappings).
    const a = await runPipeline({ ...lab1, options: { allocation: 'fixed', temporal_mapper: 'salsa', salsa_iterations: 20, salsa_temperature: 0 } });
    const b = await runPipeline({ ...lab1, options: { allocation: 'fixed', temporal_mapper: 'salsa', salsa_iterations: 20, salsa_temperature: 0.05 } });
    expect(JSON.stringify(b.costLut)).not.toBe(JSON.stringify(a.costLut));
    expect(b.latencyCycles).not.toBe(a.latencyCycles);
    await refused({ salsa_temperature: 1 }, 'salsa_temperature', /temporal_mapper: salsa/);
  },
  temporal_mapping_type: async () => {
    // The real cost model: lab 1's cores keep I1 and O in one SRAM. Cut to 16 kbit, it cannot hold them, so they
    // stream from the off-chip memory, which becomes their top level; cut evenly below it, some CNs get other
    // temporal mappings. (At full size the SRAM is the top level of both and holds every loop either way.)
    // One cost LUT file for both: entries of one type must not be served to the other.
    const smallIO = { ...lab1, accelerator: shrinkMemories(lab1.accelerator, 'sram_64KB_I1_O', 16384) };
    const lut = join(dir, 'lut-even.json');
    const a = await runPipeline({ ...smallIO, options: { allocation: 'fixed', temporal_mapping_type: 'uneven', cost_lut_path: lut } });
    const b = await runPipeline({ ...smallIO, options: { allocation: 'fixed', temporal_mapping_type: 'even', cost_lut_path: lut } });
    expect(JSON.stringify(b.costLut)).not.toBe(JSON.stringify(a.costLut));
    // A memory that is one operand's top level and cannot hold another operand's remaining loops has no even cut:
    // ResNet-18's layer4 weights stream from off-chip on tpu_like_quad_core, and the error says which option.
    const E = `${INPUTS}/stream/examples`;
    const resnet = {
      accelerator: unwrap(loadAcceleratorFile(`${E}/hardware/tpu_like_quad_core.yaml`)),
      workload: unwrap(await loadWorkloadFile(`${E}/workload/resnet18.onnx`, { flavour: 'stream' })),
      mapping: unwrap(loadMappingFile(`${E}/mapping/tpu_like_quad_core.yaml`)),
    };
    await expect(runPipeline({ ...resnet, options: { mode: 'lbl', allocation: 'fixed', temporal_mapping_type: 'even' } })).rejects.toThrow(/layer4\.0\/conv2.*temporal_mapping_type even/);
  },
  cost_lut_path: async () => {
    const path = join(dir, 'lut.json');
    await runPipeline({ ...lab1, options: { cost_lut_path: path } });
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).entries).length).toBeGreaterThan(0);
  },
  mode: async () => void (await differs(lab1, { mode: 'lbl' }, { mode: 'fused' })),
  layer_stacks: async () => void (await differs(lab1, { mode: 'fused', layer_stacks: [[0, 1, 2, 3]] }, { mode: 'fused', layer_stacks: [[0, 1], [2, 3]] })),
  stack_cutoff: async () => void (await differs(lab1, { mode: 'fused' }, { mode: 'fused', stack_cutoff: 1 })),
  stack_cutoffs: async () => void (await differs(lab1, { mode: 'fused' }, { mode: 'fused', stack_cutoffs: [0, 2] })),
  cn_define_mode: async () => {
    const { a, b } = await differs(lab1, {}, { cn_define_mode: 1, hint_loops: [['OY', 'all']] });
    expect(b.result.nCns).toBeGreaterThan(a.result.nCns);
  },
  hint_loops: async () => {
    const { a, b } = await differs(lab1, { cn_define_mode: 1, hint_loops: [['OY', 'all']] }, { cn_define_mode: 1, hint_loops: [['OY', 4]] });
    expect(b.result.nCns).toBeLessThan(a.result.nCns);
  },
  layer_cutoffs: async () =>
    void (await differs(lab1, { cn_define_mode: 3, hint_loops: [[['OY', 'all']], [['OY', 'all']]], layer_cutoffs: [3] }, { cn_define_mode: 3, hint_loops: [[['OY', 'all']], [['OY', 4]]], layer_cutoffs: [2] })),
  split_W_percentage: async () => {
    const { a, b } = await differs(lab1, { cn_define_mode: 4, hint_loops: [['OY', 'all']] }, { cn_define_mode: 4, hint_loops: [['OY', 'all']], split_W_percentage: 0.01 });
    expect(b.result.nCns).toBeGreaterThan(a.result.nCns);
  },
  split_onnx_model_path: async () => {
    const path = join(dir, 'split.onnx');
    const tiny = { ...lab1, accelerator: shrinkWeights(lab1.accelerator, 4000) };
    const { result } = await run(tiny, { split_onnx_model_path: path, workload_path: `${TUTORIAL}/lab1/workload/4_convs.onnx` });
    expect(existsSync(path)).toBe(true);
    expect(result.warnings.filter((w) => / split in 2 along K/.test(w))).toHaveLength(3);
    // Without an ONNX source there is nothing to write: refused, not ignored.
    await expect(run(tiny, { split_onnx_model_path: path })).rejects.toThrow(/split_onnx_model_path/);
  },
  split_W_double_buffered: async () => {
    const { a, b } = await differs(smallW, {}, { split_W_double_buffered: true });
    expect(a.result.warnings.some((w) => /split in/.test(w))).toBe(false);
    expect(b.result.warnings.filter((w) => /split in 2 along K/.test(w))).toHaveLength(3);
  },
  system_clock_ns: async () => {
    // An in-memory-computing core runs at its macro's clock: its cycles are converted to the system clock.
    const R = resolve(import.meta.dirname, '../../../resources/inputs/imc');
    const imc = {
      accelerator: unwrap(loadAcceleratorFile(`${R}/hardware/aimc_tpu_pair.yaml`)),
      workload: unwrap(await loadWorkloadFile(`${INPUTS}/stream/testing/workload/2_conv.onnx`, { flavour: 'stream' })),
      mapping: unwrap(loadMappingFile(`${R}/mapping/aimc_tpu_pair_2conv.yaml`)),
    };
    const a = await runPipeline({ ...imc, options: { allocation: 'fixed' } });
    const b = await runPipeline({ ...imc, options: { allocation: 'fixed', system_clock_ns: 2 } });
    expect(b.clock?.systemClockNs).toBe(2);
    expect(b.latencyCycles).not.toBe(a.latencyCycles);
    // On an accelerator whose cores all run at the system clock it changes nothing, and the run says so.
    expect((await run(lab1, { system_clock_ns: 2 })).result.warnings.join('\n')).toMatch(/system_clock_ns: 2 has no effect/);
  },
  scheduler_candidate_selection: async () => {
    const fused = { mode: 'fused', allocation: 'fixed' } as const;
    await differs(lab1, { ...fused, scheduler_candidate_selection: 'order' }, { ...fused, scheduler_candidate_selection: 'latency' });
    // Under compat reference the reference's order applies, with a warning saying so.
    const ref = await run(lab1, { ...fused, compat: 'reference', scheduler_candidate_selection: 'latency' });
    expect(shape(ref.result)).toBe(shape((await run(lab1, { ...fused, compat: 'reference' })).result));
    expect(ref.result.warnings.join('\n')).toMatch(/scheduler_candidate_selection: latency does not apply under compat: reference/);
  },
  operands_to_prefetch: async () => {
    const { a, b } = await differs(lab1, { allocation: 'fixed' }, { allocation: 'fixed', operands_to_prefetch: ['W'] });
    // The weights are loaded onto the cores before the first CN, which starts later by the load time.
    const loadedFirst = (r: RunResult) => Math.max(...r.schedule.transfers.filter((t) => t.operand === 'W').map((t) => t.end)) <= Math.min(...r.schedule.cns.map((c) => c.start));
    expect(loadedFirst(b.result)).toBe(true);
    expect(loadedFirst(a.result)).toBe(false);
    expect(b.result.schedule.cns[0]!.start).toBeGreaterThan(a.result.schedule.cns[0]!.start);
    await refused({ operands_to_prefetch: ['w'] }, 'operands_to_prefetch', /constant operands of the workload's layers \(I, W\)/);
  },
  multicast: async () => {
    const lab2 = await tutorialInputs(2);
    await differs(lab2, { allocation: 'fixed', compat: 'reference' }, { allocation: 'fixed', compat: 'reference', multicast: true });
  },
  allocation: async () => void (await differs(open, { allocation: 'fixed' }, { allocation: 'ga', nb_ga_individuals: 4, nb_ga_generations: 2 })),
  stacks: async () => {
    const a = await run(lab1, { mode: 'fused', stacks: 'first-fit' });
    const b = await run(lab1, { mode: 'fused', stacks: 'auto' });
    expect([a.result.layerStacks?.rule, b.result.layerStacks?.rule]).toEqual(['first-fit', 'auto']);
    await refused({ stacks: 'auto' }, 'stacks', /mode: fused/);
  },
  co_time_limit_s: async () => {
    const { result } = await run(open, { allocation: 'co', co_time_limit_s: 7 });
    expect(result.allocationSolve?.timeLimitS).toBe(7);
    await refused({ co_time_limit_s: 7 }, 'co_time_limit_s', /allocation co or co\+ga/);
  },
  co_mip_gap: async () => {
    const { result } = await run(open, { allocation: 'co', co_mip_gap: 0.05 });
    expect(result.allocationSolve?.mipGap).toBe(0.05);
    await refused({ allocation: 'ga', co_mip_gap: 0.05 }, 'co_mip_gap', /allocation co or co\+ga/);
  },
  nb_ga_individuals: async () => {
    const a = await run(open, { nb_ga_individuals: 4, nb_ga_generations: 1 });
    const b = await run(open, { nb_ga_individuals: 8, nb_ga_generations: 1 });
    expect(b.result.gaHistory.at(-1)!.evaluations).toBeGreaterThan(a.result.gaHistory.at(-1)!.evaluations);
  },
  nb_ga_generations: async () => {
    const a = await run(open, { nb_ga_individuals: 4, nb_ga_generations: 1 });
    const b = await run(open, { nb_ga_individuals: 4, nb_ga_generations: 3 });
    expect(b.result.gaHistory.length).toBeGreaterThan(a.result.gaHistory.length);
  },
  seed: async () => {
    const trajectory = async (seed: number) => JSON.stringify((await run(open, { nb_ga_individuals: 4, nb_ga_generations: 2, seed })).result.gaHistory);
    const seeds = await Promise.all([0, 1, 2, 3].map(trajectory));
    expect(new Set(seeds).size).toBeGreaterThan(1);
  },
  ga_workers: async () => {
    const a = await run(open, { nb_ga_individuals: 4, nb_ga_generations: 1 });
    const b = await run(open, { nb_ga_individuals: 4, nb_ga_generations: 1, ga_workers: 2 }, { costProvider: undefined });
    expect(b.progress.some((p) => /\(2 worker threads\)/.test(p.message ?? ''))).toBe(true);
    expect(a.progress.some((p) => /worker threads/.test(p.message ?? ''))).toBe(false);
  },
  compat: async () => {
    const a = await runPipeline({ ...lab1, options: { allocation: 'fixed' } });
    const b = await runPipeline({ ...lab1, options: { allocation: 'fixed', compat: 'reference' } });
    expect(b.latencyCycles).toBe(85_096);
    expect(a.latencyCycles).not.toBe(b.latencyCycles);
  },
  plot_hof: async () => {
    await run(lab1, { plot_hof: true, plot_file_name: join(dir, 'hof-') }, { plotter: svgPlotter });
    expect(plotFiles('hof-')).toEqual(['hof-pareto.svg']);
  },
  plot_full_schedule: async () => {
    await run(lab1, { plot_full_schedule: true, plot_file_name: join(dir, 'full-') }, { plotter: svgPlotter });
    expect(plotFiles('full-')).toEqual(['full-memory.svg', 'full-schedule.svg']);
  },
  plot_data_transfer: async () => {
    await run(lab1, { plot_full_schedule: true, plot_file_name: join(dir, 'plain-') }, { plotter: svgPlotter });
    await run(lab1, { plot_full_schedule: true, plot_data_transfer: true, plot_file_name: join(dir, 'moves-') }, { plotter: svgPlotter });
    expect(readFileSync(join(dir, 'moves-schedule.svg'), 'utf8')).not.toBe(readFileSync(join(dir, 'plain-schedule.svg'), 'utf8'));
  },
  plot_file_name: async () => {
    await run(lab1, { plot_hof: true, plot_file_name: join(dir, 'named/x-') }, { plotter: svgPlotter });
    expect(existsSync(join(dir, 'named/x-pareto.svg'))).toBe(true);
    // Without a plotter (MainStage used directly, the app) plots are refused, not silently skipped.
    await refused({ plot_hof: true }, 'plot_hof', /a plotter/);
    await refused({ plot_file_name: 'p-' }, 'plot_file_name', /plot_hof, plot_full_schedule or plot_data_transfer/);
  },
};

describe('every option of the schema has an observable effect or is refused', () => {
  it('the table covers the schema', () => {
    expect(Object.keys(EFFECTS).sort()).toEqual(streamOptionInfo().map((o) => o.name).sort());
  });
  for (const [name, check] of Object.entries(EFFECTS)) it(name, check, 60_000);
});
