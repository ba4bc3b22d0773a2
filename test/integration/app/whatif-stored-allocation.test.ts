/**
 * The live what-if with a stored allocation: a finished run's allocation is evaluated fixed on every edit instead
 * of searching one (`allocationRunId`). Real SQLite, a real pipeline worker process for the stored run, the real
 * evaluator thread. testing-two-cores with a mapping that leaves each layer a choice of two cores; the stored run
 * put each layer on the other core (a mapping pinning them there), so its allocation is not the one the GA finds.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Accelerator } from '../../../src/engine';
import { prepareWorkerEntry, type WorkerBundle } from '../../../src/app/pipeline/worker-bundle';
import type { ApiEnvelope, HardwareDesign, MappingDocument, RunDetail, WhatIfResult } from '../../../src/shared/api';
import { call, exampleInputs, openServices, tempDir, type ExampleInputs } from './helpers';

const GA = { allocation: 'ga', nb_ga_generations: 4, nb_ga_individuals: 8 };
/** Each layer on the core the other is named for. */
const SWAPPED = '- name: layer_on_core0\n  core_allocation: [1]\n- name: layer_on_core1\n  core_allocation: [0]\n- name: default\n  core_allocation: [0]\n';
let worker: WorkerBundle;
let tmp: ReturnType<typeof tempDir>;
let services: ReturnType<typeof openServices>;
let inputs: ExampleInputs;
let choiceMappingId: number;
let stored: RunDetail;
let design: Accelerator;

beforeAll(async () => {
  worker = await prepareWorkerEntry();
  tmp = tempDir('studio-whatif-stored-');
  services = openServices(join(tmp.path, 'w.sqlite'), worker);
  inputs = await exampleInputs(services, 'testing-two-cores');
  const mapping = (name: string, yaml: string) => call<MappingDocument>(services, 'mappings.create', { projectId: inputs.projectId, name, yaml });
  choiceMappingId = (await mapping('either core', '- name: default\n  core_allocation: [0, 1]\n')).id;
  const swapped = await mapping('swapped', SWAPPED);
  const run = await call<{ id: number }>(services, 'runs.start', { ...inputs, mappingId: swapped.id, options: { allocation: 'fixed' } });
  await services.runs.whenFinished(run.id);
  stored = await call<RunDetail>(services, 'runs.get', { runId: run.id });
  design = (await call<HardwareDesign>(services, 'designs.get', { designId: inputs.designId })).accelerator as unknown as Accelerator;
}, 120_000);
afterAll(async () => {
  await services?.close();
  worker?.dispose();
  tmp?.remove();
});

const evaluate = (evaluationId: string, extra: Record<string, unknown> = {}) =>
  services.dispatch('whatif.evaluate', {
    evaluationId,
    projectId: inputs.projectId,
    workloadId: inputs.workloadId,
    mappingId: choiceMappingId,
    options: GA,
    accelerator: design as unknown as Record<string, unknown>,
    ...extra,
  }) as Promise<ApiEnvelope<WhatIfResult>>;

function figures(envelope: ApiEnvelope<WhatIfResult>) {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  if (envelope.value.status !== 'done') throw new Error(`expected a finished evaluation, got ${JSON.stringify(envelope.value)}`);
  return envelope.value.figures;
}

describe('live what-if with a stored allocation', () => {
  it('evaluates the stored run’s allocation, fixed, instead of searching one', async () => {
    expect(stored.run.status).toBe('done');
    expect(stored.result!.allocation).toEqual({ 0: [1], 1: [0] });
    const searched = figures(await evaluate('ga'));
    const pinned = figures(await evaluate('stored', { allocationRunId: stored.run.id }));
    // The stored run's figures, exactly (same design, same CNs, same cores) ...
    expect([pinned.latencyCycles, pinned.energyPj]).toEqual([stored.result!.latencyCycles, stored.result!.energyPj]);
    // ... which the GA over the same choice does not give (so the stored allocation, not a search, was evaluated).
    expect([searched.latencyCycles, searched.energyPj]).not.toEqual([pinned.latencyCycles, pinned.energyPj]);
  }, 120_000);

  it('refuses a run that is not a finished run of the project, and a malformed id', async () => {
    const missing = await evaluate('missing', { allocationRunId: 999_999 });
    expect(missing.ok ? 'ok' : missing.error.code).toBe('not_found');
    const other = await call<{ id: number }>(services, 'projects.create', { name: 'other project' });
    const foreign = await services.dispatch('whatif.evaluate', {
      evaluationId: 'foreign',
      projectId: other.id,
      workloadId: inputs.workloadId,
      mappingId: choiceMappingId,
      accelerator: design as unknown as Record<string, unknown>,
      allocationRunId: stored.run.id,
    }) as ApiEnvelope<WhatIfResult>;
    expect(foreign.ok).toBe(false);
    const malformed = await evaluate('malformed', { allocationRunId: 'latest' });
    expect(malformed.ok ? 'ok' : `${malformed.error.code}: ${malformed.error.message}`).toMatch(/allocationRunId/);
  }, 60_000);
});
