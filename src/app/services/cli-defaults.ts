/** Defaults of the CLI's workspace storage, apart from cli-store.ts so that reading them does not load SQLite. */
export const DEFAULT_CLI_PROJECT = 'Command-line runs';
