/**
 * Direct CACTI results in a worker: the workspace's are handed to the engine before a job (read-only, this
 * engine version's only), so no CACTI run repeats one the workspace has; the job's new ones go back to the
 * process that writes the workspace.
 */
import { rememberCactiRuns, type StoredCactiRun } from '../../engine';
import { storedCactiRuns } from '../store/cacti';
import { openDatabase } from '../store/database';
import { ENGINE_VERSION } from '../sweep/provenance';

/** The workspace's results for this engine version; none when there is no workspace (or it predates them). */
export function readWorkspaceCactiRuns(dbPath: string | null): StoredCactiRun[] {
  if (!dbPath) return [];
  let db;
  try {
    db = openDatabase(dbPath, { readonly: true });
    return storedCactiRuns(db, ENGINE_VERSION);
  } catch {
    // A workspace the host has not migrated yet has no results to reuse; the job prices memories itself.
    return [];
  } finally {
    db?.close();
  }
}

/** Hands the workspace's results to this process's engine. */
export function rememberWorkspaceCactiRuns(dbPath: string | null): void {
  rememberCactiRuns(readWorkspaceCactiRuns(dbPath));
}
