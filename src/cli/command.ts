/**
 * A subcommand of `stream-studio` (register it in src/cli/registry.ts). Commands never call process.exit or write to process.stdout directly:
 * they receive streams and return an exit code, so tests can run them in-process.
 */
export interface CliIo {
  readonly stdout: { write(chunk: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(chunk: string): unknown; readonly isTTY?: boolean };
  /** Working directory against which relative paths are resolved. */
  readonly cwd: string;
  /** Environment (for XDG_DATA_HOME etc.). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGINT. */
  readonly signal?: AbortSignal;
}

export interface CliCommand {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Full usage text shown by `stream-studio help <name>` and on usage errors. */
  readonly usage: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Exit codes shared by all commands. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
/** Invalid input or usage. */
export const EXIT_INVALID = 2;

export class UsageError extends Error {
  override name = 'UsageError';
}
