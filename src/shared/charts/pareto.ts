import type { GaGenerationStats, ParetoPoint, RunResult } from '../../engine/results/types';
import { formatCycles, formatEnergy, runColour } from './format';
import type { ChartOption, ChartStyle } from './types';

export interface ParetoFront {
  readonly label: string;
  readonly points: readonly ParetoPoint[];
}

/** Points of a front sorted by latency, so that the connecting line reads as a staircase. */
export function sortedFront(points: readonly ParetoPoint[]): [number, number][] {
  return [...points].sort((a, b) => a.latencyCycles - b.latencyCycles || a.energyPj - b.energyPj).map((p) => [p.latencyCycles, p.energyPj]);
}

/**
 * Pareto fronts (latency × energy), one series per front: the GA's final front of a run, several runs on
 * one chart for a comparison, or the live front while a GA is running.
 */
export function buildParetoOption(fronts: readonly ParetoFront[] | RunResult, style: ChartStyle = {}): ChartOption {
  const list: readonly ParetoFront[] = Array.isArray(fronts) ? fronts : [{ label: 'Pareto front', points: (fronts as RunResult).pareto }];
  return {
    animation: style.animation ?? true,
    title: style.title ? { text: style.title, left: 8, textStyle: { fontSize: 13 } } : undefined,
    legend: { top: style.title ? 24 : 0, textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: 'item',
      formatter: (params: unknown) => {
        const p = params as { seriesName: string; value: [number, number] };
        return `<b>${p.seriesName}</b><br/>latency ${formatCycles(p.value[0])}<br/>energy ${formatEnergy(p.value[1])}`;
      },
    },
    grid: { left: 72, right: 24, top: style.title ? 60 : 36, bottom: 40 },
    xAxis: { type: 'value', name: 'latency', scale: true, axisLabel: { formatter: (v: number) => formatCycles(v) } },
    yAxis: { type: 'value', name: 'energy', scale: true, axisLabel: { formatter: (v: number) => formatEnergy(v) } },
    series: list.map((front, index) => ({
      type: 'line',
      name: front.label,
      step: 'end',
      symbolSize: 7,
      lineStyle: { width: 1, type: 'dashed', color: runColour(index) },
      itemStyle: { color: runColour(index) },
      data: sortedFront(front.points),
    })),
  };
}

/** GA convergence: best and mean latency (left axis) and energy (right axis) per generation. */
export function buildConvergenceOption(history: readonly GaGenerationStats[] | RunResult, style: ChartStyle = {}): ChartOption {
  const stats = Array.isArray(history) ? (history as readonly GaGenerationStats[]) : (history as RunResult).gaHistory;
  const generations = stats.map((s) => s.generation);
  const line = (name: string, values: number[], axis: number, colour: string, dashed: boolean) => ({
    type: 'line' as const,
    name,
    yAxisIndex: axis,
    showSymbol: stats.length <= 40,
    lineStyle: { color: colour, type: dashed ? ('dashed' as const) : ('solid' as const) },
    itemStyle: { color: colour },
    data: values,
  });
  return {
    animation: style.animation ?? true,
    title: style.title ? { text: style.title, left: 8, textStyle: { fontSize: 13 } } : undefined,
    legend: { top: style.title ? 24 : 0, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 72, right: 72, top: style.title ? 60 : 36, bottom: 40 },
    xAxis: { type: 'category', name: 'generation', data: generations },
    yAxis: [
      { type: 'value', name: 'latency', scale: true, axisLabel: { formatter: (v: number) => formatCycles(v) } },
      { type: 'value', name: 'energy', scale: true, axisLabel: { formatter: (v: number) => formatEnergy(v) } },
    ],
    series: [
      line('Best latency', stats.map((s) => s.bestLatencyCycles), 0, '#0072b2', false),
      line('Mean latency', stats.map((s) => s.meanLatencyCycles), 0, '#0072b2', true),
      line('Best energy', stats.map((s) => s.bestEnergyPj), 1, '#d55e00', false),
      line('Mean energy', stats.map((s) => s.meanEnergyPj), 1, '#d55e00', true),
    ],
  };
}
