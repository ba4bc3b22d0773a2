import { $, $$, browser, expect } from '@wdio/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { useWebHost } from '../host';
import { byTestId, openTab, screenshot, waitForDashboard } from './helpers';

const repoRoot = resolve(import.meta.dirname, '../../..');
const LAB1 = join(repoRoot, 'resources/inputs/stream-tutorial/lab1');

/**
 * A 2-axis × 3-value sweep run by the CLI into the web host's workspace while the Explore view watches it fill in.
 * (sweep-setup.e2e.ts defines a sweep in the UI; this one checks that a sweep run by the CLI shows up live.)
 */
describe('Explore a sweep', () => {
  const host = useWebHost();

  it('fills in live as the CLI runs the sweep', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-e2e-sweep-'));
    const file = join(dir, 'sweep.yaml');
    writeFileSync(
      file,
      `name: links-and-array\naccelerator: ${LAB1}/hardware/hda_bus.yaml\nworkload: ${LAB1}/workload/4_convs.onnx\nmapping: ${LAB1}/mapping/mapping.yaml\n` +
        'axes:\n  - field: links[*].bandwidth\n    values: [8, 32, 128]\n  - field: cores[0].array.dimensions.D1\n    values: [8, 16, 32]\n',
    );
    const cli = spawn(process.execPath, [join(repoRoot, 'bin/stream-studio.js'), 'sweep', file, '--db', host.dbPath, '--project', 'Sweeps', '--workers', '1'], { stdio: 'ignore' });
    const finished = new Promise<number>((done) => cli.once('exit', (code) => done(code ?? 1)));

    // The CLI creates the project; reload to see it, then open it and the Explore tab.
    await browser.waitUntil(
      async () => {
        await browser.url(host.url);
        await $('[data-testid="project-item"]').waitForExist({ timeout: 30_000 });
        for (const item of await $$('[data-testid="project-item"]')) if ((await item.getText()).includes('Sweeps')) return true;
        return false;
      },
      { timeout: 120_000, interval: 2000, timeoutMsg: 'sweep project did not appear' },
    );
    for (const item of await $$('[data-testid="project-item"]')) if ((await item.getText()).includes('Sweeps')) await item.click();
    await openTab('Explore');
    await byTestId('sweep-points').waitForExist({ timeout: 60_000 });
    await screenshot('explore-filling-in');
    await browser.waitUntil(async () => (await byTestId('sweep-status').getText()).includes('9/9 done'), { timeout: 300_000, interval: 1000, timeoutMsg: 'sweep did not finish' });
    expect(await finished).toBe(0);
    await byTestId('sweep-scatter').waitForDisplayed();
    expect(await byTestId('sweep-points').$$('tbody tr').length).toBe(9);
    await screenshot('explore-done');
  });

  it("opens a Pareto point's run dashboard", async () => {
    const first = await byTestId('sweep-pareto').$('li button');
    await first.click();
    await waitForDashboard();
    await screenshot('explore-pareto-point-dashboard');
  });

  it('compares two selected points', async () => {
    await openTab('Explore');
    const boxes = await byTestId('sweep-points').$$('tbody input[type="checkbox"]');
    await boxes[0]!.click();
    await boxes[8]!.click();
    await byTestId('sweep-compare').click();
    await byTestId('compare-metrics').waitForDisplayed({ timeout: 30_000 });
    expect(await byTestId('compare-metrics').$$('thead th').length).toBe(3);
    await screenshot('explore-compare');
  });
});
