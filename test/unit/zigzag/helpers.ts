import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result } from '../../../src/engine/errors';
import { loadCoreFile } from '../../../src/engine/hardware/io';
import type { Core } from '../../../src/engine/hardware/types';
import { loadMappingFile } from '../../../src/engine/mapping/io';
import type { Mapping } from '../../../src/engine/mapping/types';
import { loadWorkloadFile } from '../../../src/engine/workload/io';
import type { Workload } from '../../../src/engine/workload/types';

/** `../shared/reference` beside the checkout (present in CI too). */
export const REFERENCE = fileURLToPath(new URL('../../../../shared/reference/', import.meta.url));
export const ZIGZAG_INPUTS = join(REFERENCE, 'inputs', 'zigzag');
export const GOLDEN = join(REFERENCE, 'zigzag-golden');

export function expectOk<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected success, got issues:\n${JSON.stringify(r.issues, null, 2)}`);
  return r.value;
}

export function zigzagCore(name: string): Core {
  return expectOk(loadCoreFile(join(ZIGZAG_INPUTS, 'hardware', `${name}.yaml`)));
}

export function zigzagMapping(name: string): Mapping {
  return expectOk(loadMappingFile(join(ZIGZAG_INPUTS, 'mapping', `${name}.yaml`)));
}

export async function zigzagWorkload(file: string): Promise<Workload> {
  return expectOk(await loadWorkloadFile(join(ZIGZAG_INPUTS, 'workload', file), { flavour: 'zigzag' }));
}

export function readGolden<T = GoldenRun>(file: string): T {
  return JSON.parse(readFileSync(join(GOLDEN, file), 'utf8')) as T;
}

type FourWay = { rd_out_to_low: number; wr_in_by_low: number; rd_out_to_high: number; wr_in_by_high: number };

export interface GoldenMapping {
  spatial_per_arch_level: [string, number][][];
  temporal_per_mem_level_origin: [string, number][][];
  temporal_per_mem_level_stationary: [string, number][][];
  unit_count: number[];
  unit_unique: number[];
  mem_bw_boost: number[];
  cycle_cabl_level: number[];
  top_r_loop_size: number[];
  top_ir_loop_size: number[];
  mac_level_data_stationary_cycle: number;
  data_elem_per_level_unrolled: number[];
  data_bit_per_level_unrolled: number[];
  data_bit_per_level: number[];
  effective_data_bit: number[];
  data_precision_dict: number[];
  psum_flag?: boolean[];
  unit_mem_data_movement: {
    data_precision: FourWay;
    req_mem_bw_aver: FourWay;
    data_trans_period: FourWay;
    data_trans_period_count: FourWay;
    data_trans_amount_per_period: FourWay;
    inst_data_trans_window: FourWay;
  }[];
}

export interface GoldenLayer {
  layer: { id: number; name: string };
  mem_levels_per_operand: Record<string, string[]>;
  mapping: Record<string, GoldenMapping>;
  mapping_int: Record<string, GoldenMapping>;
  memory_word_access: Record<string, FourWay[]>;
  mem_energy_breakdown: Record<string, number[]>;
  mac_energy: number;
  mem_energy: number;
  energy_total: number;
  double_buffer_true: Record<string, boolean[]>;
  mem_utili_individual: Record<string, number[]>;
  mem_utili_shared: Record<string, number[]>;
  stall_slack_comb: number;
  data_onloading_cycle: number;
  data_offloading_cycle: number;
  ideal_cycle: number;
  ideal_temporal_cycle: number;
  latency_total0: number;
  latency_total1: number;
  latency_total2: number;
}

export interface GoldenRun {
  total_energy: number;
  total_latency_total2: number;
  layers: GoldenLayer[];
}

export const FOUR_WAY_KEYS = ['rd_out_to_low', 'wr_in_by_low', 'rd_out_to_high', 'wr_in_by_high'] as const;
