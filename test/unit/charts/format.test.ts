import { describe, expect, it } from 'vitest';
import { colourOf, formatBytes, formatCycles, formatEnergy, formatExact, formatSi, PALETTE, runColour } from '../../../src/shared/charts/format';

describe('chart number formatting', () => {
  it('prints SI prefixes with 4 significant digits', () => {
    expect(formatSi(4_768_463)).toBe('4.768 M');
    expect(formatSi(999)).toBe('999');
    expect(formatSi(1500, 'cc')).toBe('1.5 kcc');
    expect(formatCycles(85_100)).toBe('85.1 kcc');
  });

  it('prints energies given in pJ in the largest unit ≥ 1', () => {
    expect(formatEnergy(2_421_828_357)).toBe('2.422 mJ');
    expect(formatEnergy(12)).toBe('12 pJ');
    expect(formatEnergy(1_500)).toBe('1.5 nJ');
    expect(formatEnergy(3e12)).toBe('3 J');
  });

  it('prints sizes with binary prefixes', () => {
    expect(formatBytes(2 * 1024 * 1024)).toBe('2 MiB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
  });

  it('prints exact headline numbers with grouping', () => {
    expect(formatExact(4_768_463)).toBe('4,768,463');
    expect(formatExact(NaN)).toBe('NaN');
  });

  it('gives layers stable colours, also for negative ids', () => {
    expect(colourOf(3)).toBe(colourOf(3 + PALETTE.length));
    expect(PALETTE).toContain(colourOf(-1));
    expect(runColour(0)).not.toBe(runColour(1));
  });
});
