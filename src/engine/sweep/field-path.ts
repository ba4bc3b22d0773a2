/**
 * Field paths of sweep axes: `cores[0,1].memories[sram_2MB].size_bits`, `links[*].bandwidth`,
 * `cores[tpu_like].array.dimensions.D1`. They address the accelerator exactly as
 * `stream-studio inspect --accelerator X --json` prints it (`hardware/json-view.ts`):
 * - `cores[SEL]`: `*`, one id, a comma list of ids, or a core name (every core of that name);
 * - `memories[NAME]` (or `*`), `ports[NAME]`, `links[*]` / `links[ID]` / `links[1,2]`;
 * - then object keys down to a numeric or string leaf.
 * A wildcard or name selector skips elements that lack the rest of the path; an explicit id must have it.
 * Only leaves that are inputs of the model can be set (derived ones such as `unroll_count` are refused).
 */
import { acceleratorJson } from '../hardware/json-view';
import { buildCore } from '../hardware/model';
import type { Accelerator, ArrayDimension, Core, Link, MemoryInstance, MemoryPort } from '../hardware/types';

export interface PathSegment {
  readonly key: string;
  readonly selector?: string;
}

/** One concrete leaf: indices into the JSON view (`['cores', 0, 'memories', 2, 'size_bits']`). */
export type ConcretePath = readonly (string | number)[];

export interface ResolvedLeaf {
  readonly path: ConcretePath;
  readonly value: unknown;
}

export type PathResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const SEGMENT = /^([A-Za-z_][\w-]*)(?:\[([^\]]*)\])?$/;

export function parseFieldPath(text: string): PathResult<PathSegment[]> {
  const segments: PathSegment[] = [];
  let depth = 0;
  let current = '';
  const parts: string[] = [];
  for (const ch of text) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === '.' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  for (const part of parts) {
    const m = SEGMENT.exec(part.trim());
    if (!m) return { ok: false, message: `"${part}" is not a path segment (name or name[selector])` };
    segments.push({ key: m[1]!, ...(m[2] !== undefined ? { selector: m[2].trim() } : {}) });
  }
  if (segments.length === 0 || segments[0]!.key === '') return { ok: false, message: 'an empty path' };
  return { ok: true, value: segments };
}

type Json = unknown;

function selectElements(list: readonly Json[], key: string, selector: string): PathResult<{ index: number; strict: boolean }[]> {
  if (selector === '*') return { ok: true, value: list.map((_, index) => ({ index, strict: false })) };
  const items = list as readonly Record<string, unknown>[];
  const parts = selector.split(',').map((s) => s.trim());
  const hasIds = items.length > 0 && items.every((x) => typeof x?.['id'] === 'number');
  if (parts.every((p) => /^\d+$/.test(p))) {
    const out: { index: number; strict: boolean }[] = [];
    for (const p of parts) {
      const id = Number(p);
      const index = hasIds ? items.findIndex((x) => x['id'] === id) : id < items.length ? id : -1;
      if (index < 0) return { ok: false, message: `${key}[${selector}]: no ${key} element with id ${id}` };
      out.push({ index, strict: true });
    }
    return { ok: true, value: out };
  }
  if (parts.length !== 1) return { ok: false, message: `${key}[${selector}]: a selector is *, an id, a comma list of ids, or one name` };
  const matches = items.flatMap((x, index) => (x?.['name'] === selector ? [{ index, strict: key !== 'cores' }] : []));
  if (matches.length === 0) return { ok: false, message: `${key}[${selector}]: no ${key} element named "${selector}"` };
  return { ok: true, value: matches };
}

/**
 * Every leaf a path designates in the JSON view of `accelerator`. Fails with a message when the path matches
 * nothing, names a missing key, or ends on a list or object.
 */
export function resolveFieldPath(accelerator: Accelerator, text: string): PathResult<ResolvedLeaf[]> {
  const parsed = parseFieldPath(text);
  if (!parsed.ok) return parsed;
  const view = acceleratorJson(accelerator);
  const leaves: ResolvedLeaf[] = [];
  let firstMiss: string | undefined;
  const walk = (node: Json, segs: readonly PathSegment[], at: (string | number)[], strict: boolean): string | undefined => {
    if (segs.length === 0) {
      if (node === null || typeof node === 'object') return `${formatConcrete(at)} is ${Array.isArray(node) ? 'a list' : 'an object'}, not a numeric or string leaf`;
      leaves.push({ path: at, value: node });
      return undefined;
    }
    const [seg, ...rest] = segs as [PathSegment, ...PathSegment[]];
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !(seg.key in (node as object))) {
      const miss = `${formatConcrete(at)}${at.length ? '.' : ''}${seg.key} does not exist`;
      if (strict) return miss;
      firstMiss ??= miss;
      return undefined;
    }
    const child = (node as Record<string, Json>)[seg.key];
    if (seg.selector === undefined) {
      if (Array.isArray(child)) return `${seg.key} is a list: select elements with ${seg.key}[*], ${seg.key}[ID] or ${seg.key}[NAME]`;
      return walk(child, rest, [...at, seg.key], strict);
    }
    if (!Array.isArray(child)) return `${seg.key} is not a list; drop the [${seg.selector}] selector`;
    const selected = selectElements(child, seg.key, seg.selector);
    if (!selected.ok) {
      if (strict) return selected.message;
      firstMiss ??= selected.message;
      return undefined;
    }
    for (const { index, strict: s } of selected.value) {
      // Below a wildcard or a name, elements lacking the rest of the path are skipped.
      const error = walk(child[index], rest, [...at, seg.key, index], strict && s);
      if (error) return error;
    }
    return undefined;
  };
  const error = walk(view, parsed.value, [], true);
  if (error) return { ok: false, message: error };
  if (leaves.length === 0) return { ok: false, message: `the path matches nothing${firstMiss ? ` (${firstMiss})` : ''}` };
  return { ok: true, value: leaves };
}

/**
 * Paths of the fields the hardware editor shows, built here so that the editor's "add as sweep axis" writes exactly
 * what a sweep file would (and what `resolveFieldPath` reads). A selector is an id, a list of ids, `*` or a name.
 */
export type FieldSelector = number | readonly number[] | '*' | string;

const selectorText = (sel: FieldSelector): string => (Array.isArray(sel) ? sel.join(',') : String(sel));

/** `cores[SEL].memories[NAME].LEAF`, LEAF one of the memory's settable keys (`size_bits`, `r_cost`, …). */
export function memoryFieldPath(cores: FieldSelector, memory: string, leaf: MemoryKey): string {
  return `cores[${selectorText(cores)}].memories[${memory}].${leaf}`;
}

/** `cores[SEL].array.dimensions.D1`. */
export function arrayDimensionPath(cores: FieldSelector, dimension: string): string {
  return `cores[${selectorText(cores)}].array.dimensions.${dimension}`;
}

/** `links[SEL].bandwidth` or `links[SEL].unit_energy_cost` (SEL: link ids, or `*` for every link). */
export function linkFieldPath(links: FieldSelector, leaf: 'bandwidth' | 'unit_energy_cost'): string {
  return `links[${selectorText(links)}].${leaf}`;
}

/**
 * The path with the selector of its first segment replaced (`cores[0].memories[sram].size_bits` with `tpu_like` →
 * `cores[tpu_like].memories[sram].size_bits`), e.g. to widen an axis picked on one core to every core of its name.
 * Undefined when the path does not parse or its first segment has no selector.
 */
export function withFirstSelector(path: string, selector: FieldSelector): string | undefined {
  const parsed = parseFieldPath(path);
  if (!parsed.ok || parsed.value[0]!.selector === undefined) return undefined;
  const [first, ...rest] = parsed.value;
  return [`${first!.key}[${selectorText(selector)}]`, ...rest.map((seg) => (seg.selector === undefined ? seg.key : `${seg.key}[${seg.selector}]`))].join('.');
}

export function formatConcrete(path: ConcretePath): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? k : `.${k}`;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing a value back into the model

export type MemoryKey = 'size_bits' | 'r_cost' | 'w_cost' | 'area' | 'latency' | 'mem_type';
const MEMORY_FIELDS: Record<MemoryKey, keyof MemoryInstance> = {
  size_bits: 'sizeBits',
  r_cost: 'readCost',
  w_cost: 'writeCost',
  area: 'area',
  latency: 'latency',
  mem_type: 'memType',
};
const PORT_FIELDS: Record<string, keyof MemoryPort> = { bandwidth_min: 'bandwidthMin', bandwidth_max: 'bandwidthMax' };

/** What a settable leaf expects; undefined for leaves that are derived or structural. */
export function leafExpectation(path: ConcretePath): { kind: 'number' | 'integer' | 'count' | 'string'; what: string } | undefined {
  const [top, , sub, , leaf, , portLeaf] = path;
  if (top === 'links') {
    if (path.length === 3 && path[2] === 'bandwidth') return { kind: 'number', what: 'a positive bandwidth (bits/cycle)' };
    if (path.length === 3 && path[2] === 'unit_energy_cost') return { kind: 'number', what: 'a non-negative energy per cycle (pJ)' };
    return undefined;
  }
  if (top !== 'cores') return undefined;
  if (path.length === 3 && sub === 'name') return { kind: 'string', what: 'a core name' };
  if (sub === 'memories' && path.length === 5) {
    if (leaf === 'mem_type') return { kind: 'string', what: 'a memory type (sram, dram, rf...)' };
    if (leaf === 'size_bits') return { kind: 'integer', what: 'a positive integer size in bits' };
    if (leaf === 'r_port' || leaf === 'w_port' || leaf === 'rw_port') return { kind: 'count', what: `a whole number of ports ≥ 0 (${leaf})` };
    if (typeof leaf === 'string' && leaf in MEMORY_FIELDS) return { kind: 'number', what: `a non-negative number (${leaf})` };
  }
  if (sub === 'memories' && path.length === 7 && path[4] === 'ports' && typeof portLeaf === 'string' && portLeaf in PORT_FIELDS) {
    return { kind: 'integer', what: 'a positive integer port width (bits/cycle)' };
  }
  if (sub === 'array') {
    if (path.length === 5 && path[3] === 'dimensions') return { kind: 'integer', what: 'a positive integer array dimension size' };
    if (path.length === 4 && (path[3] === 'unit_energy' || path[3] === 'unit_area')) return { kind: 'number', what: `a non-negative number (${path[3]})` };
  }
  return undefined;
}

/** Checks one axis value against a leaf; returns what was expected when it does not fit. */
export function checkLeafValue(path: ConcretePath, value: unknown): string | undefined {
  const expectation = leafExpectation(path);
  if (!expectation) return `${formatConcrete(path)} is derived or structural and cannot be set by a sweep`;
  const { kind, what } = expectation;
  if (kind === 'string') return typeof value === 'string' && value.length > 0 ? undefined : what;
  if (typeof value !== 'number' || !Number.isFinite(value)) return what;
  if (kind === 'integer' && (!Number.isInteger(value) || value <= 0)) return what;
  if (kind === 'count' && (!Number.isInteger(value) || value < 0)) return what;
  if (value < 0) return what;
  if (path[0] === 'links' && path[2] === 'bandwidth' && value <= 0) return what;
  return undefined;
}

function rebuildCore(core: Core, change: { memories?: Core['memories']; operationalArray?: Core['operationalArray']; name?: string }): Core {
  return buildCore({
    id: core.id,
    name: change.name ?? core.name,
    type: core.type,
    operationalArray: change.operationalArray ?? core.operationalArray,
    memories: (change.memories ?? core.memories).map((l) => ({ instance: l.instance, operands: l.operands, servedDimensions: l.servedDimensions })),
    ...(core.dataflows ? { dataflows: core.dataflows } : {}),
    sharedMemoryGroupId: core.sharedMemoryGroupId,
    format: core.format,
    ...(core.technology !== undefined ? { technology: core.technology } : {}),
    ...(core.importNotices ? { importNotices: core.importNotices } : {}),
  });
}

function setOnCore(core: Core, path: ConcretePath, value: unknown): Core {
  const sub = path[2];
  if (sub === 'name') return rebuildCore(core, { name: value as string });
  if (sub === 'memories') {
    const mi = path[3] as number;
    const memories = core.memories.map((level, i) => {
      if (i !== mi) return level;
      let instance: MemoryInstance;
      if (path[4] === 'ports') {
        const pi = path[5] as number;
        const field = PORT_FIELDS[path[6] as string]!;
        instance = { ...level.instance, ports: level.instance.ports.map((p, j) => (j === pi ? { ...p, [field]: value } : p)) };
      } else {
        const field = MEMORY_FIELDS[path[4] as MemoryKey] as keyof MemoryInstance | undefined;
        if (!field) throw new Error(`cannot set ${formatConcrete(path)} as a plain leaf (a design edit: see hardware/design-edits.ts)`);
        instance = { ...level.instance, [field]: value };
      }
      return { ...level, instance };
    });
    return rebuildCore(core, { memories });
  }
  if (sub === 'array') {
    const array = core.operationalArray;
    if (path[3] === 'dimensions') {
      const dimensions: ArrayDimension[] = array.dimensions.map((d) => (d.name === path[4] ? { name: d.name, size: value as number } : d));
      return rebuildCore(core, { operationalArray: { ...array, dimensions } });
    }
    return rebuildCore(core, { operationalArray: { ...array, [path[3] === 'unit_energy' ? 'unitEnergy' : 'unitArea']: value as number } });
  }
  throw new Error(`cannot set ${formatConcrete(path)}`);
}

/** The accelerator with one leaf set (check the value with `checkLeafValue` first). */
export function setLeaf(accelerator: Accelerator, path: ConcretePath, value: unknown): Accelerator {
  if (path[0] === 'links') {
    const li = path[1] as number;
    const field = path[2] === 'bandwidth' ? 'bandwidth' : 'unitEnergyCost';
    const links = accelerator.links.map((l, i): Link => (i === li ? { ...l, [field]: value as number } : l));
    return { ...accelerator, links };
  }
  const ci = path[1] as number;
  return { ...accelerator, cores: accelerator.cores.map((c, i) => (i === ci ? setOnCore(c, path, value) : c)) };
}
