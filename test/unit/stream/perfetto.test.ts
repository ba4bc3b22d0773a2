import { describe, expect, it } from 'vitest';
import { toPerfettoTrace } from '../../../src/engine/results/perfetto';
import { runPipeline } from '../../../src/engine/stream/pipeline';
import { AnalyticalCostProvider, tutorialInputs } from '../../support/stream';

describe('Perfetto trace export', () => {
  it('has one track per core and link and a slice per CN and transfer hop', async () => {
    const result = await runPipeline({ ...(await tutorialInputs(1)), options: { mode: 'lbl' }, costProvider: new AnalyticalCostProvider() });
    const trace = toPerfettoTrace(result);
    const names = trace.traceEvents.filter((e) => e.name === 'thread_name').map((e) => (e.args as { name: string }).name);
    expect(names.filter((n) => n.startsWith('Core'))).toHaveLength(3);
    expect(names.filter((n) => n.startsWith('Link'))).toHaveLength(result.links.length);
    const compute = trace.traceEvents.filter((e) => e.cat === 'compute');
    expect(compute).toHaveLength(result.nCns);
    const hops = result.schedule.transfers.reduce((s, t) => s + t.linkIds.length, 0);
    expect(trace.traceEvents.filter((e) => e.cat === 'transfer' || e.cat === 'block')).toHaveLength(hops);
    for (const e of trace.traceEvents) if (e.ph === 'X') expect(e.dur).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(JSON.stringify(trace)).traceEvents.length).toBe(trace.traceEvents.length);
  });
});
