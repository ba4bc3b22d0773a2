import type { LutStatistics } from '../../shared/api-types';
import type { Db } from './database';
import { cachedStatement, nowIso } from './rows';

/**
 * Cost LUT entries shared by every project: the key is the engine's content hash of (core spec, CN shape,
 * options), the entry the engine's JSON cost record. Readers only need the key; the store never interprets it.
 */
export interface Provenance {
  readonly engineVersion: string;
  readonly modelFingerprint: string;
}

export class LutRepository {
  /**
   * The model this workspace connection reads and writes entries for. When set, entries stamped with another
   * fingerprint (or none) are stale: never returned, and replaced when the current model computes them again.
   */
  provenance: Provenance | null = null;

  constructor(private readonly db: Db) {}

  get(key: string): unknown {
    const row = (
      this.provenance
        ? this.db.prepare('SELECT entry_json FROM lut_entries WHERE key = ? AND model_fingerprint IS ?').get(key, this.provenance.modelFingerprint)
        : this.db.prepare('SELECT entry_json FROM lut_entries WHERE key = ?').get(key)
    ) as { entry_json: string } | undefined;
    return row ? JSON.parse(row.entry_json) : undefined;
  }

  /** Stores new entries and counts hits on existing ones, in one transaction. */
  record(newEntries: readonly (readonly [string, unknown])[], hitKeys: ReadonlyMap<string, number> = new Map()): void {
    this.recordSerialized(
      newEntries.map(([key, entry]) => [key, JSON.stringify(entry)] as const),
      hitKeys,
    );
  }

  /** `record` for entries already serialised as JSON (a sweep worker serialises them, the writer only inserts). */
  recordSerialized(newEntries: readonly (readonly [string, string])[], hitKeys: Iterable<readonly [string, number]> = []): void {
    const now = nowIso();
    const insert = cachedStatement(
      this.db,
      `INSERT INTO lut_entries (key, entry_json, hits, created_at, last_used_at, engine_version, model_fingerprint) VALUES (?, ?, 0, ?, ?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET entry_json = excluded.entry_json, hits = 0, created_at = excluded.created_at,
         engine_version = excluded.engine_version, model_fingerprint = excluded.model_fingerprint
       WHERE lut_entries.model_fingerprint IS NOT excluded.model_fingerprint AND excluded.model_fingerprint IS NOT NULL`,
    );
    const version = this.provenance?.engineVersion ?? null;
    const fingerprint = this.provenance?.modelFingerprint ?? null;
    const hit = cachedStatement(this.db, 'UPDATE lut_entries SET hits = hits + ?, last_used_at = ? WHERE key = ?');
    this.db.transaction(() => {
      for (const [key, json] of newEntries) insert.run(key, json, now, now, version, fingerprint);
      for (const [key, n] of hitKeys) hit.run(n, now, key);
    })();
  }

  all(): [string, unknown][] {
    return (this.db.prepare('SELECT key, entry_json FROM lut_entries ORDER BY key').all() as { key: string; entry_json: string }[]).map((r) => [
      r.key,
      JSON.parse(r.entry_json),
    ]);
  }

  stats(): LutStatistics {
    const row = this.db
      .prepare(
        'SELECT COUNT(*) AS entries, COALESCE(SUM(length(key) + length(entry_json)), 0) AS bytes, COALESCE(SUM(hits), 0) AS totalHits, MIN(created_at) AS oldest, MAX(last_used_at) AS newest FROM lut_entries',
      )
      .get() as LutStatistics;
    return { entries: row.entries, bytes: row.bytes, totalHits: row.totalHits, oldest: row.oldest, newest: row.newest };
  }

  clear(): number {
    return this.db.prepare('DELETE FROM lut_entries').run().changes;
  }
}
