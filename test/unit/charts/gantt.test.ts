import { describe, expect, it } from 'vitest';
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams } from 'echarts';
import { BAR_END, BAR_INDEX, BAR_LAYER, BAR_ROW, BAR_START, buildGanttOption, bundleBars, ganttBars, ganttTimeEnd, ganttRows, LARGE_GANTT, makeBarRenderer, makeBundleRenderer } from '../../../src/shared/charts/gantt';
import { largeResult, sampleResult } from './fixture';

type Series = { type: string; name: string; data: number[][]; renderItem: (...args: unknown[]) => unknown };

describe('Gantt chart builder', () => {
  it('makes one row per core in id order, then one per link that carried data', () => {
    const rows = ganttRows(sampleResult());
    expect(rows.map((row) => row.label)).toEqual(['core 0 · tpu_like', 'core 1 · simd', 'core 0 ↔ core 1']);
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
    expect((option.yAxis as { data: string[] }).data).toEqual(['core 0 · tpu_like', 'core 1 · simd', 'core 0 ↔ core 1']);
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

  it('bundles the bars of large schedules and draws them without animation', () => {
    const result = largeResult(20_000, 8);
    const option = buildGanttOption(result) as Record<string, unknown>;
    const series = option.series as Series[];
    expect(20_000).toBeGreaterThan(LARGE_GANTT);
    expect(series[0].data.length).toBeLessThan(20_000 / 10);
    expect(option.animation).toBe(false);
    const tooltip = (option as { tooltip: { formatter: (p: unknown) => string } }).tooltip.formatter({ seriesIndex: 0, value: series[0].data[0] });
    expect(tooltip).toContain('layer0');
  });

  it('shows single CNs again when zoomed into a window of a large schedule', () => {
    const result = largeResult(20_000, 8);
    const end = ganttTimeEnd(result);
    const zoomed = buildGanttOption(result, { window: [0, end / 50] }) as Record<string, unknown>;
    const series = zoomed.series as Series[];
    expect(series[0].data.length).toBeLessThanOrEqual(LARGE_GANTT);
    expect(series[0].data.every((bar) => bar.length === 5 && bar[BAR_START] <= end / 50)).toBe(true);
    const zoom = (zoomed.dataZoom as { startValue?: number; endValue?: number }[])[0];
    expect([zoom.startValue, zoom.endValue]).toEqual([0, end / 50]);
    expect((zoomed.xAxis as { max: number }).max).toBe(end);
    expect(zoomed.animation).toBe(false);
    const tooltip = (zoomed as { tooltip: { formatter: (p: unknown) => string } }).tooltip.formatter({ seriesIndex: 0, value: series[0].data[0] });
    expect(tooltip).toContain('CN ');
  });

  it('bundles consecutive bars of one row and layer, in time order, at most BUNDLE_SIZE each', () => {
    const bars = [
      [0, 30, 40, 1, 3], [0, 0, 10, 1, 0], [0, 10, 20, 1, 1], [0, 20, 30, 2, 2], [1, 5, 6, 1, 4],
    ];
    const { items, members } = bundleBars(bars, 2);
    expect(items).toEqual([[0, 0, 20, 1, 0, 2], [0, 20, 30, 2, 2, 3], [0, 30, 40, 1, 3, 4], [1, 5, 6, 1, 4, 5]]);
    expect(members.map((m) => m[BAR_INDEX])).toEqual([0, 1, 2, 3, 4]);
  });

  it('draws a bundle as one compound path', () => {
    const members = [[0, 10, 20, 3, 0], [0, 30, 40, 3, 1]];
    const render = makeBundleRenderer(members, () => '#abcdef', 0.5);
    const values = [0, 10, 40, 3, 0, 2];
    const api = { value: (i: number) => values[i], coord: ([x, y]: number[]) => [x, y * 20 + 10], size: () => [0, 20] } as unknown as CustomSeriesRenderItemAPI;
    const params = { coordSys: { x: 0, y: 0, width: 100, height: 100 } } as unknown as CustomSeriesRenderItemParams;
    const path = render(params, api) as { type: string; shape: { pathData: string }; style: { fill: string } };
    expect(path.type).toBe('path');
    expect(path.shape.pathData).toBe('M10.0 5.0h10.0v10.0h-10.0ZM30.0 5.0h10.0v10.0h-10.0Z');
    expect(path.style.fill).toBe('#abcdef');
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
