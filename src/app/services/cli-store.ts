/**
 * Storage for `stream-studio run --db PATH [--project NAME]`: the CLI runs the pipeline in its own process
 * (no worker) and records the run, its inputs and the cost LUT in the workspace, so that it appears in the app.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { cactiRunCount, contentHash, type CostLut, type CostLutEntry, rememberCactiRuns, type RunResult, takeCactiRuns, unwrap } from '../../engine';
import { metricsOf, Store } from '../store';
import { engineBridge } from './engine';
import { readAcceleratorFromDisk } from './examples';
import { provenance } from '../sweep/provenance';
import { DEFAULT_CLI_PROJECT } from './cli-defaults';

export { DEFAULT_CLI_PROJECT };

export interface StoredCliRun {
  readonly runId: number;
  readonly result: RunResult;
  readonly lut: { readonly hits: number; readonly misses: number };
  /** CACTI runs made for this run, and configurations priced from the workspace's stored CACTI results instead. */
  readonly cacti: { readonly runs: number; readonly fromWorkspace: number };
}

export interface CliRunInputs {
  readonly dbPath: string;
  readonly projectName?: string;
  readonly acceleratorPath: string;
  readonly workloadPath: string;
  readonly mappingPath: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/** A cost LUT reading the workspace's entries and collecting new ones (written when the run ends). */
class StoreCostLut implements CostLut {
  private readonly fresh = new Map<string, CostLutEntry>();
  private readonly hitKeys = new Map<string, number>();

  constructor(private readonly store: Store) {}

  get(key: string): CostLutEntry | undefined {
    const own = this.fresh.get(key);
    if (own) return own;
    const stored = this.store.lut.get(key) as CostLutEntry | undefined;
    if (stored !== undefined) this.hitKeys.set(key, (this.hitKeys.get(key) ?? 0) + 1);
    return stored;
  }

  set(key: string, entry: CostLutEntry): void {
    this.fresh.set(key, entry);
  }

  flush(): void {
    this.store.lut.record([...this.fresh], this.hitKeys);
    this.fresh.clear();
    this.hitKeys.clear();
  }
}

/** Finds the project's input with the same content, or adds it. */
function ensureInputs(store: Store, projectId: number, inputs: CliRunInputs) {
  const { accelerator, source } = readAcceleratorFromDisk(inputs.acceleratorPath);
  const designHash = contentHash(accelerator);
  const design =
    store.designs.list(projectId).find((d) => d.contentHash === designHash) ??
    store.designs.create({ projectId, name: basename(inputs.acceleratorPath).replace(/\.ya?ml$/i, ''), origin: 'yaml', accelerator, yamlSource: source });

  const bytes = readFileSync(inputs.workloadPath);
  const format = /\.onnx$/i.test(inputs.workloadPath) ? 'onnx' : 'yaml';
  const workloadHash = contentHash(new Uint8Array(bytes));
  let workload: { id: number; name: string; contentHash: string } | undefined = store.workloads.list(projectId).find((w) => w.contentHash === workloadHash);
  if (!workload) {
    const name = basename(inputs.workloadPath).replace(/\.(onnx|ya?ml)$/i, '');
    const { layers, edges } = unwrap(engineBridge.summarizeWorkload(format, bytes, inputs.workloadPath));
    workload = store.workloads.create({ projectId, name, format, source: bytes, layers, edges });
  }

  const yaml = readFileSync(inputs.mappingPath, 'utf8');
  const mappingHash = contentHash(yaml);
  const mapping =
    store.mappings.list(projectId).find((m) => m.contentHash === mappingHash) ??
    store.mappings.create(projectId, basename(inputs.mappingPath).replace(/\.ya?ml$/i, ''), yaml, unwrap(engineBridge.checkMapping(yaml, inputs.mappingPath)).entryCount);
  return { design, workload, mapping };
}

/**
 * Records a run in the workspace around `execute` (which runs the pipeline with the given cost LUT). The run
 * is `running` while it executes, then `done` with its results, `cancelled` when `signal` aborted it, or
 * `failed` with the error (which is rethrown).
 */
export async function runWithStore(
  inputs: CliRunInputs,
  execute: (costLut: CostLut) => Promise<RunResult>,
  signal?: AbortSignal,
): Promise<StoredCliRun> {
  const store = Store.open(inputs.dbPath);
  const stamp = await provenance();
  store.lut.provenance = store.cacti.provenance = stamp;
  try {
    const projectName = inputs.projectName ?? DEFAULT_CLI_PROJECT;
    const project = store.projects.findByName(projectName) ?? store.projects.create({ name: projectName, description: 'Runs made with stream-studio run --db' });
    const { design, workload, mapping } = store.transaction(() => ensureInputs(store, project.id, inputs));
    const run = store.runs.create({
      projectId: project.id,
      name: `${design.name} · ${workload.name} · ${mapping.name}`,
      origin: 'cli',
      design: { id: design.id, name: design.name, hash: design.contentHash },
      workload: { id: workload.id, name: workload.name, hash: workload.contentHash },
      mapping: { id: mapping.id, name: mapping.name, hash: mapping.contentHash },
      options: inputs.options,
      provenance: stamp,
    });
    store.runs.markRunning(run.id);
    store.projects.touch(project.id);
    const lut = new StoreCostLut(store);
    // Direct CACTI results the workspace has are reused; new ones are stored with the run.
    rememberCactiRuns(store.cacti.all());
    takeCactiRuns();
    const cactiRuns0 = cactiRunCount();
    const flushCacti = () => {
      const delta = takeCactiRuns();
      store.cacti.record(delta.fresh, delta.reused);
      return { runs: cactiRunCount() - cactiRuns0, fromWorkspace: delta.reused.length };
    };
    const started = performance.now();
    try {
      const result = await execute(lut);
      lut.flush();
      const cacti = flushCacti();
      store.runs.finish(run.id, { status: 'done', result, metrics: metricsOf(result, performance.now() - started) });
      return { runId: run.id, result, lut: { hits: result.lut.hits, misses: result.lut.misses }, cacti };
    } catch (error) {
      lut.flush();
      flushCacti();
      const cancelled = signal?.aborted ?? false;
      store.runs.finish(run.id, { status: cancelled ? 'cancelled' : 'failed', error: cancelled ? 'cancelled (SIGINT)' : error instanceof Error ? error.message : String(error) });
      throw error;
    }
  } finally {
    store.close();
  }
}
