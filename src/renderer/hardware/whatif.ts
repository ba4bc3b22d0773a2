/**
 * The live what-if's figures as the editor shows them: each figure of an evaluation beside the pinned baseline's,
 * with its relative change (lower is better for all four).
 */
import type { WhatIfFigures } from '../../shared/api-types';
import { formatChange, formatCycles, formatEnergy, formatSi } from '../../shared/charts/format';
import { formatMm2 } from '../../engine/browser';

export interface FigureRow {
  readonly key: 'latency' | 'energy' | 'area' | 'edp';
  readonly label: string;
  readonly value: string;
  /** "+3.2 %", "−12 %", "±0 %", or "" without a baseline or a value. */
  readonly delta: string;
  /** -1 better, 1 worse, 0 unchanged or unknown. */
  readonly trend: -1 | 0 | 1;
}

/** The change from `base` to `value` ("+3.2 %", "−0.41 %", "±0 %"); "" when either is unknown or base is 0. */
export function deltaText(value: number | null, base: number | null): string {
  if (value === null || base === null || base === 0 || !Number.isFinite(value) || !Number.isFinite(base)) return '';
  return formatChange((value - base) / Math.abs(base));
}

function trendOf(value: number | null, base: number | null): -1 | 0 | 1 {
  if (value === null || base === null || value === base) return 0;
  return value < base ? -1 : 1;
}

export function figureRows(figures: WhatIfFigures, baseline: WhatIfFigures | null): FigureRow[] {
  const rows: [FigureRow['key'], string, number | null, number | null, (v: number) => string][] = [
    ['latency', 'Latency', figures.latencyCycles, baseline?.latencyCycles ?? null, formatCycles],
    ['energy', 'Energy', figures.energyPj, baseline?.energyPj ?? null, formatEnergy],
    ['area', 'Area (on chip)', figures.areaMm2, baseline?.areaMm2 ?? null, (v) => `${formatMm2(v)} mm²`],
    ['edp', 'EDP', figures.edp, baseline?.edp ?? null, (v) => formatSi(v, 'cc·pJ')],
  ];
  return rows.map(([key, label, value, base, format]) => ({
    key,
    label,
    value: value === null ? 'unknown' : format(value),
    delta: deltaText(value, base),
    trend: trendOf(value, base),
  }));
}
