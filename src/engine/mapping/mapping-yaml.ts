/**
 * Mapping YAML importer for Stream's format (core allocation, inter/intra-core tiling with `*` and `all`)
 * and ZigZag's (spatial mapping incl. mixed unrollings, hints, temporal ordering, memory operand links).
 * Both are a list of entries keyed by `name`; defaults follow ZigZag 3.8.0 / Stream ed4e12ef.
 */
import { fail, ok, type Result } from '../errors';
import { FieldReader, parseYaml, type FieldPath, type PlainMap } from '../hardware/fields';
import { ARRAY_DIM_PATTERN, parseSpatialMapping } from '../hardware/spatial';
import { MEMORY_OPERANDS, type MemoryOperand } from '../hardware/types';
import {
  DEFAULT_ENTRY_NAME,
  DEFAULT_MEMORY_OPERAND_LINKS,
  type Mapping,
  type MappedLayerOperand,
  type MappingEntry,
  type MappingFormat,
  type SpatialMappingHint,
  type TemporalLoop,
  type TilingEntry,
  type TilingFactor,
} from './types';

const STREAM_KEYS = ['core_allocation', 'core_allocation_is_fixed', 'inter_core_tiling', 'intra_core_tiling', 'layer_dimension_names'];
const ZIGZAG_KEYS = ['spatial_mapping', 'spatial_mapping_hint', 'memory_operand_links', 'temporal_ordering'];
const ENTRY_KEYS = ['name', ...STREAM_KEYS, ...ZIGZAG_KEYS];
const LOOP_DIM_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
const TILING_PATTERN = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*,\s*(\d+|all|\*)\s*$/;
const LAYER_OPERANDS: readonly MappedLayerOperand[] = ['O', 'W', 'I'];

export function parseMappingYaml(text: string, file: string): Result<Mapping> {
  const parsed = parseYaml(text, file);
  if (!parsed.ok) return parsed;
  const reader = new FieldReader(file, parsed.value);
  const mapping = readMapping(reader, parsed.value.value);
  return mapping && reader.ok ? ok(mapping) : fail(reader.issues);
}

export function readMapping(reader: FieldReader, data: unknown): Mapping | undefined {
  const list = reader.list(data, [], 'a list of mapping entries, each with a name (one named "default")');
  if (!list) return undefined;
  const entries: MappingEntry[] = [];
  const format: MappingFormat = list.some((e) => typeof e === 'object' && e !== null && STREAM_KEYS.some((k) => k in e)) ? 'stream' : 'zigzag';
  list.forEach((item, i) => {
    const entry = readEntry(reader, item, [i]);
    if (!entry) return;
    if (entries.some((e) => e.name === entry.name)) reader.report([i, 'name'], 'a name used by one entry only', entry.name);
    entries.push(entry);
  });
  if (list.length === 0) reader.report([], 'at least one mapping entry (a "default" entry is required)', list);
  else if (reader.ok && !entries.some((e) => e.name === DEFAULT_ENTRY_NAME)) {
    reader.report([], 'an entry named "default" (used for layers no other entry names)', `names ${entries.map((e) => e.name).join(', ')}`, true);
  }
  return reader.ok ? { format, entries } : undefined;
}

function readEntry(reader: FieldReader, item: unknown, path: FieldPath): MappingEntry | undefined {
  const e = reader.map(item, path, 'a mapping entry {name, ...}');
  if (!e) return undefined;
  reader.knownKeys(e, path, ENTRY_KEYS);
  const name = reader.string(reader.required(e, 'name', path, 'the layer name, operator type or "default" this entry applies to'), [...path, 'name']);
  const entry: {
    -readonly [K in keyof MappingEntry]: MappingEntry[K];
  } = { name: name ?? '', memoryOperandLinks: DEFAULT_MEMORY_OPERAND_LINKS };
  if (e.core_allocation !== undefined) {
    const ids = readCoreAllocation(reader, e.core_allocation, [...path, 'core_allocation']);
    if (ids) entry.coreAllocation = ids;
  }
  if (e.core_allocation_is_fixed !== undefined) {
    const fixed = reader.bool(e.core_allocation_is_fixed, [...path, 'core_allocation_is_fixed']);
    if (fixed !== undefined) entry.coreAllocationIsFixed = fixed;
  }
  for (const [key, prop] of [['inter_core_tiling', 'interCoreTiling'], ['intra_core_tiling', 'intraCoreTiling']] as const) {
    if (e[key] === undefined || e[key] === null) continue;
    const tiling = readTiling(reader, e[key], [...path, key]);
    if (tiling) entry[prop] = tiling;
  }
  if (e.layer_dimension_names !== undefined) {
    const names = reader.list(e.layer_dimension_names, [...path, 'layer_dimension_names'], 'a list of loop dimension names');
    const dims: string[] = [];
    names?.forEach((d, j) => {
      if (typeof d === 'string' && LOOP_DIM_PATTERN.test(d)) dims.push(d);
      else reader.report([...path, 'layer_dimension_names', j], 'a loop dimension name such as K', d);
    });
    if (names) entry.layerDimensionNames = dims;
  }
  if (e.spatial_mapping !== undefined && e.spatial_mapping !== null) {
    const sm = parseSpatialMapping(reader, e.spatial_mapping, [...path, 'spatial_mapping']);
    if (sm) entry.spatialMapping = sm;
  }
  if (e.spatial_mapping_hint !== undefined && e.spatial_mapping_hint !== null) {
    const hint = readHint(reader, e.spatial_mapping_hint, [...path, 'spatial_mapping_hint']);
    if (hint) entry.spatialMappingHint = hint;
  }
  if (e.memory_operand_links !== undefined && e.memory_operand_links !== null) {
    const links = readOperandLinks(reader, e.memory_operand_links, [...path, 'memory_operand_links']);
    if (links) entry.memoryOperandLinks = links;
  }
  if (e.temporal_ordering !== undefined && e.temporal_ordering !== null) {
    const order = readTemporalOrdering(reader, e.temporal_ordering, [...path, 'temporal_ordering']);
    if (order) entry.temporalOrdering = order;
  }
  return name === undefined ? undefined : entry;
}

function readCoreAllocation(reader: FieldReader, value: unknown, path: FieldPath): number[] | undefined {
  const list = reader.list(value, path, 'a list of core ids such as [0, 1]');
  if (!list) return undefined;
  const ids: number[] = [];
  list.forEach((id, i) => {
    const v = reader.int(id, [...path, i], 0, 'an integer core id');
    if (v !== undefined) ids.push(v);
  });
  if (list.length === 0) reader.report(path, 'at least one core id', list);
  return ids;
}

function readTiling(reader: FieldReader, value: unknown, path: FieldPath): TilingEntry[] | undefined {
  const list = reader.list(value, path, 'a list of tilings such as ["K, 4"] (factor: a number, all or *)');
  if (!list) return undefined;
  const result: TilingEntry[] = [];
  list.forEach((item, i) => {
    let dim: string | undefined;
    let raw: string | undefined;
    if (Array.isArray(item) && item.length === 2 && typeof item[0] === 'string') {
      dim = item[0];
      raw = String(item[1]);
    } else if (typeof item === 'string') {
      const m = TILING_PATTERN.exec(item);
      if (m) [dim, raw] = [m[1], m[2]];
    }
    if (dim === undefined || raw === undefined || !LOOP_DIM_PATTERN.test(dim) || !/^(\d+|all|\*)$/.test(raw)) {
      reader.report([...path, i], 'a tiling "<loop dim>, <factor>" where factor is a positive integer, all or *', item);
      return;
    }
    const factor: TilingFactor = raw === 'all' || raw === '*' ? raw : Number(raw);
    if (factor === 0) {
      reader.report([...path, i], 'a tiling factor ≥ 1 (or all, *)', item);
      return;
    }
    result.push({ dim, factor });
  });
  return result;
}

function readHint(reader: FieldReader, value: unknown, path: FieldPath): SpatialMappingHint | undefined {
  const obj = reader.map(value, path, 'a mapping of array dimensions (D1, ...) to lists of loop dimensions');
  if (!obj) return undefined;
  const result: Record<string, string[]> = {};
  for (const [dim, list] of Object.entries(obj)) {
    if (!ARRAY_DIM_PATTERN.test(dim)) {
      reader.report([...path, dim], 'an array dimension name D1, D2, ...', `key ${JSON.stringify(dim)}`, true);
      continue;
    }
    const items = reader.list(list, [...path, dim], 'a list of loop dimensions such as [K, C]');
    if (!items) continue;
    result[dim] = [];
    items.forEach((d, i) => {
      if (typeof d === 'string' && LOOP_DIM_PATTERN.test(d)) result[dim]!.push(d);
      else reader.report([...path, dim, i], 'a loop dimension name such as K', d);
    });
  }
  return result;
}

function readOperandLinks(reader: FieldReader, value: unknown, path: FieldPath): Record<MappedLayerOperand, MemoryOperand> | undefined {
  const obj: PlainMap | undefined = reader.map(value, path, 'a mapping {O: O, W: I2, I: I1}');
  if (!obj) return undefined;
  reader.knownKeys(obj, path, LAYER_OPERANDS);
  const links: Partial<Record<MappedLayerOperand, MemoryOperand>> = {};
  for (const op of LAYER_OPERANDS) {
    const v = reader.required(obj, op, path, `the memory operand (I1, I2 or O) for layer operand ${op}`);
    if (v === undefined) continue;
    if (typeof v === 'string' && (MEMORY_OPERANDS as readonly string[]).includes(v)) links[op] = v as MemoryOperand;
    else reader.report([...path, op], 'a memory operand: I1, I2 or O', v);
  }
  return LAYER_OPERANDS.every((op) => links[op] !== undefined) ? (links as Record<MappedLayerOperand, MemoryOperand>) : undefined;
}

function readTemporalOrdering(reader: FieldReader, value: unknown, path: FieldPath): TemporalLoop[] | undefined {
  const list = reader.list(value, path, 'a list of [loop dim, size] pairs, innermost first');
  if (!list) return undefined;
  const loops: TemporalLoop[] = [];
  list.forEach((item, i) => {
    const ok2 =
      Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' && (item[0] === '*' || LOOP_DIM_PATTERN.test(item[0])) &&
      (item[1] === '*' || (Number.isInteger(item[1]) && (item[1] as number) >= 1));
    if (!ok2) {
      reader.report([...path, i], 'a pair [loop dim, size] with size a positive integer or *', item);
      return;
    }
    loops.push({ dim: item[0] as string, size: item[1] as number | '*' });
  });
  return loops;
}
