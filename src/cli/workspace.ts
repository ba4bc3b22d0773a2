/** The workspace a CLI command works on. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultWorkspacePath } from '../app/store/database';
import { UsageError, type CliIo } from './command';

/** `--db PATH` (relative to the working directory), else the shared default workspace (`STREAM_STUDIO_DB`, XDG). */
export function workspacePath(dbFlag: string | undefined, io: CliIo): string {
  return dbFlag ? resolve(io.cwd, dbFlag) : defaultWorkspacePath(io.env);
}

/** `workspacePath`, for commands that only read: a workspace that does not exist is a usage error naming it. */
export function existingWorkspacePath(dbFlag: string | undefined, io: CliIo): string {
  const path = workspacePath(dbFlag, io);
  if (!existsSync(path)) throw new UsageError(`no workspace at ${path}${dbFlag ? '' : ' (give one with --db PATH)'}`);
  return path;
}

