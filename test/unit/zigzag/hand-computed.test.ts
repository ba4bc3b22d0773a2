/**
 * Access counts, energy and latency of a 4-MAC GEMM worked out by hand (see the comments for each figure).
 * Layer O[d0][d1] += I[d0][d2]·W[d2][d1], 4×4×4; D1 unrolled over the 4 MACs; temporal order D2 (inner), D0.
 */
import { describe, expect, it } from 'vitest';
import { evaluateLayerOnCore } from '../../../src/engine/zigzag';
import { tinyCore, tinyLayer, tinyMapping } from './fixtures';

describe('hand-computed 4-MAC GEMM', () => {
  const result = evaluateLayerOnCore(tinyLayer(), tinyCore(), tinyMapping().entries[0], {});
  const level = (op: string, memory: string) => result.operandLevels[op]!.find((l) => l.memory === memory)!;

  it('allocates the fixed ordering bottom-up', () => {
    // W: its 8-bit register holds one weight, so both loops go to the buffer; O: the register keeps the
    // partial sum over D2, the buffer the D0 loop; I lives in the buffer only.
    expect(result.operandLevels.W!.map((l) => l.temporalLoops)).toEqual([[], [['D2', 4], ['D0', 4]]]);
    expect(result.operandLevels.O!.map((l) => l.temporalLoops)).toEqual([[['D2', 4]], [['D0', 4]]]);
    expect(result.operandLevels.I!.map((l) => l.temporalLoops)).toEqual([[['D2', 4], ['D0', 4]]]);
    expect(result.temporalMappingsEvaluated).toBe(1);
  });

  it('counts word accesses per direction', () => {
    // W register: 16 periods × 4 registers, one 8-bit word each way.
    expect(level('W', 'reg_W').wordAccesses).toEqual({ tl: 64, fl: 0, th: 0, fh: 64 });
    // W from the buffer: 4 weights × 8 b = 32 b per cycle → 4 min-words of 8 b = 1/2 of a 64-bit word, ×16.
    expect(level('W', 'gb').wordAccesses).toEqual({ tl: 8, fl: 0, th: 0, fh: 0 });
    // I: one 8-bit element broadcast to the 4 MACs per cycle → 1/8 word × 16.
    expect(level('I', 'gb').wordAccesses).toEqual({ tl: 2, fl: 0, th: 0, fh: 0 });
    // O register: partial sums (16 b) read and written every cycle; the final 8-bit value leaves every 4 cycles.
    expect(level('O', 'reg_O').wordAccesses).toEqual({ tl: 64, fl: 64, th: 16, fh: 0 });
    // O into the buffer: 4 final outputs × 8 b = 32 b every 4 cycles → 1/2 word × 4.
    expect(level('O', 'gb').wordAccesses).toEqual({ tl: 0, fl: 2, th: 0, fh: 0 });
  });

  it('charges energy per access', () => {
    expect(level('W', 'reg_W').energy).toBe(128);
    expect(level('W', 'gb').energy).toBe(80);
    expect(level('I', 'gb').energy).toBe(20);
    expect(level('O', 'reg_O').energy).toBe(288);
    expect(level('O', 'gb').energy).toBe(40);
    expect(result.macEnergy).toBe(32);
    expect(result.memEnergy).toBe(556);
    expect(result.energyTotal).toBe(588);
    expect(result.energyPerMemory).toEqual([
      { memory: 'reg_W', energy: 128 },
      { memory: 'reg_O', energy: 288 },
      { memory: 'gb', energy: 140 },
    ]);
  });

  it('computes stalls, loading and the latency totals', () => {
    expect(result.idealCycle).toBe(16);
    expect(result.idealTemporalCycle).toBe(16);
    // The buffer port serves I, W every cycle and O every 4 cycles: windows 15 + 15 + 12 = 42 cycles of
    // updates must fit in a union of 16, minus O's 9 slack cycles → 17 stall cycles.
    expect(result.stallSlackComb).toBe(17);
    expect(result.portStalls).toContainEqual({ memory: 'gb', port: 'rw_port_1', cycles: 17 });
    expect(result.portStalls).toContainEqual({ memory: 'reg_O', port: 'r_port_2', cycles: -9 });
    expect(result.latencyTotal0).toBe(33);
    // One cycle to load the first weight into the register, one to write the last outputs back.
    expect(result.onloadingCycles).toBe(1);
    expect(result.offloadingCycles).toBe(1);
    expect(result.latencyTotal2).toBe(35);
    expect(result.macSpatialUtilization).toBe(1);
  });

  it('reports utilisation and double-buffering per level', () => {
    expect(level('W', 'reg_W').bitsUsed).toBe(8);
    expect(level('W', 'reg_W').utilization).toBe(1);
    expect(level('W', 'reg_W').doubleBuffered).toBe(false);
    expect(level('O', 'reg_O').bitsUsed).toBe(8);
    expect(level('O', 'reg_O').doubleBuffered).toBe(true);
    expect(level('O', 'gb').utilizationShared).toBeCloseTo((128 + 128 + 128) / 1e6, 12);
  });
});
