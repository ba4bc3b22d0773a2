import { $, $$, browser, expect } from '@wdio/globals';
import { useWebHost } from '../host';
import { byTestId, createFromExample, openTab, screenshot, selectByTextPrefix, waitForDashboard } from './helpers';

/**
 * A sweep defined entirely in the UI: two axes picked in the hardware editor (a memory size of core 0 and every
 * link's bandwidth) on the lab1 hda_bus / 4_convs example, three values each, started from the Explore tab's sweep
 * setup and watched as its 9 points fill in. Memory costs follow the design (the default): each point's SRAM is
 * priced by the cost model at its size.
 */
describe('Sweep setup in the UI', () => {
  useWebHost();

  /** The values input of the axis on `target`. */
  const axisValues = (target: string) => $(`[data-testid="sweep-axis"][data-target="${target}"] [data-testid="sweep-axis-values"]`);

  async function typeInto(input: ReturnType<typeof $>, text: string): Promise<void> {
    await input.click();
    await browser.keys(['Control', 'a']);
    await browser.keys('Backspace');
    await input.setValue(text);
  }

  it('picks two axes in the hardware editor', async () => {
    await createFromExample('tutorial-hda-bus');
    // One run of the base first: the sweep setup estimates the sweep's time from its duration.
    await openTab('Runs');
    await byTestId('run-setup').$('[data-testid="alloc-fixed"]').click();
    await byTestId('start-run').click();
    await waitForDashboard();
    await openTab('Hardware');
    await selectByTextPrefix('design-select', 'hda_bus');
    await browser.waitUntil(async () => (await $$('[data-testid="outline-core"]').length) === 4, { timeout: 30_000, timeoutMsg: 'design not opened' });

    // Core 0's 64 KB SRAM: "+ axis" beside its size.
    await $$('[data-testid="outline-core"]')[0]!.click();
    await byTestId('core-panel').waitForDisplayed();
    await $('button[aria-label="Sweep axis sram_64KB_I1_O size"]').click();
    // The shared bus: "+ sweep axis: every link's bandwidth".
    await $$('[data-testid="outline-bus"]')[0]!.click();
    await byTestId('bus-panel').waitForDisplayed();
    await byTestId('axis-links-bandwidth').click();
    await screenshot('sweep-setup-axis-from-editor');

    await openTab('Explore');
    await byTestId('sweep-setup').waitForDisplayed();
    const targets = await $$('[data-testid="sweep-axis"]').map((a) => a.getAttribute('data-target'));
    // The same paths a sweep file would hold (built by the engine's field-path builders).
    expect(targets).toEqual(['cores[0].memories[sram_64KB_I1_O].size_bits', 'links[*].bandwidth']);
  });

  it('shows the engine validation inline before anything runs', async () => {
    await typeInto(byTestId('sweep-field-path'), 'cores[0].memories[nope].size_bits');
    await byTestId('sweep-add-field').click();
    await browser.waitUntil(async () => (await $$('[data-testid="sweep-axis-problem"]').length) > 0, { timeoutMsg: 'no inline problem for a path that matches nothing' });
    expect(await $$('[data-testid="sweep-axis-problem"]')[0]!.getText()).toContain('nope');
    expect(await byTestId('start-sweep').isEnabled()).toBe(false);
    await screenshot('sweep-setup-validation');
    await $('button[aria-label="Remove axis cores[0].memories[nope].size_bits"]').click();
    await browser.waitUntil(async () => (await $$('[data-testid="sweep-axis-problem"]').length) === 0);
  });

  it('defines a 2-axis × 3-value grid and previews 9 points', async () => {
    await typeInto(byTestId('sweep-name'), 'sram-and-bus');
    await typeInto(axisValues('cores[0].memories[sram_64KB_I1_O].size_bits'), '524288, 1048576, 2097152');
    await typeInto(axisValues('links[*].bandwidth'), '16, 32, 64');
    expect(await byTestId('sweep-costs').getValue()).toBe('follow');
    // A fixed allocation (the mapping's) keeps each point quick.
    await byTestId('sweep-setup').$('[data-testid="alloc-fixed"]').click();
    await browser.waitUntil(async () => (await byTestId('sweep-preview').getText()).includes('9 points'), { timeoutMsg: 'preview did not show 9 points' });
    // The estimate: the base's last run duration × 9 points ÷ 1 worker, said how.
    expect(await byTestId('sweep-preview').getText()).toMatch(/about .*took .*× points × seeds ÷ workers/);
    await browser.waitUntil(async () => byTestId('start-sweep').isEnabled(), { timeoutMsg: `sweep setup has problems: ${await byTestId('sweep-setup').getText()}` });
    await screenshot('sweep-setup');
  });

  it('starts the sweep and watches it fill in', async function () {
    this.timeout(900_000);
    await byTestId('start-sweep').click();
    await byTestId('sweep-points').waitForExist({ timeout: 60_000 });
    await browser.waitUntil(async () => (await byTestId('sweep-points').$$('tbody tr').length) === 9, { timeout: 30_000 });
    await browser.waitUntil(async () => /· [1-9]\/9 done/.test(await byTestId('sweep-status').getText()), { timeout: 240_000, interval: 500, timeoutMsg: 'no point finished' });
    await screenshot('sweep-setup-filling-in');
    await browser.waitUntil(async () => (await byTestId('sweep-status').getText()).startsWith('done · 9/9 done'), {
      timeout: 600_000,
      interval: 1000,
      timeoutMsg: 'sweep did not finish',
    });
    await byTestId('sweep-scatter').waitForDisplayed();
    expect(await byTestId('sweep-points').$$('tbody tr').length).toBe(9);
    await screenshot('sweep-setup-done');
  });

  it('lists the sweep beside the runs', async () => {
    await openTab('Runs');
    await browser.waitUntil(async () => (await byTestId('project-sweeps').getText()).includes('sram-and-bus'), { timeoutMsg: 'sweep not listed in the Runs tab' });
    expect(await byTestId('project-sweeps').getText()).toContain('done · 9/9 done');
    await byTestId('project-sweeps').$('button=sram-and-bus').click();
    await byTestId('sweep-status').waitForDisplayed();
  });

  it("opens a Pareto point's run dashboard", async () => {
    await byTestId('sweep-pareto').$('li button').click();
    await waitForDashboard();
    await screenshot('sweep-setup-pareto-point');
  });

  it('compares two points', async () => {
    await openTab('Explore');
    const boxes = await byTestId('sweep-points').$$('tbody input[type="checkbox"]');
    await boxes[0]!.click();
    await boxes[8]!.click();
    await byTestId('sweep-compare').click();
    await byTestId('compare-metrics').waitForDisplayed({ timeout: 30_000 });
    expect(await byTestId('compare-metrics').$$('thead th').length).toBe(3);
    await screenshot('sweep-setup-compare');
  });
});
