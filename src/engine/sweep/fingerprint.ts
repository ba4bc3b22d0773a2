/**
 * The model fingerprint: a hash of what the cost model and the scheduler *do*, not a hand-bumped constant. A
 * fixed probe (two cores with different dataflows, a bus, off-chip DRAM, three small layers of different shapes,
 * fused and layer by layer) runs through the whole pipeline, and every figure it produces — per-CN costs from
 * the single-core model, the schedule's start/end times, latency, energy breakdown, memory peaks — goes into the
 * hash. Any change of the cost model or the scheduler that changes a number changes the fingerprint, so cost-LUT
 * entries and stored runs of another model are recognised as such.
 */
import { ok, unwrap, type Result } from '../errors';
import { parseAcceleratorYaml } from '../hardware/accelerator-yaml';
import { parseMappingYaml } from '../mapping/mapping-yaml';
import type { RunResult } from '../results/types';
import { contentHash } from '../content-hash';
import type { CostLut, CostLutEntry } from '../stream/cost';
import { runPipeline } from '../stream/pipeline';
import { parseWorkloadYaml } from '../workload/yaml/parse';

const memory = (name: string, size: number, r: number, w: number, operands: string, served: string, ports: string) => `
  ${name}:
    size: ${size}
    r_cost: ${r}
    w_cost: ${w}
    area: 0
    latency: 1
    operands: [${operands}]
    served_dimensions: [${served}]
    ports:
${ports}`;

const port = (name: string, type: string, bw: number, allocation: string) =>
  `      - { name: ${name}, type: ${type}, bandwidth_min: ${bw}, bandwidth_max: ${bw}, allocation: [${allocation}] }\n`;

const core = (name: string, d1: number, d2: number, dataflow: string) => `name: ${name}
type: compute
memories:${memory('rf_w', 64, 0.1, 0.1, 'I2', '', port('r_port_1', 'read', 8, '"I2, tl"') + port('w_port_1', 'write', 8, '"I2, fh"'))}${memory(
  'rf_o', 32, 0.02, 0.03, 'O', 'D2',
  port('r_port_1', 'read', 32, '"O, tl", "O, th"') + port('w_port_1', 'write', 32, '"O, fh", "O, fl"'),
)}${memory(
  'sram', 262144, 12.5, 14, 'I1, I2, O', 'D1, D2',
  port('r_port_1', 'read', 128, '"I1, tl", "I2, tl", "O, tl", "O, th"') + port('w_port_1', 'write', 128, '"I1, fh", "I2, fh", "O, fh", "O, fl"'),
)}operational_array: { unit_energy: 0.04, unit_area: 1, dimensions: [D1, D2], sizes: [${d1}, ${d2}] }
dataflows: { D1: ["${dataflow}, ${d1}"], D2: ["C, ${d2}"] }
`;

const OFFCHIP = `name: offchip
type: memory
memories:${memory(
  'dram', 4294967296, 100, 150, 'I1, I2, O', 'D1, D2',
  port('rw_port_1', 'read_write', 64, '"I1, fh", "I1, tl", "I2, fh", "I2, tl", "O, fh", "O, tl", "O, fl", "O, th"'),
)}operational_array: { unit_energy: 0, unit_area: 0, dimensions: [D1, D2], sizes: [0, 0] }
`;

const CORE_FILES: Record<string, string> = {
  'a.yaml': core('probe_a', 8, 4, 'K'),
  'b.yaml': core('probe_b', 4, 8, 'OX'),
  'offchip.yaml': OFFCHIP,
};

const ACCELERATOR = `name: fingerprint_probe
cores: { 0: a.yaml, 1: b.yaml, 2: offchip.yaml }
offchip_core_id: 2
unit_energy_cost: 0.5
core_connectivity:
  - { type: link, cores: [0, 1], bandwidth: 32 }
  - { type: bus, cores: [0, 1, 2], bandwidth: 16 }
`;

const conv = (id: number, k: number, c: number, oy: number, fy: number, src: number) => `
- id: ${id}
  operator_type: Conv
  equation: O[b][k][oy][ox]+=W[k][c][fy][fx]*I[b][c][iy][ix]
  dimension_relations: [ix=1*ox+1*fx, iy=1*oy+1*fy]
  loop_dims: [B, K, C, OY, OX, FY, FX]
  loop_sizes: [1, ${k}, ${c}, ${oy}, ${oy}, ${fy}, ${fy}]
  operand_precision: { W: 8, I: 8, O: 16, O_final: 8 }
  operand_source: { I: ${src}, W: ${id} }
`;

const WORKLOAD = conv(0, 16, 3, 12, 3, 0) + conv(1, 24, 16, 10, 3, 0) + conv(2, 8, 24, 10, 1, 1);

const MAPPING = `
- { name: "0", core_allocation: [0], intra_core_tiling: ["OY, 3"], inter_core_tiling: ["K, 1"] }
- { name: "1", core_allocation: [1], intra_core_tiling: ["OY, 2"], inter_core_tiling: ["K, 1"] }
- { name: default, core_allocation: [0], intra_core_tiling: ["OY, all"], inter_core_tiling: ["K, 1"] }
`;

/** Records every cost the single-core model computes during the probe, so the hash covers the cost model directly. */
class RecordingLut implements CostLut {
  readonly entries = new Map<string, CostLutEntry>();
  get(): CostLutEntry | undefined {
    return undefined;
  }
  set(key: string, entry: CostLutEntry): void {
    this.entries.set(key, entry);
  }
}

function figures(result: RunResult) {
  return {
    latency: result.latencyCycles,
    energy: result.energyBreakdown,
    peaks: result.memoryPeaksBytes,
    cns: result.nCns,
    schedule: result.schedule,
  };
}

let cached: Promise<string> | undefined;

/** Runs the probe; the result is the same in every process of one build, and cached per process. */
export function modelFingerprint(): Promise<string> {
  cached ??= computeFingerprint();
  return cached;
}

async function computeFingerprint(): Promise<string> {
  const readCore = (ref: string): Result<{ text: string; file: string }> => ok({ text: CORE_FILES[ref] ?? '', file: `<probe>/${ref}` });
  const accelerator = unwrap(parseAcceleratorYaml(ACCELERATOR, '<probe>/accelerator.yaml', readCore));
  const workload = unwrap(parseWorkloadYaml(WORKLOAD, '<probe>/workload.yaml'));
  const mapping = unwrap(parseMappingYaml(MAPPING, '<probe>/mapping.yaml'));
  const parts: unknown[] = [];
  for (const options of [
    { mode: 'lbl' as const, allocation: 'fixed' as const },
    { mode: 'fused' as const, layer_stacks: [[0, 1, 2]], allocation: 'fixed' as const },
  ]) {
    const lut = new RecordingLut();
    const result = await runPipeline({ accelerator, workload, mapping, options, costLut: lut });
    parts.push(figures(result), [...lut.entries.values()]);
  }
  return contentHash(parts).slice(0, 16);
}
