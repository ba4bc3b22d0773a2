import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { $, $$, browser, expect } from '@wdio/globals';
import { useWebHost } from '../host';
import { byTestId, createFromExample, openTab, screenshot } from './helpers';

async function outline(): Promise<string[]> {
  const cores = await $$('[data-testid="outline-core"]').map((el) => el.getText());
  const links = await $$('[data-testid="outline-link"]').map((el) => el.getText());
  const buses = await $$('[data-testid="outline-bus"]').map((el) => el.getText());
  return [...cores, ...links, ...buses];
}

describe('Stream YAML: export a design and import it again', () => {
  useWebHost();

  it('exports the accelerator and its cores, and re-imports them as an equal design', async () => {
    await createFromExample('tutorial-hda-bus');
    await openTab('Hardware');
    const select = await byTestId('design-select');
    await browser.waitUntil(async () => (await select.$$('option').length) >= 2);
    await select.selectByIndex(1);
    await browser.waitUntil(async () => (await $$('[data-testid="outline-core"]').length) > 0);
    const original = await outline();

    await byTestId('export-yaml').click();
    await byTestId('export-dialog').waitForDisplayed();
    await screenshot('export-yaml');
    const areas = await $$('[data-testid="export-file"]');
    expect(areas.length).toBeGreaterThanOrEqual(2);
    const dir = mkdtempSync(join(tmpdir(), 'stream-studio-yaml-'));
    const paths: string[] = [];
    for (const area of areas) {
      const path = (await area.getAttribute('data-path'))!;
      const text = await area.getValue();
      expect(text.length).toBeGreaterThan(10);
      // A browser only knows base names; the import matches them to the accelerator file's references.
      const local = join(dir, path.split('/').pop()!);
      writeFileSync(local, text);
      paths.push(local);
    }
    await $('button=Close').click();

    await openTab('Project');
    const before = await byTestId('design-list').$$('tbody tr').length;
    const input = await byTestId('import-design-input');
    await input.setValue(paths.join('\n'));
    await browser.waitUntil(async () => (await byTestId('design-list').$$('tbody tr').length) === before + 1, { timeoutMsg: 'design not imported' });

    const links = await byTestId('design-list').$$('tbody tr button.link').getElements();
    await links[links.length - 1].click();
    await browser.waitUntil(async () => (await $$('[data-testid="outline-core"]').length) === original.filter((t) => /^\d+:/.test(t)).length, { timeoutMsg: 'imported design not opened' });
    expect(await outline()).toEqual(original);
    await screenshot('yaml-reimported');
  });
});
