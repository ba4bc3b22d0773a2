import { $$, browser, expect } from '@wdio/globals';
import { useWebHost } from '../host';
import { byTestId, createFromExample, openTab, screenshot } from './helpers';

describe('Workspace: a project from an example', () => {
  useWebHost();

  it('creates a project from an example in one click and shows its inputs', async () => {
    const title = await createFromExample('tpu-resnet18');
    expect(title).toContain('ResNet-18');
    await browser.waitUntil(async () => (await byTestId('design-list').$$('tbody tr').length) >= 1);
    const designs = await byTestId('design-list').$$('tbody tr button.link');
    expect(await designs[0].getText()).toContain('tpu_like_quad_core');
    await screenshot('workspace');
  });

  it('keeps tags and notes and finds the project by searching for them', async () => {
    const tags = await byTestId('project-tags');
    await tags.setValue('e2e, zebra-tag');
    const notes = await byTestId('project-notes');
    await notes.click();
    await notes.setValue('remember: fused beats lbl');
    await tags.click();
    await browser.waitUntil(async () => (await $$('[data-testid="project-item"] .tag').map((t) => t.getText())).includes('zebra-tag'), { timeoutMsg: 'tags not saved' });
    await browser.refresh();
    await byTestId('project-search').waitForExist({ timeout: 60_000 });
    await byTestId('project-search').setValue('zebra');
    await browser.waitUntil(async () => (await $$('[data-testid="project-item"]').length) === 1, { timeoutMsg: 'search did not filter' });
    await $$('[data-testid="project-item"]')[0].click();
    await browser.waitUntil(async () => (await byTestId('project-notes').getValue()) === 'remember: fused beats lbl', { timeoutMsg: 'notes lost' });
  });

  it('shows the workload graph of the example', async () => {
    await openTab('Workload');
    await byTestId('workload-graph').waitForDisplayed();
    await browser.waitUntil(async () => (await $$('table.layers tbody tr').length) > 10, { timeoutMsg: 'layers not listed' });
    await screenshot('workload');
  });
});
