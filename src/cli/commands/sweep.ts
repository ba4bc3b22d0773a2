/**
 * `stream-studio sweep FILE [--db PATH]`: runs a design-space sweep (every point an ordinary run in the workspace)
 * on a local pool of worker processes or, with --queue, on BullMQ workers; `sweep resume ID` finishes an
 * interrupted or cancelled sweep.
 */
import { resolve } from 'node:path';
import { createSweep, paretoOfSweep, runSweep, type SweepProgress } from '../../app/sweep/coordinator';
import type { PointExecutor } from '../../app/sweep/executor';
import { loadSweepFile } from '../../app/sweep/load';
import { defaultWorkerCount, LocalPool } from '../../app/sweep/local-pool';
import { provenance } from '../../app/sweep/provenance';
import { Store, type SweepInfo } from '../../app/store';
import { processAlive } from '../../app/store/process-alive';
import { parseArgs } from '../args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command';
import { workspacePath } from '../workspace';

const USAGE = `Usage: stream-studio sweep FILE [--db PATH] [--project NAME] [--workers N] [--queue URL] [--json]
       stream-studio sweep resume SWEEP_ID [--db PATH] [--workers N] [--queue URL] [--json]

Runs a design-space sweep: the base accelerator, workload, mapping and options of FILE with every combination
(or a random sample) of its axis values. Every point is an ordinary run stored in the workspace, linked to the
sweep. Axes are checked before anything runs. Ctrl-C cancels; \`sweep resume ID\` runs only the points not finished.

  --db PATH        workspace file (default $STREAM_STUDIO_DB, else $XDG_DATA_HOME/stream-studio/workspace.sqlite)
  --project NAME   project to store the sweep in (default "Sweeps")
  --workers N      local worker processes (default: cores - 1, at least 1)
  --queue URL      put the points on a BullMQ queue (redis://HOST:PORT) for \`stream-studio worker\` processes
  --json           print {"sweep_id", "points": [...], "pareto": [...], "lut": {"hits", "misses"}}

Sweep file (paths relative to it):
  name: l2-and-links
  accelerator: hardware/tpu_like_quad_core.yaml
  workload: workload/resnet18.onnx            # or workloads: [a.onnx, b.onnx]
  mapping: mapping/tpu_like_quad_core.yaml
  options: { mode: fused, layer_stacks: "0-10,11-21", allocation: ga, nb_ga_individuals: 4, nb_ga_generations: 4 }
  axes:
    - field: cores[0,1,2,3].memories[sram_2MB].size_bits    # as \`inspect --json\` prints the accelerator
      values: [4194304, 8388608]
    - field: links[*].bandwidth
      range: { from: 16, to: 64, step: 16 }
    - option: mode
      values: [lbl, fused]
  sample: grid                                 # or { random: 40, seed: 1 }
  costs: follow                                # swept memory size/width/ports: CACTI energies and area; or as_given
  seeds: 1                                     # GA seeds per point (best, median and spread are reported)`;

const FLAGS = { db: 'string', project: 'string', workers: 'number', queue: 'string', json: 'boolean' } as const;

export function sweepJson(store: Store, sweep: SweepInfo) {
  const points = store.sweeps.points(sweep.id);
  let hits = 0;
  let misses = 0;
  for (const p of points) {
    hits += p.lutHits ?? 0;
    misses += p.lutMisses ?? 0;
  }
  return {
    sweep_id: sweep.id,
    points: points.map((p) => ({
      index: p.index,
      params: p.params,
      status: p.status,
      run_id: p.runId,
      latency_cycles: p.latencyCycles,
      energy_pj: p.energyPj,
      area_mm2: p.areaMm2,
      edp: p.edp,
      ...(p.seeds ? { seeds: p.seeds } : {}),
      ...(p.error !== null ? { error: p.error } : {}),
    })),
    pareto: paretoOfSweep(points),
    lut: { hits, misses },
  };
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** The terminal progress bar: points done/total, invalid/failed, ETA, best latency and energy so far. */
export function progressLine(p: SweepProgress, startedAt: number, finishedAtStart: number): string {
  const finished = p.done + p.invalid + p.failed;
  const width = 24;
  const filled = p.total === 0 ? width : Math.round((width * finished) / p.total);
  const elapsed = performance.now() - startedAt;
  const here = finished - finishedAtStart;
  const eta = here > 0 ? formatDuration((elapsed / here) * (p.total - finished)) : '?';
  const best = p.bestLatency === null ? '' : ` best ${p.bestLatency.toLocaleString('en-US')} cc / ${(p.bestEnergy ?? 0).toExponential(3)} pJ`;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${finished}/${p.total} (${p.invalid} invalid, ${p.failed} failed) ETA ${eta}${best}`;
}

export async function makeExecutor(flags: { workers?: number; queue?: string }, dbPath: string): Promise<PointExecutor> {
  if (flags.workers !== undefined && (!Number.isInteger(flags.workers) || flags.workers < 1)) throw new UsageError('--workers expects a positive integer');
  if (flags.queue) {
    const { QueueExecutor } = await import('../../app/sweep/queue');
    return QueueExecutor.connect(flags.queue);
  }
  return new LocalPool(flags.workers ?? defaultWorkerCount(), dbPath);
}

async function execute(store: Store, sweepId: number, flags: { workers?: number; queue?: string; json?: boolean }, io: CliIo): Promise<number> {
  const executor = await makeExecutor(flags, store.path);
  const tty = io.stderr.isTTY === true;
  const startedAt = performance.now();
  const before = store.sweeps.get(sweepId)!;
  const finishedAtStart = before.done + before.invalid + before.failed;
  let last = 0;
  let sweep: SweepInfo;
  try {
    sweep = await runSweep(store, sweepId, executor, {
      ...(io.signal ? { signal: io.signal } : {}),
      onProgress: (p) => {
        if (!tty) return;
        const now = performance.now();
        if (!p.finished && now - last < 200) return;
        last = now;
        io.stderr.write(`\r${progressLine(p, startedAt, finishedAtStart).padEnd(110).slice(0, 140)}`);
      },
    });
  } finally {
    await executor.close();
  }
  if (tty) io.stderr.write('\n');
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(sweepJson(store, sweep), null, 2)}\n`);
  } else {
    const json = sweepJson(store, sweep);
    io.stdout.write(
      `sweep ${sweep.id} ${sweep.name}: ${sweep.status}, ${sweep.done} done, ${sweep.invalid} invalid, ${sweep.failed} failed of ${sweep.total} ` +
        `(LUT ${json.lut.hits} hits, ${json.lut.misses} misses)\n` +
        `pareto: ${json.pareto.map((i) => `#${i}`).join(' ')}\n` +
        (sweep.status === 'cancelled' ? `resume with: stream-studio sweep resume ${sweep.id} --db ${store.path}\n` : '') +
        (sweep.status === 'failed' && sweep.error ? `${sweep.error}\n` : ''),
    );
  }
  return sweep.status === 'done' ? EXIT_OK : EXIT_FAILURE;
}

export const sweepCommand: CliCommand = {
  name: 'sweep',
  summary: 'Run a design-space sweep (axes over accelerator fields and run options) on local workers or a BullMQ queue',
  usage: USAGE,
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    const dbPath = workspacePath(flags.db, io);
    if (positionals[0] === 'resume') {
      const id = Number(positionals[1]);
      if (!Number.isInteger(id) || id < 1) throw new UsageError('sweep resume expects a sweep id');
      const store = Store.open(dbPath);
      try {
        store.sweeps.markAbandonedInterrupted(processAlive);
        const sweep = store.sweeps.get(id);
        if (!sweep) throw new UsageError(`no sweep ${id} in ${dbPath}`);
        if (sweep.status === 'running') throw new UsageError(`sweep ${id} is running in process ${sweep.hostPid}`);
        const mine = await provenance();
        if (mine.modelFingerprint !== sweep.modelFingerprint || mine.engineVersion !== sweep.engineVersion) {
          io.stderr.write(
            `stream-studio sweep: sweep ${id} was started by Stream Studio ${sweep.engineVersion} (model ${sweep.modelFingerprint}) ` +
              `but this is ${mine.engineVersion} (model ${mine.modelFingerprint}); resume it with that version, or start a new sweep\n`,
          );
          return EXIT_FAILURE;
        }
        return await execute(store, id, flags, io);
      } finally {
        store.close();
      }
    }
    if (positionals.length !== 1) throw new UsageError('expects one sweep file');
    const file = resolve(io.cwd, positionals[0]!);
    const loaded = loadSweepFile(file); // every axis checked before anything runs
    const store = Store.open(dbPath);
    try {
      store.sweeps.markAbandonedInterrupted(processAlive);
      const sweep = createSweep(store, { projectName: flags.project ?? 'Sweeps', definition: loaded.definition, base: loaded.base, provenance: await provenance() });
      return await execute(store, sweep.id, flags, io);
    } finally {
      store.close();
    }
  },
};
