/** `stream-studio sweeps list|show|export`: the sweeps stored in a workspace. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Store } from '../../app/store';
import { processAlive } from '../../app/store/process-alive';
import { paretoOfSweep } from '../../app/sweep/coordinator';
import { sweepPointInfo } from '../../app/sweep/views';
import { buildSweepParallelOption, buildSweepScatterOption, sweepPointsCsv } from '../../shared/charts/sweep';
import { parseArgs } from '../args';
import { EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command';
import { sweepJson } from './sweep';
import { existingWorkspacePath } from '../workspace';

const USAGE = `Usage: stream-studio sweeps list [--db PATH] [--json]
       stream-studio sweeps show SWEEP_ID [--db PATH] [--json]
       stream-studio sweeps export SWEEP_ID [--db PATH] [--csv|--json] [--out FILE] [--plot DIR]

  list     the sweeps with their status and counts
  show     a sweep's points (parameters, status, latency, energy, area) and its Pareto set
  export   the points as CSV (default) or JSON; --plot DIR also writes the latency-energy scatter and the
           parallel-coordinates chart as SVG (the Explore view's charts)`;

const FLAGS = { db: 'string', json: 'boolean', csv: 'boolean', out: 'string', plot: 'string' } as const;

function openStore(dbFlag: string | undefined, io: CliIo): Store {
  const store = Store.open(existingWorkspacePath(dbFlag, io));
  store.sweeps.markAbandonedInterrupted(processAlive);
  return store;
}

function sweepId(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1) throw new UsageError(`expects a sweep id, got ${JSON.stringify(value ?? '')}`);
  return id;
}

export const sweepsCommand: CliCommand = {
  name: 'sweeps',
  summary: 'List, show and export the sweeps stored in a workspace',
  usage: USAGE,
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    const [action, idText] = positionals;
    const store = openStore(flags.db, io);
    try {
      if (action === 'list') {
        const sweeps = store.sweeps.list();
        if (flags.json) {
          io.stdout.write(`${JSON.stringify(sweeps.map((s) => ({ sweep_id: s.id, name: s.name, status: s.status, total: s.total, done: s.done, invalid: s.invalid, failed: s.failed, created_at: s.createdAt, engine_version: s.engineVersion, model_fingerprint: s.modelFingerprint })), null, 2)}\n`);
        } else {
          for (const s of sweeps) io.stdout.write(`${String(s.id).padStart(4)}  ${s.name.padEnd(24)} ${s.status.padEnd(11)} ${s.done}/${s.total} done, ${s.invalid} invalid, ${s.failed} failed  ${s.createdAt}\n`);
          if (sweeps.length === 0) io.stdout.write('no sweeps\n');
        }
        return EXIT_OK;
      }
      const id = sweepId(idText);
      const sweep = store.sweeps.get(id);
      if (!sweep) throw new UsageError(`no sweep ${id}`);
      const points = store.sweeps.points(id);
      if (action === 'show') {
        if (flags.json) io.stdout.write(`${JSON.stringify({ ...sweepJson(store, sweep), name: sweep.name, status: sweep.status, definition: sweep.definition }, null, 2)}\n`);
        else {
          const pareto = new Set(paretoOfSweep(points));
          io.stdout.write(`sweep ${sweep.id} ${sweep.name}: ${sweep.status}, ${sweep.done}/${sweep.total} done, ${sweep.invalid} invalid, ${sweep.failed} failed (model ${sweep.modelFingerprint})\n`);
          const params = points.map((p) => JSON.stringify(p.params));
          const width = params.reduce((w, text) => Math.max(w, text.length), 0);
          const latencies = points.map((p) => (p.status === 'done' ? `${p.latencyCycles!.toLocaleString('en-US')} cc` : ''));
          const latencyWidth = latencies.reduce((w, text) => Math.max(w, text.length), 0);
          points.forEach((p, i) => {
            const figures = p.status === 'done' ? `${latencies[i]!.padStart(latencyWidth)}  ${p.energyPj!.toExponential(4)} pJ  area ${p.areaMm2 ?? 'missing'}  run ${p.runId}` : (p.error ?? '');
            io.stdout.write(`${pareto.has(p.index) ? '*' : ' '}#${String(p.index).padEnd(4)} ${p.status.padEnd(8)} ${params[i]!.padEnd(width)}  ${figures}\n`);
          });
          io.stdout.write('* = on the Pareto front (latency, energy, area when known)\n');
        }
        return EXIT_OK;
      }
      if (action === 'export') {
        if (flags.json && flags.csv) throw new UsageError('give --csv or --json, not both');
        const text = flags.json ? `${JSON.stringify(sweepJson(store, sweep), null, 2)}\n` : sweepPointsCsv(points.map(sweepPointInfo));
        if (flags.out) writeFileSync(resolve(io.cwd, flags.out), text);
        else io.stdout.write(text);
        if (flags.plot) {
          const dir = resolve(io.cwd, flags.plot);
          mkdirSync(dir, { recursive: true });
          const cp = points.map(sweepPointInfo);
          const pareto = paretoOfSweep(points);
          const { renderSvg } = await import('../svg');
          writeFileSync(join(dir, `sweep-${id}-scatter.svg`), renderSvg(buildSweepScatterOption(cp, pareto, {}), 1000, 650));
          writeFileSync(join(dir, `sweep-${id}-parallel.svg`), renderSvg(buildSweepParallelOption(cp), 1200, 500));
        }
        return EXIT_OK;
      }
      throw new UsageError('expects list, show ID or export ID');
    } finally {
      store.close();
    }
  },
};
