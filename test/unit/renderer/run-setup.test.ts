import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import type { ProjectDetail, StudioApi } from '../../../src/shared/api';
import RunSetup from '../../../src/renderer/components/runs/RunSetup.svelte';
import { AppState } from '../../../src/renderer/stores/app.svelte';

afterEach(() => cleanup());

const stamp = '2026-01-01T00:00:00.000Z';
const detail = {
  project: { id: 7, name: 'p', description: '', tags: [], notes: '', createdAt: stamp, updatedAt: stamp, counts: { designs: 1, workloads: 1, mappings: 2, runs: 0 } },
  designs: [{ id: 11, projectId: 7, name: 'quad', origin: 'example', coreCount: 7, linkCount: 12, contentHash: 'h', createdAt: stamp, updatedAt: stamp }],
  workloads: [{ id: 21, projectId: 7, name: 'resnet18', format: 'onnx', layerCount: 49, totalMacs: 1, totalWeightBits: 1, sizeBytes: 1, contentHash: 'h', createdAt: stamp }],
  mappings: [
    { id: 31, projectId: 7, name: 'lbl', entryCount: 3, contentHash: 'h', createdAt: stamp, updatedAt: stamp },
    { id: 32, projectId: 7, name: 'fused', entryCount: 3, contentHash: 'h', createdAt: stamp, updatedAt: stamp },
  ],
  runs: [],
} as unknown as ProjectDetail;

/** A stand-in for the host: only the calls the run setup makes. */
function appWith(start: (request: unknown) => Promise<unknown>): AppState {
  const api = {
    runs: { start },
    projects: { list: async () => [detail.project], get: async () => detail },
    on: () => () => {},
  } as unknown as StudioApi;
  const app = new AppState(api);
  app.projectId = 7;
  app.detail = detail;
  return app;
}

describe('RunSetup', () => {
  it('defaults to the first design, workload and mapping and starts a GA run with the chosen options', async () => {
    const start = vi.fn(async () => ({ id: 99 }));
    const app = appWith(start);
    render(RunSetup, { app });
    expect((screen.getByTestId('run-design') as HTMLSelectElement).value).toBe('11');
    await fireEvent.change(screen.getByTestId('run-mapping'), { target: { value: '32' } });
    await fireEvent.click(screen.getByTestId('mode-fused'));
    await fireEvent.input(screen.getByTestId('run-stacks'), { target: { value: '0-10, 11-21' } });
    await fireEvent.click(screen.getByTestId('alloc-ga'));
    await fireEvent.input(screen.getByTestId('ga-individuals'), { target: { value: '4' } });
    await fireEvent.input(screen.getByTestId('ga-generations'), { target: { value: '3' } });
    await fireEvent.click(screen.getByTestId('start-run'));
    await vi.waitFor(() => expect(start).toHaveBeenCalled());
    const request = (start.mock.calls[0] as unknown[])[0] as { mappingId: number; options: Record<string, unknown> };
    expect(request.mappingId).toBe(32);
    expect(request.options).toMatchObject({ mode: 'fused', allocation: 'ga', nb_ga_individuals: 4, nb_ga_generations: 3, loma_lpf_limit: 6 });
    expect((request.options.layer_stacks as number[][]).map((s) => s.length)).toEqual([11, 11]);
    await vi.waitFor(() => expect(app.openRunId).toBe(99));
  });

  it('starts a constraint-optimisation run with its time limit and MIP gap (no GA options)', async () => {
    const start = vi.fn(async () => ({ id: 5 }));
    render(RunSetup, { app: appWith(start) });
    await fireEvent.click(screen.getByTestId('mode-fused'));
    await fireEvent.click(screen.getByTestId('alloc-co'));
    await fireEvent.input(screen.getByTestId('co-time-limit'), { target: { value: '20' } });
    await fireEvent.input(screen.getByTestId('co-mip-gap'), { target: { value: '0.01' } });
    expect(screen.queryByTestId('ga-individuals')).toBeNull();
    await fireEvent.click(screen.getByTestId('start-run'));
    await vi.waitFor(() => expect(start).toHaveBeenCalled());
    const request = (start.mock.calls[0] as unknown[])[0] as { options: Record<string, unknown> };
    expect(request.options).toMatchObject({ mode: 'fused', allocation: 'co', co_time_limit_s: 20, co_mip_gap: 0.01 });
    expect(request.options.nb_ga_individuals).toBeUndefined();
  });

  it('refuses to start with malformed stacks and says why', async () => {
    const start = vi.fn(async () => ({ id: 1 }));
    render(RunSetup, { app: appWith(start) });
    await fireEvent.click(screen.getByTestId('mode-fused'));
    await fireEvent.input(screen.getByTestId('run-stacks'), { target: { value: '5-2' } });
    expect(screen.getByText('layer_stacks: expected a range lo-hi with lo ≤ hi (found "5-2")')).toBeTruthy();
    expect((screen.getByTestId('start-run') as HTMLButtonElement).disabled).toBe(true);
  });

  it("bounds the number inputs as the option schema does, and refuses a value over them in the engine's words", async () => {
    const start = vi.fn(async () => ({ id: 1 }));
    render(RunSetup, { app: appWith(start) });
    await fireEvent.click(screen.getByTestId('alloc-co-ga'));
    const attrs = (id: string) => ['min', 'max', 'step'].map((a) => screen.getByTestId(id).getAttribute(a));
    expect(attrs('ga-individuals')).toEqual(['2', '10000', '1']);
    expect(attrs('lpf-limit')).toEqual(['1', '12', '1']);
    expect(attrs('co-time-limit')).toEqual(['0', '86400', 'any']);
    expect(attrs('ga-seed')).toEqual(['0', null, '1']);
    await fireEvent.input(screen.getByTestId('ga-individuals'), { target: { value: '20000' } });
    expect(screen.getByText('nb_ga_individuals: expected integer 2..10000 (found 20000)')).toBeTruthy();
    expect((screen.getByTestId('start-run') as HTMLButtonElement).disabled).toBe(true);
  });

  it('takes over the stacks picked in the workload view', async () => {
    const app = appWith(vi.fn());
    app.layerStacks = [[0, 1, 2], [3]];
    app.stacksRequested = true;
    render(RunSetup, { app });
    await vi.waitFor(() => expect((screen.getByTestId('run-stacks') as HTMLInputElement).value).toBe('0-2, 3'));
    expect(app.stacksRequested).toBe(false);
  });
});
