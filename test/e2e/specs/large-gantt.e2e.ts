/// <reference lib="dom" />
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { $, browser, expect } from '@wdio/globals';
import { useWebHost } from '../host';
import { byTestId, openTab, screenshot } from './helpers';

/** Calls the web host's API from the test process, as the browser client does. */
function apiOf(url: string) {
  const { origin, searchParams } = new URL(url);
  const token = searchParams.get('token') ?? '';
  return async <T>(channel: string, request: unknown): Promise<T> => {
    const response = await fetch(`${origin}/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-studio-token': token },
      body: JSON.stringify(request),
    });
    const body = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
    if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
    return body.value as T;
  };
}

interface Cn { id: number; layerId: number; layerName: string; subId: number; coreId: number; start: number; end: number; energyPj: number }

/** 20,000 CNs over the compute cores, back to back, coloured by 40 layers. */
function largeSchedule(coreIds: number[], n = 20_000): { cns: Cn[]; latency: number } {
  const clock = new Map(coreIds.map((id) => [id, 0]));
  const cns: Cn[] = [];
  for (let i = 0; i < n; i += 1) {
    const coreId = coreIds[i % coreIds.length];
    const start = clock.get(coreId)!;
    const end = start + 20 + (i % 11);
    cns.push({ id: i, layerId: Math.floor(i / 500), layerName: `layer ${Math.floor(i / 500)}`, subId: i % 500, coreId, start, end, energyPj: 10 });
    clock.set(coreId, end + (i % 4));
  }
  return { cns, latency: Math.max(...clock.values()) };
}

describe('A 20k-CN schedule in the dashboard', () => {
  const host = useWebHost({ open: false });

  it('opens the dashboard with the run latency and shows single CNs when the Gantt chart is zoomed in (frame times printed, not asserted)', async () => {
    const api = apiOf(host.url);
    // A real finished run, exported as a project file, with its schedule replaced by a large synthetic one.
    const project = await api<{ id: number }>('examples.createProject', { exampleId: 'tutorial-hda-bus', name: 'source' });
    const detail = await api<{ designs: { id: number }[]; workloads: { id: number }[]; mappings: { id: number; name: string }[] }>('projects.get', { projectId: project.id });
    const mapping = detail.mappings.find((m) => m.name.startsWith('lab1')) ?? detail.mappings[0];
    const run = await api<{ id: number }>('runs.start', { projectId: project.id, designId: detail.designs[0].id, workloadId: detail.workloads[0].id, mappingId: mapping.id, options: { mode: 'lbl', allocation: 'fixed' } });
    await browser.waitUntil(async () => (await api<{ run: { status: string } }>('runs.get', { runId: run.id })).run.status !== 'running' && (await api<{ run: { status: string } }>('runs.get', { runId: run.id })).run.status !== 'queued', { timeout: 180_000, interval: 1000, timeoutMsg: 'source run did not finish' });
    const exported = await api<{ json: string }>('projects.export', { projectId: project.id });
    const file = JSON.parse(exported.json) as { project: { name: string }; runs: { name: string; status: string; result: Record<string, unknown> & { cores: { coreId: number }[]; schedule: unknown }; metrics: Record<string, number> }[] };
    expect(file.runs[0].status).toBe('done');
    const coreIds = file.runs[0].result.cores.map((c) => c.coreId);
    const { cns, latency } = largeSchedule(coreIds.length ? coreIds : [0, 1, 2]);
    file.project.name = 'Large schedule';
    file.runs[0].name = '20k CNs';
    file.runs[0].result = { ...file.runs[0].result, schedule: { cns, transfers: [] }, nCns: cns.length, latencyCycles: latency };
    file.runs[0].metrics = { ...file.runs[0].metrics, nCns: cns.length, latencyCycles: latency };
    const path = join(mkdtempSync(join(tmpdir(), 'stream-studio-large-')), 'large.stream-studio.json');
    writeFileSync(path, JSON.stringify(file));

    await browser.url(host.url);
    const input = await $('aside input[type="file"]');
    await input.waitForExist({ timeout: 60_000 });
    await input.setValue(path);
    await browser.waitUntil(async () => (await byTestId('project-title').getText()) === 'Large schedule', { timeout: 30_000, timeoutMsg: 'project not imported' });
    await openTab('Runs');
    await $('button=20k CNs').waitForDisplayed();

    // In the page: click the run, then wait until the Gantt canvas is painted, watching the longest frame meanwhile.
    const timing = await browser.executeAsync((done: (t: { totalMs: number; longestFrameMs: number; setOptionMs: string | null }) => void) => {
      const started = performance.now();
      let last = started;
      let longest = 0;
      const button = [...document.querySelectorAll('[data-testid="run-item"]')].find((b) => b.textContent === '20k CNs') as HTMLButtonElement;
      button.click();
      const tick = () => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
        const plot = document.querySelector('[data-testid="chart-gantt"] [role="img"]');
        if (plot && plot.querySelector('canvas') && now - started > 1500) {
          done({ totalMs: now - started, longestFrameMs: longest, setOptionMs: plot.getAttribute('data-render-ms') });
        } else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const perChart = await browser.execute(() => [...document.querySelectorAll('figure.chart')].map((f) => `${f.querySelector('.title')?.textContent}: ${f.querySelector('[role="img"]')?.getAttribute('data-render-ms')} ms`).join(', '));
    console.log(`[timing] setOption per chart: ${perChart}`);
    console.log(`[timing] 20k-CN Gantt in Chromium: setOption ${timing.setOptionMs} ms, longest frame ${timing.longestFrameMs.toFixed(0)} ms during the first ${timing.totalMs.toFixed(0)} ms after opening the run`);
    expect(await byTestId('headline-latency').getAttribute('data-value')).toBe(String(latency));
    await screenshot('run-dashboard-20k-cns');

    // Zoom in with the mouse wheel: the chart then shows single CNs, with their details on hover.
    const plot = await byTestId('chart-gantt').$('[role="img"]');
    await plot.scrollIntoView();
    const size = await plot.getSize();
    for (let i = 0; i < 40; i += 1) await browser.action('wheel').scroll({ origin: plot, deltaY: -600 }).perform();
    await browser.pause(1500);
    const rowY = Math.round(-size.height / 2 + 16 + (size.height - 16 - 56) / 6);
    await browser.waitUntil(async () => {
      await plot.moveTo({ xOffset: 0, yOffset: rowY });
      await browser.pause(300);
      const text = await browser.execute(() => document.querySelector('[data-testid="chart-gantt"] [role="img"]')?.textContent ?? '');
      return / · CN \d+ \(tile \d+\)/.test(text);
    }, { timeout: 20_000, interval: 1000, timeoutMsg: 'no single-CN tooltip after zooming in' });
    await screenshot('run-dashboard-20k-cns-zoomed');
  });
});
