import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { browser, expect } from '@wdio/globals';
import { useWebHost } from '../host';
import { byTestId, createFromExample, openTab, screenshot, selectByTextPrefix, waitForDashboard } from './helpers';

const repo = resolve(import.meta.dirname, '../../..');
const lab1 = join('resources/inputs/stream-tutorial/lab1');

function join(...parts: string[]): string {
  return resolve(repo, ...parts);
}

/** The CLI's figures for the same inputs and options as the run started in the app. */
function cliFigures(): { latency: number; energy: number } {
  const out = execFileSync(
    process.execPath,
    [
      join('bin/stream-studio.js'), 'run',
      '--accelerator', join(lab1, 'hardware/hda_bus.yaml'),
      '--workload', join(lab1, 'workload/4_convs.onnx'),
      '--mapping', join(lab1, 'mapping/mapping.yaml'),
      '--mode', 'lbl', '--allocation', 'fixed', '--lpf-limit', '6', '--json',
    ],
    { cwd: repo, encoding: 'utf8', timeout: 240_000, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const json = JSON.parse(out.slice(out.indexOf('{'))) as { latency_cycles: number; energy_pj: number };
  return { latency: json.latency_cycles, energy: json.energy_pj };
}

describe('A run: setup, live progress, dashboard', () => {
  useWebHost();

  it('starts a run, shows its progress and a dashboard whose headline equals the CLI', async () => {
    await createFromExample('tutorial-hda-bus');
    await openTab('Runs');
    await byTestId('run-setup').waitForDisplayed();
    await selectByTextPrefix('run-mapping', 'lab1');
    await byTestId('mode-lbl').click();
    await byTestId('alloc-fixed').click();
    // A value over the option schema's maximum: the engine's message beside the field, Start disabled until fixed.
    await byTestId('lpf-limit').setValue('13');
    await byTestId('lpf-limit-error').waitForDisplayed();
    expect(await byTestId('lpf-limit-error').getText()).toBe('Expected integer 1..12 (found 13)');
    expect(await byTestId('lpf-limit').getAttribute('aria-invalid')).toBe('true');
    expect(await byTestId('start-run').isEnabled()).toBe(false);
    expect(await byTestId('run-problems-summary').getText()).toContain('LOMA LPF limit');
    await screenshot('run-setup-problem');
    await byTestId('lpf-limit').setValue('6');
    await browser.waitUntil(async () => !(await byTestId('lpf-limit-error').isExisting()), { timeoutMsg: 'the LPF limit problem stayed after the fix' });
    expect(await byTestId('start-run').isEnabled()).toBe(true);
    await byTestId('run-name').setValue('lab1 fixed');
    await byTestId('start-run').click();

    // Progress shows while the run is queued or running (a fast run may finish first).
    await browser.waitUntil(async () => (await byTestId('run-progress').isExisting()) || (await byTestId('run-dashboard').isExisting()) || (await byTestId('run-failed').isExisting()));
    // Watch it move: a pipeline stage with a percentage appears before the dashboard replaces the progress panel.
    let sawStage = false;
    await browser.waitUntil(async () => {
      if (await byTestId('run-dashboard').isExisting()) return true;
      if (!(await byTestId('run-progress').isExisting())) return false;
      const stage = await byTestId('progress-stage').getText().catch(() => '');
      if (stage && stage !== 'Starting' && !stage.startsWith('Waiting') && !sawStage) {
        sawStage = true;
        expect(await byTestId('progress-percent').getText()).toMatch(/^\d+ %$/);
        await screenshot('run-progress');
      }
      return false;
    }, { timeout: 240_000, interval: 200, timeoutMsg: 'run did not progress' }).catch(async (error: unknown) => {
      if (await byTestId('run-failed').isExisting()) throw new Error(`run failed: ${await byTestId('run-failed').getText()}`);
      throw error;
    });
    console.log(`[progress] a pipeline stage was shown while running: ${sawStage}`);
    await waitForDashboard('lab1 fixed');
    await screenshot('run-dashboard');

    const latency = Number(await byTestId('headline-latency').getAttribute('data-value'));
    const energy = Number(await byTestId('headline-energy').getAttribute('data-value'));
    expect(latency).toBeGreaterThan(0);
    const cli = cliFigures();
    console.log(`[figures] app: ${latency} cycles, ${energy} pJ; CLI: ${cli.latency} cycles, ${cli.energy} pJ`);
    expect(latency).toBe(cli.latency);
    expect(Math.abs(energy - cli.energy)).toBeLessThanOrEqual(1e-9 * Math.abs(cli.energy));
    expect(await byTestId('headline-latency').getText()).toBe(cli.latency.toLocaleString('en-US'));
    await byTestId('chart-gantt').waitForDisplayed();
    await byTestId('chart-memory').waitForDisplayed();
  });
});
