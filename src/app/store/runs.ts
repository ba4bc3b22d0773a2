import { ACTIVE_RUN_STATUSES, type PipelineProgress, type RunInfo, type RunMetrics, type RunOrigin, type RunResult, type RunStatus } from '../../shared/api-types';

/** `'queued', 'running'` for SQL `status IN (...)`, from the one list of statuses. */
const ACTIVE_SQL = ACTIVE_RUN_STATUSES.map((s) => `'${s}'`).join(', ');
import { ARTIFACT_ENCODING, type PackedArtifact, packRunResult, unpackJson } from './compress';
import type { Db } from './database';
import { cachedStatement, nowIso, parseJsonColumn } from './rows';

interface RunRow {
  id: number;
  project_id: number;
  name: string;
  origin: RunOrigin;
  design_id: number | null;
  workload_id: number | null;
  mapping_id: number | null;
  design_name: string;
  workload_name: string;
  mapping_name: string;
  design_hash: string;
  workload_hash: string;
  mapping_hash: string;
  options_json: string;
  status: RunStatus;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  progress_json: string | null;
  metrics_json: string | null;
  error: string | null;
  tags_json: string;
  notes: string;
  sweep_id?: number | null;
  engine_version?: string | null;
  model_fingerprint?: string | null;
}

function toRun(row: RunRow): RunInfo {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    origin: row.origin,
    designId: row.design_id,
    workloadId: row.workload_id,
    mappingId: row.mapping_id,
    designName: row.design_name,
    workloadName: row.workload_name,
    mappingName: row.mapping_name,
    designHash: row.design_hash,
    workloadHash: row.workload_hash,
    mappingHash: row.mapping_hash,
    options: parseJsonColumn<Record<string, unknown>>(row.options_json, {}),
    status: row.status,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    progress: parseJsonColumn<PipelineProgress | null>(row.progress_json, null),
    metrics: parseJsonColumn<RunMetrics | null>(row.metrics_json, null),
    error: row.error,
    tags: parseJsonColumn<string[]>(row.tags_json, []),
    notes: row.notes,
    sweepId: row.sweep_id ?? null,
    engineVersion: row.engine_version ?? null,
    modelFingerprint: row.model_fingerprint ?? null,
  };
}

export interface NewRun {
  readonly projectId: number;
  readonly name: string;
  readonly origin: RunOrigin;
  readonly design: { readonly id: number | null; readonly name: string; readonly hash: string };
  readonly workload: { readonly id: number | null; readonly name: string; readonly hash: string };
  readonly mapping: { readonly id: number | null; readonly name: string; readonly hash: string };
  readonly options: Readonly<Record<string, unknown>>;
  readonly status?: RunStatus;
  /** Process that will execute (or wait for) the run; default this process. */
  readonly hostPid?: number;
  readonly sweepId?: number;
  readonly provenance?: { readonly engineVersion: string; readonly modelFingerprint: string };
}

export interface RunListQuery {
  readonly projectId?: number;
  readonly status?: readonly RunStatus[];
  readonly limit?: number;
  readonly offset?: number;
}

export function metricsOf(result: RunResult, durationMs: number): RunMetrics {
  const peaks = Object.values(result.memoryPeaksBytes);
  return {
    latencyCycles: result.latencyCycles,
    energyPj: result.energyPj,
    edp: result.edp,
    nCns: result.nCns,
    peakMemoryBytes: peaks.length > 0 ? Math.max(...peaks) : 0,
    lutHits: result.lut.hits,
    lutMisses: result.lut.misses,
    durationMs,
  };
}

/** The columns naming what a run ran (project, name, origin, inputs with their names and hashes, options), in table order. */
const describedBy = (run: NewRun) => [
  run.projectId,
  run.name,
  run.origin,
  run.design.id,
  run.workload.id,
  run.mapping.id,
  run.design.name,
  run.workload.name,
  run.mapping.name,
  run.design.hash,
  run.workload.hash,
  run.mapping.hash,
  JSON.stringify(run.options),
];

export class RunRepository {
  constructor(private readonly db: Db) {}

  create(run: NewRun): RunInfo {
    const info = this.db
      .prepare(
        `INSERT INTO runs (project_id, name, origin, design_id, workload_id, mapping_id, design_name, workload_name, mapping_name,
           design_hash, workload_hash, mapping_hash, options_json, status, created_at, host_pid, sweep_id, engine_version, model_fingerprint)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        ...describedBy(run),
        run.status ?? 'queued',
        nowIso(),
        run.hostPid ?? process.pid,
        run.sweepId ?? null,
        run.provenance?.engineVersion ?? null,
        run.provenance?.modelFingerprint ?? null,
      );
    return this.get(Number(info.lastInsertRowid))!;
  }

  get(id: number): RunInfo | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return row && toRun(row);
  }

  list(query: RunListQuery = {}): RunInfo[] {
    const where: string[] = [];
    const params: (number | string)[] = [];
    if (query.projectId !== undefined) {
      where.push('project_id = ?');
      params.push(query.projectId);
    }
    if (query.status && query.status.length > 0) {
      where.push(`status IN (${query.status.map(() => '?').join(', ')})`);
      params.push(...query.status);
    }
    const sql = `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ? OFFSET ?`;
    params.push(query.limit ?? -1, query.offset ?? 0);
    return (this.db.prepare(sql).all(...params) as RunRow[]).map(toRun);
  }

  getMany(ids: readonly number[]): RunInfo[] {
    if (ids.length === 0) return [];
    const rows = this.db.prepare(`SELECT * FROM runs WHERE id IN (${ids.map(() => '?').join(', ')})`).all(...ids) as RunRow[];
    const byId = new Map(rows.map((r) => [r.id, toRun(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** queued → running (only from queued: a run cancelled while waiting stays cancelled). */
  markRunning(id: number): boolean {
    return this.db.prepare("UPDATE runs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'").run(nowIso(), id).changes > 0;
  }

  setProgress(id: number, progress: PipelineProgress): void {
    this.db.prepare("UPDATE runs SET progress_json = ? WHERE id = ? AND status = 'running'").run(JSON.stringify(progress), id);
  }

  /**
   * Writes the outcome of a run in one transaction: status, metrics and all artifacts together, so a crash
   * leaves either the whole result or none of it. Only a run still queued/running can finish.
   */
  finish(id: number, outcome: { status: Exclude<RunStatus, 'queued' | 'running'>; result?: RunResult; metrics?: RunMetrics; error?: string }): boolean {
    const write = this.db.transaction(() => {
      const changed = this.db
        .prepare(`UPDATE runs SET status = ?, finished_at = ?, metrics_json = ?, error = ? WHERE id = ? AND status IN (${ACTIVE_SQL})`)
        .run(outcome.status, nowIso(), outcome.metrics ? JSON.stringify(outcome.metrics) : null, outcome.error ?? null, id).changes;
      if (changed === 0) return false;
      if (outcome.result) this.writeResult(id, outcome.result);
      return true;
    });
    return write.immediate();
  }

  private writeResult(id: number, result: RunResult): void {
    this.writeArtifacts(id, packRunResult(result));
  }

  private writeArtifacts(id: number, artifacts: readonly PackedArtifact[]): void {
    const insert = cachedStatement(this.db, 'INSERT OR REPLACE INTO run_artifacts (run_id, kind, encoding, raw_bytes, data) VALUES (?, ?, ?, ?, ?)');
    for (const a of artifacts) insert.run(id, a.kind, ARTIFACT_ENCODING, a.rawBytes, a.data);
  }

  /**
   * Stores a run that finished elsewhere (a sweep point) in one go: its row, done, with metrics, and its result
   * already packed by `packRunResult` (the worker packs it, so the writer only inserts). Returns the run id.
   * Call inside a transaction.
   */
  insertFinished(run: NewRun, outcome: { readonly metrics: RunMetrics; readonly artifacts: readonly PackedArtifact[] }): number {
    const now = nowIso();
    const info = cachedStatement(
      this.db,
      `INSERT INTO runs (project_id, name, origin, design_id, workload_id, mapping_id, design_name, workload_name, mapping_name,
           design_hash, workload_hash, mapping_hash, options_json, status, created_at, finished_at, metrics_json, host_pid, sweep_id, engine_version, model_fingerprint)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'done', ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
        ...describedBy(run),
        now,
        now,
        JSON.stringify(outcome.metrics),
        run.hostPid ?? process.pid,
        run.sweepId ?? null,
        run.provenance?.engineVersion ?? null,
        run.provenance?.modelFingerprint ?? null,
      );
    const id = Number(info.lastInsertRowid);
    this.writeArtifacts(id, outcome.artifacts);
    return id;
  }

  result(id: number): RunResult | null {
    const rows = this.db.prepare('SELECT kind, encoding, data FROM run_artifacts WHERE run_id = ?').all(id) as {
      kind: string;
      encoding: string;
      data: Buffer;
    }[];
    const base = rows.find((r) => r.kind === 'result');
    if (!base) return null;
    const result: Record<string, unknown> = unpackJson<Record<string, unknown>>(base.data, base.encoding);
    for (const row of rows) if (row.kind !== 'result') result[row.kind] = unpackJson(row.data, row.encoding);
    return result as unknown as RunResult;
  }

  artifactSizes(id: number): { kind: string; rawBytes: number; storedBytes: number }[] {
    return this.db.prepare('SELECT kind, raw_bytes AS rawBytes, length(data) AS storedBytes FROM run_artifacts WHERE run_id = ?').all(id) as {
      kind: string;
      rawBytes: number;
      storedBytes: number;
    }[];
  }

  annotate(id: number, fields: { name?: string; tags?: readonly string[]; notes?: string }): RunInfo | undefined {
    const current = this.get(id);
    if (!current) return undefined;
    this.db
      .prepare('UPDATE runs SET name = ?, tags_json = ?, notes = ? WHERE id = ?')
      .run(fields.name ?? current.name, JSON.stringify(fields.tags ?? current.tags), fields.notes ?? current.notes, id);
    return this.get(id);
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes > 0;
  }

  /**
   * At start-up: runs left queued or running by a host process that no longer exists can never finish; mark
   * them interrupted. Runs of a live host (the CLI running while the app starts, a second window) are left alone.
   */
  markAbandonedInterrupted(isHostAlive: (pid: number) => boolean = processAlive): number {
    const active = this.db.prepare(`SELECT id, host_pid FROM runs WHERE status IN (${ACTIVE_SQL})`).all() as { id: number; host_pid: number | null }[];
    const abandoned = active.filter((r) => r.host_pid === null || r.host_pid === process.pid || !isHostAlive(r.host_pid));
    const mark = this.db.prepare(
      `UPDATE runs SET status = 'interrupted', finished_at = ?, error = 'the host process stopped before the run finished' WHERE id = ? AND status IN (${ACTIVE_SQL})`,
    );
    const now = nowIso();
    this.db.transaction(() => {
      for (const r of abandoned) mark.run(now, r.id);
    })();
    return abandoned.length;
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n;
  }
}

/** Used by project import to keep the original timestamps of a run. */
export function restoreRunTimes(db: Db, id: number, times: { createdAt: string; startedAt: string | null; finishedAt: string | null }): void {
  db.prepare('UPDATE runs SET created_at = ?, started_at = ?, finished_at = ? WHERE id = ?').run(times.createdAt, times.startedAt, times.finishedAt, id);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
