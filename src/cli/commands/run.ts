/**
 * `stream-studio run`: the Stream pipeline on an accelerator, a workload and a mapping. The command's core is
 * `executeRun`, which the storage layer (--db/--project) can wrap.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { COMMAND_LINE, type CostLut, importNotices, InputError, layerCompat, mergeRunOptions, parseLayerStacksText, parseStreamOptions, parseYaml, PATH_OPTION_KEYS, type PipelineHooks, type PipelineProgress, type ResultPlotter, runPipeline, type RunResult, streamOptionInfo, type StreamOptionsInput, perfettoTraceJson, unwrap } from '../../engine';
import { loadAcceleratorFile, loadMappingFile, loadRunFile, loadWorkloadFile } from '../../engine/io';
import { areaJson, areaLines, keptCandidatesSummary } from '../../engine';
import { DEFAULT_CLI_PROJECT } from '../../app/services/cli-defaults';
import { parseArgs } from '../args';
import { EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command';

export interface RunArgs {
  readonly acceleratorPath: string;
  readonly workloadPath: string;
  readonly mappingPath: string;
  /** Pipeline options (Stream's names); `cost_lut_path` names a JSON cost LUT file reused across runs. */
  readonly options: StreamOptionsInput;
  /** Where to write a Perfetto/Chrome trace of the schedule. */
  readonly tracePath?: string;
  /** A cost LUT object (the workspace's, with --db); `cost_lut_path` is refused with it. */
  readonly costLut?: CostLut;
  /** One-line import notices (e.g. an older core file converted). */
  readonly onNotice?: (message: string) => void;
}

/** Loads the inputs, runs the pipeline (plots drawn as SVG files) and writes the trace when asked. */
export async function executeRun(args: RunArgs, hooks: PipelineHooks = {}): Promise<RunResult> {
  const options = parseStreamOptions(args.options);
  if (args.costLut && options.cost_lut_path !== undefined) {
    throw InputError.single(COMMAND_LINE, 'cost_lut_path', 'no cost LUT file with --db (the workspace keeps the cost LUT)', options.cost_lut_path);
  }
  const accelerator = unwrap(loadAcceleratorFile(args.acceleratorPath));
  for (const notice of importNotices(accelerator.cores)) args.onNotice?.(notice);
  const workload = unwrap(await loadWorkloadFile(args.workloadPath, { flavour: 'stream', compat: layerCompat(options.compat) }));
  const mapping = unwrap(loadMappingFile(args.mappingPath));
  const result = await runPipeline(
    {
      accelerator,
      workload,
      mapping,
      // The workload's path lets layer splitting rewrite the ONNX model (`split_onnx_model_path`).
      options: { ...args.options, workload_path: args.workloadPath },
      ...(args.costLut ? { costLut: args.costLut } : {}),
      plotter: svgPlotter,
    },
    hooks,
  );
  if (args.tracePath) writeFileSync(args.tracePath, perfettoTraceJson(result));
  return result;
}

/** Stream's plots as SVG (see ../plots.ts); echarts is loaded only when a run plots. */
export const svgPlotter: ResultPlotter = async (result, options) => (await import('../plots')).writeSvgPlots(result, options);

/** "cores 0-3 14.07 ns, cores 4-6 1 ns": cores grouped by clock period. */
function clockLine(coreClockNs: Readonly<Record<string, number>>): string {
  const groups = new Map<string, number[]>();
  for (const [id, ns] of Object.entries(coreClockNs)) {
    const key = Number(ns.toPrecision(6)).toString();
    groups.set(key, [...(groups.get(key) ?? []), Number(id)]);
  }
  return [...groups].map(([ns, ids]) => `core${ids.length > 1 ? 's' : ''} ${ids.join(',')} at ${ns} ns`).join('; ');
}

/** The `--json` shape (snake_case keys). */
export function runResultJson(result: RunResult): Record<string, unknown> {
  const b = result.energyBreakdown;
  return {
    latency_cycles: result.latencyCycles,
    ...(result.clock
      ? { clock: { system_clock_ns: result.clock.systemClockNs, core_clock_ns: result.clock.coreClockNs, latency_ns: result.latencyCycles * result.clock.systemClockNs } }
      : {}),
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
  option: 'list',
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

/** The option table of the usage text, generated from the option schema (type, default, description). */
export function optionHelp(width = 116): string {
  const rows = streamOptionInfo().filter((o) => o.kind !== 'input');
  const nameWidth = Math.max(...rows.map((o) => o.name.length)) + 2;
  const indent = ' '.repeat(nameWidth + 4);
  const wrap = (text: string, first: string): string[] => {
    const lines: string[] = [];
    let line = first;
    for (const word of text.split(/\s+/).filter(Boolean)) {
      if (line.trim() !== '' && line.length + word.length + 1 > width && line.length > indent.length) {
        lines.push(line.trimEnd());
        line = indent;
      }
      line += (line.endsWith(' ') || line === '' ? '' : ' ') + word;
    }
    lines.push(line.trimEnd());
    return lines;
  };
  const out: string[] = [];
  for (const o of rows) {
    const dflt = o.default === undefined ? 'unset' : JSON.stringify(o.default);
    out.push(...wrap(`${o.type}; default ${dflt}${o.kind === 'file' ? '; writes or reads files (CLI and run files only)' : ''}`, `  ${o.name.padEnd(nameWidth)}  `));
    if (o.description) out.push(...wrap(o.description, indent));
  }
  return out.join('\n');
}

const USAGE = `Usage: stream-studio run RUN.yaml [--option KEY=VALUE]... [flags]
       stream-studio run --accelerator A.yaml --workload W.onnx --mapping M.yaml [--option KEY=VALUE]... [flags]

Runs the Stream pipeline: tiles the layers into computation nodes, costs them on the cores, allocates
(fixed from the mapping, or with the genetic algorithm) and schedules them.

A run file (docs/run-file.md) names the accelerator, workload and mapping (paths relative to the file) and the
options under Stream's names:
  accelerator: hardware/tpu_like_quad_core.yaml
  workload: workload/resnet18.onnx
  mapping: mapping/tpu_like_quad_core.yaml
  options: { mode: fused, layer_stacks: "0-10,11-21", allocation: fixed, operands_to_prefetch: [W] }

  --option KEY=VALUE          set any option below (repeatable); VALUE is YAML, e.g. --option operands_to_prefetch=[W];
                              overrides the run file and the shorthand flags
  --accelerator, --workload, --mapping   the inputs (override the run file's)

Shorthand flags:
  --mode lbl|fused            mode (layer by layer, or fused layer stacks)
  --layer-stacks "0-10,11-21" layer_stacks (layers not listed run alone); implies --mode fused
  --allocation fixed|ga|co|co+ga|auto
                              allocation (co: constraint optimisation, MILP per stack; co+ga: the GA seeded with it)
  --co-time-limit S           co_time_limit_s
  --co-mip-gap G              co_mip_gap
  --stacks auto|first-fit|search   stacks (automatic fused stacks when none are given)
  --ga-generations N          nb_ga_generations
  --ga-individuals N          nb_ga_individuals
  --seed N                    seed
  --lpf-limit N               loma_lpf_limit
  --compat reference|reference-2025   compat
  --multicast                 multicast: true
  --plot out/prefix-          plot_file_name with plot_full_schedule, plot_data_transfer and plot_hof
  --cost-lut lut.json         cost_lut_path

Output:
  --json                      print the result as JSON
  --trace out.json            write a Perfetto/Chrome trace of the schedule
  --db PATH                   store the run (inputs, results, cost LUT, direct CACTI results) in this workspace,
                              as the app does; --json then adds "run_id", "lut": {"hits", "misses"} and
                              "cacti": {"runs", "from_workspace"}
  --project NAME              the workspace project to store it in (default "${DEFAULT_CLI_PROJECT}")

Options (the option schema; type and default):
${optionHelp()}`;

/** Parses `KEY=VALUE` pairs of `--option` (VALUE as YAML) in order; later ones win. Path options resolve against cwd. */
export function parseOptionFlags(pairs: readonly string[], cwd: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw InputError.single('--option', pair, 'KEY=VALUE with an option name before "=" (e.g. operands_to_prefetch=[W])', pair);
    const key = pair.slice(0, eq).trim();
    const text = pair.slice(eq + 1);
    const parsed = parseYaml(text === '' ? '""' : text, `--option ${key}`);
    if (!parsed.ok) throw new InputError(parsed.issues.map((i) => ({ ...i, field: key, expected: `a YAML value (${i.expected})` })));
    let value = parsed.value.value;
    if ((PATH_OPTION_KEYS as readonly string[]).includes(key) && typeof value === 'string') value = resolve(cwd, value);
    out[key] = value;
  }
  return out;
}

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
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (positionals.length > 1) throw new UsageError(`one run file expected, got ${positionals.length}: ${positionals.join(' ')}`);
    const runFile = positionals[0] !== undefined ? loadRunFile(resolve(io.cwd, positionals[0])) : undefined;
    const inputs = {
      accelerator: flags.accelerator !== undefined ? resolve(io.cwd, flags.accelerator) : runFile?.accelerator,
      workload: flags.workload !== undefined ? resolve(io.cwd, flags.workload) : runFile?.workload,
      mapping: flags.mapping !== undefined ? resolve(io.cwd, flags.mapping) : runFile?.mapping,
    };
    for (const required of ['accelerator', 'workload', 'mapping'] as const) {
      if (!inputs[required]) throw new UsageError(`--${required} (or a run file) is required`);
    }
    const shorthand: Record<string, unknown> = {};
    if (flags.mode !== undefined) shorthand.mode = flags.mode;
    if (flags['layer-stacks'] !== undefined) {
      shorthand.layer_stacks = parseLayerStacksText(flags['layer-stacks']);
      shorthand.mode ??= 'fused';
    }
    if (flags.allocation !== undefined) shorthand.allocation = flags.allocation;
    if (flags['ga-generations'] !== undefined) shorthand.nb_ga_generations = flags['ga-generations'];
    if (flags['ga-individuals'] !== undefined) shorthand.nb_ga_individuals = flags['ga-individuals'];
    if (flags.seed !== undefined) shorthand.seed = flags.seed;
    if (flags.stacks !== undefined) shorthand.stacks = flags.stacks;
    if (flags['co-time-limit'] !== undefined) shorthand.co_time_limit_s = flags['co-time-limit'];
    if (flags['co-mip-gap'] !== undefined) shorthand.co_mip_gap = flags['co-mip-gap'];
    if (flags['lpf-limit'] !== undefined) shorthand.loma_lpf_limit = flags['lpf-limit'];
    if (flags.compat !== undefined) shorthand.compat = flags.compat;
    if (flags.multicast) shorthand.multicast = true;
    if (flags['cost-lut'] !== undefined) shorthand.cost_lut_path = resolve(io.cwd, flags['cost-lut']);
    if (flags.plot !== undefined) {
      shorthand.plot_file_name = resolve(io.cwd, flags.plot);
      shorthand.plot_full_schedule = true;
      shorthand.plot_data_transfer = true;
      shorthand.plot_hof = true;
    }
    const overrides = { ...shorthand, ...parseOptionFlags(flags.option ?? [], io.cwd) };
    const options = mergeRunOptions(runFile?.options ?? {}, overrides, runFile ? { file: runFile.file, fieldPrefix: 'options.' } : { file: COMMAND_LINE });
    const onProgress = progressBar(io);
    const runArgs: RunArgs = {
      acceleratorPath: inputs.accelerator!,
      workloadPath: inputs.workload!,
      mappingPath: inputs.mapping!,
      options,
      ...(flags.trace ? { tracePath: resolve(io.cwd, flags.trace) } : {}),
      onNotice: (notice) => io.stderr.write(`stream-studio run: notice: ${notice}\n`),
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
    if (onProgress && io.stderr.isTTY) io.stderr.write('\n'); // ends the progress bar line
    if (flags.json) {
      const json = stored ? { run_id: stored.runId, ...runResultJson(result), lut: stored.lut, cacti: { runs: stored.cacti.runs, from_workspace: stored.cacti.fromWorkspace } } : runResultJson(result);
      io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      return EXIT_OK;
    }
    const b = result.energyBreakdown;
    const solve = result.allocationSolve;
    const stacks = result.layerStacks;
    const lines = [
      `latency        ${result.latencyCycles.toLocaleString('en-US')} cycles${result.clock ? ` of the ${result.clock.systemClockNs} ns system clock (${(result.latencyCycles * result.clock.systemClockNs).toLocaleString('en-US')} ns)` : ''}`,
      ...(result.clock ? [`clocks         ${clockLine(result.clock.coreClockNs)}`] : []),
      ...(stacks && stacks.rule !== 'lbl' ? [`stacks (${stacks.rule}) ${stacks.stacks.map((s) => (s.length > 1 ? `${s[0]}-${s[s.length - 1]}` : `${s[0]}`)).join(',')}`] : []),
      ...(stacks && stacks.rule !== 'lbl' ? stacks.cuts.filter((c) => c.reason !== 'given').map((c) => `  cut ${c.afterLayer}|${c.beforeLayer}  ${c.reason}: ${c.detail}`) : []),
      ...(stacks?.candidates ?? []).map((c) => `  candidate ${c.label}: ${c.stacks.map((s) => (s.length > 1 ? `${s[0]}-${s[s.length - 1]}` : `${s[0]}`)).join(',')}  ${c.latencyCycles.toLocaleString('en-US')} cycles`),
      ...(solve
        ? [
            `co solve       ${solve.status}; ${solve.variables} variables, ${solve.constraints} constraints, ${solve.subproblems} stacks, ${(solve.timeMs / 1000).toFixed(1)} s`,
            `  MILP objective (steady-state estimate) ${Math.round(solve.objective).toLocaleString('en-US')} cycles, bound ${Math.round(solve.bound).toLocaleString('en-US')}, gap ${(100 * solve.gap).toFixed(2)} %`,
            `  scheduled latency of the CO allocation ${solve.scheduledLatencyCycles.toLocaleString('en-US')} cycles (single inference, COALA)`,
            ...(keptCandidatesSummary(solve) ? [`  kept per stack (model variant, solution) ${keptCandidatesSummary(solve)}`] : []),
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
      ...(stored
        ? [
            `stored         run ${stored.runId} in ${flags.db} (LUT ${stored.lut.hits} hits, ${stored.lut.misses} misses; ` +
              `CACTI ${stored.cacti.runs} direct runs, ${stored.cacti.fromWorkspace} configurations from the workspace)`,
          ]
        : []),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
    return EXIT_OK;
  },
};
