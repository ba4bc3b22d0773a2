/**
 * Sweep (Explore) charts: latency–energy scatter with the Pareto front, parallel coordinates from axes to
 * metrics, one metric against one axis; and the points as CSV. Pure builders: the renderer and the CLI
 * (`sweeps export --plot`) draw the same options.
 */
import { csvText } from '../csv';
import { formatCycles, formatEnergy, formatSi, runColour } from './format';
import type { ChartOption, ChartStyle } from './types';

export interface SweepChartPoint {
  readonly index: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly status: string;
  readonly runId: number | null;
  readonly latencyCycles: number | null;
  readonly energyPj: number | null;
  readonly areaMm2: number | null;
  readonly edp: number | null;
  /** GA seeds: max − min over the seeds. */
  readonly spread?: { readonly latency: number; readonly energy: number } | null;
  readonly error?: string | null;
}

export interface ScatterEncoding {
  /** Axis label whose value colours the points. */
  readonly colourBy?: string;
  /** Axis label whose value sizes the points. */
  readonly sizeBy?: string;
  /** Highlighted (selected) point indices. */
  readonly selected?: readonly number[];
}

const done = (points: readonly SweepChartPoint[]) => points.filter((p) => p.status === 'done' && p.latencyCycles !== null && p.energyPj !== null);

const valueText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Distinct values of an axis, in first-seen order (numbers sorted). */
export function axisValues(points: readonly SweepChartPoint[], label: string): unknown[] {
  const seen = new Map<string, unknown>();
  for (const p of points) if (label in p.params) seen.set(valueText(p.params[label]), p.params[label]);
  const values = [...seen.values()];
  return values.every((v) => typeof v === 'number') ? (values as number[]).sort((a, b) => a - b) : values;
}

export function axisLabels(points: readonly SweepChartPoint[]): string[] {
  return [...new Set(points.flatMap((p) => Object.keys(p.params)))];
}

function describe(p: SweepChartPoint): string {
  const params = Object.entries(p.params).map(([k, v]) => `${k} = ${valueText(v)}`).join('<br/>');
  const spread = p.spread ? `<br/>seed spread: ${formatCycles(p.spread.latency)}, ${formatEnergy(p.spread.energy)}` : '';
  return `<b>#${p.index}</b> (run ${p.runId ?? '-'})<br/>latency ${formatCycles(p.latencyCycles ?? 0)}<br/>energy ${formatEnergy(p.energyPj ?? 0)}<br/>area ${p.areaMm2 === null ? 'missing' : `${p.areaMm2.toPrecision(4)} mm²`}<br/>${params}${spread}`;
}

/**
 * Latency × energy scatter of the finished points, one series per value of the colour axis, symbol size by the
 * size axis, and the Pareto front drawn as a staircase through its points.
 */
export function buildSweepScatterOption(points: readonly SweepChartPoint[], pareto: readonly number[], encoding: ScatterEncoding = {}, style: ChartStyle = {}): ChartOption {
  const finished = done(points);
  const colourValues = encoding.colourBy ? axisValues(finished, encoding.colourBy) : [undefined];
  const sizeValues = encoding.sizeBy ? axisValues(finished, encoding.sizeBy) : [];
  const sizeOf = (p: SweepChartPoint) => {
    if (!encoding.sizeBy || sizeValues.length < 2) return 10;
    const i = sizeValues.findIndex((v) => valueText(v) === valueText(p.params[encoding.sizeBy!]));
    return 6 + (14 * i) / (sizeValues.length - 1);
  };
  const selected = new Set(encoding.selected ?? []);
  const byIndex = new Map(finished.map((p) => [p.index, p]));
  const front = pareto.flatMap((i) => byIndex.get(i) ?? []).sort((a, b) => a.latencyCycles! - b.latencyCycles! || a.energyPj! - b.energyPj!);
  return {
    animation: style.animation ?? false,
    title: style.title ? { text: style.title, left: 8, textStyle: { fontSize: 13 } } : undefined,
    legend: { top: style.title ? 24 : 0, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'item', formatter: (params: unknown) => {
      const d = (params as { data?: { point?: SweepChartPoint } }).data;
      return d?.point ? describe(d.point) : '';
    } },
    grid: { left: 80, right: 24, top: style.title ? 60 : 40, bottom: 48 },
    xAxis: { type: 'value', name: 'latency (cycles)', nameLocation: 'middle', nameGap: 28, scale: true, axisLabel: { formatter: (v: number) => formatCycles(v) } },
    yAxis: { type: 'value', name: 'energy', scale: true, axisLabel: { formatter: (v: number) => formatEnergy(v) } },
    series: [
      ...colourValues.map((cv, ci) => ({
        type: 'scatter' as const,
        name: encoding.colourBy ? `${encoding.colourBy} = ${valueText(cv)}` : 'points',
        itemStyle: { color: runColour(ci), opacity: 0.85 },
        data: finished
          .filter((p) => !encoding.colourBy || valueText(p.params[encoding.colourBy]) === valueText(cv))
          .map((p) => ({
            value: [p.latencyCycles!, p.energyPj!],
            symbolSize: sizeOf(p),
            point: p,
            ...(selected.has(p.index) ? { itemStyle: { borderColor: '#111', borderWidth: 2 } } : {}),
          })),
      })),
      {
        type: 'line' as const,
        name: 'Pareto front',
        step: 'end' as const,
        symbol: 'diamond',
        symbolSize: 12,
        lineStyle: { width: 1.5, type: 'dashed' as const, color: '#d62728' },
        itemStyle: { color: '#d62728' },
        z: 3,
        data: front.map((p) => ({ value: [p.latencyCycles!, p.energyPj!], point: p })),
      },
    ],
  };
}

export type SweepMetric = 'latency' | 'energy' | 'edp' | 'area';

/** How each metric's values are printed on an axis, as in the scatter, tooltips and tables. */
const metricText: Readonly<Record<SweepMetric, (value: number) => string>> = {
  latency: formatCycles,
  energy: formatEnergy,
  edp: (value) => formatSi(value, 'cc·pJ'),
  area: (value) => `${formatSi(value)} mm²`,
};

/** Parallel coordinates: one axis per sweep axis, then latency, energy and area; brushing selects points. */
export function buildSweepParallelOption(points: readonly SweepChartPoint[], style: ChartStyle = {}): ChartOption {
  const finished = done(points);
  const labels = axisLabels(points);
  const dims = [
    ...labels.map((label, i) => {
      const values = axisValues(points, label);
      const numeric = values.every((v) => typeof v === 'number');
      return numeric
        ? { dim: i, name: label, type: 'value' as const, scale: true }
        : { dim: i, name: label, type: 'category' as const, data: values.map(valueText) };
    }),
    { dim: labels.length, name: 'latency', type: 'value' as const, scale: true, axisLabel: { formatter: metricText.latency } },
    { dim: labels.length + 1, name: 'energy', type: 'value' as const, scale: true, axisLabel: { formatter: metricText.energy } },
    // Area only where the points have one: a missing area is left out ('-'), never drawn as 0.
    ...(finished.some((p) => p.areaMm2 !== null) ? [{ dim: labels.length + 2, name: 'area', type: 'value' as const, scale: true, axisLabel: { formatter: metricText.area } }] : []),
  ];
  const hasArea = dims.length > labels.length + 2;
  return {
    animation: style.animation ?? false,
    title: style.title ? { text: style.title, left: 8, textStyle: { fontSize: 13 } } : undefined,
    parallelAxis: dims.map((d) => ({ ...d, nameTextStyle: { fontSize: 10 }, nameRotate: 10 })),
    parallel: { left: 60, right: 80, top: 60, bottom: 30 },
    series: [
      {
        type: 'parallel',
        lineStyle: { width: 1.5, opacity: 0.6 },
        data: finished.map((p) => ({
          name: `#${p.index}`,
          value: [...labels.map((l) => (typeof p.params[l] === 'number' ? (p.params[l] as number) : valueText(p.params[l]))), p.latencyCycles!, p.energyPj!, ...(hasArea ? [p.areaMm2 ?? '-'] : [])],
        })),
      },
    ],
  } as ChartOption;
}

const metricOf = (p: SweepChartPoint, m: SweepMetric) =>
  m === 'latency' ? p.latencyCycles : m === 'energy' ? p.energyPj : m === 'edp' ? p.edp : p.areaMm2;

/** One metric against one axis, with the other axes fixed at the given values (one line). */
export function buildMetricVsAxisOption(points: readonly SweepChartPoint[], axis: string, metric: SweepMetric, fixed: Readonly<Record<string, unknown>>, style: ChartStyle = {}): ChartOption {
  const matching = done(points).filter((p) => Object.entries(fixed).every(([k, v]) => k === axis || valueText(p.params[k]) === valueText(v)));
  const values = axisValues(points, axis);
  const numeric = values.every((v) => typeof v === 'number');
  const data = values.map((v) => {
    const p = matching.find((q) => valueText(q.params[axis]) === valueText(v));
    return numeric ? [v as number, p ? metricOf(p, metric) : null] : (p ? metricOf(p, metric) : null);
  });
  return {
    animation: style.animation ?? false,
    tooltip: { trigger: 'axis' },
    grid: { left: 80, right: 24, top: 30, bottom: 48 },
    xAxis: numeric ? { type: 'value', name: axis, nameLocation: 'middle', nameGap: 28, scale: true } : { type: 'category', name: axis, data: values.map(valueText) },
    yAxis: { type: 'value', name: metric, scale: true, axisLabel: { formatter: metricText[metric] } },
    series: [{ type: 'line', name: metric, connectNulls: false, symbolSize: 8, data }],
  } as ChartOption;
}

/** The points as CSV: index, one column per axis, status, run, figures, error. */
export function sweepPointsCsv(points: readonly SweepChartPoint[]): string {
  const labels = axisLabels(points);
  const header = ['index', ...labels, 'status', 'run_id', 'latency_cycles', 'energy_pj', 'area_mm2', 'edp', 'latency_spread', 'energy_spread', 'error'];
  const rows = points.map((p) => [p.index, ...labels.map((l) => p.params[l]), p.status, p.runId, p.latencyCycles, p.energyPj, p.areaMm2, p.edp, p.spread?.latency, p.spread?.energy, p.error]);
  return csvText([header, ...rows]);
}
