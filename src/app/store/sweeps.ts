/**
 * Sweeps and their points. A sweep row keeps its definition (the engine's `SweepDefinition`), the base inputs,
 * status and counts; each point row its parameters, status, the run(s) it produced and its figures. Finishing
 * a point is idempotent by (sweep, index): a second completion of a finished point changes nothing.
 */
import type { PointStatus, SweepStatus, SweepSummary } from '../../shared/api-types';
import type { Db } from './database';
import type { Provenance } from './lut';
import { cachedStatement, nowIso, parseJsonColumn } from './rows';

export type { PointStatus, SweepStatus };

/** A sweep row: what the API lists of a sweep, with its definition and the state of the host that runs it. */
export interface SweepInfo extends SweepSummary {
  readonly definition: unknown;
  readonly hostPid: number | null;
  readonly error: string | null;
  readonly startedAt: string | null;
}

export interface SeedSummary {
  readonly seeds: number;
  readonly latency: { readonly best: number; readonly median: number; readonly spread: number };
  readonly energy: { readonly best: number; readonly median: number; readonly spread: number };
}

export interface SweepPoint {
  readonly sweepId: number;
  readonly index: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly status: PointStatus;
  readonly runId: number | null;
  readonly seedRunIds: readonly number[];
  readonly latencyCycles: number | null;
  readonly energyPj: number | null;
  readonly areaMm2: number | null;
  readonly edp: number | null;
  readonly seeds: SeedSummary | null;
  /** CPU of the worker process (all its threads) on the point: from the job's receipt to its result, packed for the store, ready to send. */
  readonly cpuMs: number | null;
  readonly lutHits: number | null;
  readonly lutMisses: number | null;
  readonly attempts: number;
  readonly error: string | null;
  readonly finishedAt: string | null;
}

interface SweepRow {
  id: number;
  project_id: number;
  name: string;
  definition_json: string;
  status: SweepStatus;
  total: number;
  done: number;
  invalid: number;
  failed: number;
  engine_version: string;
  model_fingerprint: string;
  host_pid: number | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

interface PointRow {
  sweep_id: number;
  idx: number;
  params_json: string;
  status: PointStatus;
  run_id: number | null;
  seed_run_ids_json: string;
  latency_cycles: number | null;
  energy_pj: number | null;
  area_mm2: number | null;
  edp: number | null;
  seeds_json: string | null;
  cpu_ms: number | null;
  lut_hits: number | null;
  lut_misses: number | null;
  attempts: number;
  error: string | null;
  finished_at: string | null;
}

const toSweep = (r: SweepRow): SweepInfo => ({
  id: r.id,
  projectId: r.project_id,
  name: r.name,
  definition: JSON.parse(r.definition_json),
  status: r.status,
  total: r.total,
  done: r.done,
  invalid: r.invalid,
  failed: r.failed,
  engineVersion: r.engine_version,
  modelFingerprint: r.model_fingerprint,
  hostPid: r.host_pid,
  error: r.error,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

const toPoint = (r: PointRow): SweepPoint => ({
  sweepId: r.sweep_id,
  index: r.idx,
  params: JSON.parse(r.params_json),
  status: r.status,
  runId: r.run_id,
  seedRunIds: parseJsonColumn<number[]>(r.seed_run_ids_json, []),
  latencyCycles: r.latency_cycles,
  energyPj: r.energy_pj,
  areaMm2: r.area_mm2,
  edp: r.edp,
  seeds: parseJsonColumn<SeedSummary | null>(r.seeds_json, null),
  cpuMs: r.cpu_ms,
  lutHits: r.lut_hits,
  lutMisses: r.lut_misses,
  attempts: r.attempts,
  error: r.error,
  finishedAt: r.finished_at,
});

export interface NewSweep {
  readonly projectId: number;
  readonly name: string;
  readonly definition: unknown;
  /** The base inputs as the runner needs them (accelerator JSON, workload bytes as base64, mapping YAML). */
  readonly base: unknown;
  readonly points: readonly { readonly index: number; readonly params: Readonly<Record<string, unknown>> }[];
  readonly provenance: Provenance;
}

export interface PointOutcome {
  readonly status: 'done' | 'invalid' | 'failed';
  readonly runId?: number | null;
  readonly seedRunIds?: readonly number[];
  readonly latencyCycles?: number;
  readonly energyPj?: number;
  readonly areaMm2?: number | null;
  readonly edp?: number;
  readonly seeds?: SeedSummary | null;
  readonly cpuMs?: number;
  readonly lutHits?: number;
  readonly lutMisses?: number;
  readonly error?: string;
}

export class SweepRepository {
  constructor(private readonly db: Db) {}

  create(sweep: NewSweep): SweepInfo {
    return this.db.transaction(() => {
      const info = this.db
        .prepare(
          `INSERT INTO sweeps (project_id, name, definition_json, base_json, status, total, engine_version, model_fingerprint, host_pid, created_at)
           VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)`,
        )
        .run(sweep.projectId, sweep.name, JSON.stringify(sweep.definition), JSON.stringify(sweep.base), sweep.points.length, sweep.provenance.engineVersion, sweep.provenance.modelFingerprint, process.pid, nowIso());
      const id = Number(info.lastInsertRowid);
      const insert = this.db.prepare("INSERT INTO sweep_points (sweep_id, idx, params_json, status) VALUES (?, ?, ?, 'pending')");
      for (const p of sweep.points) insert.run(id, p.index, JSON.stringify(p.params));
      return this.get(id)!;
    })();
  }

  get(id: number): SweepInfo | undefined {
    const row = this.db.prepare('SELECT * FROM sweeps WHERE id = ?').get(id) as SweepRow | undefined;
    return row && toSweep(row);
  }

  base(id: number): unknown {
    const row = this.db.prepare('SELECT base_json FROM sweeps WHERE id = ?').get(id) as { base_json: string } | undefined;
    return row ? JSON.parse(row.base_json) : undefined;
  }

  list(projectId?: number): SweepInfo[] {
    const rows = (
      projectId === undefined
        ? this.db.prepare('SELECT * FROM sweeps ORDER BY id DESC').all()
        : this.db.prepare('SELECT * FROM sweeps WHERE project_id = ? ORDER BY id DESC').all(projectId)
    ) as SweepRow[];
    return rows.map(toSweep);
  }

  points(sweepId: number): SweepPoint[] {
    return (this.db.prepare('SELECT * FROM sweep_points WHERE sweep_id = ? ORDER BY idx').all(sweepId) as PointRow[]).map(toPoint);
  }

  point(sweepId: number, index: number): SweepPoint | undefined {
    const row = cachedStatement(this.db, 'SELECT * FROM sweep_points WHERE sweep_id = ? AND idx = ?').get(sweepId, index) as PointRow | undefined;
    return row && toPoint(row);
  }

  /** The sweep starts (or resumes) in this process: points left running by a previous host go back to pending. */
  markRunning(id: number): void {
    this.db.transaction(() => {
      this.db.prepare("UPDATE sweep_points SET status = 'pending' WHERE sweep_id = ? AND status = 'running'").run(id);
      this.db.prepare("UPDATE sweeps SET status = 'running', started_at = COALESCE(started_at, ?), finished_at = NULL, host_pid = ?, error = NULL WHERE id = ?").run(nowIso(), process.pid, id);
    })();
  }

  markPointRunning(sweepId: number, index: number): void {
    cachedStatement(this.db, "UPDATE sweep_points SET status = 'running', attempts = attempts + 1 WHERE sweep_id = ? AND idx = ? AND status = 'pending'").run(sweepId, index);
  }

  /** A point that was running goes back to pending (its worker was cancelled or lost). */
  releasePoint(sweepId: number, index: number): void {
    this.db.prepare("UPDATE sweep_points SET status = 'pending' WHERE sweep_id = ? AND idx = ? AND status = 'running'").run(sweepId, index);
  }

  /**
   * Records a point's outcome unless it already has one (idempotent by point key). Must run inside the
   * transaction that also writes the point's runs, so that a duplicate completion writes nothing at all.
   * Returns false when the point was already finished.
   */
  finishPoint(sweepId: number, index: number, outcome: PointOutcome): boolean {
    const changed = cachedStatement(
      this.db,
      `UPDATE sweep_points SET status = ?, run_id = ?, seed_run_ids_json = ?, latency_cycles = ?, energy_pj = ?, area_mm2 = ?, edp = ?,
           seeds_json = ?, cpu_ms = ?, lut_hits = ?, lut_misses = ?, error = ?, finished_at = ?
         WHERE sweep_id = ? AND idx = ? AND status IN ('pending', 'running')`,
    ).run(
        outcome.status,
        outcome.runId ?? null,
        JSON.stringify(outcome.seedRunIds ?? []),
        outcome.latencyCycles ?? null,
        outcome.energyPj ?? null,
        outcome.areaMm2 ?? null,
        outcome.edp ?? null,
        outcome.seeds ? JSON.stringify(outcome.seeds) : null,
        outcome.cpuMs ?? null,
        outcome.lutHits ?? null,
        outcome.lutMisses ?? null,
        outcome.error ?? null,
        nowIso(),
        sweepId,
        index,
      ).changes;
    if (changed === 0) return false;
    const column = outcome.status === 'done' ? 'done' : outcome.status === 'invalid' ? 'invalid' : 'failed';
    cachedStatement(this.db, `UPDATE sweeps SET ${column} = ${column} + 1 WHERE id = ?`).run(sweepId);
    return true;
  }

  isFinished(sweepId: number, index: number): boolean {
    const row = cachedStatement(this.db, 'SELECT status FROM sweep_points WHERE sweep_id = ? AND idx = ?').get(sweepId, index) as { status: PointStatus } | undefined;
    return row !== undefined && row.status !== 'pending' && row.status !== 'running';
  }

  pendingIndices(sweepId: number): number[] {
    return (this.db.prepare("SELECT idx FROM sweep_points WHERE sweep_id = ? AND status IN ('pending', 'running') ORDER BY idx").all(sweepId) as { idx: number }[]).map((r) => r.idx);
  }

  finish(id: number, status: Exclude<SweepStatus, 'queued' | 'running'>, error?: string): void {
    this.db.prepare('UPDATE sweeps SET status = ?, finished_at = ?, error = ? WHERE id = ?').run(status, nowIso(), error ?? null, id);
  }

  /**
   * At start-up: sweeps left running by a host process that no longer exists become `interrupted` (their running
   * points pending again), so `resume` can finish them.
   */
  markAbandonedInterrupted(isHostAlive: (pid: number) => boolean): number {
    const active = this.db.prepare("SELECT id, host_pid FROM sweeps WHERE status IN ('queued', 'running')").all() as { id: number; host_pid: number | null }[];
    const abandoned = active.filter((r) => r.host_pid === null || (r.host_pid !== process.pid && !isHostAlive(r.host_pid)));
    this.db.transaction(() => {
      for (const r of abandoned) {
        this.db.prepare("UPDATE sweep_points SET status = 'pending' WHERE sweep_id = ? AND status = 'running'").run(r.id);
        this.db.prepare("UPDATE sweeps SET status = 'interrupted', finished_at = ?, error = 'the host process stopped before the sweep finished' WHERE id = ?").run(nowIso(), r.id);
      }
    })();
    return abandoned.length;
  }
}
