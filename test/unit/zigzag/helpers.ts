/** The ZigZag golden dumps (../shared/reference/zigzag-golden) and their types. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZIGZAG_GOLDEN } from '../../support/reference';

export function readGolden<T = GoldenRun>(file: string): T {
  return JSON.parse(readFileSync(join(ZIGZAG_GOLDEN, file), 'utf8')) as T;
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
