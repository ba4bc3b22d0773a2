import type { CliCommand } from './command';
import { runsCommand } from './commands/runs';
import { serveCommand } from './commands/serve';
import { inspectCommand } from './commands/inspect';
import { costCommand } from './commands/cost';
import { runCommand } from './commands/run';
import { sweepCommand } from './commands/sweep';
import { sweepsCommand } from './commands/sweeps';
import { workerCommand } from './commands/worker';

/**
 * Every `stream-studio` subcommand. Each command lives in its own module under commands/; add one import and one
 * list entry here to register it.
 */
export const commands: readonly CliCommand[] = [runCommand, inspectCommand, serveCommand, runsCommand, costCommand, sweepCommand, sweepsCommand, workerCommand];
