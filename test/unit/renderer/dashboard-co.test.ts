/** The run dashboard shows the constraint-optimisation solve (MILP objective vs scheduled latency) and the run's stacks. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import type { RunInfo } from '../../../src/shared/api';
import RunDashboard from '../../../src/renderer/components/runs/RunDashboard.svelte';
import { sampleResult } from '../charts/fixture';

afterEach(() => cleanup());

const run = { id: 3, name: 'co run', designName: 'quad', workloadName: 'resnet18', mappingName: 'm', notes: '', tags: [] } as unknown as RunInfo;

describe('RunDashboard with a constraint-optimised allocation', () => {
  it('names the MILP objective and the scheduled latency apart, shows status and gap, and lists the cuts', async () => {
    const result = sampleResult({
      allocationSolve: {
        solver: 'HiGHS (WebAssembly)', status: 'time limit', variables: 1057, constraints: 2112, subproblems: 2, objective: 2_752_996, bound: 2_454_887, gap: 0.1083,
        timeMs: 29_700, timeLimitS: 30, mipGap: 0.0001, scheduledLatencyCycles: 3_447_302, scheduledEnergyPj: 2.064e9,
        stacks: [
          { layers: [0, 1], iterations: 4, objective: 2_000_000, bound: 1_800_000, status: 'time limit', variables: 900, constraints: 1800, timeMs: 20_000, kept: 'steady state + transfers, optimum', variants: [] },
          { layers: [2], iterations: 1, objective: 752_996, bound: 654_887, status: 'optimal (single task)', variables: 4, constraints: 0, timeMs: 1, kept: 'fastest core' },
        ],
      },
      layerStacks: {
        rule: 'auto',
        stacks: [[0, 1], [2]],
        cuts: [{ afterLayer: 1, beforeLayer: 2, crossingBits: 8192, reason: 'weights', detail: 'adding L2 would need 2.00 MiB of weights' }],
        summary: [],
      },
    });
    const edit = vi.fn();
    render(RunDashboard, { run, result, oneditstacks: edit });
    expect(screen.getByTestId('co-status').textContent).toBe('time limit');
    expect(screen.getByTestId('co-gap').textContent).toBe('10.83 %');
    expect(screen.getByTestId('co-objective').textContent).toContain('2,752,996');
    expect(screen.getByTestId('co-scheduled').textContent).toContain('3,447,302');
    expect(screen.getByText(/steady-state estimate/)).toBeTruthy();
    expect(screen.getByText(/one inference, COALA scheduler/)).toBeTruthy();
    expect(screen.getByTestId('co-kept').textContent).toBe('steady state + transfers, optimum × 1');
    expect(screen.getByTestId('stack-plan').textContent).toContain('weights: adding L2');
    await fireEvent.click(screen.getByTestId('edit-stacks'));
    expect(edit).toHaveBeenCalledWith([[0, 1], [2]]);
  });
});
