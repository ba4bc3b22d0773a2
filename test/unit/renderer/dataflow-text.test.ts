import { describe, expect, it } from 'vitest';
import { dataflowText, parseDataflowText } from '../../../src/renderer/hardware/dataflow-text';

describe("a core's fixed dataflow as text", () => {
  it('reads and writes per array dimension the loop dimension and factor pairs', () => {
    const mapping = { D1: [{ loopDim: 'K', factor: 32 }], D2: [{ loopDim: 'C', factor: 16 }, { loopDim: 'K', factor: 2 }] };
    expect(dataflowText(mapping)).toBe('D1: K 32; D2: C 16, K 2');
    expect(parseDataflowText(' D1: K 32 ; D2: C 16, K 2; ')).toEqual({ ok: true, mapping });
    expect(parseDataflowText(dataflowText(mapping))).toEqual({ ok: true, mapping });
  });

  it('reads empty text as no fixed dataflow, and names the part it cannot read', () => {
    expect(dataflowText(undefined)).toBe('');
    expect(parseDataflowText('  ')).toEqual({ ok: true, mapping: undefined });
    expect(parseDataflowText('D1 K 32')).toEqual({ ok: false, message: 'Expected "D1: K 32; D2: C 32" (found "D1 K 32")' });
    expect(parseDataflowText('D1: K 0')).toEqual({ ok: false, message: 'Expected loop dimension and positive factor pairs in "D1: K 0"' });
    expect(parseDataflowText('D1: K 2.5')).toMatchObject({ ok: false });
    expect(parseDataflowText('D1: K')).toMatchObject({ ok: false });
  });
});
