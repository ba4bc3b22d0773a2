/**
 * Properties of the cost model on random layers and memory hierarchies: results are finite and
 * non-negative, latency never beats the ideal cycle count, spatial mappings fit the array, and every
 * operand crosses its top memory level.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateLayerOnCore, LayerMappingError, type CostModelResult } from '../../../src/engine/zigzag';
import { tinyCore, tinyLayer, tinyMapping } from './fixtures';

const port = (name: string, type: string, bw: number, alloc: string[]) =>
  `      - {name: ${name}, type: ${type}, bandwidth_min: ${Math.min(8, bw)}, bandwidth_max: ${bw}, allocation: [${alloc.map((a) => `"${a}"`).join(', ')}]}`;

interface Hierarchy {
  dims: number[];
  weightReg: boolean;
  outputReg: boolean;
  bufferKiB: number;
  bufferBw: number;
  sharedBuffer: boolean;
}

function coreYaml(h: Hierarchy): string {
  const mem: string[] = [];
  const dimNames = h.dims.map((_, i) => `D${i + 1}`);
  if (h.weightReg) {
    mem.push(`  reg_W:\n    size: 64\n    r_cost: 0.1\n    w_cost: 0.1\n    area: 0\n    latency: 1\n    operands: [I2]\n    ports:`);
    mem.push(port('r_port_1', 'read', 8, ['I2, tl']), port('w_port_1', 'write', 8, ['I2, fh']));
    mem.push(`    served_dimensions: []`);
  }
  if (h.outputReg) {
    mem.push(`  reg_O:\n    size: 32\n    r_cost: 0.2\n    w_cost: 0.2\n    area: 0\n    latency: 1\n    operands: [O]\n    ports:`);
    mem.push(port('r_port_1', 'read', 32, ['O, tl', 'O, th']), port('w_port_1', 'write', 32, ['O, fh', 'O, fl']));
    mem.push(`    served_dimensions: [${dimNames[dimNames.length - 1]}]`);
  }
  const bufferOps = h.sharedBuffer ? ['I1', 'I2', 'O'] : ['I1', 'O'];
  const alloc = (ops: string[]) => ops.flatMap((o) => (o === 'O' ? [`O, tl`, `O, fh`, `O, fl`, `O, th`] : [`${o}, tl`, `${o}, fh`]));
  mem.push(`  buffer:\n    size: ${h.bufferKiB * 8192}\n    r_cost: 20\n    w_cost: 25\n    area: 0\n    latency: 1\n    operands: [${bufferOps.join(', ')}]\n    ports:`);
  mem.push(port('r_port_1', 'read', h.bufferBw, alloc(bufferOps).filter((a) => a.endsWith('tl') || a.endsWith('th'))));
  mem.push(port('w_port_1', 'write', h.bufferBw, alloc(bufferOps).filter((a) => a.endsWith('fh') || a.endsWith('fl'))));
  mem.push(`    served_dimensions: [${dimNames.join(', ')}]`);
  mem.push(`  dram:\n    size: 10000000000\n    r_cost: 700\n    w_cost: 750\n    area: 0\n    latency: 1\n    operands: [I1, I2, O]\n    ports:`);
  mem.push(port('rw_port_1', 'read_write', 64, alloc(['I1', 'I2', 'O'])));
  mem.push(`    served_dimensions: [${dimNames.join(', ')}]`);
  return `name: random\nmemories:\n${mem.join('\n')}\noperational_array:\n  unit_energy: 0.04\n  unit_area: 1\n  dimensions: [${dimNames.join(', ')}]\n  sizes: [${h.dims.join(', ')}]\n`;
}

interface ConvShape {
  k: number;
  c: number;
  oy: number;
  ox: number;
  f: number;
  stride: number;
}

const convYaml = (s: ConvShape) => `
- id: 0
  name: conv
  operator_type: Conv
  equation: O[b][k][oy][ox]+=W[k][c][fy][fx]*I[b][c][iy][ix]
  dimension_relations: [ix=${s.stride}*ox+1*fx, iy=${s.stride}*oy+1*fy]
  loop_dims: [B, K, C, OY, OX, FY, FX]
  loop_sizes: [1, ${s.k}, ${s.c}, ${s.oy}, ${s.ox}, ${s.f}, ${s.f}]
  operand_precision: {W: 8, I: 8, O: 16, O_final: 8}
  operand_source: {I: 0, W: 0}
`;

const hierarchy = fc.record({
  dims: fc.array(fc.constantFrom(1, 2, 3, 4, 8), { minLength: 1, maxLength: 3 }),
  weightReg: fc.boolean(),
  outputReg: fc.boolean(),
  bufferKiB: fc.constantFrom(1, 4, 64),
  bufferBw: fc.constantFrom(64, 128, 512),
  sharedBuffer: fc.boolean(),
});

const conv = fc.record({
  k: fc.constantFrom(1, 2, 3, 8, 12),
  c: fc.constantFrom(1, 3, 4, 16),
  oy: fc.constantFrom(1, 2, 5, 7),
  ox: fc.constantFrom(1, 4, 6),
  f: fc.constantFrom(1, 3),
  stride: fc.constantFrom(1, 2),
});

function checkResult(r: CostModelResult, arraySizes: readonly number[], macs: number) {
  for (const x of [r.energyTotal, r.latencyTotal2, r.latencyTotal0, r.macEnergy, r.memEnergy]) {
    expect(Number.isFinite(x)).toBe(true);
    expect(x).toBeGreaterThanOrEqual(0);
  }
  const arrayUnits = arraySizes.reduce((a, b) => a * b, 1);
  expect(r.idealCycle).toBe(Math.ceil(macs / arrayUnits));
  expect(r.latencyTotal2).toBeGreaterThanOrEqual(r.idealCycle);
  expect(r.latencyTotal2).toBeGreaterThanOrEqual(r.latencyTotal0);
  Object.values(r.spatialMapping).forEach((loops, i) => {
    const used = Object.values(loops).reduce((a, b) => a * b, 1);
    expect(used).toBeLessThanOrEqual(arraySizes[i]!);
  });
  for (const [op, levels] of Object.entries(r.operandLevels)) {
    const top = levels[levels.length - 1]!;
    if (op === 'O') expect(top.wordAccesses.fl).toBeGreaterThan(0);
    else expect(top.wordAccesses.tl).toBeGreaterThan(0);
    for (const l of levels) for (const v of Object.values(l.wordAccesses)) expect(v).toBeGreaterThanOrEqual(0);
  }
}

describe('cost model properties', () => {
  const generated = tinyMapping(`
- name: default
  memory_operand_links: {O: O, W: I2, I: I1}
`).entries[0];

  it('random convolutions on random hierarchies', () => {
    fc.assert(
      fc.property(hierarchy, conv, fc.constantFrom<'latency' | 'energy' | 'edp'>('latency', 'energy', 'edp'), (h, shape, objective) => {
        const core = tinyCore(coreYaml(h));
        const layer = tinyLayer(convYaml(shape));
        let result: CostModelResult;
        try {
          result = evaluateLayerOnCore(layer, core, generated, { lpfLimit: 4, objective, nbSpatialMappings: 2 });
        } catch (error) {
          // Only a clear mapping error is acceptable, and only when some memory is genuinely too small.
          expect(error).toBeInstanceOf(LayerMappingError);
          return;
        }
        checkResult(result, h.dims, layer.totalMacs);
      }),
      { numRuns: 60, seed: 20261125 },
    );
  });

  it('the objective orders the candidates it was asked to optimise', () => {
    fc.assert(
      fc.property(conv, (shape) => {
        const core = tinyCore(coreYaml({ dims: [4, 4], weightReg: true, outputReg: true, bufferKiB: 64, bufferBw: 128, sharedBuffer: true }));
        const layer = tinyLayer(convYaml(shape));
        const byLatency = evaluateLayerOnCore(layer, core, generated, { lpfLimit: 4, objective: 'latency' });
        const byEnergy = evaluateLayerOnCore(layer, core, generated, { lpfLimit: 4, objective: 'energy' });
        expect(byLatency.latencyTotal2).toBeLessThanOrEqual(byEnergy.latencyTotal2);
        expect(byEnergy.energyTotal).toBeLessThanOrEqual(byLatency.energyTotal);
      }),
      { numRuns: 25, seed: 7 },
    );
  });
});
