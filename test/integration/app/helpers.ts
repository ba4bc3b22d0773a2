import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudioServices, type StudioServices } from '../../../src/app/services';
import { engineBridge } from '../../../src/app/services/engine';
import { childProcessLauncher } from '../../../src/app/pipeline/launcher';
import type { WorkerBundle } from '../../../src/app/pipeline/worker-bundle';
import type { ApiEnvelope, RunInfo } from '../../../src/shared/api';

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function openServices(dbPath: string, worker: WorkerBundle, concurrency = 2): StudioServices {
  return createStudioServices({ dbPath, engine: engineBridge, launcher: childProcessLauncher(worker.entry), concurrency, seed: false });
}

export async function call<T>(services: StudioServices, channel: string, request?: unknown): Promise<T> {
  const envelope = (await services.dispatch(channel, request)) as ApiEnvelope<T>;
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value;
}

export interface ExampleInputs {
  projectId: number;
  designId: number;
  workloadId: number;
  mappingId: number;
}

/** A project made from a bundled example, with the ids of its first design, workload and mapping. */
export async function exampleInputs(services: StudioServices, exampleId: string): Promise<ExampleInputs> {
  const project = await call<{ id: number }>(services, 'examples.createProject', { exampleId });
  const detail = await call<{ designs: { id: number }[]; workloads: { id: number }[]; mappings: { id: number }[] }>(services, 'projects.get', {
    projectId: project.id,
  });
  return { projectId: project.id, designId: detail.designs[0]!.id, workloadId: detail.workloads[0]!.id, mappingId: detail.mappings[0]!.id };
}

export async function startRun(services: StudioServices, inputs: ExampleInputs, options: Record<string, unknown> = { allocation: 'fixed' }): Promise<RunInfo> {
  return call<RunInfo>(services, 'runs.start', { ...inputs, options });
}

export function waitFor<T>(check: () => T | undefined | false, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const value = check();
      if (value) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}
