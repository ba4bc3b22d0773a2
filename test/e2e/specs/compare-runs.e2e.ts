import { expect } from '@wdio/globals';
import { useWebHost } from '../host';
import { byTestId, createFromExample, openTab, screenshot, selectByTextPrefix, waitForDashboard } from './helpers';

async function startRun(name: string, allocation: 'fixed' | 'ga'): Promise<void> {
  await selectByTextPrefix('run-mapping', 'lab1');
  await byTestId('mode-lbl').click();
  await byTestId(`alloc-${allocation}`).click();
  if (allocation === 'ga') {
    // Typing only: Enter in a form field would submit the form (start a run).
    await byTestId('ga-individuals').setValue('4');
    await byTestId('ga-generations').setValue('2');
    await byTestId('ga-seed').setValue('1');
  }
  await byTestId('run-name').setValue(name);
  await byTestId('start-run').click();
  await waitForDashboard(name);
}

describe('Compare two runs with different options', () => {
  useWebHost();

  it('runs twice and shows metrics, the option diff and overlaid charts', async () => {
    await createFromExample('tutorial-hda-bus');
    await openTab('Runs');
    await startRun('fixed allocation', 'fixed');
    await startRun('GA allocation', 'ga');

    const boxes = await byTestId('run-list').$$('tbody input[type="checkbox"]');
    expect(boxes.length).toBe(2);
    for (const box of boxes) await box.click();
    await byTestId('compare-selected').click();
    await byTestId('compare-metrics').waitForDisplayed({ timeout: 30_000 });
    const headers = await byTestId('compare-metrics').$$('thead th').map((th) => th.getText());
    expect(headers).toHaveLength(3);
    expect(await byTestId('compare-metrics').$('tr[data-metric="latency"]').isExisting()).toBe(true);
    const diff = await byTestId('compare-config-diff').getText();
    expect(diff).toContain('options.allocation');
    await byTestId('compare-memory').waitForDisplayed();
    await byTestId('compare-energy').waitForDisplayed();
    await screenshot('compare');
  });
});
