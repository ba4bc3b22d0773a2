import { $, browser, expect } from '@wdio/globals';
import { useWebHost } from '../host';
import { byTestId, createFromExample, openTab, screenshot, selectByTextPrefix, waitForDashboard } from './helpers';

describe('Workload view: layer stacks for a fused run', () => {
  useWebHost();

  it('forms stacks from selected layers and runs them fused', async () => {
    await createFromExample('tutorial-hda-bus');
    await openTab('Workload');
    await byTestId('workload-graph').waitForDisplayed();
    await browser.waitUntil(async () => (await $('table.layers').$$('tbody tr').length) === 4, { timeoutMsg: 'layers not listed' });
    const rows = await $('table.layers').$$('tbody tr');
    expect(await rows[0].getText()).toMatch(/^0 /);

    for (const pair of [[0, 1], [2, 3]]) {
      for (const index of pair) await (await $('table.layers').$$('tbody input[type="checkbox"]'))[index].click();
      await byTestId('form-stack').click();
    }
    await browser.waitUntil(async () => (await byTestId('stacks-text').isExisting()) && (await byTestId('stacks-text').getText()) === 'Stacks: 0-1, 2-3', { timeoutMsg: 'stacks not formed' });
    await screenshot('workload-stacks');

    await byTestId('fused-run').click();
    await byTestId('run-setup').waitForDisplayed();
    await byTestId('run-stacks').waitForDisplayed();
    expect(await byTestId('run-stacks').getValue()).toBe('0-1, 2-3');
    expect(await byTestId('mode-fused').isSelected()).toBe(true);
    await selectByTextPrefix('run-mapping', 'lab3');
    await byTestId('alloc-fixed').click();
    await byTestId('run-name').setValue('fused 0-1, 2-3');
    await byTestId('start-run').click();
    await waitForDashboard('fused 0-1, 2-3');
    expect(Number(await byTestId('headline-latency').getAttribute('data-value'))).toBeGreaterThan(0);
  });
});
