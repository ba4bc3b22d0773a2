/**
 * Stream accelerator YAML importer (three generations, see `AcceleratorFormat`). Pure: core files are read
 * through the `CoreSource` callback, so the same code runs in the app, the CLI and tests.
 */
import { fail, ok, type InputIssue, type Result } from '../errors';
import { readCore, readTechnology } from './core-yaml';
import { FieldReader, isPlainMap, parseYaml, type FieldPath, type PlainMap } from './fields';
import { withCoreId } from './model';
import { buildTopology } from './topology';
import { validateAcceleratorTopology } from './validate';
import type { Accelerator, AcceleratorFormat, Core, TopologySource } from './types';

/** Text of a core file referenced from an accelerator file, and the name to report it under. */
export interface CoreFileText {
  readonly text: string;
  readonly file: string;
}

/** Finds and reads the core file `ref` (as written in the accelerator file); fails with a precise issue. */
export type CoreSource = (ref: string, field: string) => Result<CoreFileText>;

const KEYS: Record<AcceleratorFormat, readonly string[]> = {
  'stream-graph': ['name', 'cores', 'graph', 'technology'],
  'stream-pairs': ['name', 'cores', 'offchip_core', 'bandwidth', 'unit_energy_cost', 'core_connectivity', 'core_memory_sharing', 'technology'],
  'stream-typed': ['name', 'cores', 'offchip_core_id', 'unit_energy_cost', 'core_connectivity', 'core_memory_sharing', 'technology'],
};
const GRAPH_KEYS = ['type', 'nb_rows', 'nb_cols', 'bandwidth', 'unit_energy_cost', 'pooling_core_id', 'simd_core_id', 'offchip_core_id'];
const CONNECTION_KEYS = ['type', 'cores', 'bandwidth', 'unit_energy_cost'];
const ID_GROUP_PATTERN = /^\s*\d+(\s*,\s*\d+)+\s*$/;

/** Whether a parsed document looks like an accelerator file (has `cores`). */
export function looksLikeAccelerator(data: unknown): boolean {
  return typeof data === 'object' && data !== null && 'cores' in data && !('memories' in data);
}

export function detectAcceleratorFormat(root: PlainMap): AcceleratorFormat {
  if ('graph' in root) return 'stream-graph';
  const conn = root.core_connectivity;
  if ('offchip_core_id' in root || (Array.isArray(conn) && conn.some((c) => typeof c === 'object' && c !== null))) return 'stream-typed';
  return 'stream-pairs';
}

export function parseAcceleratorYaml(text: string, file: string, readCoreFile: CoreSource): Result<Accelerator> {
  const parsed = parseYaml(text, file);
  if (!parsed.ok) return parsed;
  const reader = new FieldReader(file, parsed.value);
  const root = reader.map(parsed.value.value, [], 'an accelerator description (a mapping with name, cores, core_connectivity)');
  if (!root) return fail(reader.issues);
  const format = detectAcceleratorFormat(root);
  reader.knownKeys(root, [], KEYS[format]);
  const name = reader.string(reader.required(root, 'name', [], 'the accelerator name (a string)'), ['name']);
  const coreRefs = readCoreRefs(reader, root, format);
  if (!coreRefs) return fail(reader.issues);

  let offchipCoreId: number | null = null;
  let topology: TopologySource | undefined;
  const refs: (string | null)[] = [...coreRefs];
  if (format === 'stream-graph') {
    const g = readGraph(reader, root, coreRefs.length);
    if (g) ({ topology, offchipCoreId } = g);
  } else if (format === 'stream-pairs') {
    if (root.offchip_core !== undefined) {
      const ref = reader.string(root.offchip_core, ['offchip_core'], 'the off-chip core file name');
      if (ref !== undefined) {
        offchipCoreId = coreRefs.length;
        refs.push(ref);
      }
    }
    const bandwidth = reader.number(reader.required(root, 'bandwidth', [], 'the link bandwidth in bits/cycle'), ['bandwidth'], { positive: true });
    const unitEnergyCost = root.unit_energy_cost === undefined ? 0 : reader.number(root.unit_energy_cost, ['unit_energy_cost']);
    const groups = readIdGroups(reader, reader.required(root, 'core_connectivity', [], 'a list of connected core ids such as "0, 1"'), ['core_connectivity']);
    if (bandwidth !== undefined && unitEnergyCost !== undefined && groups) {
      topology = { format, connectivity: groups, bandwidth, unitEnergyCost };
    }
  } else {
    const id = reader.int(reader.required(root, 'offchip_core_id', [], 'the id of the off-chip core'), ['offchip_core_id']);
    if (id !== undefined) {
      if (id >= coreRefs.length) reader.report(['offchip_core_id'], `the id of a core in \`cores\` (0..${coreRefs.length - 1})`, id);
      else offchipCoreId = id;
    }
    const unitEnergyCost = root.unit_energy_cost === undefined ? 0 : reader.number(root.unit_energy_cost, ['unit_energy_cost']);
    const connections = readTypedConnections(reader, root);
    if (unitEnergyCost !== undefined && connections) topology = { format, connectivity: connections, unitEnergyCost };
  }

  const sharing =
    format === 'stream-graph' || root.core_memory_sharing === undefined || root.core_memory_sharing === null
      ? []
      : readIdGroups(reader, root.core_memory_sharing, ['core_memory_sharing']);

  // Cores: parse every referenced file (problems inside a core file are reported against that file).
  const issues: InputIssue[] = [];
  const cores: Core[] = [];
  // A core file used for several ids is parsed once.
  const parsedFiles = new Map<string, Core | undefined>();
  refs.forEach((ref, id) => {
    if (ref === null) return;
    const field = id === offchipCoreId && format === 'stream-pairs' ? 'offchip_core' : `cores.${id}`;
    const source = readCoreFile(ref, field);
    if (!source.ok) {
      issues.push(...source.issues);
      return;
    }
    if (!parsedFiles.has(source.value.file)) {
      const coreParsed = parseYaml(source.value.text, source.value.file);
      if (!coreParsed.ok) {
        issues.push(...coreParsed.issues);
        parsedFiles.set(source.value.file, undefined);
        return;
      }
      const coreReader = new FieldReader(source.value.file, coreParsed.value);
      const parsedCore = readCore(coreReader, coreParsed.value.value, {});
      issues.push(...coreReader.issues);
      parsedFiles.set(source.value.file, parsedCore);
    }
    const core = parsedFiles.get(source.value.file);
    const group = sharing?.find((g) => g.includes(id));
    // A structured clone keeps the core's internal sharing (hierarchy → memories) but gives each core its
    // own objects: object identity must never suggest shared memory (that is `sharedMemoryGroupId`).
    if (core) cores.push(withCoreId(structuredClone(core), id, group ? group[0]! : id));
  });
  const technology = readTechnology(reader, root, []);
  if (!reader.ok || issues.length > 0 || name === undefined || !topology || !sharing || technology === null) return fail([...reader.issues, ...issues]);

  const { links, edges } = buildTopology(topology, cores, offchipCoreId);
  const accelerator: Accelerator = {
    name,
    cores,
    offchipCoreId,
    links,
    edges,
    coreMemorySharing: sharing,
    coreFiles: refs,
    topology,
    ...(technology !== undefined ? { technology } : {}),
  };
  const topologyIssues = validateAcceleratorTopology(accelerator, file);
  return topologyIssues.length > 0 ? fail(topologyIssues) : ok(accelerator);
}

/**
 * The core files an accelerator file references, as written, each once in the order the import reads them: `cores`
 * (a map id → file, by id, or the graph format's list), then the pairs format's `offchip_core`. Any YAML spelling
 * (block or flow, quoted or not, comments). Undefined when the text is not an accelerator file (YAML with `cores`
 * and no `memories`). Lenient: an entry that is not a file name is left out (`parseAcceleratorYaml` reports it), so
 * that picked files can be matched to the references before the import says what is wrong.
 */
export function acceleratorFileReferences(text: string): string[] | undefined {
  const parsed = parseYaml(text, '<accelerator>');
  const root = parsed.ok ? parsed.value.value : undefined;
  if (!looksLikeAccelerator(root) || !isPlainMap(root)) return undefined;
  const cores = root.cores;
  const entries = Array.isArray(cores)
    ? cores
    : isPlainMap(cores)
      ? Object.entries(cores)
          .sort(([a], [b]) => Number(a) - Number(b) || a.localeCompare(b))
          .map(([, ref]) => ref)
      : [];
  if (detectAcceleratorFormat(root) === 'stream-pairs') entries.push(root.offchip_core);
  return [...new Set(entries.filter((ref): ref is string => typeof ref === 'string' && ref.trim() !== ''))];
}

/** `cores`: a map id → file (ids 0..N-1) or, in the graph format, a list of files. */
function readCoreRefs(reader: FieldReader, root: PlainMap, format: AcceleratorFormat): string[] | undefined {
  const data = reader.required(root, 'cores', [], format === 'stream-graph' ? 'a list of core file names' : 'a mapping of core ids (0, 1, ...) to core file names');
  if (data === undefined) return undefined;
  const refs: string[] = [];
  if (Array.isArray(data)) {
    if (format !== 'stream-graph') {
      reader.report(['cores'], 'a mapping of core ids (0, 1, ...) to core file names', data);
      return undefined;
    }
    data.forEach((ref, i) => {
      const s = reader.string(ref, ['cores', i], 'a core file name');
      if (s !== undefined) refs.push(s);
    });
    return reader.ok ? refs : undefined;
  }
  const map = reader.map(data, ['cores'], 'a mapping of core ids (0, 1, ...) to core file names');
  if (!map) return undefined;
  const keys = Object.keys(map);
  if (keys.length === 0) {
    reader.report(['cores'], 'at least one core');
    return undefined;
  }
  const byId = new Map<number, string>();
  for (const key of keys) {
    if (!/^\d+$/.test(key)) {
      reader.report(['cores', key], 'a core id (a non-negative integer) as key', `key ${JSON.stringify(key)}`, true);
      continue;
    }
    const ref = reader.string(map[key], ['cores', key], 'a core file name');
    if (ref !== undefined) byId.set(Number(key), ref);
  }
  for (let id = 0; id < keys.length; id++) {
    if (!byId.has(id) && reader.ok) reader.report(['cores'], `core ids 0..${keys.length - 1} without gaps`, `no core ${id}`, true);
  }
  if (!reader.ok) return undefined;
  for (let id = 0; id < keys.length; id++) refs.push(byId.get(id)!);
  return refs;
}

function readIdGroups(reader: FieldReader, value: unknown, path: FieldPath): number[][] | undefined {
  const list = reader.list(value, path, 'a list of core id groups such as "0, 1"');
  if (!list) return undefined;
  const groups: number[][] = [];
  list.forEach((item, i) => {
    if (typeof item === 'string' && ID_GROUP_PATTERN.test(item)) groups.push(item.split(',').map((s) => Number(s.trim())));
    else reader.report([...path, i], 'a group of at least two core ids such as "0, 1"', item);
  });
  return groups;
}

function readTypedConnections(reader: FieldReader, root: PlainMap) {
  const list = reader.list(reader.required(root, 'core_connectivity', [], 'a list of connections {type, cores, bandwidth}'), ['core_connectivity']);
  if (!list) return undefined;
  const result: { type: 'link' | 'bus'; cores: number[]; bandwidth: number; unitEnergyCost: number | null }[] = [];
  list.forEach((item, i) => {
    const path = ['core_connectivity', i];
    const c = reader.map(item, path, 'a connection {type: link|bus, cores: [ids], bandwidth}');
    if (!c) return;
    reader.knownKeys(c, path, CONNECTION_KEYS);
    const type = c.type === undefined ? 'link' : c.type;
    if (type !== 'link' && type !== 'bus') reader.report([...path, 'type'], 'link or bus', c.type);
    const coresList = reader.list(reader.required(c, 'cores', path, 'a list of at least two core ids'), [...path, 'cores'], 'a list of at least two core ids');
    const ids: number[] = [];
    coresList?.forEach((id, j) => {
      const v = reader.int(id, [...path, 'cores', j], 0, 'an integer core id');
      if (v !== undefined) ids.push(v);
    });
    if (coresList && coresList.length < 2) reader.report([...path, 'cores'], 'at least two core ids', coresList);
    else if (coresList && type === 'link' && coresList.length !== 2) reader.report([...path, 'cores'], 'exactly two core ids for a link (use type: bus for more)', coresList);
    // `.inf`: an unbounded link, as the graph format's links to a SIMD core (what converting such a design writes).
    const bandwidth = reader.number(reader.required(c, 'bandwidth', path, 'the bandwidth in bits/cycle'), [...path, 'bandwidth'], { positive: true, unbounded: true });
    const uec = c.unit_energy_cost === undefined ? null : reader.number(c.unit_energy_cost, [...path, 'unit_energy_cost']);
    if ((type === 'link' || type === 'bus') && coresList && bandwidth !== undefined && uec !== undefined) {
      result.push({ type, cores: ids, bandwidth, unitEnergyCost: uec });
    }
  });
  return result;
}

function readGraph(reader: FieldReader, root: PlainMap, coreCount: number) {
  const path = ['graph'];
  const g = reader.map(reader.required(root, 'graph', [], 'the graph {type, bandwidth, ...}'), path, 'the graph {type: 2d_mesh|bus, bandwidth, ...}');
  if (!g) return undefined;
  reader.knownKeys(g, path, GRAPH_KEYS);
  const graphType = g.type;
  if (graphType !== '2d_mesh' && graphType !== 'bus') reader.report([...path, 'type'], '2d_mesh or bus', graphType);
  const optionalId = (key: string): number | null | undefined => {
    if (g[key] === undefined || g[key] === null) return null;
    const id = reader.int(g[key], [...path, key], 0, 'an integer core id');
    if (id !== undefined && id >= coreCount) {
      reader.report([...path, key], `the index of a core in \`cores\` (0..${coreCount - 1})`, id);
      return undefined;
    }
    return id;
  };
  const optionalInt = (key: string) => (g[key] === undefined || g[key] === null ? null : reader.int(g[key], [...path, key], 1));
  const nbRows = optionalInt('nb_rows');
  const nbCols = optionalInt('nb_cols');
  const bandwidth = reader.number(reader.required(g, 'bandwidth', path, 'the link bandwidth in bits/cycle'), [...path, 'bandwidth'], { positive: true });
  const unitEnergyCost = g.unit_energy_cost === undefined ? 0 : reader.number(g.unit_energy_cost, [...path, 'unit_energy_cost']);
  const poolingCoreId = optionalId('pooling_core_id');
  const simdCoreId = optionalId('simd_core_id');
  const offchipCoreId = optionalId('offchip_core_id');
  if (graphType === '2d_mesh') {
    if (nbRows === null || nbCols === null) reader.report(path, 'nb_rows and nb_cols for a 2d_mesh graph');
    else if (nbRows !== undefined && nbCols !== undefined && poolingCoreId !== undefined && simdCoreId !== undefined && offchipCoreId !== undefined) {
      const special = new Set([poolingCoreId, simdCoreId, offchipCoreId].filter((x) => x !== null)).size;
      if (nbRows * nbCols !== coreCount - special) {
        reader.report([...path, 'nb_rows'], `nb_rows × nb_cols equal to the number of regular cores (${coreCount - special})`, `${nbRows} × ${nbCols}`, true);
      }
    }
  }
  if (
    (graphType !== '2d_mesh' && graphType !== 'bus') || nbRows === undefined || nbCols === undefined || bandwidth === undefined ||
    unitEnergyCost === undefined || poolingCoreId === undefined || simdCoreId === undefined || offchipCoreId === undefined
  ) {
    return undefined;
  }
  const topology: TopologySource = { format: 'stream-graph', graphType, nbRows, nbCols, bandwidth, unitEnergyCost, poolingCoreId, simdCoreId };
  return { topology, offchipCoreId };
}
