/**
 * The accelerator document (types.ts) as a zod schema, for data that arrives from outside the engine as JSON: the
 * app's API (editor saves, validation requests) checks the shape with it before the engine's validator checks the
 * meaning (capacities, ports, topology). Compile-time checks below keep it and types.ts the same: a field added to
 * or removed from an interface there fails `tsc` here until the schema follows.
 */
import { z } from 'zod';
import type {
  Accelerator,
  ArrayDimension,
  Core,
  CoreEdge,
  ImcOptions,
  LegacyMemoryFields,
  Link,
  MemoryInstance,
  MemoryLevel,
  MemoryPort,
  OperationalArray,
  PortFunction,
  SpatialUnrolling,
  TopologySource,
} from './types';

const finite = z.number().finite();
/**
 * A bandwidth, bits/cycle: a number, `Infinity` (unlimited, e.g. an ideal off-chip link) or `null`, which is how
 * JSON writes Infinity (the web host's transport, stored documents); read back as Infinity.
 */
const bandwidth = z
  .custom<number | null>((v) => v === null || (typeof v === 'number' && !Number.isNaN(v) && v >= 0), 'a bandwidth (a number ≥ 0; null or Infinity: unlimited)')
  .transform((v) => v ?? Infinity);
const count = z.number().int().nonnegative();
const id = z.number().int().nonnegative();
const name = z.string().max(1_000);
const list = <T extends z.ZodType>(item: T, max = 100_000) => z.array(item).max(max);

const memoryOperand = z.enum(['I1', 'I2', 'O']);
const direction = z.enum(['fh', 'tl', 'fl', 'th']);
const portAllocation = z.strictObject({ fh: name.optional(), tl: name.optional(), fl: name.optional(), th: name.optional() });

const portFunction = z.strictObject({ operand: memoryOperand, direction });
const memoryPort = z.strictObject({
  name,
  type: z.enum(['read', 'write', 'read_write']),
  bandwidthMin: bandwidth,
  bandwidthMax: bandwidth,
  allocation: list(portFunction, 64),
});
const legacyMemoryFields = z.strictObject({
  readBandwidth: bandwidth,
  writeBandwidth: bandwidth,
  minReadGranularity: finite.nullable(),
  minWriteGranularity: finite.nullable(),
});
const memoryInstance = z.strictObject({
  name,
  sizeBits: finite,
  readCost: finite,
  writeCost: finite,
  area: finite,
  latency: finite,
  memType: name,
  autoCostExtraction: z.boolean(),
  technology: finite.optional(),
  doubleBufferingSupport: z.boolean(),
  forceDoubleBuffering: z.boolean(),
  ports: list(memoryPort, 64),
  legacy: legacyMemoryFields.optional(),
});
const memoryLevel = z.strictObject({
  instance: memoryInstance,
  operands: list(memoryOperand, 3),
  portAllocation: z.strictObject({ I1: portAllocation.optional(), I2: portAllocation.optional(), O: portAllocation.optional() }),
  servedDimensions: list(name, 16),
  unrollCount: finite,
  levelOfOperand: z.strictObject({ I1: count.optional(), I2: count.optional(), O: count.optional() }),
});
const arrayDimension = z.strictObject({ name, size: finite });
const imcOptions = z.strictObject({
  imcType: z.enum(['analog', 'digital']),
  inputPrecision: z.tuple([finite, finite]),
  adcResolution: finite,
  bitSerialPrecision: finite,
});
const operationalArray = z.strictObject({
  dimensions: list(arrayDimension, 16),
  unitEnergy: finite,
  unitArea: finite,
  imc: imcOptions.optional(),
});
const spatialUnrolling = z.strictObject({ loopDim: name, factor: finite });
const spatialMapping = z.record(name, list(spatialUnrolling, 16));
const core = z.strictObject({
  id,
  name,
  type: z.enum(['compute', 'memory']),
  operationalArray,
  memories: list(memoryLevel, 64),
  hierarchy: z.strictObject({ I1: list(memoryLevel, 64), I2: list(memoryLevel, 64), O: list(memoryLevel, 64) }),
  dataflows: spatialMapping.optional(),
  sharedMemoryGroupId: id,
  format: z.enum(['zigzag-legacy', 'zigzag-ports']),
  importNotices: list(z.string().max(10_000), 1_000).optional(),
  technology: finite.optional(),
});
const link = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('link'), id, from: id, to: id, bandwidth, unitEnergyCost: finite }),
  z.strictObject({
    kind: z.literal('bus'),
    id,
    cores: list(id, 10_000),
    bandwidth,
    unitEnergyCost: finite,
    role: z.enum(['declared', 'offchip', 'offchip-write', 'offchip-read']),
  }),
]);
const coreEdge = z.strictObject({ from: id, to: id, linkId: id });
const topology = z.discriminatedUnion('format', [
  z.strictObject({
    format: z.literal('stream-graph'),
    graphType: z.enum(['2d_mesh', 'bus']),
    nbRows: count.nullable(),
    nbCols: count.nullable(),
    bandwidth,
    unitEnergyCost: finite,
    poolingCoreId: id.nullable(),
    simdCoreId: id.nullable(),
  }),
  z.strictObject({ format: z.literal('stream-pairs'), connectivity: list(list(id, 10_000)), bandwidth, unitEnergyCost: finite }),
  z.strictObject({
    format: z.literal('stream-typed'),
    connectivity: list(z.strictObject({ type: z.enum(['link', 'bus']), cores: list(id, 10_000), bandwidth, unitEnergyCost: finite.nullable() })),
    unitEnergyCost: finite,
  }),
]);

const accelerator = z.strictObject({
  name,
  cores: list(core, 10_000),
  offchipCoreId: id.nullable(),
  links: list(link),
  edges: list(coreEdge),
  coreMemorySharing: list(list(id, 10_000)),
  coreFiles: list(z.string().max(4_096).nullable(), 10_000),
  topology,
  technology: finite.optional(),
});

/** The accelerator document's shape (types.ts `Accelerator`); its meaning is checked by `validateAccelerator`. */
export const acceleratorDocumentSchema: z.ZodType<Accelerator> = accelerator;

// ---- compile-time: the schema and types.ts describe the same fields -------------------------------------------
type Out<S extends z.ZodType> = z.output<S>;
/** Same keys, and the schema's output assignable to the type (so every field has a compatible schema). */
type Same<S, T> = [keyof S] extends [keyof T] ? ([keyof T] extends [keyof S] ? ([S] extends [T] ? true : false) : false) : false;
type Variant<U, K extends string, V extends string> = Extract<U, Record<K, V>>;
const checks: {
  portFunction: Same<Out<typeof portFunction>, PortFunction>;
  memoryPort: Same<Out<typeof memoryPort>, MemoryPort>;
  legacy: Same<Out<typeof legacyMemoryFields>, LegacyMemoryFields>;
  memoryInstance: Same<Out<typeof memoryInstance>, MemoryInstance>;
  memoryLevel: Same<Out<typeof memoryLevel>, MemoryLevel>;
  arrayDimension: Same<Out<typeof arrayDimension>, ArrayDimension>;
  imc: Same<Out<typeof imcOptions>, ImcOptions>;
  operationalArray: Same<Out<typeof operationalArray>, OperationalArray>;
  spatialUnrolling: Same<Out<typeof spatialUnrolling>, SpatialUnrolling>;
  core: Same<Out<typeof core>, Core>;
  link: Same<Variant<Out<typeof link>, 'kind', 'link'>, Variant<Link, 'kind', 'link'>>;
  bus: Same<Variant<Out<typeof link>, 'kind', 'bus'>, Variant<Link, 'kind', 'bus'>>;
  coreEdge: Same<Out<typeof coreEdge>, CoreEdge>;
  graph: Same<Variant<Out<typeof topology>, 'format', 'stream-graph'>, Variant<TopologySource, 'format', 'stream-graph'>>;
  pairs: Same<Variant<Out<typeof topology>, 'format', 'stream-pairs'>, Variant<TopologySource, 'format', 'stream-pairs'>>;
  typed: Same<Variant<Out<typeof topology>, 'format', 'stream-typed'>, Variant<TopologySource, 'format', 'stream-typed'>>;
  accelerator: Same<Out<typeof accelerator>, Accelerator>;
} = {
  portFunction: true,
  memoryPort: true,
  legacy: true,
  memoryInstance: true,
  memoryLevel: true,
  arrayDimension: true,
  imc: true,
  operationalArray: true,
  spatialUnrolling: true,
  core: true,
  link: true,
  bus: true,
  coreEdge: true,
  graph: true,
  pairs: true,
  typed: true,
  accelerator: true,
};
void checks;

/** The fields of the document that hold a bandwidth (bits/cycle), the only numbers that may be unbounded. */
const BANDWIDTH_KEYS = new Set(['bandwidth', 'bandwidthMin', 'bandwidthMax', 'readBandwidth', 'writeBandwidth']);

/**
 * An accelerator document read back from JSON (a stored design, a bundle): JSON cannot carry Infinity and
 * writes it as `null`, so every bandwidth field that is `null` becomes Infinity again (an unbounded link or
 * port). No other field is touched (`offchipCoreId`, `unitEnergyCost`, granularities may be null on purpose).
 * Works on documents of any age or shape: it does not check them (`acceleratorDocumentSchema` does).
 */
export function reviveBandwidths<T>(document: T): T {
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = v === null && BANDWIDTH_KEYS.has(key) ? Infinity : visit(v);
    return out;
  };
  return visit(document) as T;
}
