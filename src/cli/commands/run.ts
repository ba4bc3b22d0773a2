/**
 * `stream-studio run`: the Stream pipeline on an accelerator, a workload and a mapping. The command's core is
 * `executeRun`, which the storage layer (--db/--project) can wrap.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { unwrap } from '../../engine/errors';
import { areaJson, areaLines } from '../../engine/hardware/area';
import { loadAcceleratorFile } from '../../engine/hardware/io';
import { loadMappingFile } from '../../engine/mapping/io';
import { toPerfettoTrace } from '../../engine/results/perfetto';
import type { PipelineProgress, RunResult } from '../../engine/results/types';
import { JsonFileCostLut } from '../../engine/stream/io';
import { layerCompat, parseLayerStacksText, parseStreamOptions, type StreamOptionsInput } from '../../engine/stream/options';
import { runPipeline, type ResultPlotter } from '../../engine/stream/pipeline';
import type { PipelineHooks } from '../../engine/stream/stage';
import { loadWorkloadFile } from '../../engine/workload/io';
import type { CostLut } from '../../engine/stream/cost';
import { DEFAULT_CLI_PROJECT } from '../../app/services/cli-defaults';
import { parseArgs } from '../args';
import { EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command';

export interface RunArgs {
  readonly acceleratorPath: string;
  readonly workloadPath: string;
  readonly mappingPath: string;
  readonly options: StreamOptionsInput;
  /** Where to write a Perfetto/Chrome trace of the schedule. */
  readonly tracePath?: string;
  /** A JSON file cost LUT reused across runs. */
  readonly costLutPath?: string;
  /** A cost LUT object (the workspace's, with --db); used instead of costLutPath. */
  readonly costLut?: CostLut;
}

/** Loads the inputs, runs the pipeline and writes the trace when asked. */
export async function executeRun(args: RunArgs, hooks: PipelineHooks = {}): Promise<RunResult> {
  const options = parseStreamOptions(args.options);
  const accelerator = unwrap(loadAcceleratorFile(args.acceleratorPath));
  const workload = unwrap(await loadWorkloadFile(args.workloadPath, { flavour: 'stream', compat: layerCompat(options.compat) }));
  const mapping = unwrap(loadMappingFile(args.mappingPath));
  const fileLut = args.costLutPath && !args.costLut ? new JsonFileCostLut(args.costLutPath) : undefined;
  const lut = args.costLut ?? fileLut;
  const result = await runPipeline(
    { accelerator, workload, mapping, options: { ...args.options, seed: options.seed }, ...(lut ? { costLut: lut } : {}), plotter: svgPlotter },
    hooks,
  );
  fileLut?.save();
  if (args.tracePath) writeFileSync(args.tracePath, JSON.stringify(toPerfettoTrace(result)));
  return result;
}

/** The seed's plots as SVG (see ../plots.ts); echarts is loaded only when a run plots. */
export const svgPlotter: ResultPlotter = async (result, options) => (await import('../plots')).writeSvgPlots(result, options);

/** The `--json` shape (snake_case keys). */
export function runResultJson(result: RunResult): Record<string, unknown> {
  const b = result.energyBreakdown;
  return {
    latency_cycles: result.latencyCycles,
    energy_pj: result.energyPj,
    energy_breakdown: {
      on_chip_compute: b.onChipCompute,
      on_chip_memory: b.onChipMemory,
      off_chip: b.offChip,
      eviction: b.eviction,
      sink_writeback: b.sinkWriteback,
      core_to_core: b.coreToCore,
      links: b.links,
      total: b.total,
    },
    memory_peaks_bytes: result.memoryPeaksBytes,
    n_cns: result.nCns,
    allocation: result.allocation,
    pareto: result.pareto.map((p) => ({ latency_cycles: p.latencyCycles, energy_pj: p.energyPj })),
    ...(result.area ? { area: areaJson(result.area) } : {}),
    ...(result.layerStacks ? { layer_stacks: result.layerStacks } : {}),
    ...(result.allocationSolve ? { allocation_solve: result.allocationSolve } : {}),
  };
}

const FLAGS = {
  accelerator: 'string',
  workload: 'string',
  mapping: 'string',
  mode: 'string',
  'layer-stacks': 'string',
  allocation: 'string',
  'ga-generations': 'number',
  'ga-individuals': 'number',
  stacks: 'string',
  'co-time-limit': 'number',
  'co-mip-gap': 'number',
  seed: 'number',
  'lpf-limit': 'number',
  compat: 'string',
  multicast: 'boolean',
  json: 'boolean',
  trace: 'string',
  'cost-lut': 'string',
  plot: 'string',
  db: 'string',
  project: 'string',
} as const;

const USAGE = `Usage: stream-studio run --accelerator A.yaml --workload W.onnx --mapping M.yaml [options]

Runs the Stream pipeline: tiles the layers into computation nodes, costs them on the cores, allocates
(fixed from the mapping, or with the genetic algorithm) and schedules them.

Options:
  --mode lbl|fused            layer by layer (default) or fused layer stacks
  --layer-stacks "0-10,11-21" fused stacks (layers not listed run alone); implies --mode fused
  --allocation fixed|ga|co|co+ga
                              fixed: the mapping's allocation only; ga: genetic search (default when open);
                              co: constraint optimisation (MILP per stack, HiGHS); co+ga: the GA seeded with it
  --co-time-limit S           time limit of the constraint optimisation, seconds (default 60)
  --co-mip-gap G              relative MIP gap at which it stops (default 0.0001)
  --stacks auto|first-fit|search
                              automatic fused stacks when none are given: auto (default), the reference's
                              first-fit, or search (a few candidate cut sets, each with a cheap GA)
  --ga-generations N          genetic algorithm generations (default 16)
  --ga-individuals N          genetic algorithm population (default 16)
  --seed N                    random seed (default 0)
  --lpf-limit N               loop prime factor limit of the temporal mapping search (default 6)
  --compat reference          reproduce reference Stream ed4e12ef (2024) and its quirks (docs/differences.md)
  --compat reference-2025     reproduce the 2025 tutorial-branch Stream on typed-format accelerators
  --multicast                 one off-chip read serves several cores taking the same tensor
  --json                      print the result as JSON
  --trace out.json            write a Perfetto/Chrome trace of the schedule
  --cost-lut lut.json         reuse (and extend) a cost lookup table file
  --plot out/prefix-          write schedule, memory and Pareto plots as SVG files named with this prefix
  --db PATH                   store the run (inputs, results, cost LUT) in this workspace, as the app does;
                              --json then adds "run_id" and "lut": {"hits", "misses"}
  --project NAME              the workspace project to store it in (default "${DEFAULT_CLI_PROJECT}")`;

function progressBar(io: CliIo): PipelineHooks['onProgress'] {
  if (!io.stderr.isTTY) {
    // Without a terminal only the constraint optimisation's progress is printed, one line a second at most.
    let lastAt = 0;
    return (p: PipelineProgress) => {
      if (!p.solve || Date.now() - lastAt < 1000) return;
      lastAt = Date.now();
      const f = (x: number | null) => (x === null ? '—' : Math.round(x).toLocaleString('en-US'));
      io.stderr.write(`co: stack ${Math.min(p.solve.stack + 1, p.solve.stacks)}/${p.solve.stacks} incumbent ${f(p.solve.incumbent)} bound ${f(p.solve.bound)} gap ${p.solve.gap === null ? '—' : `${(100 * p.solve.gap).toFixed(2)} %`}\n`);
    };
  }
  let last = '';
  return (p: PipelineProgress) => {
    const width = 30;
    const filled = Math.round((width * Math.min(100, p.percent)) / 100);
    const line = `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.percent.toFixed(0).padStart(3)}% ${p.stage}${p.message ? `: ${p.message}` : ''}`;
    if (line !== last) io.stderr.write(line.padEnd(100).slice(0, 120));
    last = line;
  };
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'Run the Stream pipeline (tiling, cost LUT, allocation, schedule) and report latency and energy',
  usage: USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { flags } = parseArgs(argv, FLAGS);
    for (const required of ['accelerator', 'workload', 'mapping'] as const) {
      if (!flags[required]) throw new UsageError(`--${required} is required`);
    }
    const options: Record<string, unknown> = {};
    if (flags.mode !== undefined) options.mode = flags.mode;
    if (flags['layer-stacks'] !== undefined) {
      options.layer_stacks = parseLayerStacksText(flags['layer-stacks']);
      options.mode ??= 'fused';
    }
    if (flags.allocation !== undefined) options.allocation = flags.allocation;
    if (flags['ga-generations'] !== undefined) options.nb_ga_generations = flags['ga-generations'];
    if (flags['ga-individuals'] !== undefined) options.nb_ga_individuals = flags['ga-individuals'];
    if (flags.seed !== undefined) options.seed = flags.seed;
    if (flags.stacks !== undefined) options.stacks = flags.stacks;
    if (flags['co-time-limit'] !== undefined) options.co_time_limit_s = flags['co-time-limit'];
    if (flags['co-mip-gap'] !== undefined) options.co_mip_gap = flags['co-mip-gap'];
    if (flags['lpf-limit'] !== undefined) options.loma_lpf_limit = flags['lpf-limit'];
    if (flags.compat !== undefined) options.compat = flags.compat;
    if (flags.multicast) options.multicast = true;
    if (flags.plot !== undefined) {
      options.plot_file_name = resolve(io.cwd, flags.plot);
      options.plot_full_schedule = true;
      options.plot_data_transfer = true;
      options.plot_hof = true;
    }
    parseStreamOptions(options);
    const onProgress = progressBar(io);
    const runArgs: RunArgs = {
      acceleratorPath: resolve(io.cwd, flags.accelerator!),
      workloadPath: resolve(io.cwd, flags.workload!),
      mappingPath: resolve(io.cwd, flags.mapping!),
      options: options as StreamOptionsInput,
      ...(flags.trace ? { tracePath: resolve(io.cwd, flags.trace) } : {}),
      ...(flags['cost-lut'] ? { costLutPath: resolve(io.cwd, flags['cost-lut']) } : {}),
    };
    const hooks = { ...(onProgress ? { onProgress } : {}), ...(io.signal ? { signal: io.signal } : {}) };
    if (flags.project !== undefined && !flags.db) throw new UsageError('--project needs --db PATH');
    // SQLite (a native module) is loaded only for --db.
    const stored = flags.db
      ? await (await import('../../app/services/cli-store')).runWithStore(
          { ...runArgs, dbPath: resolve(io.cwd, flags.db), ...(flags.project !== undefined ? { projectName: flags.project } : {}) },
          (costLut) => executeRun({ ...runArgs, costLut }, hooks),
          io.signal,
        )
      : undefined;
    const result = stored ? stored.result : await executeRun(runArgs, hooks);
    if (onProgress) io.stderr.write('\n');
    if (flags.json) {
      const json = stored ? { run_id: stored.runId, ...runResultJson(result), lut: stored.lut } : runResultJson(result);
      io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      return EXIT_OK;
    }
    const b = result.energyBreakdown;
    const solve = result.allocationSolve;
    const stacks = result.layerStacks;
    const lines = [
      `latency        ${result.latencyCycles.toLocaleString('en-US')} cycles`,
      ...(stacks && stacks.rule !== 'lbl' ? [`stacks (${stacks.rule}) ${stacks.stacks.map((s) => (s.length > 1 ? `${s[0]}-${s[s.length - 1]}` : `${s[0]}`)).join(',')}`] : []),
      ...(stacks && stacks.rule !== 'lbl' ? stacks.cuts.filter((c) => c.reason !== 'given').map((c) => `  cut ${c.afterLayer}|${c.beforeLayer}  ${c.reason}: ${c.detail}`) : []),
      ...(solve
        ? [
            `co solve       ${solve.status}; ${solve.variables} variables, ${solve.constraints} constraints, ${solve.subproblems} stacks, ${(solve.timeMs / 1000).toFixed(1)} s`,
            `  MILP objective (steady-state estimate) ${Math.round(solve.objective).toLocaleString('en-US')} cycles, bound ${Math.round(solve.bound).toLocaleString('en-US')}, gap ${(100 * solve.gap).toFixed(2)} %`,
            `  scheduled latency of the CO allocation ${solve.scheduledLatencyCycles.toLocaleString('en-US')} cycles (single inference, COALA)`,
          ]
        : []),
      `energy         ${result.energyPj.toLocaleString('en-US', { maximumFractionDigits: 1 })} pJ`,
      `  on-chip      compute ${b.onChipCompute.toFixed(1)}, memory ${b.onChipMemory.toFixed(1)}`,
      `  off-chip     ${b.offChip.toFixed(1)}; eviction ${b.eviction.toFixed(1)}; sink write-back ${b.sinkWriteback.toFixed(1)}`,
      `  core-to-core ${b.coreToCore.toFixed(1)}; links ${b.links.toFixed(1)}`,
      `CNs            ${result.nCns}`,
      `allocation     ${Object.entries(result.allocation).map(([l, c]) => `${l}:${c.join('+')}`).join(' ')}`,
      ...Object.entries(result.memoryPeaksBytes).map(([k, v]) => `peak ${k.padEnd(24)} ${v.toLocaleString('en-US')} B`),
      ...(result.area ? areaLines(result.area) : []),
      ...(result.pareto.length > 1 ? [`pareto         ${result.pareto.map((p) => `(${p.latencyCycles}, ${p.energyPj.toFixed(0)})`).join(' ')}`] : []),
      ...result.warnings.map((w) => `warning: ${w}`),
      ...(stored ? [`stored         run ${stored.runId} in ${flags.db} (LUT ${stored.lut.hits} hits, ${stored.lut.misses} misses)`] : []),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
    return EXIT_OK;
  },
};
