/** Small hand-checkable inputs for the cost-model unit tests. */
import fc from 'fast-check';
import { parseCoreYaml } from '../../../src/engine/hardware/core-yaml';
import type { Core } from '../../../src/engine/hardware/types';
import { parseMappingYaml } from '../../../src/engine/mapping/mapping-yaml';
import type { Mapping } from '../../../src/engine/mapping/types';
import { parseWorkloadYaml } from '../../../src/engine/workload/yaml/parse';
import { isLayer, type Layer } from '../../../src/engine/workload/types';
import { expectOk } from '../../support/result';

/**
 * A 1-D array of 4 MACs: a weight register (8 b) and an output register (16 b) per MAC, and one global
 * buffer spanning the array with a single 64-bit read/write port (8-bit granularity) for everything.
 */
export const TINY_CORE_YAML = `
name: tiny
memories:
  reg_W:
    size: 8
    r_cost: 1
    w_cost: 1
    area: 0
    latency: 1
    operands: [I2]
    ports:
      - {name: r_port_1, type: read, bandwidth_min: 8, bandwidth_max: 8, allocation: ["I2, tl"]}
      - {name: w_port_1, type: write, bandwidth_min: 8, bandwidth_max: 8, allocation: ["I2, fh"]}
    served_dimensions: []
  reg_O:
    size: 16
    r_cost: 2
    w_cost: 2
    area: 0
    latency: 1
    operands: [O]
    ports:
      - {name: r_port_1, type: read, bandwidth_min: 16, bandwidth_max: 16, allocation: ["O, tl"]}
      - {name: r_port_2, type: read, bandwidth_min: 16, bandwidth_max: 16, allocation: ["O, th"]}
      - {name: w_port_1, type: write, bandwidth_min: 16, bandwidth_max: 16, allocation: ["O, fh"]}
      - {name: w_port_2, type: write, bandwidth_min: 16, bandwidth_max: 16, allocation: ["O, fl"]}
    served_dimensions: []
  gb:
    size: 1000000
    r_cost: 10
    w_cost: 20
    area: 0
    latency: 1
    operands: [I1, I2, O]
    ports:
      - name: rw_port_1
        type: read_write
        bandwidth_min: 8
        bandwidth_max: 64
        allocation: ["I1, tl", "I1, fh", "I2, tl", "I2, fh", "O, tl", "O, fh", "O, fl", "O, th"]
    served_dimensions: [D1]
operational_array:
  unit_energy: 0.5
  unit_area: 1
  dimensions: [D1]
  sizes: [4]
`;

export const TINY_GEMM_YAML = `
- id: 0
  name: tiny_gemm
  operator_type: Gemm
  equation: O[d0][d1]+=I[d0][d2]*W[d2][d1]
  loop_dims: [D0, D1, D2]
  loop_sizes: [4, 4, 4]
  operand_precision: {W: 8, I: 8, O: 16, O_final: 8}
  operand_source: {I: 0, W: 0}
`;

export const TINY_MAPPING_YAML = `
- name: default
  spatial_mapping:
    D1: ["D1, 4"]
  temporal_ordering:
    - [D2, 4]
    - [D0, 4]
  memory_operand_links: {O: O, W: I2, I: I1}
`;

export function tinyCore(yaml = TINY_CORE_YAML): Core {
  return expectOk(parseCoreYaml(yaml, 'tiny.yaml'));
}

export function tinyLayer(yaml = TINY_GEMM_YAML): Layer {
  return expectOk(parseWorkloadYaml(yaml, 'tiny_gemm.yaml')).nodes.filter(isLayer)[0]!;
}

export function tinyMapping(yaml = TINY_MAPPING_YAML): Mapping {
  return expectOk(parseMappingYaml(yaml, 'tiny_mapping.yaml'));
}

/** Random memory hierarchies and convolutions for property tests (generated as input files). */
const port = (name: string, type: string, bw: number, alloc: string[]) =>
  `      - {name: ${name}, type: ${type}, bandwidth_min: ${Math.min(8, bw)}, bandwidth_max: ${bw}, allocation: [${alloc.map((a) => `"${a}"`).join(', ')}]}`;

export interface Hierarchy {
  dims: number[];
  weightReg: boolean;
  outputReg: boolean;
  bufferKiB: number;
  bufferBw: number;
  sharedBuffer: boolean;
}

export function coreYaml(h: Hierarchy): string {
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

export interface ConvShape {
  k: number;
  c: number;
  oy: number;
  ox: number;
  f: number;
  stride: number;
}

export const convYaml = (s: ConvShape) => `
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

export const hierarchy = fc.record({
  dims: fc.array(fc.constantFrom(1, 2, 3, 4, 8), { minLength: 1, maxLength: 3 }),
  weightReg: fc.boolean(),
  outputReg: fc.boolean(),
  bufferKiB: fc.constantFrom(1, 4, 64),
  bufferBw: fc.constantFrom(64, 128, 512),
  sharedBuffer: fc.boolean(),
});

export const conv = fc.record({
  k: fc.constantFrom(1, 2, 3, 8, 12),
  c: fc.constantFrom(1, 3, 4, 16),
  oy: fc.constantFrom(1, 2, 5, 7),
  ox: fc.constantFrom(1, 4, 6),
  f: fc.constantFrom(1, 3),
  stride: fc.constantFrom(1, 2),
});

