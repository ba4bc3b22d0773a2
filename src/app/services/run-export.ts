/**
 * "Export run file": a stored run as a run file (docs/run-file.md) with the exact inputs it ran on beside it, so
 * that `stream-studio run run-N/run.yaml` reproduces its figures. The inputs are the project's design, workload and
 * mapping as stored; a run whose inputs were edited or deleted since is refused (its inputs are gone — the run
 * keeps only their content hashes).
 */
import { contentHash, formatRunFile } from '../../engine';
import { ApiError } from '../../shared/api-errors';
import type { RunFileZip, RunInfo, SourceFile } from '../../shared/api-types';
import { writeZip } from '../../shared/zip';
import type { Store } from '../store';
import type { EngineBridge } from './engine-bridge';

const RUN_FILE = 'run.yaml';

function fileSafe(name: string, fallback: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[_.]+|_+$/g, '') || fallback;
}

function normalise(path: string): string | null {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return null;
    parts.push(part);
  }
  return parts.join('/');
}

function gone(run: RunInfo, what: 'design' | 'workload' | 'mapping', name: string, why: string): ApiError {
  return new ApiError(
    'conflict',
    `run ${run.id} cannot be exported as a run file: its ${what} "${name}" ${why}, and a run stores only the content hash of its inputs (re-run it on the current inputs and export that run)`,
  );
}

/**
 * The accelerator files of the run's design, under `hardware/`: the imported YAML as it was uploaded when it still
 * reads back as the stored design, else the design written out by the exporter. Either way the files are imported
 * again here and must give the design the run used (same content hash, core file names aside).
 */
function acceleratorFiles(store: Store, engine: EngineBridge, run: RunInfo): { main: string; files: SourceFile[] } {
  const design = run.designId === null ? undefined : store.designs.get(run.designId);
  if (!design) throw gone(run, 'design', run.designName, 'was deleted');
  if (design.contentHash !== run.designHash) throw gone(run, 'design', design.name, 'was edited since the run');
  // `coreFiles` only names the core files in error messages: it may differ (the exporter names its own files).
  const behaviour = (accelerator: object) => contentHash({ ...accelerator, coreFiles: [] });
  const expected = behaviour(design.accelerator);
  const readsBack = (main: string, files: readonly SourceFile[]) => {
    const imported = engine.importAcceleratorYaml(main, files);
    return imported.ok && behaviour(imported.value) === expected;
  };
  const source = design.yamlSource;
  if (source) {
    const main = normalise(source.main);
    const files = source.files.map((f) => ({ path: normalise(f.path), text: f.text }));
    if (main !== null && files.every((f) => f.path !== null)) {
      const placed = files.map((f) => ({ path: `hardware/${f.path}`, text: f.text }));
      if (readsBack(`hardware/${main}`, placed)) return { main: `hardware/${main}`, files: placed };
    }
  }
  const main = `hardware/${fileSafe(design.name, 'accelerator')}.yaml`;
  const exported = engine.exportAcceleratorYaml(design.accelerator, main);
  if (!exported.ok) throw new ApiError('internal', `run ${run.id}: the design "${design.name}" cannot be written as YAML: ${exported.issues.map((i) => `${i.field}: ${i.expected}`).join('; ')}`);
  const files = exported.value.files.map((f) => ({ path: f.path === main ? main : `hardware/${f.path}`, text: f.text }));
  if (!readsBack(main, files)) {
    throw new ApiError('internal', `run ${run.id}: the design "${design.name}" written as YAML does not read back as the same accelerator, so a run file could not reproduce the run`);
  }
  return { main, files };
}

/** One file of a run-file folder; `path` is `/`-separated inside the folder (`hardware/cores/tpu_like.yaml`). */
export interface RunFileEntry {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** A stored run as a run-file folder: its name (`run-N`), the run file's path inside it, and every file. */
export interface RunFileFolder {
  readonly folder: string;
  readonly runFile: string;
  readonly files: readonly RunFileEntry[];
}

export function exportRunFile(store: Store, engine: EngineBridge, runId: number): RunFileFolder {
  const run = store.runs.get(runId);
  if (!run) throw ApiError.notFound('run', runId);
  const accelerator = acceleratorFiles(store, engine, run);

  const workload = run.workloadId === null ? undefined : store.workloads.source(run.workloadId);
  if (!workload) throw gone(run, 'workload', run.workloadName, 'was deleted');
  if (workload.contentHash !== run.workloadHash) throw gone(run, 'workload', workload.name, 'was replaced since the run');
  const workloadPath = `workload/${fileSafe(workload.name.replace(/\.(onnx|ya?ml)$/i, ''), 'workload')}.${workload.format === 'onnx' ? 'onnx' : 'yaml'}`;

  const mapping = run.mappingId === null ? undefined : store.mappings.get(run.mappingId);
  if (!mapping) throw gone(run, 'mapping', run.mappingName, 'was deleted');
  if (mapping.contentHash !== run.mappingHash) throw gone(run, 'mapping', mapping.name, 'was edited since the run');
  const mappingPath = `mapping/${fileSafe(mapping.name.replace(/\.ya?ml$/i, ''), 'mapping')}.yaml`;

  const m = run.metrics;
  const comment = [
    `Run ${run.id} "${run.name}" (${run.status}), exported from Stream Studio.`,
    ...(m ? [`Its figures: latency ${m.latencyCycles} cycles, energy ${m.energyPj} pJ.`] : []),
    `Reproduce it with: stream-studio run ${RUN_FILE}`,
  ].join('\n');
  const runFile = formatRunFile({ accelerator: accelerator.main, workload: workloadPath, mapping: mappingPath, options: run.options }, comment);

  const encoder = new TextEncoder();
  const text = (path: string, content: string): RunFileEntry => ({ path, bytes: encoder.encode(content) });
  const files: RunFileEntry[] = [
    text(RUN_FILE, runFile),
    ...accelerator.files.map((f) => text(f.path, f.text)),
    { path: workloadPath, bytes: new Uint8Array(workload.bytes) },
    text(mappingPath, mapping.yaml),
  ];
  return { folder: `run-${run.id}`, runFile: RUN_FILE, files };
}

/** The dashboard's "Export run file": the folder as one zip. */
export function runFileZip(store: Store, engine: EngineBridge, runId: number): RunFileZip {
  const { folder, files } = exportRunFile(store, engine, runId);
  return { fileName: `${folder}.zip`, zip: writeZip(files.map((f) => ({ path: `${folder}/${f.path}`, bytes: f.bytes }))) };
}
