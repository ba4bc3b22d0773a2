/**
 * Stream's plots as SVG, rendered with echarts' server-side renderer from the app's chart builders, named
 * `<plot_file_name>…` (default prefix "stream-"): `schedule.svg` (plot_full_schedule or plot_data_transfer; with
 * the transfers when plot_data_transfer), `memory.svg` (plot_full_schedule) and `pareto.svg` (plot_hof).
 * `run` imports this module only when it plots (echarts, behind `renderSvg`, is the heaviest thing the CLI can load).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RunResult, StreamOptions } from '../engine';
import { buildGanttOption, buildMemoryOption, buildParetoOption } from '../shared/charts/index';
import { renderSvg } from './svg';

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
