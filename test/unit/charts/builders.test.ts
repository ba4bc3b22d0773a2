import { describe, expect, it } from 'vitest';
import { buildEnergyOption, ENERGY_PARTS } from '../../../src/shared/charts/energy';
import { buildLutHeatmapOption, lutGrid } from '../../../src/shared/charts/lut';
import { buildMemoryOption, memoryPoints } from '../../../src/shared/charts/memory';
import { buildConvergenceOption, buildParetoOption, sortedFront } from '../../../src/shared/charts/pareto';
import { buildUtilisationOption } from '../../../src/shared/charts/utilisation';
import { buildDashboardChart, DASHBOARD_CHARTS, hasChartData } from '../../../src/shared/charts/index';
import { sampleResult } from './fixture';

type AnySeries = { type: string; name: string; data: unknown[]; stack?: string; step?: string; yAxisIndex?: number; markLine?: { data: { yAxis: number }[] } };
const seriesOf = (option: unknown) => (option as { series: AnySeries[] }).series;

describe('memory usage chart', () => {
  it('turns a trace into a step function in bytes, closed at the run end', () => {
    const trace = sampleResult().memory[0];
    expect(memoryPoints(trace, 400)).toEqual([[0, 1024], [100, 2048], [300, 0], [400, 0]]);
    expect(memoryPoints(trace, 300)).toHaveLength(3);
  });

  it('draws one step line per memory with its capacity line', () => {
    const series = seriesOf(buildMemoryOption(sampleResult()));
    expect(series.map((s) => s.name)).toEqual(['core 0 · tpu_like · sram', 'core 1 · simd · sram']);
    expect(series.every((s) => s.step === 'end')).toBe(true);
    expect(series[0].markLine?.data[0].yAxis).toBe(65536 / 8);
  });

  it('overlays the same memories of several runs, labelled by run', () => {
    const a = sampleResult();
    const b = sampleResult({ latencyCycles: 500 });
    const series = seriesOf(buildMemoryOption([{ label: 'A', result: a }, { label: 'B', result: b }], { keys: ['0:sram'] }));
    expect(series.map((s) => s.name)).toEqual(['A · core 0 · tpu_like · sram', 'B · core 0 · tpu_like · sram']);
    expect(series[1].data.at(-1)).toEqual([500, 0]);
  });
});

describe('energy breakdown chart', () => {
  it('stacks the non-zero parts and keeps their values', () => {
    const series = seriesOf(buildEnergyOption(sampleResult()));
    expect(series.map((s) => s.name)).not.toContain('Eviction');
    expect(series.every((s) => s.stack === 'energy')).toBe(true);
    const offChip = series.find((s) => s.name === 'Off-chip')!;
    expect(offChip.data).toEqual([700]);
    const total = series.reduce((sum, s) => sum + (s.data[0] as number), 0);
    expect(total).toBe(sampleResult().energyBreakdown.total);
  });

  it('puts several runs side by side', () => {
    const option = buildEnergyOption([
      { label: 'lbl', result: sampleResult() },
      { label: 'fused', result: sampleResult({ energyBreakdown: { ...sampleResult().energyBreakdown, eviction: 12 } }) },
    ]) as { yAxis: { data: string[] } };
    expect(option.yAxis.data).toEqual(['lbl', 'fused']);
    expect(seriesOf(option).find((s) => s.name === 'Eviction')!.data).toEqual([0, 12]);
    expect(ENERGY_PARTS).toHaveLength(7);
  });
});

describe('utilisation chart', () => {
  it('shows each core in id order as a percentage', () => {
    const option = buildUtilisationOption(sampleResult()) as { xAxis: { data: string[] } };
    expect(option.xAxis.data).toEqual(['core 0 · tpu_like', 'core 1 · simd']);
    expect(seriesOf(option)[0].data).toEqual([67.5, 52.5]);
  });
});

describe('Pareto and convergence charts', () => {
  it('sorts a front by latency', () => {
    expect(sortedFront(sampleResult().pareto)).toEqual([[400, 1000], [500, 900]]);
  });

  it('draws one series per front', () => {
    const series = seriesOf(buildParetoOption([{ label: 'a', points: sampleResult().pareto }, { label: 'b', points: [] }]));
    expect(series.map((s) => s.name)).toEqual(['a', 'b']);
    expect(seriesOf(buildParetoOption(sampleResult()))[0].data).toHaveLength(2);
  });

  it('plots best and mean latency and energy per generation on two axes', () => {
    const option = buildConvergenceOption(sampleResult()) as { xAxis: { data: number[] } };
    expect(option.xAxis.data).toEqual([0, 1]);
    const series = seriesOf(option);
    expect(series.find((s) => s.name === 'Best latency')!.data).toEqual([500, 400]);
    expect(series.find((s) => s.name === 'Mean energy')!.yAxisIndex).toBe(1);
  });
});

describe('cost LUT heatmap', () => {
  it('arranges cells as layers × cores with the value range', () => {
    const grid = lutGrid(sampleResult().costLut, 'latency');
    expect(grid.layers.map((l) => l.name)).toEqual(['conv1', 'conv2', 'fc']);
    expect(grid.coreIds).toEqual([0, 1]);
    expect(grid.cells).toContainEqual([1, 0, 120]);
    expect(grid.cells).toContainEqual([1, 2, 90]);
    expect([grid.min, grid.max]).toEqual([90, 170]);
  });

  it('colours by energy when asked', () => {
    const option = buildLutHeatmapOption(sampleResult(), 'energy') as { visualMap: { min: number; max: number } };
    expect([option.visualMap.min, option.visualMap.max]).toEqual([40, 80]);
  });

  it('copes with an empty LUT', () => {
    const option = buildLutHeatmapOption([], 'latency') as { visualMap: { min: number; max: number } };
    expect(option.visualMap.max).toBeGreaterThan(option.visualMap.min);
  });
});

describe('dashboard chart set', () => {
  it('builds every chart that has data', () => {
    const result = sampleResult();
    for (const chart of DASHBOARD_CHARTS) {
      expect(hasChartData(result, chart.id)).toBe(true);
      expect(seriesOf(buildDashboardChart(result, chart.id, false)).length).toBeGreaterThan(0);
      expect((buildDashboardChart(result, chart.id, false) as { animation: boolean }).animation).toBe(false);
    }
  });

  it('leaves out GA charts for a fixed allocation', () => {
    const result = sampleResult({ gaHistory: [], costLut: [] });
    expect(hasChartData(result, 'convergence')).toBe(false);
    expect(hasChartData(result, 'lutLatency')).toBe(false);
  });
});

describe('core labels', () => {
  it('name cores by id and name, as "core 0 · tpu_like"', async () => {
    const { coreLabel } = await import('../../../src/shared/charts/format');
    expect(coreLabel(0, 'tpu_like')).toBe('core 0 · tpu_like');
    expect(coreLabel(3, 'Core 3')).toBe('core 3');
    expect(coreLabel(2)).toBe('core 2');
  });
});
