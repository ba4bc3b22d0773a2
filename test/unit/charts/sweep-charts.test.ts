// @vitest-environment node
import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { buildMetricVsAxisOption, buildSweepParallelOption, buildSweepScatterOption, sweepPointsCsv, type SweepChartPoint } from '../../../src/shared/charts/sweep';

function texts(option: unknown, width = 1200, height = 500): string[] {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option as echarts.EChartsCoreOption);
    return [...chart.renderToSVGString().matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
  } finally {
    chart.dispose();
  }
}

const point = (index: number, bw: number, mode: string, latency: number, energy: number, area: number | null = null): SweepChartPoint => ({
  index,
  params: { 'links[*].bandwidth': bw, mode },
  status: 'done',
  runId: index + 1,
  latencyCycles: latency,
  energyPj: energy,
  areaMm2: area,
  edp: latency * energy,
});
const points = [point(0, 16, 'lbl', 5_502_106, 2.7615e9), point(1, 16, 'fused', 4_173_680, 2.1445e9), point(2, 64, 'lbl', 5_001_430, 2.7615e9), point(3, 64, 'fused', 3_860_801, 2.1445e9)];

describe('sweep charts', () => {
  it('prints latency and energy on the parallel axes as the scatter does (Mcc, mJ), not as raw cycles and pJ', () => {
    const parallel = texts(buildSweepParallelOption(points));
    const scatter = texts(buildSweepScatterOption(points, [3]), 1000, 650);
    for (const drawn of [parallel, scatter]) {
      expect(drawn.some((t) => / Mcc$/.test(t))).toBe(true);
      expect(drawn.some((t) => / mJ$/.test(t))).toBe(true);
    }
    expect(parallel.filter((t) => /^\d{1,3}(,\d{3}){2,}$/.test(t))).toEqual([]);
    expect(parallel).toEqual(expect.arrayContaining(['links[*].bandwidth', 'mode', 'latency', 'energy', 'lbl', 'fused']));
  });

  it('adds an area axis only when points have an area, in mm²', () => {
    expect(texts(buildSweepParallelOption(points))).not.toContain('area');
    const withArea = texts(buildSweepParallelOption(points.map((p, i) => ({ ...p, areaMm2: 10 + i }))));
    expect(withArea).toContain('area');
    expect(withArea.some((t) => / mm²$/.test(t))).toBe(true);
  });

  it('labels a metric against an axis in the metric\'s unit', () => {
    const energy = texts(buildMetricVsAxisOption(points, 'links[*].bandwidth', 'energy', { mode: 'fused' }));
    expect(energy.some((t) => / mJ$/.test(t))).toBe(true);
    const latency = texts(buildMetricVsAxisOption(points, 'links[*].bandwidth', 'latency', { mode: 'lbl' }));
    expect(latency.some((t) => / Mcc$/.test(t))).toBe(true);
  });

  it('writes one CSV row per point with one column per axis', () => {
    const rows = sweepPointsCsv(points).trim().split('\n');
    expect(rows[0]).toBe('index,links[*].bandwidth,mode,status,run_id,latency_cycles,energy_pj,area_mm2,edp,latency_spread,energy_spread,error');
    expect(rows).toHaveLength(5);
    expect(rows[4]!.startsWith('3,64,fused,done,4,3860801,')).toBe(true);
  });
});
