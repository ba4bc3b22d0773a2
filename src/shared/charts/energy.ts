import type { EnergyBreakdown, RunResult } from '../../engine/results/types';
import { formatEnergy, PALETTE } from './format';
import type { ChartOption, ChartStyle, LabelledRun } from './types';

/** The parts of an energy breakdown, in stacking order, with the labels users see. */
export const ENERGY_PARTS: readonly { key: Exclude<keyof EnergyBreakdown, 'total'>; label: string }[] = [
  { key: 'onChipCompute', label: 'On-chip compute' },
  { key: 'onChipMemory', label: 'On-chip memory' },
  { key: 'offChip', label: 'Off-chip' },
  { key: 'eviction', label: 'Eviction' },
  { key: 'sinkWriteback', label: 'Sink write-back' },
  { key: 'coreToCore', label: 'Core to core' },
  { key: 'links', label: 'Links' },
];

/**
 * Energy breakdown as a stacked horizontal bar per run (one bar for a single run, side by side for a
 * comparison). Parts that are zero in every run are left out of the legend.
 */
export function buildEnergyOption(runs: readonly LabelledRun[] | RunResult, style: ChartStyle = {}): ChartOption {
  const list: readonly LabelledRun[] = Array.isArray(runs) ? runs : [{ label: 'run', result: runs as RunResult }];
  const parts = ENERGY_PARTS.filter((part) => list.some((run) => run.result.energyBreakdown[part.key] !== 0));
  return {
    animation: style.animation ?? true,
    title: style.title ? { text: style.title, left: 8, textStyle: { fontSize: 13 } } : undefined,
    legend: { top: style.title ? 24 : 0, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => formatEnergy(Number(v)) },
    grid: { left: 120, right: 32, top: style.title ? 60 : 36, bottom: 32 },
    xAxis: { type: 'value', name: 'energy', axisLabel: { formatter: (v: number) => formatEnergy(v) } },
    yAxis: { type: 'category', data: list.map((run) => run.label), inverse: true },
    series: parts.map((part) => ({
      type: 'bar',
      name: part.label,
      stack: 'energy',
      barMaxWidth: 36,
      itemStyle: { color: PALETTE[ENERGY_PARTS.indexOf(part) % PALETTE.length] },
      emphasis: { focus: 'series' },
      data: list.map((run) => run.result.energyBreakdown[part.key]),
    })),
  };
}
