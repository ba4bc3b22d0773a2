/**
 * The `whatif.*` channels end to end below the UI: real SQLite workspace, the real warm evaluator thread and the
 * engine. Fused ResNet-18 on tpu_like_quad_core with its fixed allocation, as in the editor's live what-if.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDesignEdit, CACTI_TABLE, cactiQueryOf, lookupCacti, type Accelerator } from '../../../src/engine';
import { reviveAccelerator } from '../../../src/app/pipeline/revive';
import type { StudioServices } from '../../../src/app/services';
import { createStudioServices } from '../../../src/app/services';
import { engineBridge } from '../../../src/app/services/engine';
import { childProcessLauncher } from '../../../src/app/pipeline/launcher';
import type { ApiEnvelope, HardwareDesign, ProjectDetail, RunInfo, WhatIfResult } from '../../../src/shared/api';
import { call, tempDir, waitFor } from './helpers';
import { runPipeline } from '../../../src/engine';
import { loadMappingFile } from '../../../src/engine/mapping/io';
import { loadWorkloadFile } from '../../../src/engine/workload/io';
import { unwrap } from '../../../src/engine/errors';
import { INPUTS } from '../../support/reference';

const STACKS = [Array.from({ length: 11 }, (_, i) => i), Array.from({ length: 11 }, (_, i) => i + 11)];
let tmp: ReturnType<typeof tempDir>;
let services: StudioServices;
let pin: { projectId: number; workloadId: number; mappingId: number; options: Record<string, unknown> };
let design: Accelerator;

beforeAll(async () => {
  tmp = tempDir('studio-whatif-');
  // No run is started here: the launcher is never used.
  services = createStudioServices({ dbPath: join(tmp.path, 'w.sqlite'), engine: engineBridge, launcher: childProcessLauncher('/nonexistent'), seed: false, spareWorker: false });
  const project = await call<{ id: number }>(services, 'examples.createProject', { exampleId: 'tpu-resnet18' });
  const detail = await call<ProjectDetail>(services, 'projects.get', { projectId: project.id });
  const mapping = detail.mappings.find((m) => m.name.endsWith('fixed_split'))!;
  pin = { projectId: project.id, workloadId: detail.workloads[0]!.id, mappingId: mapping.id, options: { mode: 'fused', layer_stacks: STACKS } };
  design = reviveAccelerator((await call<HardwareDesign>(services, 'designs.get', { designId: detail.designs[0]!.id })).accelerator as unknown as Accelerator);
});
afterAll(async () => {
  await services?.close();
  tmp?.remove();
});

const evaluate = (evaluationId: string, accelerator: Accelerator) =>
  call<WhatIfResult>(services, 'whatif.evaluate', { evaluationId, ...pin, accelerator: accelerator as unknown as Record<string, unknown> });

function edited(sizeBits: number): Accelerator {
  const out = applyDesignEdit(design, { kind: 'memory-size', coreId: 0, memory: 'sram_2MB', sizeBits }, { cactiTable: CACTI_TABLE });
  if (!out.ok) throw new Error(JSON.stringify(out.issues));
  return out.value.accelerator;
}

function done(result: WhatIfResult) {
  if (result.status !== 'done') throw new Error(`expected a finished evaluation, got ${JSON.stringify(result)}`);
  return result.figures;
}

describe('live what-if channel (real SQLite, real evaluator thread)', () => {
  it('evaluates the pinned configuration without storing a run, records new LUT entries and stays warm', async () => {
    const progress: number[] = [];
    const off = services.events.on('whatif.progress', (e) => e.evaluationId === 'base' && progress.push(e.progress.percent));
    const base = done(await evaluate('base', design));
    off();
    expect(base.latencyCycles).toBeGreaterThan(0);
    expect(base.energyPj).toBeGreaterThan(0);
    expect(base.edp).toBe(base.latencyCycles * base.energyPj);
    expect(base.nCns).toBe(1118);
    expect(base.lutMisses).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);
    // Written to the workspace just after the figures went back.
    await waitFor(() => services.store.lut.stats().entries > 0, 10_000, 'LUT entries in the workspace');
    expect((await call<{ entries: number }>(services, 'lut.stats')).entries).toBe(base.lutMisses);
    expect(await call<RunInfo[]>(services, 'runs.list', {})).toEqual([]);

    const thread = services.whatIf.evaluator.threadId;
    const again = done(await evaluate('again', design));
    expect(again.lutMisses).toBe(0);
    expect(again.latencyCycles).toBe(base.latencyCycles);
    expect(again.energyPj).toBe(base.energyPj);
    expect(services.whatIf.evaluator.threadId).toBe(thread);
  }, 120_000);

  it('re-costs only the edited core: the other cores come from the LUT, and the figures follow the edit', async () => {
    const base = done(await evaluate('base-2', design));
    const small = done(await evaluate('small', edited(1024 * 1024)));
    expect(small.lutMisses).toBeGreaterThan(0);
    expect(small.lutHits).toBeGreaterThan(0);
    expect(small.lutHits + small.lutMisses).toBe(base.lutHits + base.lutMisses);
    expect(small.energyPj).not.toBe(base.energyPj);
    // The warm evaluator (kept CN graphs, LUT) gives what a fresh engine run of the edited design gives.
    const E = `${INPUTS}/stream/examples`;
    const fresh = await runPipeline({
      accelerator: edited(1024 * 1024),
      workload: unwrap(await loadWorkloadFile(`${E}/workload/resnet18.onnx`, { flavour: 'stream' })),
      mapping: unwrap(loadMappingFile(`${E}/mapping/tpu_like_quad_core_resnet18_fixed_split.yaml`)),
      options: { mode: 'fused', layer_stacks: STACKS },
    });
    expect(small.latencyCycles).toBe(fresh.latencyCycles);
    expect(small.energyPj).toBe(fresh.energyPj);
    expect(small.areaMm2).toBe(fresh.area!.total);
  }, 120_000);

  it('a new evaluation cancels the one in progress; whatif.cancel cancels one', async () => {
    const first = evaluate('first', edited(4 * 1024 * 1024));
    const second = evaluate('second', edited(2 * 1024 * 1024));
    expect((await first).status).toBe('cancelled');
    expect(done(await second).latencyCycles).toBeGreaterThan(0);

    const third = evaluate('third', edited(3 * 1024 * 1024));
    await new Promise((r) => setTimeout(r, 50));
    expect(await call<{ cancelled: boolean }>(services, 'whatif.cancel', { evaluationId: 'third' })).toEqual({ cancelled: true });
    expect((await third).status).toBe('cancelled');
    expect(await call<{ cancelled: boolean }>(services, 'whatif.cancel', { evaluationId: 'third' })).toEqual({ cancelled: false });
  }, 120_000);

  const SIZE = 2.25 * 8 * 1024 * 1024;
  it('prices an edited automatic-cost memory as the edit arrives (whatif.prepare), stores the CACTI run, and the evaluation reuses it', async () => {
    // sram_2MB with automatic costs at 2.25 MiB: between the CACTI table's sizes, so a direct CACTI run.
    const automatic = edited(SIZE);
    const withAuto = { ...automatic, cores: automatic.cores.map((c) => (c.id !== 0 ? c : { ...c, memories: c.memories.map((m) => (m.instance.name === 'sram_2MB' ? { ...m, instance: { ...m.instance, autoCostExtraction: true } } : m)) })) };
    const memory = withAuto.cores[0]!.memories.find((m) => m.instance.name === 'sram_2MB')!.instance;
    const query = cactiQueryOf(memory);
    expect(query.ok && lookupCacti(CACTI_TABLE, query.query)).toMatchObject({ ok: true, cost: { exact: false } });
    expect(services.store.cacti.stats()).toHaveLength(0);
    expect(await call<{ accepted: boolean }>(services, 'whatif.prepare', { accelerator: withAuto as unknown as Record<string, unknown> })).toEqual({ accepted: true });
    // No evaluation asked for yet: the thread ran CACTI for it, and the host stored the result.
    const [row] = await waitFor(() => (services.store.cacti.stats().length > 0 ? services.store.cacti.stats() : undefined), 60_000, 'the prepared CACTI result in the workspace');
    expect(row).toMatchObject({ ok: true, query: { sizeBits: SIZE } });
    const figures = done(await evaluate('prepared', withAuto as Accelerator));
    expect(figures.energyPj).toBeGreaterThan(0);
    expect(services.store.cacti.stats()).toHaveLength(1);
    const bad = (await services.dispatch('whatif.prepare', { accelerator: 'not a design' })) as ApiEnvelope<unknown>;
    expect(bad.ok).toBe(false);
  }, 120_000);

  it('refuses a request that is not a what-if request, naming the field', async () => {
    const envelope = (await services.dispatch('whatif.evaluate', { evaluationId: 'x', ...pin })) as ApiEnvelope<unknown>;
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) expect(envelope.error.message).toMatch(/whatif\.evaluate: invalid request — request\.accelerator/);
    const bad = (await services.dispatch('whatif.evaluate', { evaluationId: 'y', ...pin, options: { output_path: '/tmp/x' }, accelerator: design })) as ApiEnvelope<unknown>;
    expect(bad.ok).toBe(false);
  });

  it('reports a design the engine cannot run as failed with its reason', async () => {
    const broken = { ...design, cores: design.cores.map((c) => (c.id === 0 ? { ...c, operationalArray: { ...c.operationalArray, dimensions: [] } } : c)) };
    const result = await evaluate('broken', broken as Accelerator);
    expect(result.status).toBe('failed');
  }, 60_000);
});
