import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ApiError } from '../../shared/api-errors';
import { packageRoot } from '../package-root';
import type { Accelerator, ExampleInfo, Project, SourceFile } from '../../shared/api-types';
import { parseAcceleratorYaml, unwrap } from '../../engine';
import { fileCoreSource } from '../../engine/io';
import type { CatalogService } from './catalog';

/** An example project shipped in resources/inputs: paths are relative to that folder. */
interface ExampleSpec {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Seeded into a fresh workspace. */
  readonly seed: boolean;
  readonly designs: readonly { readonly name: string; readonly file: string }[];
  readonly workloads: readonly { readonly name: string; readonly file: string }[];
  readonly mappings: readonly { readonly name: string; readonly file: string }[];
}

export const EXAMPLES: readonly ExampleSpec[] = [
  {
    id: 'tpu-resnet18',
    name: 'ResNet-18 on a TPU-like quad core',
    description: 'Four TPU-like cores in a ring with pooling and SIMD cores; ResNet-18 from ONNX (Stream examples).',
    seed: true,
    designs: [{ name: 'tpu_like_quad_core', file: 'stream/examples/hardware/tpu_like_quad_core.yaml' }],
    workloads: [{ name: 'resnet18', file: 'stream/examples/workload/resnet18.onnx' }],
    mappings: [
      { name: 'tpu_like_quad_core', file: 'stream/examples/mapping/tpu_like_quad_core.yaml' },
      { name: 'tpu_like_quad_core_resnet18_fixed_split', file: 'stream/examples/mapping/tpu_like_quad_core_resnet18_fixed_split.yaml' },
    ],
  },
  {
    id: 'tutorial-hda-bus',
    name: 'Tutorial: 4 convs on a heterogeneous bus',
    description: 'The Stream tutorial: three different cores and DRAM on a shared bus, four conv layers (labs 1–3).',
    seed: true,
    designs: [{ name: 'hda_bus', file: 'stream-tutorial/lab1/hardware/hda_bus.yaml' }],
    workloads: [{ name: '4_convs', file: 'stream-tutorial/lab1/workload/4_convs.onnx' }],
    mappings: [
      { name: 'lab1 layer by layer', file: 'stream-tutorial/lab1/mapping/mapping.yaml' },
      { name: 'lab2 K split', file: 'stream-tutorial/lab2/mapping/mapping.yaml' },
      { name: 'lab3 fused', file: 'stream-tutorial/lab3/mapping/mapping.yaml' },
    ],
  },
  {
    id: 'eyeriss-simba',
    name: 'Eyeriss-like and Simba',
    description: 'An Eyeriss-like quad core and the 36-chiplet Simba system, with ResNet-18 and FSRCNN.',
    seed: true,
    designs: [
      { name: 'eyeriss_like_quad_core', file: 'stream/examples/hardware/eyeriss_like_quad_core.yaml' },
      { name: 'simba', file: 'stream/examples/hardware/simba.yaml' },
    ],
    workloads: [
      { name: 'resnet18', file: 'stream/examples/workload/resnet18.onnx' },
      { name: 'fsrcnn', file: 'stream/examples/workload/fsrcnn.onnx' },
    ],
    mappings: [{ name: 'simba', file: 'stream/examples/mapping/simba.yaml' }],
  },
  {
    id: 'imc-resnet18',
    name: 'ResNet-18 on four analog IMC cores',
    description:
      'Four AIMC cores (weights in the cells, 14.07 ns macro clock) with pooling, SIMD and DRAM, ResNet-18 fused; and one AIMC core next to a TPU-like core (two clocks on one time base).',
    seed: true,
    designs: [
      { name: 'aimc_quad_core', file: 'imc/hardware/aimc_quad_core.yaml' },
      { name: 'aimc_tpu_pair', file: 'imc/hardware/aimc_tpu_pair.yaml' },
    ],
    workloads: [
      { name: 'resnet18', file: 'stream/examples/workload/resnet18.onnx' },
      { name: '2_conv', file: 'stream/testing/workload/2_conv.onnx' },
    ],
    mappings: [
      { name: 'aimc_quad_core_resnet18', file: 'imc/mapping/aimc_quad_core_resnet18.yaml' },
      { name: 'aimc_tpu_pair_2conv', file: 'imc/mapping/aimc_tpu_pair_2conv.yaml' },
    ],
  },
  {
    id: 'testing-two-cores',
    name: 'Two testing cores',
    description: 'The small dual-core test system of Stream with a two-layer workload: runs in a blink.',
    seed: false,
    designs: [{ name: 'dual_testing_core_offchip', file: 'stream/testing/hardware/dual_testing_core_offchip.yaml' }],
    workloads: [{ name: 'testing_workload_for_2_cores', file: 'stream/testing/workload/testing_workload_for_2_cores.yaml' }],
    mappings: [{ name: 'testing_mapping', file: 'stream/testing/mapping/testing_mapping.yaml' }],
  },
];

/** resources/ of the product: next to the sources in dev and tests, or given by the Electron main process. */
export function defaultResourcesDir(): string {
  return join(packageRoot(), 'resources');
}

/**
 * Reads an accelerator file with the engine's on-disk core resolution (which searches hardware folders like
 * the reference does) and records each core file under the reference written in the accelerator file, so
 * the stored YAML source re-imports on its own.
 */
export function readAcceleratorFromDisk(path: string): { accelerator: Accelerator; source: { main: string; files: SourceFile[] } } {
  const main = basename(path);
  const text = readFileSync(path, 'utf8');
  const files: SourceFile[] = [{ path: main, text }];
  const fromDisk = fileCoreSource(path);
  const accelerator = unwrap(
    parseAcceleratorYaml(text, main, (ref, field) => {
      const core = fromDisk(ref, field);
      if (core.ok && !files.some((f) => f.path === ref)) files.push({ path: ref, text: core.value.text });
      return core;
    }),
  );
  return { accelerator, source: { main, files } };
}

export class ExampleService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly resourcesDir: string,
  ) {}

  list(): ExampleInfo[] {
    return EXAMPLES.map((e) => ({
      id: e.id,
      name: e.name,
      description: e.description,
      designs: e.designs.map((d) => d.name),
      workloads: e.workloads.map((w) => w.name),
      mappings: e.mappings.map((m) => m.name),
    }));
  }

  createProject(exampleId: string, name?: string, freeName: (base: string) => string = (b) => b): Project {
    const spec = EXAMPLES.find((e) => e.id === exampleId);
    if (!spec) throw new ApiError('not_found', `example ${JSON.stringify(exampleId)} does not exist (known: ${EXAMPLES.map((e) => e.id).join(', ')})`);
    const inputs = join(this.resourcesDir, 'inputs');
    const project = this.catalog.createProject({ name: freeName(name ?? spec.name), description: spec.description, tags: ['example'] });
    try {
      for (const d of spec.designs) {
        const { accelerator, source } = readAcceleratorFromDisk(join(inputs, d.file));
        this.catalog.createDesign(project.id, d.name, accelerator, 'example', source);
      }
      for (const w of spec.workloads) {
        const bytes = readFileSync(join(inputs, w.file));
        this.catalog.importWorkload(project.id, w.name, w.file.endsWith('.onnx') ? 'onnx' : 'yaml', bytes);
      }
      for (const m of spec.mappings) this.catalog.createMapping(project.id, m.name, readFileSync(join(inputs, m.file), 'utf8'));
    } catch (error) {
      this.catalog.deleteProject(project.id);
      throw error;
    }
    return this.catalog.projectDetail(project.id).project;
  }

  /** Fills a fresh workspace with the seeded examples; an example the engine cannot import is skipped. */
  seed(freeName: (base: string) => string): { seeded: string[]; skipped: { id: string; reason: string }[] } {
    const seeded: string[] = [];
    const skipped: { id: string; reason: string }[] = [];
    for (const spec of EXAMPLES.filter((e) => e.seed)) {
      try {
        this.createProject(spec.id, undefined, freeName);
        seeded.push(spec.id);
      } catch (error) {
        skipped.push({ id: spec.id, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    return { seeded, skipped };
  }
}
