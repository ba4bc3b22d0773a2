import { cactiKey, type CactiQuery, type CactiRun, type StoredCactiRun } from '../../engine';
import type { Db } from './database';
import type { Provenance } from './lut';
import { nowIso } from './rows';

/** A stored CACTI result as a workspace export carries it. */
export interface ExportedCactiRun {
  readonly query: CactiQuery;
  readonly run: CactiRun;
  readonly engineVersion: string | null;
}

/**
 * Direct CACTI results shared by every project, as cost LUT entries are: the key is the engine's `cactiKey` (the
 * content hash of the whole configuration CACTI reads), the row CACTI's answer (figures, or no valid organisation).
 * Stamped with the provenance the LUT uses; a result is read back only by the same engine version, because the
 * CACTI module ships with it (the model fingerprint covers the cost model and scheduler, not CACTI, and a change of
 * the scheduler must not throw CACTI's figures away).
 */
export class CactiRepository {
  /** The build this connection reads and writes results for; null reads any. */
  provenance: Provenance | null = null;
  /**
   * This build's engine version, for a host that knows it before its full provenance (the model fingerprint takes a
   * moment): CACTI's results depend on the version only.
   */
  engineVersion: string | null = null;

  constructor(private readonly db: Db) {}

  private get version(): string | undefined {
    return this.provenance?.engineVersion ?? this.engineVersion ?? undefined;
  }

  /** The stored results an engine of this version may reuse (default: this connection's; none given: any). */
  all(engineVersion: string | undefined = this.version): StoredCactiRun[] {
    const rows = (
      engineVersion !== undefined
        ? this.db.prepare('SELECT key, query_json, run_json FROM cacti_runs WHERE engine_version IS ?').all(engineVersion)
        : this.db.prepare('SELECT key, query_json, run_json FROM cacti_runs').all()
    ) as { key: string; query_json: string; run_json: string }[];
    return rows.map((r) => ({ key: r.key, query: JSON.parse(r.query_json) as CactiQuery, run: JSON.parse(r.run_json) as CactiRun }));
  }

  /** Stores new results (a result of another engine version is replaced) and counts uses of stored ones. */
  record(fresh: readonly StoredCactiRun[], reused: readonly string[] = []): void {
    if (fresh.length === 0 && reused.length === 0) return;
    const now = nowIso();
    const insert = this.db.prepare(
      `INSERT INTO cacti_runs (key, query_json, run_json, hits, created_at, last_used_at, engine_version, model_fingerprint) VALUES (?, ?, ?, 0, ?, ?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET query_json = excluded.query_json, run_json = excluded.run_json, hits = 0, created_at = excluded.created_at,
         last_used_at = excluded.last_used_at, engine_version = excluded.engine_version, model_fingerprint = excluded.model_fingerprint
       WHERE cacti_runs.engine_version IS NOT excluded.engine_version AND excluded.engine_version IS NOT NULL`,
    );
    const hit = this.db.prepare('UPDATE cacti_runs SET hits = hits + 1, last_used_at = ? WHERE key = ?');
    const version = this.version ?? null;
    const fingerprint = this.provenance?.modelFingerprint ?? null;
    this.db.transaction(() => {
      for (const r of fresh) insert.run(r.key, JSON.stringify(r.query), JSON.stringify(r.run), now, now, version, fingerprint);
      for (const key of reused) hit.run(now, key);
    })();
  }

  /** Every row with the engine version that priced it (a workspace export carries them). */
  exportRows(): ExportedCactiRun[] {
    return (this.db.prepare('SELECT query_json, run_json, engine_version FROM cacti_runs ORDER BY key').all() as {
      query_json: string;
      run_json: string;
      engine_version: string | null;
    }[]).map((r) => ({ query: JSON.parse(r.query_json) as CactiQuery, run: JSON.parse(r.run_json) as CactiRun, engineVersion: r.engine_version }));
  }

  /**
   * Rows of another workspace, each keyed anew from its configuration and keeping the engine version that priced
   * it, so only that version reuses it; a row already here is kept.
   */
  importRows(rows: readonly ExportedCactiRun[]): void {
    const now = nowIso();
    const insert = this.db.prepare(
      `INSERT INTO cacti_runs (key, query_json, run_json, hits, created_at, last_used_at, engine_version, model_fingerprint) VALUES (?, ?, ?, 0, ?, ?, ?, NULL)
       ON CONFLICT(key) DO NOTHING`,
    );
    this.db.transaction(() => {
      for (const r of rows) insert.run(cactiKey(r.query), JSON.stringify(r.query), JSON.stringify(r.run), now, now, r.engineVersion);
    })();
  }

  /** Rows with their use counts (diagnostics and tests). */
  stats(): { key: string; query: CactiQuery; ok: boolean; hits: number; engineVersion: string | null }[] {
    return (this.db.prepare('SELECT key, query_json, run_json, hits, engine_version FROM cacti_runs ORDER BY created_at, key').all() as {
      key: string;
      query_json: string;
      run_json: string;
      hits: number;
      engine_version: string | null;
    }[]).map((r) => ({ key: r.key, query: JSON.parse(r.query_json) as CactiQuery, ok: (JSON.parse(r.run_json) as CactiRun).ok, hits: r.hits, engineVersion: r.engine_version }));
  }
}

/** The stored results a worker may reuse, read over its own read-only connection (WAL: while the host writes). */
export function storedCactiRuns(db: Db, engineVersion: string | undefined): StoredCactiRun[] {
  return new CactiRepository(db).all(engineVersion);
}
