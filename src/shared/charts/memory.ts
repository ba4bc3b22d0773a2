import type { MemoryTrace, RunResult } from '../../engine/results/types';
import { coreLabel, formatBytes, formatCycles, runColour, PALETTE } from './format';
import type { ChartOption, ChartStyle, LabelledRun } from './types';

export interface MemoryOptions extends ChartStyle {
  /** Keys ("<core id>:<memory name>") to draw; all when absent. */
  readonly keys?: readonly string[];
}

/** The step function of one trace as [time, bytes] points, closed at `end` so the last level is visible. */
export function memoryPoints(trace: MemoryTrace, end: number): [number, number][] {
  const points: [number, number][] = [];
  for (let i = 0; i < trace.times.length; i += 1) points.push([trace.times[i], trace.usedBits[i] / 8]);
  if (points.length > 0 && end > points[points.length - 1][0]) points.push([end, points[points.length - 1][1]]);
  return points;
}

function memoryLabel(trace: MemoryTrace, coreNames?: ReadonlyMap<number, string>): string {
  return `${coreLabel(trace.coreId, coreNames?.get(trace.coreId))} · ${trace.memoryName}`;
}

function tracesOf(result: RunResult, keys?: readonly string[]): MemoryTrace[] {
  const wanted = keys ? new Set(keys) : undefined;
  return result.memory.filter((trace) => !wanted || wanted.has(trace.key));
}

/**
 * Memory usage over time, one step line per top-level memory with its capacity drawn as a dashed line in
 * the same colour. Given several runs, their curves for the same memory are overlaid (one colour per run,
 * one dash style per memory).
 */
export function buildMemoryOption(runs: readonly LabelledRun[] | RunResult, options: MemoryOptions = {}): ChartOption {
  const list: readonly LabelledRun[] = Array.isArray(runs) ? runs : [{ label: '', result: runs as RunResult }];
  const overlay = list.length > 1;
  const series: Record<string, unknown>[] = [];
  list.forEach((run, runIndex) => {
    const coreNames = new Map((run.result.cores ?? []).map((c) => [c.coreId, c.name]));
    tracesOf(run.result, options.keys).forEach((trace, traceIndex) => {
      const colour = overlay ? runColour(runIndex) : PALETTE[traceIndex % PALETTE.length];
      const name = overlay ? `${run.label} · ${memoryLabel(trace, coreNames)}` : memoryLabel(trace, coreNames);
      series.push({
        type: 'line',
        name,
        step: 'end',
        showSymbol: false,
        sampling: 'lttb',
        lineStyle: { width: 1.5, color: colour, type: overlay && traceIndex > 0 ? (['dashed', 'dotted'] as const)[traceIndex % 2] : 'solid' },
        itemStyle: { color: colour },
        areaStyle: overlay ? undefined : { opacity: 0.08 },
        data: memoryPoints(trace, run.result.latencyCycles),
        markLine: runIndex === 0 || !overlay
          ? {
              symbol: 'none',
              silent: true,
              lineStyle: { type: 'dashed', color: colour, width: 1 },
              label: { formatter: `capacity ${formatBytes(trace.capacityBits / 8)}`, position: 'insideEndTop', fontSize: 10 },
              data: [{ yAxis: trace.capacityBits / 8 }],
            }
          : undefined,
      });
    });
  });
  return {
    animation: options.animation ?? true,
    title: options.title ? { text: options.title, left: 8, textStyle: { fontSize: 13 } } : undefined,
    legend: { type: 'scroll', top: options.title ? 24 : 0, textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value: unknown) => formatBytes(Number(value)),
    },
    grid: { left: 72, right: 24, top: options.title ? 56 : 32, bottom: 56 },
    xAxis: { type: 'value', name: 'cycles', min: 0, axisLabel: { formatter: (v: number) => formatCycles(v) } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatBytes(v) } },
    dataZoom: [{ type: 'inside', xAxisIndex: 0 }, { type: 'slider', xAxisIndex: 0, height: 18, bottom: 8 }],
    series: series as ChartOption['series'],
  };
}
