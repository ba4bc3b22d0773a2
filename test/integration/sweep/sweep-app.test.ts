/**
 * Sweeps started from the app (`sweeps.start`, `sweeps.cancel`, `sweeps.resume`) through the channel dispatcher:
 * real SQLite workspace, the real local pool of worker processes and the engine, on the tutorial's hda_bus / 4_convs.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioServices } from '../../../src/app/services';
import { createStudioServices } from '../../../src/app/services';
import { engineBridge } from '../../../src/app/services/engine';
import { childProcessLauncher } from '../../../src/app/pipeline/launcher';
import { integrityCheck } from '../../../src/app/store';
import type { ApiEnvelope, SweepDetail, SweepSummary } from '../../../src/shared/api';
import { call, exampleInputs, type ExampleInputs, tempDir, waitFor } from '../app/helpers';

const MEMORY = 'cores[0].memories[sram_64KB_I1_O].size_bits';
let tmp: ReturnType<typeof tempDir>;
let services: StudioServices;
let inputs: ExampleInputs;

beforeAll(async () => {
  tmp = tempDir('studio-sweep-app-');
  // Points run in the sweep pool; no ordinary run is started, so the run launcher is never used.
  services = createStudioServices({ dbPath: join(tmp.path, 'w.sqlite'), engine: engineBridge, launcher: childProcessLauncher('/nonexistent'), seed: false, spareWorker: false });
  inputs = await exampleInputs(services, 'tutorial-hda-bus');
});
afterAll(async () => {
  await services?.close();
  tmp?.remove();
});

const base = () => ({ ...inputs, options: { allocation: 'fixed' }, costs: 'as_given' as const, workers: 1 });
const detail = (sweepId: number) => call<SweepDetail>(services, 'sweeps.get', { sweepId });
async function finished(sweepId: number): Promise<SweepDetail> {
  await waitFor(() => !services.sweeps.running.includes(sweepId), 120_000, `sweep ${sweepId} to stop`);
  return detail(sweepId);
}

describe('sweeps from the app', () => {
  it('refuses bad axes before anything runs, naming each axis and what was expected', async () => {
    const envelope = (await services.dispatch('sweeps.start', {
      ...base(),
      name: 'bad',
      axes: [
        { kind: 'field', path: 'cores[0].memories[nope].size_bits', values: [1024] },
        { kind: 'field', path: 'links[*].bandwidth', values: [] },
        { kind: 'field', path: MEMORY, values: ['big'] },
        { kind: 'option', option: 'mode', values: ['sideways'] },
      ],
    })) as ApiEnvelope<SweepSummary>;
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('invalid_input');
    const issues = envelope.error.issues!.map((i) => `${i.file} ${i.field}: ${i.expected} ${i.found ?? ''}`);
    expect(issues).toEqual([
      expect.stringMatching(/^sweep setup axes\[0\]\.field: .*nope/),
      expect.stringMatching(/^sweep setup axes\[1\]\.values: at least one value/),
      expect.stringMatching(/^sweep setup axes\[2\]\.values\[0\]: a positive integer size in bits/),
      expect.stringMatching(/^sweep setup axes\[3\]\.values\[0\]: a value of mode: one of lbl, fused "sideways"/),
    ]);
    expect(await call<SweepSummary[]>(services, 'sweeps.list', { projectId: inputs.projectId })).toEqual([]);
  });

  it('runs a 2 × 2 grid in the host: every point an app run of the project, linked to the sweep', async () => {
    const sweep = await call<SweepSummary>(services, 'sweeps.start', {
      ...base(),
      name: 'grid',
      axes: [
        { kind: 'field', path: MEMORY, values: [524288, 1048576] },
        { kind: 'field', path: 'links[*].bandwidth', values: [16, 64] },
      ],
    });
    expect(sweep.total).toBe(4);
    const done = await finished(sweep.id);
    expect(done.sweep.status).toBe('done');
    expect(done.points.map((p) => p.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(done.points.map((p) => p.params)).toEqual([
      { [MEMORY]: 524288, 'links[*].bandwidth': 16 },
      { [MEMORY]: 524288, 'links[*].bandwidth': 64 },
      { [MEMORY]: 1048576, 'links[*].bandwidth': 16 },
      { [MEMORY]: 1048576, 'links[*].bandwidth': 64 },
    ]);
    const runs = services.store.runs.list({ projectId: inputs.projectId }).filter((r) => r.sweepId === sweep.id);
    expect(runs.map((r) => r.origin)).toEqual(['app', 'app', 'app', 'app']);
    // The link bandwidth changes the latency; the run's figures are the point's.
    const bw16 = done.points[0]!;
    const bw64 = done.points[1]!;
    expect(bw16.latencyCycles).toBeGreaterThan(bw64.latencyCycles!);
    expect(runs.find((r) => r.id === bw16.runId)!.metrics!.latencyCycles).toBe(bw16.latencyCycles);
  });

  it('cancels, then resumes only the unfinished points (no point runs twice)', async () => {
    const sweep = await call<SweepSummary>(services, 'sweeps.start', {
      ...base(),
      name: 'cancel-resume',
      axes: [
        { kind: 'field', path: MEMORY, values: [524288, 1048576, 2097152] },
        { kind: 'field', path: 'links[*].bandwidth', values: [16, 32, 64] },
      ],
    });
    const cancelled = await call<SweepSummary>(services, 'sweeps.cancel', { sweepId: sweep.id });
    expect(cancelled.status).toBe('cancelled');
    const before = await detail(sweep.id);
    const doneBefore = before.points.filter((p) => p.status === 'done').map((p) => [p.index, p.runId]);
    expect(doneBefore.length).toBeLessThan(9);

    const resumed = await call<SweepSummary>(services, 'sweeps.resume', { sweepId: sweep.id, workers: 1 });
    expect(resumed.status).toBe('running');
    const after = await finished(sweep.id);
    expect(after.sweep.status).toBe('done');
    expect(after.points.every((p) => p.status === 'done')).toBe(true);
    // Points finished before the cancel kept their runs; exactly one run per point.
    for (const [index, runId] of doneBefore) expect(after.points[index!]!.runId).toBe(runId);
    const runs = services.store.runs.list({ projectId: inputs.projectId }).filter((r) => r.sweepId === sweep.id);
    expect(runs).toHaveLength(9);
    const again = (await services.dispatch('sweeps.resume', { sweepId: sweep.id })) as ApiEnvelope<SweepSummary>;
    expect(again.ok === false && again.error.message).toContain('is done');
    expect(integrityCheck(services.store.db)).toBe('ok');
  });
});
