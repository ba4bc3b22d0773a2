import type { RunResult } from '../../engine/results/types';
import { formatBytes, formatCycles, formatEnergy, formatSi } from './format';
import type { LabelledRun } from './types';

export interface MetricDefinition {
  readonly key: string;
  readonly label: string;
  readonly value: (result: RunResult) => number;
  readonly format: (value: number) => string;
  /** Which way is better: lower for the costs, higher for utilisation, neither for a count such as CNs. */
  readonly better: 'lower' | 'higher' | 'neither';
}

export function peakMemoryBytes(result: Pick<RunResult, 'memoryPeaksBytes'>): number {
  const peaks = Object.values(result.memoryPeaksBytes);
  return peaks.length ? Math.max(...peaks) : 0;
}

function meanUtilisation(result: RunResult): number {
  const cores = result.cores.filter((core) => core.nCns > 0);
  return cores.length ? cores.reduce((sum, core) => sum + core.utilisation, 0) / cores.length : 0;
}

export const METRICS: readonly MetricDefinition[] = [
  { key: 'latency', label: 'Latency', value: (r) => r.latencyCycles, format: formatCycles, better: 'lower' },
  { key: 'energy', label: 'Energy', value: (r) => r.energyPj, format: formatEnergy, better: 'lower' },
  { key: 'edp', label: 'EDP', value: (r) => r.edp, format: (v) => formatSi(v, 'cc·pJ'), better: 'lower' },
  { key: 'peakMemory', label: 'Peak memory', value: peakMemoryBytes, format: formatBytes, better: 'lower' },
  { key: 'offChipEnergy', label: 'Off-chip energy', value: (r) => r.energyBreakdown.offChip, format: formatEnergy, better: 'lower' },
  { key: 'linkEnergy', label: 'Link energy', value: (r) => r.energyBreakdown.links + r.energyBreakdown.coreToCore, format: formatEnergy, better: 'lower' },
  { key: 'cns', label: 'CNs', value: (r) => r.nCns, format: (v) => String(v), better: 'neither' },
  { key: 'utilisation', label: 'Mean core utilisation', value: (r) => meanUtilisation(r) * 100, format: (v) => `${v.toFixed(1)} %`, better: 'higher' },
];

export interface MetricCell {
  readonly value: number;
  readonly text: string;
  /** Relative difference to the baseline (first run), e.g. -0.12 for 12 % less; 0 for the baseline. */
  readonly delta: number;
  /** Against the baseline beyond the tolerance: 'better' / 'worse', or 'different' for a metric with no better way. */
  readonly verdict: 'better' | 'worse' | 'different' | 'same';
  /** This run has the best value of the row (never for a metric with no better way). */
  readonly best: boolean;
}

export interface ComparedMetric {
  readonly key: string;
  readonly label: string;
  readonly cells: readonly MetricCell[];
  /** Values differ between runs beyond the tolerance. */
  readonly differs: boolean;
}

/**
 * The comparison table: one row per metric, one cell per run, differences relative to the first run.
 * Relative differences below `tolerance` count as equal.
 */
export function compareMetrics(runs: readonly LabelledRun[], tolerance = 1e-9): ComparedMetric[] {
  return METRICS.map((metric) => {
    const values = runs.map((run) => metric.value(run.result));
    const base = values[0] ?? 0;
    const best = metric.better === 'lower' ? Math.min(...values) : metric.better === 'higher' ? Math.max(...values) : NaN;
    const cells = values.map((value): MetricCell => {
      const delta = base === 0 ? (value === 0 ? 0 : Math.sign(value)) : (value - base) / Math.abs(base);
      const improved = metric.better === 'lower' ? delta < 0 : delta > 0;
      const verdict = Math.abs(delta) <= tolerance ? 'same' : metric.better === 'neither' ? 'different' : improved ? 'better' : 'worse';
      return { value, text: metric.format(value), delta, verdict, best: runs.length > 1 && value === best };
    });
    return { key: metric.key, label: metric.label, cells, differs: cells.some((cell) => cell.verdict !== 'same') };
  });
}


export interface ConfigDiffRow {
  /** Dotted path of the setting, e.g. "options.mode" or "design.cores.1.memories.sram.size". */
  readonly path: string;
  /** Printed value per run; "—" where the run has no such setting. */
  readonly values: readonly string[];
}

/** Flattens a JSON-like value into dotted paths → printed leaf values. Arrays of scalars stay one leaf. */
export function flatten(value: unknown, prefix = '', out: Map<string, string> = new Map()): Map<string, string> {
  if (value === null || value === undefined || typeof value !== 'object') {
    out.set(prefix, value === undefined ? '—' : JSON.stringify(value));
    return out;
  }
  if (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object')) {
    out.set(prefix, JSON.stringify(value));
    return out;
  }
  const entries = Array.isArray(value) ? value.map((item, i) => [String(i), item] as const) : Object.entries(value);
  if (entries.length === 0) out.set(prefix, Array.isArray(value) ? '[]' : '{}');
  for (const [key, item] of entries) flatten(item, prefix ? `${prefix}.${key}` : key, out);
  return out;
}

/** The settings that differ between runs' configurations (design, workload, mapping, options...). */
export function configDiff(configs: readonly unknown[]): ConfigDiffRow[] {
  const flat = configs.map((config) => flatten(config));
  const paths = new Set<string>();
  for (const map of flat) for (const path of map.keys()) paths.add(path);
  const rows: ConfigDiffRow[] = [];
  for (const path of [...paths].sort()) {
    const values = flat.map((map) => map.get(path) ?? '—');
    if (values.some((value) => value !== values[0])) rows.push({ path, values });
  }
  return rows;
}
