/**
 * The core library: known cores a user can drop into a design. Each core is read, with the engine's own core
 * reader, from the example core file shipped with Stream (resources/inputs/stream/examples/hardware/cores), so the
 * library cannot drift from those files. Deliberate differences, all listed here:
 * - a library core is named after its template id (simd.yaml calls its core `pooling`);
 * - AIMC is resources/inputs/imc/hardware/cores/aimc_core.yaml (ZigZag's aimc.yaml with a 1 MiB SRAM in place of
 *   its DRAM level); DIMC is the same core with the array of ZigZag's dimc.yaml (digital, adder trees, 1-bit
 *   serial inputs, no ADC).
 */
import { MEMORY_OPERANDS, parseCoreYaml } from '../../engine/browser';
import type { Core, CoreType, ImcOptions, MemoryInstance } from '../../engine/hardware/types';
import { makePorts, type LevelSpec } from './derive';
import tpuLikeYaml from '../../../resources/inputs/stream/examples/hardware/cores/tpu_like.yaml?raw';
import eyerissLikeYaml from '../../../resources/inputs/stream/examples/hardware/cores/eyeriss_like.yaml?raw';
import simdYaml from '../../../resources/inputs/stream/examples/hardware/cores/simd.yaml?raw';
import poolingYaml from '../../../resources/inputs/stream/examples/hardware/cores/pooling.yaml?raw';
import offchipYaml from '../../../resources/inputs/stream/examples/hardware/cores/offchip.yaml?raw';
import aimcCoreYaml from '../../../resources/inputs/imc/hardware/cores/aimc_core.yaml?raw';

export interface CoreTemplate {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly type: CoreType;
  /** The core as read from its file (id 0); `coreFromTemplate` gives it its id and name. */
  readonly core: Core;
}

/** Where each template's core file lives in the repository (the tests read the same files). */
export const CORE_FILES: Readonly<Record<string, string>> = {
  tpu_like: 'resources/inputs/stream/examples/hardware/cores/tpu_like.yaml',
  eyeriss_like: 'resources/inputs/stream/examples/hardware/cores/eyeriss_like.yaml',
  aimc: 'resources/inputs/imc/hardware/cores/aimc_core.yaml',
  dimc: 'resources/inputs/imc/hardware/cores/aimc_core.yaml',
  simd: 'resources/inputs/stream/examples/hardware/cores/simd.yaml',
  pooling: 'resources/inputs/stream/examples/hardware/cores/pooling.yaml',
  offchip: 'resources/inputs/stream/examples/hardware/cores/offchip.yaml',
};

/** The array options of ZigZag's dimc.yaml, put on the AIMC core's array to make the DIMC template. */
export const DIMC_ARRAY: ImcOptions = { imcType: 'digital', inputPrecision: [8, 8], bitSerialPrecision: 1, adcResolution: 0 };

function readCore(id: string, text: string): Core {
  const parsed = parseCoreYaml(text, CORE_FILES[id]);
  if (!parsed.ok) throw new Error(`core library: ${parsed.issues.map((i) => `${i.file}: ${i.field}: expected ${i.expected}`).join('; ')}`);
  return parsed.value;
}

const aimc = readCore('aimc', aimcCoreYaml);
const dimc: Core = { ...aimc, operationalArray: { ...aimc.operationalArray, imc: DIMC_ARRAY } };

export const CORE_LIBRARY: readonly CoreTemplate[] = [
  { id: 'tpu_like', label: 'TPU-like', description: '32×32 systolic-style array, 2 MiB SRAM', type: 'compute', core: readCore('tpu_like', tpuLikeYaml) },
  { id: 'eyeriss_like', label: 'Eyeriss-like', description: '14×12 row-stationary array, 1 MiB SRAM', type: 'compute', core: readCore('eyeriss_like', eyerissLikeYaml) },
  { id: 'aimc', label: 'AIMC (analog IMC)', description: '128×128 analog in-memory-computing macro, 8b ADCs, 2-bit serial inputs', type: 'compute', core: aimc },
  { id: 'dimc', label: 'DIMC (digital IMC)', description: '128×128 digital in-memory-computing macro, adder trees, bit-serial inputs', type: 'compute', core: dimc },
  { id: 'simd', label: 'SIMD', description: '64-lane vector core for element-wise layers', type: 'compute', core: readCore('simd', simdYaml) },
  { id: 'pooling', label: 'Pooling', description: '3×3×8 pooling core', type: 'compute', core: readCore('pooling', poolingYaml) },
  { id: 'offchip', label: 'Off-chip DRAM', description: 'DRAM controller core (memory only)', type: 'memory', core: readCore('offchip', offchipYaml) },
];

export function templateById(id: string): CoreTemplate | undefined {
  return CORE_LIBRARY.find((template) => template.id === id);
}

export function isCoreTemplate(value: CoreTemplate | Core): value is CoreTemplate {
  return 'label' in value && 'core' in value;
}

/** A new core of this template with the given id. */
export function coreFromTemplate(template: CoreTemplate, id: number, name = template.id): Core {
  return { ...template.core, id, name, sharedMemoryGroupId: id };
}

/** A memory level the user adds to a core: a small SRAM for every operand, served by every array dimension. */
export function newLevel(core: Core, name: string): LevelSpec {
  const served = core.operationalArray.dimensions.map((d) => d.name);
  const operands = [...MEMORY_OPERANDS];
  const instance: MemoryInstance = {
    name,
    sizeBits: 65_536,
    readCost: 10,
    writeCost: 12,
    area: 0,
    latency: 1,
    memType: 'sram',
    autoCostExtraction: false,
    doubleBufferingSupport: false,
    forceDoubleBuffering: false,
    ports: makePorts(128, 128, operands),
  };
  return { instance, operands, servedDimensions: served };
}
