import { formatIssue, InputError } from '../engine';
import { installCactiWasm } from '../engine/io';
import { EXIT_FAILURE, EXIT_INVALID, EXIT_OK, UsageError, type CliCommand, type CliIo } from './command';
import { commands, type CommandEntry } from './registry';

/** A command as main() receives it: registered (loaded on use) or already loaded (tests). */
type Listed = CliCommand | CommandEntry;

async function loaded(entry: Listed): Promise<CliCommand> {
  return 'load' in entry ? entry.load() : entry;
}

function overview(list: readonly Listed[]): string {
  const width = Math.max(...list.map((c) => c.name.length), 4);
  const lines = list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Stream Studio — multi-core DNN accelerator exploration',
    '',
    'Usage: stream-studio <command> [options]',
    '',
    'Commands:',
    ...lines,
    `  ${'help'.padEnd(width)}  Show help for a command`,
    '',
  ].join('\n');
}

/** Runs the CLI with `args` (without node and script) and returns the exit code. Never throws. */
export async function main(args: readonly string[], io: CliIo = processIo(), list: readonly Listed[] = commands): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const target = rest[0] ? list.find((c) => c.name === rest[0]) : undefined;
    io.stdout.write(target ? `${(await loaded(target)).usage}\n` : overview(list));
    return EXIT_OK;
  }
  const entry = list.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`stream-studio: unknown command "${name}"\n\n${overview(list)}`);
    return EXIT_INVALID;
  }
  const command = await loaded(entry);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return EXIT_OK;
  }
  // Memories between the CACTI table's grid points are priced by a direct CACTI run (WebAssembly).
  await installCactiWasm();
  try {
    return await command.run(rest, io);
  } catch (error) {
    return reportError(command, error, io);
  }
}

function reportError(command: CliCommand, error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr.write(`stream-studio ${command.name}: ${error.message}\n\n${command.usage}\n`);
    return EXIT_INVALID;
  }
  if (error instanceof InputError) {
    io.stderr.write(`stream-studio ${command.name}: invalid input\n${error.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}\n`);
    return EXIT_INVALID;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`stream-studio ${command.name}: ${message}\n`);
  if (io.env['STREAM_STUDIO_DEBUG'] && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return EXIT_FAILURE;
}

function processIo(): CliIo {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, signal: controller.signal };
}
