/**
 * The core library: known cores a user can drop into a design (values of the example cores shipped with
 * Stream: tpu_like, eyeriss_like, simd, pooling, offchip). Sizes in bits, bandwidths in bits/cycle, energies in pJ.
 */
import type { Core, CoreType, ImcOptions, MemoryInstance, MemoryOperand, SpatialMapping } from '../../engine/hardware/types';
import { deriveLevels, makePorts, type LevelSpec } from './derive';

interface MemoryTemplate {
  readonly name: string;
  readonly sizeBits: number;
  readonly readBw: number;
  readonly writeBw: number;
  readonly readCost: number;
  readonly writeCost: number;
  readonly operands: readonly MemoryOperand[];
  readonly served: readonly string[];
  readonly memType?: string;
  /** One read/write port instead of separate read and write ports. */
  readonly sharedPort?: boolean;
}

export interface CoreTemplate {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly type: CoreType;
  readonly dimensions: readonly [string, number][];
  readonly unitEnergy: number;
  readonly memories: readonly MemoryTemplate[];
  readonly dataflows?: SpatialMapping;
  /** In-memory-computing array (weights in the `cells` memory). */
  readonly imc?: ImcOptions;
}

/** The memories of ZigZag's aimc.yaml / dimc.yaml cores, with a 1 MiB SRAM in place of their DRAM level. */
const IMC_MEMORIES: readonly MemoryTemplate[] = [
  { name: 'cells', sizeBits: 8, readBw: 8, writeBw: 8, readCost: 0, writeCost: 0.095, operands: ['I2'], served: [], memType: 'sram', sharedPort: true },
  { name: 'rf_1B', sizeBits: 8, readBw: 8, writeBw: 8, readCost: 0.021, writeCost: 0.021, operands: ['I1'], served: ['D1'] },
  { name: 'rf_2B', sizeBits: 16, readBw: 16, writeBw: 16, readCost: 0.021, writeCost: 0.021, operands: ['O'], served: ['D2'] },
  { name: 'sram_1MB', sizeBits: 8_388_608, readBw: 512, writeBw: 512, readCost: 416.16, writeCost: 378.4, operands: ['I1', 'I2', 'O'], served: ['D1', 'D2'] },
];

export const CORE_LIBRARY: readonly CoreTemplate[] = [
  {
    id: 'tpu_like',
    label: 'TPU-like',
    description: '32×32 systolic-style array, 2 MiB SRAM',
    type: 'compute',
    dimensions: [['D1', 32], ['D2', 32]],
    unitEnergy: 0.04,
    memories: [
      { name: 'rf_128B', sizeBits: 1024, readBw: 8, writeBw: 8, readCost: 0.095, writeCost: 0.095, operands: ['I2'], served: [] },
      { name: 'rf_2B', sizeBits: 16, readBw: 16, writeBw: 16, readCost: 0.021, writeCost: 0.021, operands: ['O'], served: ['D2'] },
      { name: 'sram_2MB', sizeBits: 16_777_216, readBw: 2048, writeBw: 2048, readCost: 416.16, writeCost: 378.4, operands: ['I1', 'I2', 'O'], served: ['D1', 'D2'] },
    ],
    dataflows: { D1: [{ loopDim: 'K', factor: 32 }], D2: [{ loopDim: 'C', factor: 32 }] },
  },
  {
    id: 'eyeriss_like',
    label: 'Eyeriss-like',
    description: '14×12 row-stationary array, 1 MiB SRAM',
    type: 'compute',
    dimensions: [['D1', 14], ['D2', 12]],
    unitEnergy: 0.5,
    memories: [
      { name: 'rf_64B_A', sizeBits: 512, readBw: 8, writeBw: 8, readCost: 1, writeCost: 1.5, operands: ['I1'], served: [] },
      { name: 'rf_64B_W', sizeBits: 512, readBw: 8, writeBw: 8, readCost: 1, writeCost: 1.5, operands: ['I2'], served: [] },
      { name: 'rf_16B', sizeBits: 128, readBw: 24, writeBw: 24, readCost: 1.5, writeCost: 2, operands: ['O'], served: [] },
      { name: 'sram_8KB', sizeBits: 65_536, readBw: 128, writeBw: 128, readCost: 10, writeCost: 15, operands: ['O'], served: ['D1', 'D2'] },
      { name: 'sram_64KB', sizeBits: 524_288, readBw: 128, writeBw: 128, readCost: 20, writeCost: 25, operands: ['I2'], served: ['D1', 'D2'] },
      { name: 'sram_1M', sizeBits: 8_388_608, readBw: 384, writeBw: 384, readCost: 100, writeCost: 130, operands: ['I1', 'O'], served: ['D1', 'D2'] },
    ],
  },
  {
    id: 'aimc',
    label: 'AIMC (analog IMC)',
    description: '128×128 analog in-memory-computing macro, 8b ADCs, 2-bit serial inputs',
    type: 'compute',
    dimensions: [['D1', 128], ['D2', 128]],
    unitEnergy: 0,
    memories: IMC_MEMORIES,
    imc: { imcType: 'analog', inputPrecision: [8, 8], bitSerialPrecision: 2, adcResolution: 8 },
  },
  {
    id: 'dimc',
    label: 'DIMC (digital IMC)',
    description: '128×128 digital in-memory-computing macro, adder trees, bit-serial inputs',
    type: 'compute',
    dimensions: [['D1', 128], ['D2', 128]],
    unitEnergy: 0,
    memories: IMC_MEMORIES,
    imc: { imcType: 'digital', inputPrecision: [8, 8], bitSerialPrecision: 1, adcResolution: 0 },
  },
  {
    id: 'simd',
    label: 'SIMD',
    description: '64-lane vector core for element-wise layers',
    type: 'compute',
    dimensions: [['D1', 64]],
    unitEnergy: 0.1,
    memories: [
      { name: 'sram_128KB_2rw', sizeBits: 1_048_576, readBw: 512, writeBw: 512, readCost: 60, writeCost: 75, operands: ['I1', 'I2', 'O'], served: ['D1'] },
    ],
    dataflows: { D1: [{ loopDim: 'K', factor: 64 }] },
  },
  {
    id: 'pooling',
    label: 'Pooling',
    description: '3×3×8 pooling core',
    type: 'compute',
    dimensions: [['D1', 3], ['D2', 3], ['D3', 8]],
    unitEnergy: 0.1,
    memories: [
      { name: 'sram_128KB', sizeBits: 1_048_576, readBw: 576, writeBw: 512, readCost: 60, writeCost: 75, operands: ['I1', 'I2', 'O'], served: ['D1', 'D2', 'D3'] },
    ],
    dataflows: { D1: [{ loopDim: 'FX', factor: 3 }], D2: [{ loopDim: 'FY', factor: 3 }], D3: [{ loopDim: 'K', factor: 8 }] },
  },
  {
    id: 'offchip',
    label: 'Off-chip DRAM',
    description: 'DRAM controller core (memory only)',
    type: 'memory',
    dimensions: [['D1', 0], ['D2', 0]],
    unitEnergy: 0,
    memories: [
      { name: 'dram', sizeBits: 10_000_000_000, readBw: 64, writeBw: 64, readCost: 1000, writeCost: 1000, operands: ['I1', 'I2', 'O'], served: ['D1', 'D2'], memType: 'dram', sharedPort: true },
    ],
  },
];

export function templateById(id: string): CoreTemplate | undefined {
  return CORE_LIBRARY.find((template) => template.id === id);
}

function instanceOf(memory: MemoryTemplate): MemoryInstance {
  return {
    name: memory.name,
    sizeBits: memory.sizeBits,
    readCost: memory.readCost,
    writeCost: memory.writeCost,
    area: 0,
    latency: 1,
    memType: memory.memType ?? (memory.name.startsWith('rf') ? 'rf' : 'sram'),
    autoCostExtraction: false,
    doubleBufferingSupport: false,
    forceDoubleBuffering: false,
    ports: makePorts(memory.readBw, memory.writeBw, memory.operands, memory.sharedPort ?? false),
  };
}

/** A new core of this template with the given id. */
export function coreFromTemplate(template: CoreTemplate, id: number, name = template.id): Core {
  const operationalArray = {
    dimensions: template.dimensions.map(([dimName, size]) => ({ name: dimName, size })),
    unitEnergy: template.unitEnergy,
    unitArea: template.type === 'memory' || template.imc ? 0 : 1,
    ...(template.imc ? { imc: template.imc } : {}),
  };
  const levels: LevelSpec[] = template.memories.map((memory) => ({ instance: instanceOf(memory), operands: memory.operands, servedDimensions: memory.served }));
  const { memories, hierarchy } = deriveLevels(operationalArray, levels);
  return {
    id,
    name,
    type: template.type,
    operationalArray,
    memories,
    hierarchy,
    ...(template.dataflows ? { dataflows: template.dataflows } : {}),
    sharedMemoryGroupId: id,
    format: 'zigzag-ports',
  };
}

/** A memory level the user adds to a core: a small SRAM for every operand, served by every array dimension. */
export function newLevel(core: Core, name: string): LevelSpec {
  const served = core.operationalArray.dimensions.map((d) => d.name);
  return { instance: instanceOf({ name, sizeBits: 65_536, readBw: 128, writeBw: 128, readCost: 10, writeCost: 12, operands: ['I1', 'I2', 'O'], served }), operands: ['I1', 'I2', 'O'], servedDimensions: served };
}
