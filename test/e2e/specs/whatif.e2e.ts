/// <reference lib="dom" />
import { $, $$, browser, expect } from '@wdio/globals';
import { useWebHost } from '../host';
import { byTestId, createFromExample, openTab, screenshot, selectByTextPrefix, setField } from './helpers';

const FIGURES = ['latency', 'energy', 'area', 'edp'] as const;

async function figures(): Promise<Record<(typeof FIGURES)[number], string>> {
  const out = {} as Record<(typeof FIGURES)[number], string>;
  for (const key of FIGURES) out[key] = await byTestId(`whatif-${key}`).getText();
  return out;
}

/** Waits until the panel shows figures for a finished evaluation that differ from `before` in every key given. */
async function waitForChange(before: Record<string, string>, keys: readonly (typeof FIGURES)[number][], what: string) {
  await browser.waitUntil(
    async () => {
      const status = await byTestId('whatif-status').getText();
      if (status.startsWith('Cannot evaluate')) throw new Error(`what-if failed: ${status}`);
      if (!status.startsWith('Updated')) return false;
      const now = await figures();
      return keys.every((k) => now[k] !== before[k]);
    },
    { timeout: 120_000, interval: 200, timeoutMsg: `what-if figures did not change after ${what}` },
  );
}

describe('Live what-if in the hardware editor', () => {
  useWebHost();

  it('pins a run configuration, then every memory edit re-evaluates it with deltas against the baseline', async () => {
    await createFromExample('tpu-resnet18');
    await openTab('Runs');
    await byTestId('run-setup').waitForDisplayed();
    await selectByTextPrefix('run-mapping', 'tpu_like_quad_core_resnet18_fixed_split');
    await byTestId('mode-lbl').click();
    await byTestId('pin-whatif').click();

    // The editor opens the pinned design and evaluates the baseline.
    await browser.waitUntil(async () => (await $('button[role="tab"]=Hardware').getAttribute('aria-selected')) === 'true');
    await byTestId('whatif-panel').waitForDisplayed({ timeout: 30_000 });
    expect(await byTestId('whatif-pin').getText()).toContain('tpu_like_quad_core_resnet18_fixed_split');
    let status = '';
    await browser
      .waitUntil(async () => (status = await byTestId('whatif-status').getText()).startsWith('Updated'), { timeout: 120_000 })
      .catch(() => {
        throw new Error(`baseline not evaluated; the panel says: ${status}`);
      });
    const baseline = await figures();
    expect(baseline.latency).toMatch(/cc$/);
    expect(await byTestId('whatif-latency-delta').getText()).toBe('±0 %');

    // Core 0's shared SRAM: costs from CACTI (energy and area follow the memory), then a quarter of its size.
    await $$('[data-testid="outline-core"]')[0]!.click();
    await byTestId('core-panel').waitForDisplayed();
    await byTestId('mem-2-auto').click();
    await waitForChange(baseline, ['energy', 'area'], 'switching sram_2MB to CACTI costs');
    const priced = await figures();
    expect(await byTestId('edit-notes').isExisting()).toBe(false);

    await setField('mem-2-size', 4194304);
    await waitForChange(priced, ['latency', 'energy', 'area', 'edp'], 'the memory size edit');
    // The edit's consequence in words (CACTI re-priced the memory), and the deltas against the pinned baseline.
    expect(await byTestId('edit-notes').getText()).toMatch(/sram_2MB costs \(CACTI\): read [\d.]+ pJ/);
    for (const key of FIGURES) expect(await byTestId(`whatif-${key}-delta`).getText()).toMatch(/^[+−]\d/);
    expect(await byTestId('whatif-status').getText()).toMatch(/Updated \d+ ms after the edit/);
    await screenshot('whatif');
  });

  it('pins a GA run’s allocation from its dashboard: its figures are the baseline, edits keep that allocation', async () => {
    await createFromExample('tutorial-hda-bus');
    await openTab('Runs');
    await byTestId('run-setup').waitForDisplayed();
    await selectByTextPrefix('run-mapping', 'lab3 fused');
    await byTestId('mode-lbl').click();
    await byTestId('alloc-ga').click();
    await setField('ga-individuals', 4);
    await setField('ga-generations', 2);
    await byTestId('run-name').setValue('lab3 ga');
    await byTestId('start-run').click();
    await browser.waitUntil(async () => (await byTestId('run-dashboard').isExisting()) || (await byTestId('run-failed').isExisting()), { timeout: 240_000, interval: 200, timeoutMsg: 'the GA run did not finish' });
    if (await byTestId('run-failed').isExisting()) throw new Error(`run failed: ${await byTestId('run-failed').getText()}`);
    // The dashboard's latency as the panel formats it: "cycles (6.3 Mcc)" → "6.3 Mcc".
    const unit = await (await byTestId('headline-latency').parentElement()).$('.unit').getText();
    const runLatency = /\((.*)\)/.exec(unit)?.[1] ?? unit;

    await byTestId('pin-run-whatif-allocation').click();
    await byTestId('whatif-panel').waitForDisplayed({ timeout: 30_000 });
    expect(await byTestId('whatif-pin').getText()).toContain('its allocation fixed');
    let status = '';
    await browser
      .waitUntil(async () => (status = await byTestId('whatif-status').getText()).startsWith('Updated'), { timeout: 120_000 })
      .catch(() => {
        throw new Error(`baseline not evaluated; the panel says: ${status}`);
      });
    expect(await byTestId('whatif-latency').getText()).toBe(runLatency);
    const baseline = await figures();
    // Edits are evaluated with the stored allocation (no GA per edit): the weight SRAM of every compute core
    // (whichever the GA used) takes CACTI's costs, and the energy follows.
    for (const core of [0, 1, 2]) {
      await $$('[data-testid="outline-core"]')[core]!.click();
      await byTestId('core-panel').waitForDisplayed();
      await $('input[aria-label="sram_16KB_I2 costs from CACTI"]').click();
    }
    await waitForChange(baseline, ['energy'], 'switching the weight SRAMs to CACTI costs');
    expect(await byTestId('whatif-pin').getText()).toContain('its allocation fixed');
    await screenshot('whatif-stored-allocation');
  });
});
