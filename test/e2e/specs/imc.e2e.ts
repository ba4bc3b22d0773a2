/// <reference lib="dom" />
import { $$, browser, expect } from '@wdio/globals';
import { useWebHost } from '../host';
import { byTestId, createFromExample, openTab, screenshot, selectByTextPrefix, waitForDashboard } from './helpers';

describe('IMC cores: editor and a run', () => {
  useWebHost();

  it('shows an AIMC core in the editor and runs the AIMC + TPU pair', async () => {
    await createFromExample('imc-resnet18');
    await openTab('Hardware');
    await byTestId('topology-canvas').waitForDisplayed();
    await selectByTextPrefix('design-select', 'aimc_quad_core');
    await browser.waitUntil(async () => (await $$('[data-testid="outline-core"]').length) >= 7, { timeout: 30_000 });
    await $$('[data-testid="outline-core"]')[0]!.click();
    await byTestId('core-imc').waitForDisplayed({ timeout: 30_000 });
    expect(await byTestId('core-imc-macro').getText()).toContain('tclk 14.072 ns');
    await screenshot('imc-editor');

    await openTab('Runs');
    await byTestId('run-setup').waitForDisplayed();
    await selectByTextPrefix('run-design', 'aimc_tpu_pair');
    await selectByTextPrefix('run-workload', '2_conv');
    await selectByTextPrefix('run-mapping', 'aimc_tpu_pair');
    await byTestId('mode-lbl').click();
    await byTestId('alloc-fixed').click();
    await byTestId('run-name').setValue('aimc + tpu');
    await byTestId('start-run').click();
    await waitForDashboard('aimc + tpu');
    await screenshot('imc-run-dashboard');
  });
});
