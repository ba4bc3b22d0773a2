/**
 * Core (ZigZag accelerator) YAML importer, both generations of the format, into one model:
 * - legacy (ZigZag 3.8.0, Stream examples): `r_bw`, `w_bw`, `r_port`, `w_port`, `rw_port`,
 *   `min_r_granularity`, and `ports: [{fh: w_port_1, tl: r_port_1}, ...]` (one entry per operand);
 * - ports (newer ZigZag, Stream tutorial): `ports: [{name, type, bandwidth_min, bandwidth_max, allocation}]`.
 * Defaults follow ZigZag 3.8.0: min bandwidth = max bandwidth unless a granularity is given, rw ports use the
 * read bandwidth, `mem_type` sram, `auto_cost_extraction` false.
 */
import { fail, ok, type Result } from '../errors';
import { FieldReader, parseYaml, type FieldPath, type PlainMap } from './fields';
import { buildCore, type MemoryLevelSpec } from './model';
import { ARRAY_DIM_PATTERN, parseSpatialMapping } from './spatial';
import {
  DATA_DIRECTIONS,
  MEMORY_OPERANDS,
  type ArrayDimension,
  type Core,
  type CoreFormat,
  type CoreType,
  type DataDirection,
  type ImcOptions,
  type MemoryInstance,
  type MemoryOperand,
  type MemoryPort,
  type OperationalArray,
  type PortFunction,
  type PortType,
  type SpatialMapping,
} from './types';

export const PORT_NAME_PATTERN = /^r?w?_port_\d+$/;
const ALLOCATION_PATTERN = /^\s*(I1|I2|O)\s*,\s*(fh|tl|fl|th)\s*$/;

const CORE_KEYS = ['name', 'type', 'memories', 'operational_array', 'dataflows', 'technology'];
const COMMON_MEMORY_KEYS = [
  'size', 'r_cost', 'w_cost', 'area', 'latency', 'mem_type', 'auto_cost_extraction', 'technology', 'operands', 'ports', 'served_dimensions',
];
const LEGACY_MEMORY_KEYS = [...COMMON_MEMORY_KEYS, 'r_bw', 'w_bw', 'r_port', 'w_port', 'rw_port', 'min_r_granularity', 'min_w_granularity'];
const PORTS_MEMORY_KEYS = [...COMMON_MEMORY_KEYS, 'force_double_buffering'];
const PORT_KEYS = ['name', 'type', 'bandwidth_min', 'bandwidth_max', 'allocation'];
const ARRAY_KEYS = ['dimensions', 'sizes', 'unit_energy', 'unit_area', 'is_imc', 'imc_type', 'input_precision', 'adc_resolution', 'bit_serial_precision'];

/** Stream core types, including HEAD's namespaced spellings. */
const CORE_TYPES: Readonly<Record<string, CoreType>> = {
  compute: 'compute',
  memory: 'memory',
  'zigzag.compute': 'compute',
  'zigzag.memory': 'memory',
  'zigzag.offchip': 'memory',
};

export interface CoreParseOptions {
  /** Id given to the core (default 0); the accelerator importer passes the id from its `cores` map. */
  readonly id?: number;
  readonly sharedMemoryGroupId?: number;
}

/** Parses one core YAML file. Pure: no file access. */
export function parseCoreYaml(text: string, file: string, options: CoreParseOptions = {}): Result<Core> {
  const parsed = parseYaml(text, file);
  if (!parsed.ok) return parsed;
  const reader = new FieldReader(file, parsed.value);
  const core = readCore(reader, parsed.value.value, options);
  if (!reader.ok || !core) return fail(reader.issues);
  return ok(core);
}

/** Whether a parsed document looks like a core file (has `memories` and `operational_array`). */
export function looksLikeCore(data: unknown): boolean {
  return typeof data === 'object' && data !== null && 'memories' in data && 'operational_array' in data;
}

function isLegacyMemory(mem: PlainMap): boolean {
  if (['r_bw', 'w_bw', 'r_port', 'w_port', 'rw_port', 'min_r_granularity', 'min_w_granularity'].some((k) => k in mem)) return true;
  const ports = mem.ports;
  return Array.isArray(ports) && ports.some((p) => typeof p === 'object' && p !== null && !('name' in p) && DATA_DIRECTIONS.some((d) => d in p));
}

export function readCore(reader: FieldReader, data: unknown, options: CoreParseOptions): Core | undefined {
  const root = reader.map(data, [], 'a core description (a mapping with name, memories, operational_array)');
  if (!root) return undefined;
  // Before ZigZag 3.8 the array was called `multipliers` (same fields): read it as the operational array.
  const preZigzag38 = 'multipliers' in root && !('operational_array' in root);
  reader.knownKeys(root, [], preZigzag38 ? [...CORE_KEYS, 'multipliers'] : CORE_KEYS);
  const name = reader.string(reader.required(root, 'name', [], 'the core name (a string)'), ['name']);
  let type: CoreType = 'compute';
  if (root.type !== undefined) {
    const t = typeof root.type === 'string' ? CORE_TYPES[root.type] : undefined;
    if (t) type = t;
    else reader.report(['type'], `one of ${Object.keys(CORE_TYPES).join(', ')}`, root.type);
  }
  const array = preZigzag38
    ? readOperationalArray(reader, root.multipliers, 'multipliers')
    : readOperationalArray(reader, reader.required(root, 'operational_array', [], 'the operational_array mapping'));
  const memoriesData = reader.map(reader.required(root, 'memories', [], 'a mapping of memory names to memories'), ['memories']);
  const memories: MemoryLevelSpec[] = [];
  let format: CoreFormat = 'zigzag-ports';
  if (memoriesData) {
    const names = Object.keys(memoriesData);
    if (names.length === 0) reader.report(['memories'], 'at least one memory');
    names.forEach((memName, index) => {
      const path = ['memories', memName];
      const mem = reader.map(memoriesData[memName], path, 'a memory description (a mapping)');
      if (!mem) return;
      const legacy = isLegacyMemory(mem);
      if (index === 0 && legacy) format = 'zigzag-legacy';
      const spec = legacy ? readLegacyMemory(reader, memName, mem, path) : readPortsMemory(reader, memName, mem, path);
      if (spec && array) {
        for (const [i, dim] of spec.servedDimensions.entries()) {
          if (!array.dimensions.some((d) => d.name === dim)) {
            reader.report([...path, 'served_dimensions', i], `one of the operational array dimensions (${array.dimensions.map((d) => d.name).join(', ') || 'none'})`, dim);
          }
        }
      }
      if (spec) memories.push(spec);
    });
  }
  const dataflows: SpatialMapping | undefined =
    root.dataflows === undefined || root.dataflows === null ? undefined : parseSpatialMapping(reader, root.dataflows, ['dataflows']);
  if (dataflows && array) {
    for (const dim of Object.keys(dataflows)) {
      if (!array.dimensions.some((d) => d.name === dim)) reader.report(['dataflows', dim], `one of the operational array dimensions (${array.dimensions.map((d) => d.name).join(', ')})`, dim);
    }
  }
  if (array?.imc && !memories.some((m) => m.instance.name === 'cells')) {
    reader.report(['memories'], 'a memory called `cells` (required by an IMC array)');
  }
  const technology = readTechnology(reader, root, []);
  if (!reader.ok || name === undefined || !array || technology === null) return undefined;
  // Files without `type` (ZigZag 3.8.0, Stream ed4e12ef) mark the off-chip DRAM core by a 0-unit array.
  if (root.type === undefined && array.dimensions.reduce((p, d) => p * d.size, 1) === 0) type = 'memory';
  return buildCore({
    id: options.id ?? 0,
    name,
    type,
    operationalArray: array,
    memories,
    ...(dataflows ? { dataflows } : {}),
    ...(options.sharedMemoryGroupId !== undefined ? { sharedMemoryGroupId: options.sharedMemoryGroupId } : {}),
    format,
    ...(technology !== undefined ? { technology } : {}),
    ...(preZigzag38 ? { importNotices: [`${reader.file}: core file from before ZigZag 3.8 (\`multipliers:\`), read as \`operational_array:\`; it is saved in the current format`] } : {}),
  });
}

function readOperands(reader: FieldReader, mem: PlainMap, path: FieldPath): MemoryOperand[] | undefined {
  const list = reader.list(reader.required(mem, 'operands', path, 'a list of memory operands (I1, I2, O)'), [...path, 'operands']);
  if (!list) return undefined;
  const operands: MemoryOperand[] = [];
  list.forEach((op, i) => {
    if (typeof op === 'string' && (MEMORY_OPERANDS as readonly string[]).includes(op)) {
      if (operands.includes(op as MemoryOperand)) reader.report([...path, 'operands', i], 'each memory operand at most once', op);
      else operands.push(op as MemoryOperand);
    } else reader.report([...path, 'operands', i], 'a memory operand: I1, I2 or O', op);
  });
  if (list.length === 0) reader.report([...path, 'operands'], 'at least one memory operand (I1, I2, O)', list);
  return operands;
}

function readServedDimensions(reader: FieldReader, mem: PlainMap, path: FieldPath): string[] | undefined {
  const list = reader.list(reader.required(mem, 'served_dimensions', path, 'a list of array dimensions (may be empty)'), [...path, 'served_dimensions']);
  if (!list) return undefined;
  const dims: string[] = [];
  list.forEach((d, i) => {
    if (typeof d === 'string' && ARRAY_DIM_PATTERN.test(d)) dims.push(d);
    else reader.report([...path, 'served_dimensions', i], 'an array dimension name D1, D2, ...', d);
  });
  return dims;
}

/** The memory fields both core file formats spell the same way. */
type CommonMemoryFields = Pick<MemoryInstance, 'sizeBits' | 'readCost' | 'writeCost' | 'area' | 'latency' | 'memType' | 'autoCostExtraction' | 'technology'>;

/** Optional `technology` (CACTI node in nm, e.g. 22). */
export function readTechnology(reader: FieldReader, data: PlainMap, path: FieldPath): number | undefined | null {
  if (data.technology === undefined || data.technology === null) return undefined;
  const v = reader.number(data.technology, [...path, 'technology'], { positive: true });
  if (v === undefined) return null;
  if (v < 1) {
    reader.report([...path, 'technology'], 'a technology node in nm (e.g. 22), not in µm', v);
    return null;
  }
  return v;
}

function readCommonMemory(reader: FieldReader, mem: PlainMap, path: FieldPath): CommonMemoryFields | undefined {
  const sizeBits = reader.int(reader.required(mem, 'size', path, 'the memory size in bits (a positive integer)'), [...path, 'size'], 1, 'an integer number of bits');
  const autoCostExtraction = mem.auto_cost_extraction === undefined ? false : reader.bool(mem.auto_cost_extraction, [...path, 'auto_cost_extraction']);
  const cost = (key: string): number | undefined => {
    const v = mem[key];
    if (v === undefined || v === null) {
      if (autoCostExtraction) return 0;
      reader.report([...path, key], `a non-negative number (required unless auto_cost_extraction is true)`, 'nothing', true);
      return undefined;
    }
    return reader.number(v, [...path, key]);
  };
  const readCost = cost('r_cost');
  const writeCost = cost('w_cost');
  const area = cost('area');
  const latency = reader.int(reader.required(mem, 'latency', path, 'the access latency in cycles (an integer)'), [...path, 'latency']);
  const memType = mem.mem_type === undefined ? 'sram' : reader.string(mem.mem_type, [...path, 'mem_type']);
  if (autoCostExtraction && sizeBits !== undefined && sizeBits % 8 !== 0) {
    reader.report([...path, 'size'], 'a multiple of 8 bits when auto_cost_extraction is true', sizeBits);
  }
  if (
    sizeBits === undefined || readCost === undefined || writeCost === undefined || area === undefined ||
    latency === undefined || memType === undefined || autoCostExtraction === undefined
  ) {
    return undefined;
  }
  const technology = readTechnology(reader, mem, path);
  if (technology === null) return undefined;
  return { sizeBits, readCost, writeCost, area, latency, memType, autoCostExtraction, ...(technology !== undefined ? { technology } : {}) };
}

function readLegacyMemory(reader: FieldReader, name: string, mem: PlainMap, path: FieldPath): MemoryLevelSpec | undefined {
  reader.knownKeys(mem, path, LEGACY_MEMORY_KEYS);
  const common = readCommonMemory(reader, mem, path);
  const intField = (key: string, expected: string, min = 0) =>
    reader.int(reader.required(mem, key, path, expected), [...path, key], min);
  const readBw = intField('r_bw', 'the read bandwidth in bits/cycle (r_bw)');
  const writeBw = intField('w_bw', 'the write bandwidth in bits/cycle (w_bw)');
  const rPorts = intField('r_port', 'the number of read ports (r_port)');
  const wPorts = intField('w_port', 'the number of write ports (w_port)');
  const rwPorts = intField('rw_port', 'the number of read/write ports (rw_port)');
  const granularity = (key: string) => (mem[key] === undefined || mem[key] === null ? null : reader.int(mem[key], [...path, key], 1));
  const minRead = granularity('min_r_granularity');
  const minWrite = granularity('min_w_granularity');
  const operands = readOperands(reader, mem, path);
  const servedDimensions = readServedDimensions(reader, mem, path);
  const portsData = reader.list(reader.required(mem, 'ports', path, 'one port allocation per operand, e.g. [{fh: w_port_1, tl: r_port_1}]'), [...path, 'ports']);
  if (
    !common || readBw === undefined || writeBw === undefined || rPorts === undefined || wPorts === undefined ||
    rwPorts === undefined || minRead === undefined || minWrite === undefined || !operands || !servedDimensions || !portsData
  ) {
    return undefined;
  }
  const ports: { name: string; type: PortType; bandwidthMin: number; bandwidthMax: number; allocation: PortFunction[] }[] = [];
  for (let i = 1; i <= rPorts; i++) ports.push({ name: `r_port_${i}`, type: 'read', bandwidthMax: readBw, bandwidthMin: minRead ?? readBw, allocation: [] });
  for (let i = 1; i <= wPorts; i++) ports.push({ name: `w_port_${i}`, type: 'write', bandwidthMax: writeBw, bandwidthMin: minWrite ?? writeBw, allocation: [] });
  for (let i = 1; i <= rwPorts; i++) ports.push({ name: `rw_port_${i}`, type: 'read_write', bandwidthMax: readBw, bandwidthMin: minRead ?? readBw, allocation: [] });

  if (portsData.length !== operands.length) {
    reader.report([...path, 'ports'], `one port allocation per operand (${operands.length}: ${operands.join(', ')})`, `${portsData.length}`, true);
  }
  const used = { read: new Set<string>(), write: new Set<string>(), read_write: new Set<string>() };
  portsData.forEach((entry, i) => {
    const ePath = [...path, 'ports', i];
    const alloc = reader.map(entry, ePath, 'a mapping of directions (fh, tl, fl, th) to port names');
    const operand = operands[i];
    if (!alloc || !operand) return;
    for (const [dir, portName] of Object.entries(alloc)) {
      if (!(DATA_DIRECTIONS as readonly string[]).includes(dir)) {
        reader.report([...ePath, dir], 'a data direction: fh, tl, fl or th', `key ${JSON.stringify(dir)}`, true);
        continue;
      }
      if (typeof portName !== 'string' || !PORT_NAME_PATTERN.test(portName)) {
        reader.report([...ePath, dir], 'a port name such as r_port_1, w_port_1 or rw_port_1', portName);
        continue;
      }
      const port = ports.find((p) => p.name === portName);
      if (!port) {
        reader.report([...ePath, dir], `a declared port (${ports.map((p) => p.name).join(', ') || 'none: r_port, w_port and rw_port are 0'})`, portName);
        continue;
      }
      if (!checkDirection(reader, port.type, dir as DataDirection, [...ePath, dir])) continue;
      used[port.type].add(port.name);
      port.allocation.push({ operand, direction: dir as DataDirection });
    }
  });
  const counts: [PortType, string, number][] = [['read', 'r_port', rPorts], ['write', 'w_port', wPorts], ['read_write', 'rw_port', rwPorts]];
  for (const [type, key, declared] of counts) {
    if (used[type].size !== declared) {
      reader.report([...path, key], `the number of ${type.replace('_', '/')} ports used in \`ports\` (${used[type].size})`, declared);
    }
  }
  // The order of directions inside a YAML mapping carries no meaning: keep allocations in a canonical order.
  for (const port of ports) {
    port.allocation.sort(
      (a, b) => operands.indexOf(a.operand) - operands.indexOf(b.operand) || DATA_DIRECTIONS.indexOf(a.direction) - DATA_DIRECTIONS.indexOf(b.direction),
    );
  }
  const instance: MemoryInstance = {
    name,
    ...common,
    doubleBufferingSupport: false,
    forceDoubleBuffering: false,
    ports,
    legacy: { readBandwidth: readBw, writeBandwidth: writeBw, minReadGranularity: minRead, minWriteGranularity: minWrite },
  };
  return { instance, operands, servedDimensions };
}

function checkDirection(reader: FieldReader, type: PortType, dir: DataDirection, path: FieldPath): boolean {
  if (type === 'read' && (dir === 'fh' || dir === 'fl')) {
    reader.report(path, 'a write or read_write port for a write direction (fh, fl)', `read port for ${dir}`, true);
    return false;
  }
  if (type === 'write' && (dir === 'tl' || dir === 'th')) {
    reader.report(path, 'a read or read_write port for a read direction (tl, th)', `write port for ${dir}`, true);
    return false;
  }
  return true;
}

function readPortsMemory(reader: FieldReader, name: string, mem: PlainMap, path: FieldPath): MemoryLevelSpec | undefined {
  reader.knownKeys(mem, path, PORTS_MEMORY_KEYS);
  const common = readCommonMemory(reader, mem, path);
  const operands = readOperands(reader, mem, path);
  const servedDimensions = readServedDimensions(reader, mem, path);
  const forceDoubleBuffering = mem.force_double_buffering === undefined ? false : reader.bool(mem.force_double_buffering, [...path, 'force_double_buffering']);
  const portsData = reader.list(reader.required(mem, 'ports', path, 'a list of ports {name, type, bandwidth_min, bandwidth_max, allocation}'), [...path, 'ports']);
  const ports: MemoryPort[] = [];
  portsData?.forEach((entry, i) => {
    const pPath = [...path, 'ports', i];
    const p = reader.map(entry, pPath, 'a port {name, type, bandwidth_min, bandwidth_max, allocation}');
    if (!p) return;
    reader.knownKeys(p, pPath, PORT_KEYS);
    const portName = reader.string(reader.required(p, 'name', pPath, 'a port name such as r_port_1'), [...pPath, 'name']);
    if (portName !== undefined && !PORT_NAME_PATTERN.test(portName)) reader.report([...pPath, 'name'], 'a port name such as r_port_1, w_port_1 or rw_port_1', portName);
    if (portName !== undefined && ports.some((q) => q.name === portName)) reader.report([...pPath, 'name'], 'a port name unique within the memory', portName);
    const typeValue = reader.required(p, 'type', pPath, 'read, write or read_write');
    const type = typeValue === 'read' || typeValue === 'write' || typeValue === 'read_write' ? typeValue : undefined;
    if (typeValue !== undefined && type === undefined) reader.report([...pPath, 'type'], 'read, write or read_write', typeValue);
    const bwMin = reader.int(reader.required(p, 'bandwidth_min', pPath, 'the minimum bandwidth in bits/cycle'), [...pPath, 'bandwidth_min'], 1);
    const bwMax = reader.int(reader.required(p, 'bandwidth_max', pPath, 'the maximum bandwidth in bits/cycle'), [...pPath, 'bandwidth_max'], 1);
    if (bwMin !== undefined && bwMax !== undefined && bwMin > bwMax) reader.report([...pPath, 'bandwidth_min'], `at most bandwidth_max (${bwMax})`, bwMin);
    const allocData = reader.list(reader.required(p, 'allocation', pPath, 'a list such as ["I1, tl", "O, fh"]'), [...pPath, 'allocation']);
    const allocation: PortFunction[] = [];
    allocData?.forEach((a, j) => {
      const m = typeof a === 'string' ? ALLOCATION_PATTERN.exec(a) : null;
      if (!m) {
        reader.report([...pPath, 'allocation', j], 'an allocation "<I1|I2|O>, <fh|tl|fl|th>"', a);
        return;
      }
      const operand = m[1] as MemoryOperand;
      const direction = m[2] as DataDirection;
      if (operands && !operands.includes(operand)) {
        reader.report([...pPath, 'allocation', j], `an operand held by this memory (${operands.join(', ')})`, a);
        return;
      }
      if (type && !checkDirection(reader, type, direction, [...pPath, 'allocation', j])) return;
      allocation.push({ operand, direction });
    });
    if (portName !== undefined && type && bwMin !== undefined && bwMax !== undefined) {
      ports.push({ name: portName, type, bandwidthMin: bwMin, bandwidthMax: bwMax, allocation });
    }
  });
  if (!common || !operands || !servedDimensions || !portsData || forceDoubleBuffering === undefined) return undefined;
  const instance: MemoryInstance = { name, ...common, doubleBufferingSupport: false, forceDoubleBuffering, ports };
  return { instance, operands, servedDimensions };
}

function readOperationalArray(reader: FieldReader, data: unknown, key = 'operational_array'): OperationalArray | undefined {
  const path = [key];
  const oa = data === undefined ? undefined : reader.map(data, path, 'the operational array {dimensions, sizes, unit_energy, unit_area}');
  if (!oa) return undefined;
  reader.knownKeys(oa, path, ARRAY_KEYS);
  const dimsData = reader.list(reader.required(oa, 'dimensions', path, 'a list of array dimension names (D1, D2, ...)'), [...path, 'dimensions']);
  const sizesData = reader.list(reader.required(oa, 'sizes', path, 'a list of dimension sizes (non-negative integers)'), [...path, 'sizes']);
  const isImc = oa.is_imc === undefined ? false : reader.bool(oa.is_imc, [...path, 'is_imc']);
  const dimensions: ArrayDimension[] = [];
  if (dimsData && sizesData) {
    if (dimsData.length !== sizesData.length) {
      reader.report([...path, 'sizes'], `one size per dimension (${dimsData.length})`, `${sizesData.length} sizes`, true);
    }
    dimsData.forEach((d, i) => {
      const dimName = typeof d === 'string' && ARRAY_DIM_PATTERN.test(d) ? d : undefined;
      if (dimName === undefined) reader.report([...path, 'dimensions', i], 'an array dimension name D1, D2, ...', d);
      else if (dimensions.some((x) => x.name === dimName)) reader.report([...path, 'dimensions', i], 'each dimension once', d);
      const size = i < sizesData.length ? reader.int(sizesData[i], [...path, 'sizes', i], 0, 'an integer size') : undefined;
      if (dimName !== undefined && size !== undefined) dimensions.push({ name: dimName, size });
    });
  }
  const optionalNumber = (key: string, fallback: number | undefined) =>
    oa[key] === undefined || oa[key] === null ? fallback : reader.number(oa[key], [...path, key]);
  let imc: ImcOptions | undefined;
  if (isImc) {
    const imcType = oa.imc_type;
    if (imcType !== 'analog' && imcType !== 'digital') reader.report([...path, 'imc_type'], 'analog or digital (required when is_imc is true)', imcType);
    const precision = reader.list(reader.required(oa, 'input_precision', path, '[activation precision, weight precision] in bits'), [...path, 'input_precision']);
    let inputPrecision: [number, number] | undefined;
    if (precision) {
      if (precision.length !== 2) reader.report([...path, 'input_precision'], '[activation precision, weight precision]', precision);
      else {
        const a = reader.int(precision[0], [...path, 'input_precision', 0], 1);
        const w = reader.int(precision[1], [...path, 'input_precision', 1], 1);
        if (a !== undefined && w !== undefined) inputPrecision = [a, w];
      }
    }
    const adcResolution = optionalNumber('adc_resolution', 0);
    const bitSerialPrecision = reader.number(reader.required(oa, 'bit_serial_precision', path, 'the bit-serial input precision (required when is_imc is true)'), [...path, 'bit_serial_precision'], { positive: true });
    if ((imcType === 'analog' || imcType === 'digital') && inputPrecision && adcResolution !== undefined && bitSerialPrecision !== undefined) {
      imc = { imcType, inputPrecision, adcResolution, bitSerialPrecision };
    }
  } else {
    for (const key of ['imc_type', 'bit_serial_precision']) {
      if (oa[key] !== undefined && oa[key] !== null) reader.report([...path, key], `no ${key} on a non-IMC array (set is_imc: true)`, oa[key]);
    }
  }
  const unitEnergy = isImc ? optionalNumber('unit_energy', 0) : reader.number(reader.required(oa, 'unit_energy', path, 'the energy per MAC in pJ'), [...path, 'unit_energy']);
  const unitArea = isImc ? optionalNumber('unit_area', 0) : reader.number(reader.required(oa, 'unit_area', path, 'the area per operational unit'), [...path, 'unit_area']);
  if (!dimsData || !sizesData || unitEnergy === undefined || unitArea === undefined || isImc === undefined || (isImc && !imc)) return undefined;
  return { dimensions, unitEnergy, unitArea, ...(imc ? { imc } : {}) };
}
