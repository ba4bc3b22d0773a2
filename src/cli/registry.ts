import type { CliCommand } from './command';

/**
 * Every `stream-studio` subcommand. Each command lives in its own module under commands/; add one import and one
 * list entry here to register it.
 */
export const commands: readonly CliCommand[] = [];
