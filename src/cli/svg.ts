/**
 * An echarts option rendered as an SVG string with echarts' server-side renderer (no DOM, no animation). Its own
 * module because echarts is the heaviest thing the CLI can load: commands import it only when they plot.
 */
import * as echarts from 'echarts';

export function renderSvg(option: unknown, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ ...(option as object), animation: false } as echarts.EChartsCoreOption);
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}
