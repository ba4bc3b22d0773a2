/**
 * Consistent design edits: one change to a design, with every field derived from it brought along, for the
 * editor, sweeps and the live what-if. See docs/design-edits.md for the rules; in short:
 *
 * - memory size, read/write width or port counts: the memory changes; when its costs are automatic
 *   (`auto_cost_extraction`) its read/write energy and area are re-read from the CACTI table for the new shape
 *   (an issue naming the memory when the table has no figures for it); given costs stay as given.
 * - operational-array dimension size: memories' instance counts follow (`buildCore`); the core's `dataflows`
 *   and the spatial mapping of every mapping entry allocated to the core follow the dimension: an unrolling
 *   that filled the old dimension fills the new one; otherwise unrollings are kept when they fit and clipped
 *   (last unrolling first, each to the largest factor that fits; a factor clipped to 1 is dropped) when they
 *   do not. A mapping entry shared with another core on which the new factors do not fit makes the edit fail
 *   with an issue naming the entry, the cores and the dimension.
 *
 * Pure; the accelerator and mapping given are not modified.
 */
import type { InputIssue, Result } from '../errors';
import { fail, ok } from '../errors';
import type { Mapping, MappingEntry } from '../mapping/types';
import type { CactiTable } from './cacti';
import { resolveCoreMemoryCosts } from './memory-costs';
import { buildCore } from './model';
import type { Accelerator, Core, MemoryInstance, MemoryPort, SpatialMapping, SpatialUnrolling } from './types';

export type DesignEdit =
  | { readonly kind: 'memory-size'; readonly coreId: number; readonly memory: string; readonly sizeBits: number }
  /**
   * Sets the bandwidth of every port of the given kind (`read` also sets read/write ports), or of the one port
   * named by `portName` (a sweep axis on `ports[NAME].bandwidth_max`).
   */
  | { readonly kind: 'memory-width'; readonly coreId: number; readonly memory: string; readonly port: 'read' | 'write' | 'all'; readonly bits: number; readonly portName?: string }
  /** New port counts; new ports copy the allocation of the first port of their kind (or stay unallocated). */
  | {
      readonly kind: 'memory-ports';
      readonly coreId: number;
      readonly memory: string;
      readonly readPorts: number;
      readonly writePorts: number;
      readonly readWritePorts: number;
    }
  | { readonly kind: 'array-dimension'; readonly coreId: number; readonly dimension: string; readonly size: number };

export interface EditOutcome {
  readonly accelerator: Accelerator;
  /** The mapping with its spatial mappings brought along (the input mapping when none changed). */
  readonly mapping?: Mapping;
  /** What followed the edit, in words (e.g. "core 1 dataflows D1: K 32 → 16"). */
  readonly notes: readonly string[];
}

export interface EditOptions {
  readonly mapping?: Mapping;
  /** The CACTI table, to re-price automatic-cost memories immediately (omit to leave that to the run). */
  readonly cactiTable?: CactiTable;
  /** Source name for issues (default "<editor>"). */
  readonly file?: string;
}

const rebuild = (core: Core, memories: Core['memories'], array = core.operationalArray, dataflows = core.dataflows): Core =>
  buildCore({
    id: core.id,
    name: core.name,
    type: core.type,
    operationalArray: array,
    memories: memories.map((l) => ({ instance: l.instance, operands: l.operands, servedDimensions: l.servedDimensions })),
    ...(dataflows ? { dataflows } : {}),
    sharedMemoryGroupId: core.sharedMemoryGroupId,
    format: core.format,
    ...(core.technology !== undefined ? { technology: core.technology } : {}),
    ...(core.importNotices ? { importNotices: core.importNotices } : {}),
  });

/** Applies one edit (see the module comment); issues name the field and the conflict. */
export function applyDesignEdit(accelerator: Accelerator, edit: DesignEdit, options: EditOptions = {}): Result<EditOutcome> {
  const file = options.file ?? '<editor>';
  const core = accelerator.cores.find((c) => c.id === edit.coreId);
  const at = `cores[${edit.coreId}]`;
  if (!core) return fail([{ file, field: 'cores', expected: `a core with id ${edit.coreId}` }]);
  const notes: string[] = [];
  let newCore: Core;
  let mapping = options.mapping;

  if (edit.kind === 'array-dimension') {
    const dim = core.operationalArray.dimensions.find((d) => d.name === edit.dimension);
    const field = `${at}.operational_array.${edit.dimension}`;
    if (!dim) return fail([{ file, field, expected: `an array dimension of core ${core.name} (${core.operationalArray.dimensions.map((d) => d.name).join(', ')})`, found: edit.dimension }]);
    if (!Number.isInteger(edit.size) || edit.size < 1) return fail([{ file, field, expected: 'a positive whole number of units', found: String(edit.size) }]);
    const array = { ...core.operationalArray, dimensions: core.operationalArray.dimensions.map((d) => (d.name === edit.dimension ? { ...d, size: edit.size } : d)) };
    let dataflows = core.dataflows;
    if (dataflows?.[edit.dimension]) {
      const next = followDimension(dataflows[edit.dimension]!, dim.size, edit.size);
      if (next.note) notes.push(`core ${core.name} dataflows ${edit.dimension}: ${next.note}`);
      dataflows = withDimension(dataflows, edit.dimension, next.unrollings);
    }
    newCore = rebuild(core, core.memories, array, dataflows);
    if (mapping) {
      const followed = followMapping(mapping, accelerator, core, edit.dimension, dim.size, edit.size, file);
      if (!followed.ok) return followed;
      mapping = followed.value.mapping;
      notes.push(...followed.value.notes);
    }
  } else {
    const index = core.memories.findIndex((l) => l.instance.name === edit.memory);
    const field = `${at}.memories.${edit.memory}`;
    if (index < 0) return fail([{ file, field: `${at}.memories`, expected: `a memory of core ${core.name} (${core.memories.map((l) => l.instance.name).join(', ')})`, found: edit.memory }]);
    const edited = editMemory(core.memories[index]!.instance, edit, field, file);
    if (!edited.ok) return edited;
    const memories = core.memories.map((l, i) => (i === index ? { ...l, instance: edited.value } : l));
    newCore = rebuild(core, memories);
    if (edited.value.autoCostExtraction && options.cactiTable) {
      const priced = resolveCoreMemoryCosts(newCore, options.cactiTable, { file, fieldPrefix: `${at}.`, ...(accelerator.technology !== undefined ? { designTechnology: accelerator.technology } : {}) });
      if (!priced.ok) return priced;
      newCore = priced.value;
      const m = newCore.memories[index]!.instance;
      notes.push(`${core.name}.${m.name} costs (CACTI): read ${m.readCost.toPrecision(4)} pJ, write ${m.writeCost.toPrecision(4)} pJ, ${m.area.toPrecision(4)} mm²`);
    }
  }
  // Cores sharing a memory group hold the same memories: a memory edit reaches all of them.
  const cores = accelerator.cores.map((c) => {
    if (c.id === core.id) return newCore;
    if (edit.kind !== 'array-dimension' && c.sharedMemoryGroupId === core.sharedMemoryGroupId && c.memories.some((l) => l.instance.name === edit.memory)) {
      const edited = newCore.memories.find((l) => l.instance.name === edit.memory)!.instance;
      return rebuild(c, c.memories.map((l) => (l.instance.name === edit.memory ? { ...l, instance: edited } : l)));
    }
    return c;
  });
  return ok({ accelerator: { ...accelerator, cores }, ...(mapping ? { mapping } : {}), notes });
}

/**
 * Applies several edits as one change (a sweep point: one axis value on several cores, several axes). Memory
 * edits and the cores' `dataflows` follow edit by edit; the mapping's spatial unrollings follow every
 * array-dimension edit (from the size before the change), checked against the design after all the edits, so
 * that growing the same dimension on every core an entry is allocated to is not refused half-way.
 */
export function applyDesignEdits(accelerator: Accelerator, edits: readonly DesignEdit[], options: EditOptions = {}): Result<EditOutcome> {
  const file = options.file ?? '<editor>';
  const { mapping: _mapping, ...perEdit } = options;
  void _mapping;
  let current = accelerator;
  const notes: string[] = [];
  const resized: { coreId: number; dimension: string; oldSize: number; newSize: number }[] = [];
  for (const edit of edits) {
    if (edit.kind === 'array-dimension') {
      const oldSize = current.cores.find((c) => c.id === edit.coreId)?.operationalArray.dimensions.find((d) => d.name === edit.dimension)?.size;
      if (oldSize !== undefined && oldSize !== edit.size) resized.push({ coreId: edit.coreId, dimension: edit.dimension, oldSize, newSize: edit.size });
    }
    const r = applyDesignEdit(current, edit, perEdit);
    if (!r.ok) return r;
    current = r.value.accelerator;
    notes.push(...r.value.notes);
  }
  let mapping = options.mapping;
  if (mapping) {
    for (const r of resized) {
      const core = current.cores.find((c) => c.id === r.coreId)!;
      const followed = followMapping(mapping, current, core, r.dimension, r.oldSize, r.newSize, file);
      if (!followed.ok) return followed;
      mapping = followed.value.mapping;
      notes.push(...followed.value.notes);
    }
  }
  return ok({ accelerator: current, ...(mapping ? { mapping } : {}), notes });
}

/**
 * The accelerator with a memory's costs made automatic (`auto_cost_extraction: true`: read/write energy and area
 * from CACTI for its shape, the file's figures dropped), on its core and on the cores sharing it. A sweep does
 * this for every memory whose size, width or ports an axis changes, unless it says `costs: as_given`.
 */
export function withAutomaticCosts(accelerator: Accelerator, coreId: number, memory: string): Accelerator {
  const core = accelerator.cores.find((c) => c.id === coreId);
  if (!core) return accelerator;
  const cores = accelerator.cores.map((c) => {
    if (c.id !== coreId && c.sharedMemoryGroupId !== core.sharedMemoryGroupId) return c;
    const level = c.memories.find((l) => l.instance.name === memory);
    if (!level || level.instance.autoCostExtraction) return c;
    return rebuild(c, c.memories.map((l) => (l === level ? { ...l, instance: { ...l.instance, autoCostExtraction: true } } : l)));
  });
  return { ...accelerator, cores };
}

/**
 * A memory with `bits` as the width of its ports of a kind (`read`: read and read/write ports; `write`: write and
 * read/write; `all`), or of the one port named `portName`: the maximum, and the minimum (granularity) when it was
 * the maximum or is now above it; the legacy widths follow. Unchecked: `applyDesignEdit` refuses a width that is
 * not a positive integer, the editor still shows it with that issue.
 */
export function withMemoryWidth(m: MemoryInstance, port: 'read' | 'write' | 'all', bits: number, portName?: string): MemoryInstance {
  const named = portName === undefined ? undefined : m.ports.find((p) => p.name === portName);
  const hit = (p: MemoryPort) => (named ? p === named : port === 'all' || (port === 'read' ? p.type !== 'write' : p.type !== 'read'));
  const ports = m.ports.map((p) => (hit(p) ? { ...p, bandwidthMax: bits, bandwidthMin: p.bandwidthMin === p.bandwidthMax ? bits : Math.min(p.bandwidthMin, bits) } : p));
  // The legacy format keeps one width per port kind: a named port sets the width of the kinds it serves.
  const reads = named ? named.type !== 'write' : port !== 'write';
  const writes = named ? named.type !== 'read' : port !== 'read';
  const legacy = m.legacy && {
    ...m.legacy,
    readBandwidth: reads ? bits : m.legacy.readBandwidth,
    writeBandwidth: writes ? bits : m.legacy.writeBandwidth,
  };
  return { ...m, ports, ...(legacy ? { legacy } : {}) };
}

function editMemory(m: MemoryInstance, edit: Exclude<DesignEdit, { kind: 'array-dimension' }>, field: string, file: string): Result<MemoryInstance> {
  const issue = (f: string, expected: string, found: unknown): InputIssue => ({ file, field: `${field}.${f}`, expected, found: String(found) });
  if (edit.kind === 'memory-size') {
    if (!Number.isInteger(edit.sizeBits) || edit.sizeBits < 1) return fail([issue('size', 'a positive whole number of bits', edit.sizeBits)]);
    if (m.autoCostExtraction && edit.sizeBits % 8 !== 0) return fail([issue('size', 'a multiple of 8 bits when auto_cost_extraction is true', edit.sizeBits)]);
    return ok({ ...m, sizeBits: edit.sizeBits });
  }
  if (edit.kind === 'memory-width') {
    if (!Number.isInteger(edit.bits) || edit.bits < 1) return fail([issue('ports', 'a positive bandwidth in bits/cycle', edit.bits)]);
    if (edit.portName !== undefined && !m.ports.some((p) => p.name === edit.portName)) return fail([issue('ports', `a port of ${m.name} (${m.ports.map((p) => p.name).join(', ')})`, edit.portName)]);
    return ok(withMemoryWidth(m, edit.port, edit.bits, edit.portName));
  }
  const wanted = { read: edit.readPorts, write: edit.writePorts, read_write: edit.readWritePorts } as const;
  for (const [kind, n] of Object.entries(wanted)) {
    if (!Number.isInteger(n) || n < 0) return fail([issue(kind === 'read' ? 'r_port' : kind === 'write' ? 'w_port' : 'rw_port', 'a whole number of ports ≥ 0', n)]);
  }
  if (wanted.read + wanted.read_write === 0 || wanted.write + wanted.read_write === 0) {
    return fail([issue('ports', 'at least one port that reads and one that writes (read, write or read/write)', `${wanted.read}+${wanted.write}+${wanted.read_write}`)]);
  }
  const prefix = { read: 'r_port_', write: 'w_port_', read_write: 'rw_port_' } as const;
  const ports: { name: string; type: MemoryPort['type']; bandwidthMin: number; bandwidthMax: number; allocation: MemoryPort['allocation'][number][] }[] = [];
  for (const kind of ['read', 'write', 'read_write'] as const) {
    const existing = m.ports.filter((p) => p.type === kind);
    const template = existing[0] ?? m.ports.find((p) => (kind === 'write' ? p.type !== 'read' : p.type !== 'write'));
    for (let i = 0; i < wanted[kind]; i++) {
      const p = existing[i];
      if (p) ports.push({ ...p, allocation: [...p.allocation] });
      else ports.push({ name: `${prefix[kind]}${i + 1}`, type: kind, bandwidthMin: template?.bandwidthMin ?? 8, bandwidthMax: template?.bandwidthMax ?? 8, allocation: [] });
    }
  }
  // Functions of removed ports move to the first remaining port of a kind that can serve them.
  for (const kind of ['read', 'write', 'read_write'] as const) {
    for (const removed of m.ports.filter((p) => p.type === kind).slice(wanted[kind])) {
      for (const f of removed.allocation) {
        const write = f.direction === 'fh' || f.direction === 'fl';
        const target = ports.find((p) => p.type === (write ? 'write' : 'read')) ?? ports.find((p) => p.type === 'read_write');
        if (!target) return fail([issue('ports', `a port serving ${f.operand} ${f.direction} after removing ${removed.name}`, 'none left')]);
        target.allocation.push(f);
      }
    }
  }
  return ok({ ...m, ports });
}

/** New unrollings on one array dimension after its size changed (see the module comment). */
export function followDimension(unrollings: readonly SpatialUnrolling[], oldSize: number, newSize: number): { unrollings: SpatialUnrolling[]; note?: string } {
  const before = unrollings.map((u) => `${u.loopDim} ${u.factor}`).join(' · ') || 'none';
  let next: SpatialUnrolling[];
  if (unrollings.length === 1 && unrollings[0]!.factor === oldSize) next = [{ ...unrollings[0]!, factor: newSize }];
  else {
    next = unrollings.map((u) => ({ ...u }));
    for (let i = next.length - 1; i >= 0 && product(next) > newSize; i--) {
      const others = product(next) / next[i]!.factor;
      next[i] = { ...next[i]!, factor: Math.max(1, Math.floor(newSize / others)) };
    }
    next = next.filter((u) => u.factor > 1);
  }
  const after = next.map((u) => `${u.loopDim} ${u.factor}`).join(' · ') || 'none';
  return before === after ? { unrollings: next } : { unrollings: next, note: `${before} → ${after}` };
}

const product = (us: readonly SpatialUnrolling[]) => us.reduce((p, u) => p * u.factor, 1);

function withDimension(mapping: SpatialMapping, dim: string, unrollings: SpatialUnrolling[]): SpatialMapping {
  return { ...mapping, [dim]: unrollings };
}

function followMapping(
  mapping: Mapping,
  accelerator: Accelerator,
  core: Core,
  dim: string,
  oldSize: number,
  newSize: number,
  file: string,
): Result<{ mapping: Mapping; notes: string[] }> {
  const notes: string[] = [];
  const issues: InputIssue[] = [];
  let changed = false;
  const entries = mapping.entries.map((entry, index): MappingEntry => {
    const allocation = entry.coreAllocation ?? [0];
    const unrollings = entry.spatialMapping?.[dim];
    if (!allocation.includes(core.id) || !unrollings) return entry;
    const next = followDimension(unrollings, oldSize, newSize);
    if (!next.note) return entry;
    for (const otherId of allocation) {
      if (otherId === core.id) continue;
      const other = accelerator.cores.find((c) => c.id === otherId);
      const size = other?.operationalArray.dimensions.find((d) => d.name === dim)?.size;
      if (size !== undefined && product(next.unrollings) > size) {
        issues.push({
          file,
          field: `mapping[${index}].spatial_mapping.${dim}`,
          expected: `one spatial unrolling of ${dim} for every core of entry ${entry.name}: core ${core.name} now needs ${next.note.split(' → ')[1]}, which does not fit core ${other!.name}'s ${dim} of ${size}`,
          found: next.note,
        });
      }
    }
    changed = true;
    notes.push(`mapping ${entry.name} ${dim}: ${next.note}`);
    return { ...entry, spatialMapping: withDimension(entry.spatialMapping!, dim, next.unrollings) };
  });
  if (issues.length > 0) return fail(issues);
  return ok({ mapping: changed ? { ...mapping, entries } : mapping, notes });
}
