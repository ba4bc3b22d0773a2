/**
 * Stream's plots as SVG, rendered with echarts' server-side renderer from the app's chart builders, named
 * `<plot_file_name>…` (default prefix "stream-"): `schedule.svg` (plot_full_schedule or plot_data_transfer; with
 * the transfers when plot_data_transfer), `memory.svg` (plot_full_schedule) and `pareto.svg` (plot_hof).
 * Its own module because echarts is the heaviest thing the CLI can load: `run` imports it only when it plots.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as echarts from 'echarts';
import type { RunResult, StreamOptions } from '../engine';
import { buildGanttOption, buildMemoryOption, buildParetoOption } from '../shared/charts/index';

function renderSvg(option: unknown, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ ...(option as object), animation: false } as echarts.EChartsCoreOption);
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

export function writeSvgPlots(result: RunResult, options: StreamOptions): void {
  const prefix = options.plot_file_name ?? 'stream-';
  const write = (name: string, svg: string) => {
    const path = `${prefix}${name}`;
    mkdirSync(dirname(resolve(path)), { recursive: true });
    writeFileSync(path, svg);
  };
  if (options.plot_full_schedule || options.plot_data_transfer) {
    write('schedule.svg', renderSvg(buildGanttOption(result, { showTransfers: options.plot_data_transfer }), 1600, 600));
  }
  if (options.plot_full_schedule) write('memory.svg', renderSvg(buildMemoryOption(result), 1200, 500));
  if (options.plot_hof) write('pareto.svg', renderSvg(buildParetoOption(result), 900, 600));
}
