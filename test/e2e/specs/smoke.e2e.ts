import { $$, browser, expect } from '@wdio/globals';
import { useWebHost } from '../host';

// Smoke: the real web host serves the real renderer, which shows what the server's API returns.
describe('smoke: the app page', () => {
  const host = useWebHost({ open: false });

  it('opens and lists the projects the server holds', async () => {
    const url = new URL(host.url);
    const response = await fetch(new URL('/api/projects.list', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-studio-token': url.searchParams.get('token')! },
      body: '{}',
    });
    const envelope = (await response.json()) as { ok: boolean; value: Array<{ name: string }> };
    expect(envelope.ok).toBe(true);
    expect(envelope.value.length).toBeGreaterThan(0);

    await browser.url(host.url);
    await expect(browser).toHaveTitle(expect.stringContaining('Stream Studio'));
    await browser.waitUntil(async () => (await $$('[data-testid="project-item"]').length) === envelope.value.length, {
      timeout: 30_000,
      timeoutMsg: 'the sidebar does not list the projects the server returned',
    });
    const shown = await $$('[data-testid="project-item"]').map((item) => item.getText());
    for (const project of envelope.value) expect(shown.some((text) => text.includes(project.name))).toBe(true);
  });
});
