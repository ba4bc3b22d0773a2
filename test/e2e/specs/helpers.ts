import { $, browser } from '@wdio/globals';

export const byTestId = (id: string) => $(`[data-testid="${id}"]`);

/** Saves a screenshot of the current screen as a test artefact (test/e2e/screenshots/<name>.png). */
export async function screenshot(name: string): Promise<void> {
  await browser.pause(300);
  await browser.saveScreenshot(`test/e2e/screenshots/${name}.png`);
}

export async function openTab(label: 'Project' | 'Hardware' | 'Workload' | 'Runs' | 'Compare' | 'Explore'): Promise<void> {
  const tab = await $(`button[role="tab"]=${label}`);
  await tab.click();
  await browser.waitUntil(async () => (await tab.getAttribute('aria-selected')) === 'true');
}

/** Creates a project from the example with this id through the sidebar and waits until it is open. */
export async function createFromExample(exampleId: string): Promise<string> {
  const select = await byTestId('example-select');
  // Generous: the first page load also waits for the host and the examples list on a busy machine.
  await select.waitForExist({ timeout: 60_000 });
  await browser.waitUntil(async () => (await select.$$('option').length) > 0, { timeout: 60_000, timeoutMsg: 'no examples listed' });
  await select.selectByAttribute('value', exampleId);
  const expected = await select.$(`option[value="${exampleId}"]`).getText();
  const before = await $$('[data-testid="project-item"]').length;
  await byTestId('create-from-example').click();
  await browser.waitUntil(async () => (await $$('[data-testid="project-item"]').length) > before, { timeout: 60_000, timeoutMsg: 'project not created' });
  await browser.waitUntil(async () => (await byTestId('project-title').getText()).startsWith(expected.slice(0, 10)), { timeout: 30_000, timeoutMsg: 'project not opened' });
  return byTestId('project-title').getText();
}

/** Sets a number/text input and commits it (blur), as a user tabbing out of the field would. */
export async function setField(testId: string, value: string | number): Promise<void> {
  const input = await byTestId(testId);
  await input.waitForDisplayed();
  await input.click();
  await browser.keys(['Control', 'a']);
  await browser.keys('Backspace');
  await input.setValue(String(value));
  await browser.keys('Enter');
}

/** Waits until the open run's dashboard shows; fails early with the run's error when it failed. */
export async function waitForDashboard(runName?: string, timeout = 240_000): Promise<void> {
  await browser.waitUntil(
    async () => {
      const failed = await byTestId('run-failed');
      if (await failed.isExisting()) throw new Error(`run did not finish: ${await failed.getText()}`);
      if (!(await byTestId('run-dashboard').isExisting())) return false;
      return runName === undefined || (await byTestId('dashboard-title').getText()) === runName;
    },
    { timeout, interval: 500, timeoutMsg: 'run dashboard did not appear' },
  );
}

/** Picks an option of a select by its visible text (prefix match). */
export async function selectByTextPrefix(testId: string, prefix: string): Promise<void> {
  const select = await byTestId(testId);
  await browser.waitUntil(async () => {
    for (const option of await select.$$('option')) if ((await option.getText()).startsWith(prefix)) return true;
    return false;
  }, { timeoutMsg: `no option "${prefix}" in ${testId}` });
  for (const option of await select.$$('option')) {
    if ((await option.getText()).startsWith(prefix)) {
      await select.selectByAttribute('value', (await option.getAttribute('value'))!);
      return;
    }
  }
}
