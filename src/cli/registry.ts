import type { CliCommand } from './command';

/**
 * A registered subcommand: its name and one-line summary (for the command list) and a loader for its module. A
 * command's module, with everything it imports, is loaded only when that command runs, so `inspect` does not pay
 * for the pipeline, charts or SQLite that `run` uses.
 */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<CliCommand>;
}

/**
 * Every `stream-studio` subcommand. Each command lives in its own module under commands/; add one entry here to
 * register it (the summary must equal the module's own; test/unit/cli/main.test.ts checks it).
 */
export const commands: readonly CommandEntry[] = [
  {
    name: 'run',
    summary: 'Run the Stream pipeline (tiling, cost LUT, allocation, schedule) and report latency and energy',
    load: async () => (await import('./commands/run')).runCommand,
  },
  {
    name: 'inspect',
    summary: 'Import accelerator, workload and mapping files and print a summary (or JSON)',
    load: async () => (await import('./commands/inspect')).inspectCommand,
  },
  {
    name: 'serve',
    summary: 'Start the web host (the app in a browser) on 127.0.0.1',
    load: async () => (await import('./commands/serve')).serveCommand,
  },
  {
    name: 'runs',
    summary: 'List, show or export the runs stored in a workspace',
    load: async () => (await import('./commands/runs')).runsCommand,
  },
  {
    name: 'cost',
    summary: 'Single-core cost model (ZigZag): best mapping, energy and latency per layer',
    load: async () => (await import('./commands/cost')).costCommand,
  },
  {
    name: 'sweep',
    summary: 'Run a design-space sweep (axes over accelerator fields and run options) on local workers or a BullMQ queue',
    load: async () => (await import('./commands/sweep')).sweepCommand,
  },
  {
    name: 'sweeps',
    summary: 'List, show and export the sweeps stored in a workspace',
    load: async () => (await import('./commands/sweeps')).sweepsCommand,
  },
  {
    name: 'worker',
    summary: 'Run sweep points from a BullMQ queue (scale-out over several machines)',
    load: async () => (await import('./commands/worker')).workerCommand,
  },
];
