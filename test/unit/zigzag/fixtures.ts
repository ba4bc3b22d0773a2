/** Small hand-checkable inputs for the cost-model unit tests. */
import { parseCoreYaml } from '../../../src/engine/hardware/core-yaml';
import type { Core } from '../../../src/engine/hardware/types';
import { parseMappingYaml } from '../../../src/engine/mapping/mapping-yaml';
import type { Mapping } from '../../../src/engine/mapping/types';
import { parseWorkloadYaml } from '../../../src/engine/workload/yaml/parse';
import { isLayer, type Layer } from '../../../src/engine/workload/types';
import { expectOk } from './helpers';

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
