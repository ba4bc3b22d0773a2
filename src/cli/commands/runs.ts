import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from '../args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command';
import type { RunInfo } from '../../shared/api-types';
import { Store } from '../../app/store';
import { engineBridge } from '../../app/services/engine';
import { exportRunFile } from '../../app/services/run-export';
import { ApiError } from '../../shared/api-errors';
import { existingWorkspacePath } from '../workspace';

const USAGE = `Usage: stream-studio runs list [--project NAME] [--db PATH] [--json]
       stream-studio runs show RUN_ID [--db PATH] [--json]
       stream-studio runs export RUN_ID [--out FILE] [--db PATH]
       stream-studio runs run-file RUN_ID [--out DIR] [--db PATH]

Reads the runs stored in a workspace (the app's, the web host's, or \`run --db\`'s).
  --db PATH        workspace file (default $STREAM_STUDIO_DB, else $XDG_DATA_HOME/stream-studio/workspace.sqlite)
  --project NAME   only the runs of this project
  --json           machine-readable output
  --out FILE       export: write the run and its full result as JSON to FILE (default: stdout)
  --out DIR        run-file: write DIR/run.yaml and the run's accelerator, workload and mapping files beside
                   it (default ./run-RUN_ID); \`stream-studio run DIR/run.yaml\` reproduces the run`;

const FLAGS = { db: 'string', json: 'boolean', project: 'string', out: 'string' } as const;

function fmt(n: number | undefined | null, digits = 4): string {
  if (n === undefined || n === null) return '-';
  return Math.abs(n) >= 1e6 ? n.toExponential(digits - 1) : String(Math.round(n * 100) / 100);
}

function runJson(run: RunInfo, projectName: string | undefined) {
  return {
    run_id: run.id,
    project: projectName ?? null,
    name: run.name,
    status: run.status,
    origin: run.origin,
    design: run.designName,
    workload: run.workloadName,
    mapping: run.mappingName,
    created_at: run.createdAt,
    finished_at: run.finishedAt,
    latency_cycles: run.metrics?.latencyCycles ?? null,
    energy_pj: run.metrics?.energyPj ?? null,
    edp: run.metrics?.edp ?? null,
    peak_memory_bytes: run.metrics?.peakMemoryBytes ?? null,
    lut: run.metrics ? { hits: run.metrics.lutHits, misses: run.metrics.lutMisses } : null,
    options: run.options,
    error: run.error,
  };
}

function parseRunId(value: string | undefined): number {
  const id = Number(value);
  if (value === undefined || !Number.isInteger(id) || id < 1) throw new UsageError(`expects a run id (a positive integer), got ${JSON.stringify(value ?? '')}`);
  return id;
}

function openStore(dbFlag: string | undefined, io: CliIo): Store {
  return Store.open(existingWorkspacePath(dbFlag, io));
}

export const runsCommand: CliCommand = {
  name: 'runs',
  summary: 'List, show or export the runs stored in a workspace',
  usage: USAGE,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, FLAGS);
    const [action, ...rest] = positionals;
    if (action !== 'list' && action !== 'show' && action !== 'export' && action !== 'run-file') {
      throw new UsageError(`expects list, show, export or run-file, got ${JSON.stringify(action ?? '')}`);
    }
    const store = openStore(flags.db, io);
    try {
      const projectNames = new Map(store.projects.list().map((p) => [p.id, p.name]));
      if (action === 'list') {
        let projectId: number | undefined;
        if (flags.project !== undefined) {
          const project = store.projects.findByName(flags.project);
          if (!project) throw new UsageError(`no project named ${JSON.stringify(flags.project)}`);
          projectId = project.id;
        }
        const runs = store.runs.list(projectId !== undefined ? { projectId } : {});
        if (flags.json) {
          io.stdout.write(`${JSON.stringify({ runs: runs.map((r) => runJson(r, projectNames.get(r.projectId))) }, null, 2)}\n`);
          return EXIT_OK;
        }
        const header = ['id', 'status', 'project', 'name', 'latency', 'energy pJ', 'created'];
        const rows = runs.map((r) => [String(r.id), r.status, projectNames.get(r.projectId) ?? '', r.name, fmt(r.metrics?.latencyCycles), fmt(r.metrics?.energyPj), r.createdAt]);
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
        const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
        io.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n${runs.length} run(s)\n`);
        return EXIT_OK;
      }
      if (rest.length !== 1) throw new UsageError(`${action} expects one run id`);
      const id = parseRunId(rest[0]);
      const run = store.runs.get(id);
      if (!run) {
        io.stderr.write(`stream-studio runs: run ${id} does not exist\n`);
        return EXIT_FAILURE;
      }
      if (action === 'show') {
        if (flags.json) io.stdout.write(`${JSON.stringify(runJson(run, projectNames.get(run.projectId)), null, 2)}\n`);
        else {
          const m = run.metrics;
          io.stdout.write(
            [
              `Run ${run.id}: ${run.name} [${run.status}]`,
              `  project   ${projectNames.get(run.projectId) ?? ''}`,
              `  inputs    ${run.designName} · ${run.workloadName} · ${run.mappingName}`,
              `  options   ${JSON.stringify(run.options)}`,
              `  created   ${run.createdAt}${run.finishedAt ? `, finished ${run.finishedAt}` : ''}`,
              ...(m
                ? [
                    `  latency   ${m.latencyCycles} cycles`,
                    `  energy    ${m.energyPj} pJ`,
                    `  EDP       ${m.edp}`,
                    `  peak mem  ${m.peakMemoryBytes} bytes`,
                    `  LUT       ${m.lutHits} hits, ${m.lutMisses} misses`,
                  ]
                : []),
              ...(run.error ? [`  error     ${run.error}`] : []),
            ].join('\n') + '\n',
          );
        }
        return EXIT_OK;
      }
      if (action === 'run-file') {
        let exported;
        try {
          exported = exportRunFile(store, engineBridge, id);
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          io.stderr.write(`stream-studio runs: ${error.message}\n`);
          return EXIT_FAILURE;
        }
        const dir = resolve(io.cwd, flags.out ?? exported.folder);
        for (const file of exported.files) {
          const path = join(dir, file.path);
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, file.bytes);
        }
        io.stdout.write(`run ${id} written as a run file: ${join(dir, exported.runFile)} (${exported.files.length} files)\n`);
        return EXIT_OK;
      }
      const text = JSON.stringify({ run: runJson(run, projectNames.get(run.projectId)), result: store.runs.result(id) });
      if (flags.out) {
        writeFileSync(resolve(io.cwd, flags.out), text);
        io.stdout.write(`run ${id} written to ${flags.out}\n`);
      } else io.stdout.write(`${text}\n`);
      return EXIT_OK;
    } finally {
      store.close();
    }
  },
};
