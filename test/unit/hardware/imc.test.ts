/** The IMC macro model: clock period, area and periphery energy computed by hand from the 28 nm gate costs. */
import { describe, expect, it } from 'vitest';
import { adderTreeEnergy, imcLayerEnergy, imcMacro, imcOccupancy, imcOptionProblems } from '../../../src/engine/hardware/imc';
import { validateCore } from '../../../src/engine/hardware/validate';
import { zigzagCore } from '../../support/zigzag-inputs';

const ND2_DLY = 0.0478;
const XOR2_DLY = ND2_DLY * 2.4;
const SUM = 2 * XOR2_DLY; // adder input → sum
const COUT = XOR2_DLY + 2 * ND2_DLY; // input → carry out
const CARRY = 2 * ND2_DLY; // carry in → carry out
const VDD2 = 0.81;
const ADDER_E = (3 * 0.7e-3 + 2 * 1.05e-3) * VDD2;
const HALF_E = 2 * 1.05e-3 * VDD2;
const DIMS = [
  { name: 'D1', size: 128 },
  { name: 'D2', size: 128 },
];

describe('IMC macro', () => {
  it('analog: tclk = ADC + multiplier + place-value tree + accumulator', () => {
    const m = imcMacro({ imcType: 'analog', inputPrecision: [8, 8], bitSerialPrecision: 2, adcResolution: 8 }, DIMS, 8, 0);
    const adc = 8 * (0.00653 * 128 + 0.64);
    // 8 ADC outputs of 8 bits: depth 3, 16 output bits; accumulator from 16 to 8 + 8 + 8 = 24 bits.
    const pv = 2 * SUM + COUT + (16 - 8 - 1) * CARRY;
    const acc = COUT + (24 - 16 - 1) * CARRY;
    expect(m.tclkNs).toBeCloseTo(adc + ND2_DLY + pv + acc, 12);
    expect(m.tclkNs).toBeCloseTo(14.07244, 5);
    expect(m.cyclesPerMac).toBe(4);
    expect(m.wordlineDim).toBe('D1');
    expect(m.bitlineDim).toBe('D2');
  });

  it('digital: tclk = multiplier + adder tree + accumulator (no place values with 1-bit serial input)', () => {
    const m = imcMacro({ imcType: 'digital', inputPrecision: [8, 8], bitSerialPrecision: 1, adcResolution: 0 }, DIMS, 8, 0);
    // 128 inputs of 8 bits: depth 7, 15 output bits; accumulator from 15 to 8 + 7 + 8 = 23 bits.
    const tree = 6 * SUM + COUT + (15 - 2) * CARRY;
    const acc = COUT + (23 - 15 - 1) * CARRY;
    expect(m.tclkNs).toBeCloseTo(ND2_DLY + tree + acc, 12);
    expect(m.tclkNs).toBeCloseTo(3.75708, 5);
    expect(m.areaMm2).toBeCloseTo(0.8018113024, 9);
    expect(m.cyclesPerMac).toBe(8);
  });

  it('area counts the cells at their per-group area', () => {
    const opts = { imcType: 'digital', inputPrecision: [8, 8], bitSerialPrecision: 1, adcResolution: 0 } as const;
    const a = imcMacro(opts, DIMS, 8, 0);
    const b = imcMacro(opts, DIMS, 8, 1e-6);
    expect(b.areaMm2 - a.areaMm2).toBeCloseTo(128 * 128 * 1e-6, 12);
  });

  it('adder tree energy: fully and half activated 1-bit adders', () => {
    // 4 inputs of 1 bit, all active: 4·2 − (1 + 2 + 1) = 4 full adders.
    expect(adderTreeEnergy(1, 4, 4)).toBeCloseTo(4 * ADDER_E, 15);
    // 3 of 4 active: the full left pair (2·2 − 1 = 3 adders) and the half-used right input (1 adder).
    expect(adderTreeEnergy(1, 3, 4)).toBeCloseTo(3 * ADDER_E + 1 * HALF_E, 15);
    expect(adderTreeEnergy(8, 0, 128)).toBe(0);
  });

  it('occupancy: mapped rows and columns, and the diagonal rows of an OX unrolling on the word line', () => {
    const plain = imcOccupancy(1000, [['K', 64]], [['C', 32], ['FX', 3]], () => false, () => undefined);
    expect(plain).toEqual({ rows: 96, columns: 64, activations: 1000 / (64 * 96) });
    // OX 4 on the word line with FX 3 on the bit line: the input window spans 3 + 4 − 1 rows per channel.
    const diag = imcOccupancy(1000, [['OX', 4]], [['C', 2], ['FX', 3]], (d) => d === 'OX', (d) => (d === 'FX' ? 'OX' : undefined));
    expect(diag.rows).toBe(2 * 6);
    expect(diag.columns).toBe(4);
  });

  it('analog layer energy per component', () => {
    const m = imcMacro({ imcType: 'analog', inputPrecision: [8, 8], bitSerialPrecision: 2, adcResolution: 8 }, DIMS, 8, 0);
    const e = imcLayerEnergy(m, { rows: 100, columns: 50, activations: 10 });
    const passes = 4 * 10;
    expect(e.dacs).toBeCloseTo(50e-3 * 2 * VDD2 * 100 * passes, 9);
    expect(e.adcs).toBeCloseTo(((100 * 8 + 0.001 * 4 ** 8) * VDD2) / 1000 * 8 * 50 * passes, 9);
    expect(e.mults).toBeCloseTo(0.5 * 0.7e-3 * VDD2 * 8 * 128 * 100 * passes, 9);
    expect(e.analog_bl_addition).toBeCloseTo(0.35e-3 * VDD2 * 8 * 50 * 128 * passes, 9);
    expect(e.adders_regular).toBe(0);
    expect(e.adders_pv).toBeCloseTo(ADDER_E * (8 * 7 + 8 * 2.5) * 50 * passes, 9);
    expect(e.accumulators).toBeCloseTo((ADDER_E + 2.1e-3 * VDD2) * 24 * 50 * passes, 9);
    expect(e.local_bl_precharging).toBe(0);
  });

  it('option problems name the field', () => {
    expect(imcOptionProblems({ imcType: 'digital', inputPrecision: [8, 8], bitSerialPrecision: 3, adcResolution: 4 }, DIMS).map((p) => p[0])).toEqual([
      'bit_serial_precision',
      'adc_resolution',
    ]);
    expect(imcOptionProblems({ imcType: 'analog', inputPrecision: [8, 8], bitSerialPrecision: 2, adcResolution: 8 }, [{ name: 'D1', size: 4 }])[0]![0]).toBe('dimensions');
  });

  it('the shipped IMC cores validate; a core without cells does not', () => {
    const aimc = zigzagCore('aimc');
    expect(validateCore(aimc)).toEqual([]);
    expect(validateCore(zigzagCore('dimc'))).toEqual([]);
    const broken = { ...aimc, memories: aimc.memories.filter((m) => m.instance.name !== 'cells') };
    expect(validateCore(broken).map((i) => i.field)).toContain('memories');
  });
});
