/**
 * Pure chart-option builders: run results → echarts options. The renderer draws them on canvas; the CLI
 * renders the same options to SVG with echarts' server-side rendering.
 */
import type { RunResult } from '../../engine/results/types';
import { buildEnergyOption } from './energy';
import { buildGanttOption } from './gantt';
import { buildLutHeatmapOption } from './lut';
import { buildMemoryOption } from './memory';
import { buildConvergenceOption, buildParetoOption } from './pareto';
import type { ChartOption } from './types';
import { buildUtilisationOption } from './utilisation';

export * from './format';
export * from './types';
export * from './gantt';
export * from './memory';
export * from './energy';
export * from './utilisation';
export * from './pareto';
export * from './lut';
export * from './compare';

export type DashboardChart = 'gantt' | 'memory' | 'energy' | 'utilisation' | 'pareto' | 'convergence' | 'lutLatency' | 'lutEnergy';

export const DASHBOARD_CHARTS: readonly { id: DashboardChart; title: string }[] = [
  { id: 'gantt', title: 'Schedule' },
  { id: 'memory', title: 'Memory usage over time' },
  { id: 'energy', title: 'Energy breakdown' },
  { id: 'utilisation', title: 'Core utilisation' },
  { id: 'pareto', title: 'Pareto front' },
  { id: 'convergence', title: 'GA convergence' },
  { id: 'lutLatency', title: 'Cost LUT: latency' },
  { id: 'lutEnergy', title: 'Cost LUT: energy' },
];

/** Whether a chart has anything to show for this result (e.g. no convergence chart for a fixed allocation). */
export function hasChartData(result: RunResult, chart: DashboardChart): boolean {
  switch (chart) {
    case 'gantt':
      return result.schedule.cns.length > 0;
    case 'memory':
      return result.memory.length > 0;
    case 'energy':
      return true;
    case 'utilisation':
      return result.cores.length > 0;
    case 'pareto':
      return result.pareto.length > 0;
    case 'convergence':
      return result.gaHistory.length > 0;
    case 'lutLatency':
    case 'lutEnergy':
      return result.costLut.length > 0;
  }
}

/** The option of one dashboard chart; `animation: false` for static (SVG/PNG) export. */
export function buildDashboardChart(result: RunResult, chart: DashboardChart, animation = true): ChartOption {
  const style = { animation };
  switch (chart) {
    case 'gantt':
      return buildGanttOption(result, style);
    case 'memory':
      return buildMemoryOption(result, style);
    case 'energy':
      return buildEnergyOption(result, style);
    case 'utilisation':
      return buildUtilisationOption(result, style);
    case 'pareto':
      return buildParetoOption(result, style);
    case 'convergence':
      return buildConvergenceOption(result, style);
    case 'lutLatency':
      return buildLutHeatmapOption(result, 'latency', style);
    case 'lutEnergy':
      return buildLutHeatmapOption(result, 'energy', style);
  }
}
export * from './sweep';
