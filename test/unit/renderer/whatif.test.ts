import { describe, expect, it } from 'vitest';
import { deltaText, figureRows } from '../../../src/renderer/hardware/whatif';
import type { WhatIfFigures } from '../../../src/shared/api-types';

const figures = (latencyCycles: number, energyPj: number, areaMm2: number | null): WhatIfFigures => ({
  latencyCycles, energyPj, edp: latencyCycles * energyPj, areaMm2, areaMissing: [], nCns: 1, lutHits: 0, lutMisses: 0, durationMs: 1,
});

describe('live what-if figures', () => {
  it('gives signed relative changes against the baseline', () => {
    expect(deltaText(110, 100)).toBe('+10 %');
    expect(deltaText(96.8, 100)).toBe('−3.2 %');
    expect(deltaText(100, 100)).toBe('±0 %');
    expect(deltaText(100.0004, 100)).toBe('+0.0004 %');
    expect(deltaText(5, 0)).toBe('');
    expect(deltaText(null, 100)).toBe('');
  });

  it('shows latency, energy, area and EDP with their deltas and trends', () => {
    const rows = figureRows(figures(90, 2e6, 2), figures(100, 1e6, null));
    expect(rows.map((r) => r.key)).toEqual(['latency', 'energy', 'area', 'edp']);
    expect(rows[0]).toMatchObject({ value: '90 cc', delta: '−10 %', trend: -1 });
    expect(rows[1]).toMatchObject({ value: '2 µJ', delta: '+100 %', trend: 1 });
    expect(rows[2]).toMatchObject({ value: '2.000 mm²', delta: '', trend: 0 });
    expect(rows[3]!.delta).toBe('+80 %');
    expect(figureRows(figures(1, 1, null), null)[2]!.value).toBe('unknown');
  });
});
