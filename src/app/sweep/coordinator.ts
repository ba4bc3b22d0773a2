/**
 * The sweep coordinator: creates a sweep in the workspace, hands its unfinished points to an executor (local
 * pool or BullMQ queue), and records every outcome. It is the only writer of the workspace: each point's runs,
 * its figures and its new cost LUT entries are written in one transaction, and a point already finished is never
 * written again (a duplicate completion from the queue is ignored).
 */
import { basename } from 'node:path';
import { type Accelerator, contentHash, expandSweep, type PipelineProgress, type RunResult, type SweepDefinition, sweepPareto, unwrap } from '../../engine';
import { engineBridge } from '../services/engine';
import { type SeedSummary, type Store, type SweepInfo, type SweepPoint } from '../store';
import { ExecutorCancelled, type PointExecutor } from './executor';
import type { PointJob, PointResult, Provenance, SweepBase } from './protocol';

export interface SweepProgress {
  readonly sweepId: number;
  readonly total: number;
  readonly done: number;
  readonly invalid: number;
  readonly failed: number;
  readonly running: readonly { readonly index: number; readonly percent: number; readonly stage: string }[];
  readonly bestLatency: number | null;
  readonly bestEnergy: number | null;
  readonly lut: { readonly hits: number; readonly misses: number };
  /** The point that just finished, if this update is about one. */
  readonly finished?: SweepPoint;
}

export interface CreateSweepInput {
  /** The project to store the sweep in: by id (the app), or by name, created when missing (the CLI). */
  readonly projectId?: number;
  readonly projectName: string;
  readonly definition: SweepDefinition;
  readonly base: SweepBase;
  readonly provenance: Provenance;
}

export function createSweep(store: Store, input: CreateSweepInput): SweepInfo {
  const project =
    (input.projectId !== undefined ? store.projects.get(input.projectId) : undefined) ??
    store.projects.findByName(input.projectName) ??
    store.projects.create({ name: input.projectName, description: 'Design-space sweeps' });
  const points = expandSweep(input.definition);
  const sweep = store.sweeps.create({
    projectId: project.id,
    name: input.definition.name,
    definition: input.definition,
    base: input.base,
    points,
    provenance: input.provenance,
  });
  store.projects.touch(project.id);
  return sweep;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function seedSummary(results: readonly Pick<RunResult, 'latencyCycles' | 'energyPj'>[]): SeedSummary | null {
  if (results.length < 2) return null;
  const lat = results.map((r) => r.latencyCycles);
  const en = results.map((r) => r.energyPj);
  return {
    seeds: results.length,
    latency: { best: Math.min(...lat), median: median(lat), spread: Math.max(...lat) - Math.min(...lat) },
    energy: { best: Math.min(...en), median: median(en), spread: Math.max(...en) - Math.min(...en) },
  };
}

/** The inputs rows the point runs refer to: the sweep's workload and mapping in its project, created once. */
function inputRows(store: Store, projectId: number, base: SweepBase) {
  const workloads = new Map<string, { id: number; name: string; hash: string }>();
  for (const [path, w] of Object.entries(base.workloads)) {
    const bytes = new Uint8Array(Buffer.from(w.bytesBase64, 'base64'));
    const hash = contentHash(bytes);
    let row: { id: number; name: string; contentHash: string } | undefined = store.workloads.list(projectId).find((x) => x.contentHash === hash);
    if (!row) {
      const { layers, edges } = unwrap(engineBridge.summarizeWorkload(w.format, bytes, w.path));
      row = store.workloads.create({ projectId, name: w.name, format: w.format, source: bytes, layers, edges });
    }
    workloads.set(path, { id: row.id, name: row.name, hash: row.contentHash });
  }
  const mappingHash = contentHash(base.mapping.yaml);
  const mapping =
    store.mappings.list(projectId).find((m) => m.contentHash === mappingHash) ??
    store.mappings.create(projectId, base.mapping.name, base.mapping.yaml, unwrap(engineBridge.checkMapping(base.mapping.yaml, base.mapping.name)).entryCount);
  const designHash = contentHash(base.accelerator);
  const design =
    store.designs.list(projectId).find((d) => d.contentHash === designHash) ??
    store.designs.create({ projectId, name: base.acceleratorName, origin: 'yaml', accelerator: base.accelerator as never });
  return { workloads, mapping: { id: mapping.id, name: mapping.name, hash: mapping.contentHash }, design: { id: design.id, name: design.name, hash: design.contentHash } };
}

export interface RunSweepOptions {
  readonly onProgress?: (progress: SweepProgress) => void;
  readonly signal?: AbortSignal;
  /** A token making point keys unique across workspaces (queue job ids); default the workspace path + sweep id. */
  readonly keyPrefix?: string;
  /** Who started the sweep, stamped on its point runs (default `cli`). */
  readonly origin?: 'app' | 'cli';
}

/**
 * Runs every unfinished point of a sweep (a new one, or an interrupted one being resumed) and returns the final
 * sweep row. Cancelling (`signal`) stops all workers; the points not finished stay pending for `resume`.
 */
export async function runSweep(store: Store, sweepId: number, executor: PointExecutor, options: RunSweepOptions = {}): Promise<SweepInfo> {
  const sweep = store.sweeps.get(sweepId);
  if (!sweep) throw new Error(`no sweep ${sweepId} in ${store.path}`);
  const definition = sweep.definition as SweepDefinition;
  const base = store.sweeps.base(sweepId) as SweepBase;
  const provenance: Provenance = { engineVersion: sweep.engineVersion, modelFingerprint: sweep.modelFingerprint };
  store.lut.provenance = store.cacti.provenance = provenance;
  const rows = store.transaction(() => inputRows(store, sweep.projectId, base));
  store.sweeps.markRunning(sweepId);
  const all = store.sweeps.points(sweepId);
  const pending = all.filter((p) => p.status === 'pending');
  const running = new Map<number, { percent: number; stage: string }>();
  let lutHits = 0;
  let lutMisses = 0;
  const best = { latency: null as number | null, energy: null as number | null };
  for (const p of all) {
    if (p.status !== 'done') continue;
    if (p.latencyCycles !== null) best.latency = Math.min(best.latency ?? Infinity, p.latencyCycles);
    if (p.energyPj !== null) best.energy = Math.min(best.energy ?? Infinity, p.energyPj);
  }
  let cactiRuns: ReturnType<Store['cacti']['all']> | undefined;
  // Counts kept here (not read back per progress event); the store's row gets the same increments.
  const counts = (({ total, done, invalid, failed }) => ({ total, done, invalid, failed }))(store.sweeps.get(sweepId)!);
  const report = (finished?: SweepPoint) => {
    options.onProgress?.({
      sweepId,
      ...counts,
      running: [...running].map(([index, r]) => ({ index, ...r })),
      bestLatency: best.latency,
      bestEnergy: best.energy,
      lut: { hits: lutHits, misses: lutMisses },
      ...(finished ? { finished } : {}),
    });
  };

  // The worker sends the point ready to store (packed results, metrics, hashes, LUT entries as JSON): one insert each.
  const record = (index: number, params: Readonly<Record<string, unknown>>, result: PointResult) => {
    const wrote = store.transaction(() => {
      if (store.sweeps.isFinished(sweepId, index)) return false; // a duplicate completion
      if (result.cacti) {
        store.cacti.record(result.cacti.fresh, result.cacti.reused);
        if (result.cacti.fresh.length > 0) cactiRuns = undefined;
      }
      if (result.status !== 'done') return store.sweeps.finishPoint(sweepId, index, { status: result.status, error: result.error, cpuMs: result.cpuMs });
      store.lut.recordSerialized(result.newLutEntries, result.lutHitKeys);
      const workload = rows.workloads.get(result.workloadPath)!;
      const design = result.designHash === rows.design.hash ? rows.design : { id: null, name: `${rows.design.name} · ${sweep.name} #${index}`, hash: result.designHash };
      const mapping = result.mappingHash === rows.mapping.hash ? rows.mapping : { id: null, name: `${rows.mapping.name} (clipped)`, hash: result.mappingHash };
      const paramsText = Object.entries(params)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(' ');
      const runIds = result.runs.map((seedRun) =>
        store.runs.insertFinished(
          {
            projectId: sweep.projectId,
            name: `${sweep.name} #${index}${result.runs.length > 1 ? ` seed ${seedRun.seed}` : ''} · ${paramsText}`,
            origin: options.origin ?? 'cli',
            design,
            workload,
            mapping,
            options: { ...result.options, seed: seedRun.seed },
            sweepId,
            provenance,
          },
          seedRun,
        ),
      );
      // The point's figures are those of its best seed (lowest EDP); the spread is kept beside them.
      let bestI = 0;
      result.runs.forEach((r, i) => {
        if (r.metrics.edp < result.runs[bestI]!.metrics.edp) bestI = i;
      });
      const chosen = result.runs[bestI]!.metrics;
      return store.sweeps.finishPoint(sweepId, index, {
        status: 'done',
        runId: runIds[bestI]!,
        seedRunIds: runIds,
        latencyCycles: chosen.latencyCycles,
        energyPj: chosen.energyPj,
        areaMm2: result.areaMm2,
        edp: chosen.edp,
        seeds: seedSummary(result.runs.map((r) => r.metrics)),
        cpuMs: result.cpuMs,
        lutHits: result.lut.hits,
        lutMisses: result.lut.misses,
      });
    });
    if (!wrote) return;
    counts[result.status === 'done' ? 'done' : result.status === 'invalid' ? 'invalid' : 'failed']++;
    const p = store.sweeps.point(sweepId, index)!;
    if (result.status === 'done') {
      lutHits += result.lut.hits;
      lutMisses += result.lut.misses;
      best.latency = Math.min(best.latency ?? Infinity, p.latencyCycles!);
      best.energy = Math.min(best.energy ?? Infinity, p.energyPj!);
    }
    report(p);
  };

  const keyPrefix = options.keyPrefix ?? `${contentHash(store.path).slice(0, 12)}:${sweepId}`;
  let cancelled = false;
  let stopping: Promise<void> | undefined;
  const onAbort = () => {
    cancelled = true;
    stopping = executor.cancel();
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  report();
  try {
    let next = 0;
    const lane = async () => {
      while (!cancelled && next < pending.length) {
        const point = pending[next++]!;
        // The workspace's CACTI results as of now (also those the points finished so far added; read again only then).
        cactiRuns ??= store.cacti.all();
        const job: PointJob = { sweepId, index: point.index, key: `${keyPrefix}:${point.index}`, definition, base, params: point.params, provenance, cactiRuns };
        store.sweeps.markPointRunning(sweepId, point.index);
        running.set(point.index, { percent: 0, stage: 'starting' });
        try {
          const result = await executor.run(job, (p: PipelineProgress) => {
            running.set(point.index, { percent: p.percent, stage: p.stage });
            report();
          });
          running.delete(point.index);
          record(point.index, point.params, result);
        } catch (error) {
          running.delete(point.index);
          store.sweeps.releasePoint(sweepId, point.index);
          if (error instanceof ExecutorCancelled || cancelled) return;
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(executor.capacity, pending.length)) }, lane));
  } catch (error) {
    store.sweeps.finish(sweepId, 'failed', error instanceof Error ? error.message : String(error));
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    // Returns only once every worker has stopped.
    if (stopping) await stopping;
  }
  if (cancelled) store.sweeps.finish(sweepId, 'cancelled');
  else finishRun(store, sweepId);
  return store.sweeps.get(sweepId)!;
}

/** Every point has an outcome: the sweep is done, or failed when no point finished and some failed (nothing to show). */
function finishRun(store: Store, sweepId: number): void {
  const { done, failed } = store.sweeps.get(sweepId)!;
  if (done > 0 || failed === 0) {
    store.sweeps.finish(sweepId, 'done');
    return;
  }
  const first = store.sweeps.points(sweepId).find((p) => p.status === 'failed');
  store.sweeps.finish(sweepId, 'failed', `no point finished: ${failed} failed (point #${first?.index ?? '?'}: ${first?.error ?? 'no reason recorded'})`);
}

/** Pareto set of the finished points (latency, energy and, when every point has one, area). */
export function paretoOfSweep(points: readonly SweepPoint[]): number[] {
  return sweepPareto(
    points
      .filter((p) => p.status === 'done' && p.latencyCycles !== null && p.energyPj !== null)
      .map((p) => ({ index: p.index, latencyCycles: p.latencyCycles!, energyPj: p.energyPj!, areaMm2: p.areaMm2 })),
  );
}

export const workloadName = (path: string): string => basename(path).replace(/\.(onnx|ya?ml)$/i, '');
export type { Accelerator };
