import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

/** Raised when the workspace file was written by a newer Stream Studio: we refuse to touch it. */
export class NewerSchemaError extends Error {
  constructor(
    readonly path: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `The workspace ${path} has schema version ${found}, but this Stream Studio only knows versions up to ${supported}. ` +
        'Open it with a newer Stream Studio, or choose another workspace file (--db PATH).',
    );
    this.name = 'NewerSchemaError';
  }
}

export interface OpenOptions {
  readonly readonly?: boolean;
  /** Migrations to apply (tests pass their own list). */
  readonly migrations?: readonly Migration[];
}

/**
 * Opens (creating when needed) a workspace file: WAL journal, foreign keys on, and every pending migration applied
 * in one transaction. A schema newer than the migrations we know is refused with a `NewerSchemaError`.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db, path, options.migrations ?? MIGRATIONS);
    } else {
      const version = schemaVersion(db);
      const known = (options.migrations ?? MIGRATIONS).at(-1)?.version ?? 0;
      if (version > known) throw new NewerSchemaError(path, version, known);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function schemaVersion(db: Db): number {
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (!table) return 0;
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null };
  return row.version ?? 0;
}

function migrate(db: Db, path: string, migrations: readonly Migration[]): void {
  const known = migrations.at(-1)?.version ?? 0;
  const apply = db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const current = schemaVersion(db);
    if (current > known) throw new NewerSchemaError(path, current, known);
    const insert = db.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)');
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      insert.run(migration.version, migration.description, new Date().toISOString());
    }
  });
  // IMMEDIATE: two processes opening a fresh file at once must not both try to migrate.
  apply.immediate();
}

export function integrityCheck(db: Db): string {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).join('\n');
}

/**
 * The workspace every front end opens when none is named: `STREAM_STUDIO_DB`, else
 * `$XDG_DATA_HOME/stream-studio/workspace.sqlite` (falling back to ~/.local/share). The desktop app, the web host
 * and the CLI's workspace commands share it, so a sweep or run stored from one is seen by the others.
 */
export function defaultWorkspacePath(env: Readonly<Record<string, string | undefined>>): string {
  if (env['STREAM_STUDIO_DB']) return env['STREAM_STUDIO_DB'];
  const dataHome = env['XDG_DATA_HOME'] || join(env['HOME'] || env['USERPROFILE'] || '.', '.local', 'share');
  return join(dataHome, 'stream-studio', 'workspace.sqlite');
}

export { LATEST_SCHEMA_VERSION };
