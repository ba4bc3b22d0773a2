/**
 * IMC weight rewrites once per turn (issue 11): two layers on one AIMC core. A CN whose weights are already in the
 * cells (the core's previous CN used the same weight tensor) does not load them again; a layer taking its turn
 * after another one does. Under compat the reference's rule applies (every CN costed alone: every CN loads).
 *
 * Inputs (resources/inputs/imc/hardware/cores/aimc_core.yaml): the cells hold one 8-bit weight per cell group,
 * w_cost 0.095 pJ per write; the SRAM above them reads 512-bit words at r_cost 416.16 pJ through a 512-bit port;
 * the macro's clock tclk = 14.07244 ns, the system clock 1 ns. Layer a: 1x1 conv K 64, C 128, OY 2, OX 8; layer b:
 * K 64, C 64, same OY/OX; K on D1, C on D2, so a layer's weights fit the 128 x 128 macro and are written once per
 * CN. Each layer is cut into two CNs along OY (cn_define_mode 1, [[OY, all]]), which share the weight tensor.
 *
 * By hand, the load of a CN's weights into the cells:
 *   a: 64·128 = 8,192 weights → 8,192 cell writes × 0.095 = 778.24 pJ, and 8,192·8 / 512 = 128 SRAM words ×
 *      416.16 = 53,268.48 pJ: ΔE_a = 54,046.72 pJ. Time: 65,536 bits over the 512-bit port = 128 core cycles;
 *      the first load of the activations (one word line: C·8 = 1,024 bits over the same port, 2 cycles) runs
 *      within it and remains without it: Δt_a = 128 − 2 = 126 core cycles = 1,773.13 system cycles.
 *   b: 64·64 = 4,096 weights → 389.12 pJ + 64 words × 416.16 = 26,634.24 pJ: ΔE_b = 27,023.36 pJ. Time: 32,768
 *      bits / 512 = 64 core cycles, less the activations' 512 bits (1 cycle): Δt_b = 63 × 14.07244 = 886.56.
 * Layer by layer (a0 a1 b0 b1) the second CN of each layer keeps the weights: the run saves ΔE_a + ΔE_b =
 * 81,070.08 pJ and a1, b1 are Δt shorter. Fused with both layers in one stack (a0 b0 a1 b1) the layers take turns
 * on the cells after every CN: four loads, nothing saved.
 */
import { describe, expect, it } from 'vitest';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import { parseMappingYaml } from '../../../src/engine/mapping/mapping-yaml';
import type { RunResult } from '../../../src/engine/results/types';
import { runPipeline } from '../../../src/engine/stream/pipeline';
import { parseWorkloadYaml } from '../../../src/engine/workload/index';
import { expectOk } from '../../support/result';

const RES = new URL('../../../resources/inputs/', import.meta.url).pathname;
const TCLK = 14.07244;
const DE_A = 8192 * 0.095 + 128 * 416.16;
const DE_B = 4096 * 0.095 + 64 * 416.16;
const DT_A = 126 * TCLK;
const DT_B = 63 * TCLK;

const conv = (id: number, name: string, k: number, c: number) => `- id: ${id}
  name: ${name}
  operator_type: Conv
  equation: O[b][k][oy][ox]+=W[k][c][fy][fx]*I[b][c][iy][ix]
  dimension_relations: [ix=1*ox+1*fx, iy=1*oy+1*fy]
  loop_dims: [B, K, C, OY, OX, FY, FX]
  loop_sizes: [1, ${k}, ${c}, 2, 8, 1, 1]
  operand_precision: { O: 16, O_final: 8, W: 8, I: 8 }
  operand_source: { W: ${id}, I: ${Math.max(0, id - 1)} }
  pr_loop_dims: [IY, IX]
  padding: [[0, 0], [0, 0]]
`;
const MAPPING = `
- name: default
  core_allocation: [1]
- name: a
  core_allocation: [0]
  spatial_mapping: { D1: ["K, 64"], D2: ["C, 128"] }
- name: b
  core_allocation: [0]
  spatial_mapping: { D1: ["K, 64"], D2: ["C, 64"] }
`;

async function run(options: Record<string, unknown>): Promise<RunResult> {
  return runPipeline({
    accelerator: expectOk(loadAcceleratorFile(`${RES}imc/hardware/aimc_tpu_pair.yaml`)),
    workload: expectOk(parseWorkloadYaml(`${conv(0, 'a', 64, 128)}\n${conv(1, 'b', 64, 64)}`, 'two-convs.yaml')),
    mapping: expectOk(parseMappingYaml(MAPPING, 'two-convs-mapping.yaml')),
    options: { allocation: 'fixed', cn_define_mode: 1, hint_loops: [['OY', 'all']], ...options } as never,
  });
}

const cns = (r: RunResult) => Object.fromEntries(r.schedule.cns.map((c) => [`${c.layerName}${c.subId}`, { ...c, runtime: c.end - c.start }]));

describe('IMC cells: weights rewritten once per turn of a layer on the core', () => {
  it('layer by layer: the second CN of each layer finds its weights in the cells (ΔE, Δt by hand)', async () => {
    const r = await run({ mode: 'lbl' });
    const c = cns(r);
    expect(r.schedule.cns.map((x) => `${x.layerName}${x.subId}`).sort((x, y) => c[x]!.start - c[y]!.start)).toEqual(['a0', 'a1', 'b0', 'b1']);
    expect(c.a0!.energyPj - c.a1!.energyPj).toBeWithinRelative(DE_A, 1e-12);
    expect(c.b0!.energyPj - c.b1!.energyPj).toBeWithinRelative(DE_B, 1e-12);
    // Runtimes are rounded up to system cycles: the difference is Δt within one cycle.
    expect(Math.abs(c.a0!.runtime - c.a1!.runtime - DT_A)).toBeLessThanOrEqual(1);
    expect(Math.abs(c.b0!.runtime - c.b1!.runtime - DT_B)).toBeLessThanOrEqual(1);

    const reference = await run({ mode: 'lbl', compat: 'reference' });
    const cr = cns(reference);
    for (const k of ['a0', 'a1']) expect(cr[k]!.energyPj).toBeWithinRelative(c.a0!.energyPj, 1e-12);
    for (const k of ['b0', 'b1']) expect(cr[k]!.energyPj).toBeWithinRelative(c.b0!.energyPj, 1e-12);
    expect(cr.a1!.runtime).toBe(c.a0!.runtime);
    expect(reference.energyPj - r.energyPj).toBeWithinRelative(DE_A + DE_B, 1e-12);
  });

  it('fused, both layers in one stack: the layers take turns after every CN, so every CN loads its weights', async () => {
    const r = await run({ mode: 'fused', layer_stacks: [[0, 1]] });
    const c = cns(r);
    expect(r.schedule.cns.map((x) => `${x.layerName}${x.subId}`).sort((x, y) => c[x]!.start - c[y]!.start)).toEqual(['a0', 'b0', 'a1', 'b1']);
    expect(c.a1!.energyPj).toBeWithinRelative(c.a0!.energyPj, 1e-12);
    expect(c.b1!.energyPj).toBeWithinRelative(c.b0!.energyPj, 1e-12);
    expect(c.a1!.runtime).toBe(c.a0!.runtime);
    const lbl = cns(await run({ mode: 'lbl' }));
    expect(c.a1!.energyPj - lbl.a1!.energyPj).toBeWithinRelative(DE_A, 1e-12);
  });
});

describe('constraint-optimised allocation with an IMC core', () => {
  it('co: places the two layers on the AIMC and the digital core; CNs on the AIMC core use the IMC model', async () => {
    const mapping = `
- name: default
  core_allocation: [0, 1]
  spatial_mapping_hint: { D1: [K], D2: [C] }
`;
    const r = await runPipeline({
      accelerator: expectOk(loadAcceleratorFile(`${RES}imc/hardware/aimc_tpu_pair.yaml`)),
      workload: expectOk(parseWorkloadYaml(`${conv(0, 'a', 64, 128)}\n${conv(1, 'b', 64, 64)}`, 'two-convs.yaml')),
      mapping: expectOk(parseMappingYaml(mapping, 'two-convs-co.yaml')),
      options: { mode: 'fused', layer_stacks: [[0, 1]], allocation: 'co', co_time_limit_s: 20 } as never,
    });
    const solve = r.allocationSolve!;
    expect(solve.status).toBe('optimal');
    expect(solve.scheduledLatencyCycles).toBe(r.latencyCycles);
    for (const cores of Object.values(r.allocation)) for (const c of cores) expect([0, 1]).toContain(c);
    // Both cores were costed for both layers; the AIMC core's cells with the macro model (its clock period).
    for (const layerId of [0, 1]) {
      expect(r.costLut.find((cell) => cell.layerId === layerId && cell.coreId === 0)?.imcTclkNs).toBeCloseTo(TCLK, 5);
      expect(r.costLut.find((cell) => cell.layerId === layerId && cell.coreId === 1)?.imcTclkNs).toBeUndefined();
    }
  }, 120_000);
});
