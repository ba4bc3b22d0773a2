import { describe, expect, it } from 'vitest';
import { compareMetrics, configDiff, flatten, peakMemoryBytes } from '../../../src/shared/charts/compare';
import { formatChange } from '../../../src/shared/charts/format';
import { sampleResult } from './fixture';

describe('run comparison table', () => {
  const a = { label: 'A', result: sampleResult() };
  const b = { label: 'B', result: sampleResult({ latencyCycles: 300, energyPj: 1100, edp: 330_000 }) };

  it('gives differences relative to the first run and marks the best', () => {
    const rows = compareMetrics([a, b]);
    const latency = rows.find((row) => row.key === 'latency')!;
    expect(latency.cells.map((c) => c.value)).toEqual([400, 300]);
    expect(latency.cells[1].delta).toBeCloseTo(-0.25);
    expect(latency.cells[1].verdict).toBe('better');
    expect(latency.cells[1].best).toBe(true);
    expect(latency.differs).toBe(true);
    const energy = rows.find((row) => row.key === 'energy')!;
    expect(energy.cells[1].verdict).toBe('worse');
    expect(rows.find((row) => row.key === 'cns')!.differs).toBe(false);
  });

  it('calls a different CN count different, neither better nor worse, and marks no best', () => {
    const finer = { label: 'F', result: sampleResult({ nCns: sampleResult().nCns * 4 }) };
    const row = compareMetrics([a, finer]).find((r) => r.key === 'cns')!;
    expect(row.differs).toBe(true);
    expect(row.cells[1].verdict).toBe('different');
    expect(row.cells.map((c) => c.best)).toEqual([false, false]);
  });

  it('treats higher utilisation as better', () => {
    const busier = { label: 'C', result: sampleResult({ cores: sampleResult().cores.map((c) => ({ ...c, utilisation: 0.9 })) }) };
    const row = compareMetrics([a, busier]).find((r) => r.key === 'utilisation')!;
    expect(row.cells[1].verdict).toBe('better');
  });

  it('takes the largest memory peak', () => {
    expect(peakMemoryBytes(sampleResult())).toBe(2048);
    expect(peakMemoryBytes({ memoryPeaksBytes: {} })).toBe(0);
  });

  it('formats relative differences as the what-if does (true minus, ±0)', () => {
    expect(formatChange(-0.25)).toBe('−25 %');
    expect(formatChange(0.034)).toBe('+3.4 %');
    expect(formatChange(-0.12345)).toBe('−12.3 %');
    expect(formatChange(0.000004)).toBe('+0.0004 %');
    expect(formatChange(0)).toBe('±0 %');
    expect(formatChange(Number.NaN)).toBe('');
  });
});

describe('configuration diff', () => {
  it('flattens nested settings into dotted paths', () => {
    const flat = flatten({ options: { mode: 'fused', layer_stacks: [[0, 1], [2]] }, seed: 3 });
    expect(flat.get('options.mode')).toBe('"fused"');
    expect(flat.get('options.layer_stacks.0')).toBe('[0,1]');
    expect(flat.get('seed')).toBe('3');
  });

  it('lists only settings that differ, with a dash where a run lacks one', () => {
    const rows = configDiff([
      { design: 'quad', options: { mode: 'lbl', seed: 0 } },
      { design: 'quad', options: { mode: 'fused', seed: 0, layer_stacks: [[0, 1]] } },
    ]);
    expect(rows.map((r) => r.path)).toEqual(['options.layer_stacks.0', 'options.mode']);
    expect(rows[0].values).toEqual(['—', '[0,1]']);
  });
});
