// @vitest-environment node
import { describe, expect, it } from 'vitest';
import * as echarts from 'echarts';
import { buildDashboardChart, DASHBOARD_CHARTS } from '../../../src/shared/charts/index';
import { buildGanttOption } from '../../../src/shared/charts/gantt';
import { colourOf } from '../../../src/shared/charts/format';
import { largeResult, sampleResult } from './fixture';

function renderSvg(option: echarts.EChartsCoreOption, width = 800, height = 400): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

describe('chart options render with echarts server-side rendering (as the CLI does)', () => {
  it('renders every dashboard chart to SVG', () => {
    const result = sampleResult();
    for (const chart of DASHBOARD_CHARTS) {
      const svg = renderSvg(buildDashboardChart(result, chart.id, false));
      expect(svg.startsWith('<svg'), chart.id).toBe(true);
      expect(svg.length, chart.id).toBeGreaterThan(500);
    }
  });

  it('draws the CN bars of the Gantt chart in their layer colours', () => {
    const svg = renderSvg(buildGanttOption(sampleResult(), { animation: false }));
    expect(svg.toLowerCase()).toContain(colourOf(1).toLowerCase());
  });

  it('renders a 20k-CN schedule (timing printed, not asserted)', () => {
    const result = largeResult(20_000, 16);
    const started = performance.now();
    const option = buildGanttOption(result, { animation: false });
    const built = performance.now();
    const svg = renderSvg(option, 1400, 500);
    const rendered = performance.now();
    console.log(`[timing] 20k-CN Gantt: option ${(built - started).toFixed(1)} ms, SVG render ${(rendered - built).toFixed(1)} ms, ${(svg.length / 1024).toFixed(0)} KiB`);
    expect(svg.startsWith('<svg')).toBe(true);
  });
});
