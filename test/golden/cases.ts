/**
 * The golden-metrics cases: every example accelerator shipped under resources/inputs with the workloads it
 * ships with, layer by layer and fused, in the default model and with `compat: "reference"`. Allocations are
 * fixed where the mapping pins them (one core per layer, or as many cores as the inter-core split); mappings
 * that leave a choice run the genetic algorithm with a small fixed budget and seed 0 (deterministic).
 *
 * `npm run golden` (scripts/golden.ts) recomputes every case and rewrites test/golden/metrics.json, keeping the
 * reference Stream figures measured by hand (`referenceStream`, with their source). test/integration/golden-
 * metrics.test.ts recomputes every case and compares (relative tolerance 1e-9).
 */
import { resolve } from 'node:path';
import { unwrap } from '../../src/engine/errors';
import { loadAcceleratorFile } from '../../src/engine/hardware/io';
import { loadMappingFile } from '../../src/engine/mapping/io';
import { runPipeline } from '../../src/engine/stream/pipeline';
import { loadWorkloadFile } from '../../src/engine/workload/io';

export const ROOT = resolve(import.meta.dirname, '../..');
export const GOLDEN_FILE = `${ROOT}/test/golden/metrics.json`;

export type Compat = 'default' | 'reference';
export type Mode = 'lbl' | 'fused';

export interface GoldenCase {
  /** Stable key, e.g. "simba_small/resnet18/simba_small_fixed". */
  readonly id: string;
  /** Paths relative to the repository root. */
  readonly accelerator: string;
  readonly workload: string;
  readonly mapping: string;
  /** Fixed from the mapping, or the genetic algorithm (4 generations × 4 individuals, seed 0). */
  readonly allocation: 'fixed' | 'ga';
  /** Fused stacks (layer ids); automatic stacks when absent. */
  readonly stacks?: readonly (readonly number[])[];
  /** Modes to run (both unless the case says otherwise, with the reason). */
  readonly modes?: readonly Mode[];
  readonly note?: string;
}

export interface Metrics {
  readonly latencyCycles: number;
  readonly energyPj: number;
  readonly cns: number;
}

export type Outcome = Metrics | { readonly error: string };

const E = 'resources/inputs/stream/examples';
const T = 'resources/inputs/stream/testing';
const LAB = 'resources/inputs/stream-tutorial';
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

export const CASES: readonly GoldenCase[] = [
  // Stream's own examples.
  {
    id: 'tpu_like_quad_core/resnet18/fixed_split',
    accelerator: `${E}/hardware/tpu_like_quad_core.yaml`,
    workload: `${E}/workload/resnet18.onnx`,
    mapping: `${E}/mapping/tpu_like_quad_core_resnet18_fixed_split.yaml`,
    allocation: 'fixed',
    stacks: [range(0, 10), range(11, 21)],
  },
  {
    id: 'simba_small/resnet18/simba_small_fixed',
    accelerator: `${E}/hardware/simba_small.yaml`,
    workload: `${E}/workload/resnet18.onnx`,
    mapping: `${E}/mapping/simba_small_fixed.yaml`,
    allocation: 'fixed',
    stacks: [range(0, 12), range(13, 22)],
  },
  {
    id: 'simba_small/2_conv/ksplit4',
    accelerator: `${E}/hardware/simba_small.yaml`,
    workload: `${T}/workload/2_conv.onnx`,
    mapping: 'test/fixtures/mappings/simba_small_2conv_ksplit4.yaml',
    allocation: 'fixed',
    stacks: [[0, 1]],
  },
  {
    id: 'eyeriss_like_dual_core/fsrcnn/ksplit2',
    accelerator: `${E}/hardware/eyeriss_like_dual_core.yaml`,
    workload: `${E}/workload/fsrcnn.onnx`,
    mapping: 'test/fixtures/mappings/eyeriss_dual_fsrcnn_fixed.yaml',
    allocation: 'fixed',
    stacks: [range(0, 7)],
  },
  {
    id: 'eyeriss_like_quad_core/resnet18/ksplit4',
    accelerator: `${E}/hardware/eyeriss_like_quad_core.yaml`,
    workload: `${E}/workload/resnet18.onnx`,
    mapping: 'test/fixtures/mappings/eyeriss_quad_resnet18_fixed.yaml',
    allocation: 'fixed',
    stacks: [range(0, 12), range(13, 22)],
  },
  {
    id: 'fusemax/resnet18/array_and_vec',
    accelerator: `${E}/hardware/fusemax.yaml`,
    workload: `${E}/workload/resnet18.onnx`,
    mapping: `${E}/mapping/array_and_vec.yaml`,
    allocation: 'fixed',
  },
  {
    id: 'eyeriss_like_single_core/fsrcnn',
    accelerator: `${E}/hardware/eyeriss_like_single_core.yaml`,
    workload: `${E}/workload/fsrcnn.onnx`,
    mapping: 'test/fixtures/mappings/eyeriss_single_fsrcnn_fixed.yaml',
    allocation: 'fixed',
    stacks: [range(0, 7)],
  },
  {
    id: 'meta_prototype_dual_core_simd_offchip/resnet18/ksplit2',
    accelerator: `${E}/hardware/meta_prototype_dual_core_simd_offchip.yaml`,
    workload: `${E}/workload/resnet18.onnx`,
    mapping: 'test/fixtures/mappings/meta_prototype_dual_resnet18_fixed.yaml',
    allocation: 'fixed',
    stacks: [range(0, 12), range(13, 22)],
  },
  // The Stream tutorial.
  {
    id: 'hda_bus/4_convs/lab1',
    accelerator: `${LAB}/lab1/hardware/hda_bus.yaml`,
    workload: `${LAB}/lab1/workload/4_convs.onnx`,
    mapping: `${LAB}/lab1/mapping/mapping.yaml`,
    allocation: 'fixed',
  },
  {
    id: 'hda_bus/4_convs/lab2',
    accelerator: `${LAB}/lab2/hardware/hda_bus.yaml`,
    workload: `${LAB}/lab2/workload/4_convs.onnx`,
    mapping: `${LAB}/lab2/mapping/mapping.yaml`,
    allocation: 'fixed',
  },
  {
    id: 'hda_bus/4_convs/lab3',
    accelerator: `${LAB}/lab3/hardware/hda_bus.yaml`,
    workload: `${LAB}/lab3/workload/4_convs.onnx`,
    mapping: `${LAB}/lab3/mapping/mapping.yaml`,
    allocation: 'ga',
  },
  // Stream's testing systems.
  ...(['1_core', '2_cores', '4_cores'] as const).map(
    (w): GoldenCase => ({
      id: `${w === '1_core' ? 'single' : w === '2_cores' ? 'dual' : 'quad'}_testing_core_offchip/testing_workload_for_${w}`,
      accelerator: `${T}/hardware/${w === '1_core' ? 'single' : w === '2_cores' ? 'dual' : 'quad'}_testing_core_offchip.yaml`,
      workload: `${T}/workload/testing_workload_for_${w}.yaml`,
      mapping: `${T}/mapping/testing_mapping.yaml`,
      allocation: 'fixed',
    }),
  ),
];

/** Runs one case in one mode; an input that does not import or run gives its error message. */
export async function runCase(c: GoldenCase, compat: Compat, mode: Mode): Promise<Outcome> {
  try {
    const result = await runPipeline({
      accelerator: unwrap(loadAcceleratorFile(`${ROOT}/${c.accelerator}`)),
      workload: unwrap(await loadWorkloadFile(`${ROOT}/${c.workload}`, { flavour: 'stream', compat })),
      mapping: unwrap(loadMappingFile(`${ROOT}/${c.mapping}`)),
      options: {
        mode,
        compat,
        loma_lpf_limit: 6,
        seed: 0,
        ...(c.allocation === 'fixed' ? { allocation: 'fixed' } : { allocation: 'ga', nb_ga_generations: 4, nb_ga_individuals: 4 }),
        ...(mode === 'fused' && c.stacks ? { layer_stacks: c.stacks.map((s) => [...s]) } : {}),
      },
    });
    return { latencyCycles: result.latencyCycles, energyPj: result.energyPj, cns: result.nCns };
  } catch (error) {
    return { error: (error instanceof Error ? error.message : String(error)).replaceAll(ROOT + '/', '') };
  }
}

export const modesOf = (c: GoldenCase): readonly Mode[] => c.modes ?? ['lbl', 'fused'];
