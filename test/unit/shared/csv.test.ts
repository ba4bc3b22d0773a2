import { describe, expect, it } from 'vitest';
import { csvCell, csvText } from '../../../src/shared/csv';

describe('CSV cells', () => {
  it('quotes cells with a comma, a quote, a line feed or a carriage return', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('two\rlines')).toBe('"two\rlines"');
    expect(csvCell('conv1')).toBe('conv1');
  });

  it('keeps a spreadsheet from reading untrusted names as formulas', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+cmd')).toBe("'+cmd");
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
  });

  it('writes numbers as numbers, negative and exponent forms included', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('-2.5e-3')).toBe('-2.5e-3');
    expect(csvCell(1e21)).toBe('1e+21');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('joins rows with commas and lines, ending with a newline', () => {
    expect(csvText([['a', 1], ['=x', 'b,c']])).toBe(`a,1\n'=x,"b,c"\n`);
  });
});
