import { describe, expect, it } from 'vitest';
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams } from 'echarts';
import { BAR_END, BAR_INDEX, BAR_LAYER, BAR_ROW, BAR_START, buildGanttOption, ganttBars, ganttRows, LARGE_GANTT, makeBarRenderer } from '../../../src/shared/charts/gantt';
import { largeResult, sampleResult } from './fixture';

type Series = { type: string; name: string; data: number[][]; progressive?: number; renderItem: (...args: unknown[]) => unknown };

describe('Gantt chart builder', () => {
  it('makes one row per core in id order, then one per link that carried data', () => {
    const rows = ganttRows(sampleResult());
    expect(rows.map((row) => row.label)).toEqual(['Core 0', 'Core 1', 'core 0 ↔ core 1']);
    expect(rows.map((row) => row.kind)).toEqual(['core', 'core', 'link']);
    expect(ganttRows(sampleResult(), false)).toHaveLength(2);
  });

  it('places every CN on its core row with its start, end and layer', () => {
    const result = sampleResult();
    const rows = ganttRows(result);
    const { cnBars, transferBars } = ganttBars(result, rows);
    expect(cnBars).toHaveLength(4);
    const cn2 = cnBars.find((bar) => bar[BAR_INDEX] === 2)!;
    expect([cn2[BAR_ROW], cn2[BAR_START], cn2[BAR_END], cn2[BAR_LAYER]]).toEqual([0, 130, 300, 1]);
    expect(transferBars).toEqual([[2, 120, 130, 0, 0]]);
  });

  it('builds a custom-series option with zoom and the run latency as axis end', () => {
    const option = buildGanttOption(sampleResult()) as Record<string, unknown>;
    const series = option.series as Series[];
    expect(series.map((s) => s.type)).toEqual(['custom', 'custom']);
    expect(series[0].data).toHaveLength(4);
    expect((option.xAxis as { max: number }).max).toBe(400);
    expect((option.yAxis as { data: string[] }).data).toEqual(['Core 0', 'Core 1', 'core 0 ↔ core 1']);
    expect((option.dataZoom as unknown[]).length).toBeGreaterThanOrEqual(2);
    expect(option.animation).toBe(true);
  });

  it('aligns side-by-side charts on a shared x range', () => {
    const option = buildGanttOption(sampleResult(), { xMax: 1000 }) as { xAxis: { max: number } };
    expect(option.xAxis.max).toBe(1000);
  });

  it('describes a CN and a transfer in the tooltip', () => {
    const option = buildGanttOption(sampleResult()) as { tooltip: { formatter: (p: unknown) => string } };
    const cnText = option.tooltip.formatter({ seriesIndex: 0, value: [0, 130, 300, 1, 2] });
    expect(cnText).toContain('conv2');
    expect(cnText).toContain('CN 2');
    const transferText = option.tooltip.formatter({ seriesIndex: 1, value: [2, 120, 130, 0, 0] });
    expect(transferText).toContain('L0.O[1]');
    expect(transferText).toContain('core to core');
  });

  it('switches to progressive rendering without animation for large schedules', () => {
    const result = largeResult(20_000, 8);
    const option = buildGanttOption(result) as Record<string, unknown>;
    const series = option.series as Series[];
    expect(series[0].data).toHaveLength(20_000);
    expect(20_000).toBeGreaterThan(LARGE_GANTT);
    expect(series[0].progressive).toBeGreaterThan(0);
    expect(option.animation).toBe(false);
  });

  it('draws a bar as a clipped rectangle at least one pixel wide', () => {
    const render = makeBarRenderer(() => '#123456', 0.5);
    const values = [0, 10, 10, 3, 0];
    const api = {
      value: (i: number) => values[i],
      coord: ([x, y]: number[]) => [x * 2, y * 20 + 10],
      size: () => [0, 20],
    } as unknown as CustomSeriesRenderItemAPI;
    const params = { coordSys: { x: 0, y: 0, width: 100, height: 100 } } as unknown as CustomSeriesRenderItemParams;
    const rect = render(params, api) as { shape: { x: number; y: number; width: number; height: number }; style: { fill: string } };
    expect(rect.shape).toEqual({ x: 20, y: 5, width: 1, height: 10 });
    expect(rect.style.fill).toBe('#123456');
    values.splice(0, 5, 0, 20, 200, 3, 0);
    expect((render(params, api) as { shape: { x: number; width: number } }).shape).toMatchObject({ x: 40, width: 60 });
    values.splice(0, 5, 0, 80, 200, 3, 0);
    expect(render(params, api)).toBeNull();
  });
});
