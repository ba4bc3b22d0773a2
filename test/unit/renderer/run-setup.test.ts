import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import type { ProjectDetail, StudioApi } from '../../../src/shared/api';
import RunSetup from '../../../src/renderer/components/runs/RunSetup.svelte';
import { AppState } from '../../../src/renderer/stores/app.svelte';
import { formatIssueInPlace, InputError, parseStreamOptions } from '../../../src/engine/browser';

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
    expect(screen.getByTestId('run-stacks-error').textContent).toBe('Expected a range lo-hi with lo ≤ hi (found "5-2")');
    expect(screen.getByTestId('run-stacks').getAttribute('aria-invalid')).toBe('true');
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
    expect(screen.getByTestId('ga-individuals-error').textContent).toBe('Expected integer 2..10000 (found 20000)');
    expect((screen.getByTestId('start-run') as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows a value over the schema's maximum beside its field in the engine's words, blocks Start, and clears when fixed", async () => {
    const start = vi.fn(async () => ({ id: 1 }));
    render(RunSetup, { app: appWith(start) });
    const input = screen.getByTestId('lpf-limit') as HTMLInputElement;
    expect(input.getAttribute('aria-invalid')).toBe('false');
    expect(screen.queryByTestId('lpf-limit-error')).toBeNull();
    await fireEvent.input(input, { target: { value: '13' } });
    // The engine's wording of its own check, in place (no option name: the label beside the input says which).
    const engine = (() => {
      try {
        parseStreamOptions({ loma_lpf_limit: 13 });
      } catch (error) {
        return formatIssueInPlace((error as InputError).issues[0]!);
      }
    })();
    expect(engine).toBe('Expected integer 1..12 (found 13)');
    const message = screen.getByTestId('lpf-limit-error');
    expect(message.textContent).toBe(engine);
    expect(message.getAttribute('role')).toBe('alert');
    // Beside its field: in the field's own box, under the label the user sees, and named by the input.
    const field = input.closest('.field')!;
    expect(field.contains(message)).toBe(true);
    expect(field.querySelector('label')!.textContent).toBe('LOMA LPF limit');
    expect(screen.getByLabelText('LOMA LPF limit')).toBe(input);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(message.id);
    // Not listed again by option name; Start is disabled with a short summary that names the field.
    expect(screen.queryByText(/loma_lpf_limit/)).toBeNull();
    const startButton = screen.getByTestId('start-run') as HTMLButtonElement;
    expect(startButton.disabled).toBe(true);
    expect(screen.getByTestId('run-problems-summary').textContent).toBe('1 problem to fix before starting: LOMA LPF limit.');
    await fireEvent.click(startButton);
    expect(start).not.toHaveBeenCalled();

    await fireEvent.input(input, { target: { value: '12' } });
    expect(screen.queryByTestId('lpf-limit-error')).toBeNull();
    expect(input.getAttribute('aria-invalid')).toBe('false');
    expect(input.getAttribute('aria-describedby')).toBeNull();
    expect(screen.queryByTestId('run-problems-summary')).toBeNull();
    expect(startButton.disabled).toBe(false);
    await fireEvent.click(startButton);
    await vi.waitFor(() => expect(start).toHaveBeenCalled());
    expect(((start.mock.calls[0] as unknown[])[0] as { options: Record<string, unknown> }).options.loma_lpf_limit).toBe(12);
  });

  it('keeps an advanced option\'s problem with the advanced options, naming the option, and marks its input', async () => {
    render(RunSetup, { app: appWith(vi.fn()) });
    const input = screen.getByTestId('opt-split_W_percentage');
    await fireEvent.input(input, { target: { value: '0.5' } });
    const message = screen.getByTestId('advanced-options-error');
    expect(message.textContent).toBe('split_W_percentage: expected cn_define_mode 4 with split_W_percentage');
    expect(message.getAttribute('role')).toBe('alert');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(message.id);
    expect(screen.getByTestId('run-problems-summary').textContent).toBe('1 problem to fix before starting: Advanced options.');
    expect((screen.getByTestId('start-run') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(input, { target: { value: '' } });
    expect(screen.queryByTestId('advanced-options-error')).toBeNull();
    expect((screen.getByTestId('start-run') as HTMLButtonElement).disabled).toBe(false);
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
