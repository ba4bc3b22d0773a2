/**
 * One design point: the base inputs with the point's axis values applied and the design made consistent.
 * `makeConsistentDesign` is the single place where "apply axis values and make the design consistent" happens;
 * a point whose design cannot be made consistent is invalid with a message naming the conflict.
 */
import { formatIssue } from '../errors';
import type { AcceleratorArea } from '../hardware/area';
import { CACTI_TABLE } from '../hardware/cacti-table';
import { applyDesignEdits, type DesignEdit, withAutomaticCosts } from '../hardware/design-edits';
import { resolveMemoryCosts } from '../hardware/memory-costs';
import { typedEntryLinkIds, withTopology } from '../hardware/topology-edit';
import type { Accelerator } from '../hardware/types';
import { validateAccelerator } from '../hardware/validate';
import type { Mapping } from '../mapping/types';
import { type CostPolicy, type SweepAxis, type SweepDefinition, axisLabel, pointOptions } from './definition';
import { formatConcrete, resolveFieldPath, setLeaf, type ConcretePath } from './field-path';

export interface FieldEdit {
  readonly path: ConcretePath;
  readonly value: unknown;
}

export interface DesignEdits {
  /** The base design (the edits are applied here). */
  readonly accelerator: Accelerator;
  readonly mapping: Mapping;
  readonly edits: readonly FieldEdit[];
  readonly costs: CostPolicy;
}

export type ConsistentDesign =
  | { readonly ok: true; readonly accelerator: Accelerator; readonly mapping: Mapping; readonly notes: readonly string[] }
  | { readonly ok: false; readonly message: string };

const PORT_COUNT_LEAVES = { r_port: 'read', w_port: 'write', rw_port: 'read_write' } as const;
type PortCountLeaf = keyof typeof PORT_COUNT_LEAVES;

const isArrayDimEdit = (e: FieldEdit) => e.path[0] === 'cores' && e.path[2] === 'array' && e.path[3] === 'dimensions' && e.path.length === 5;
const isMemoryEdit = (e: FieldEdit) => e.path[0] === 'cores' && e.path[2] === 'memories';
const isSizeEdit = (e: FieldEdit) => isMemoryEdit(e) && e.path.length === 5 && e.path[4] === 'size_bits';
const isWidthEdit = (e: FieldEdit) => isMemoryEdit(e) && e.path.length === 7 && e.path[4] === 'ports' && e.path[6] === 'bandwidth_max';
const isPortCountEdit = (e: FieldEdit) => isMemoryEdit(e) && e.path.length === 5 && typeof e.path[4] === 'string' && e.path[4] in PORT_COUNT_LEAVES;
/** Edits of a memory's shape (what CACTI prices): size, read/write width, port counts. */
const isMemoryShapeEdit = (e: FieldEdit) => isSizeEdit(e) || isWidthEdit(e) || isPortCountEdit(e);

/**
 * Applies a point's field edits to the base design and makes it consistent — the one place sweeps do this. The
 * rules are those of the engine's consistent design edits (`hardware/design-edits.ts`, docs/design-edits.md), so
 * a sweep and the editor move a design the same way:
 * - a memory's size, port width (`ports[P].bandwidth_max`) and port counts (`r_port`, `w_port`, `rw_port`) are
 *   design edits; with `costs: follow` (the default) the memory's costs become automatic at every point of
 *   such an axis, base value included: read/write energy and area from the CACTI table for its shape, never the
 *   file's figures. A shape CACTI cannot price makes the point invalid with a message naming the memory;
 * - an array dimension is a design edit: the core's `dataflows` and the mapping's spatial unrollings follow it
 *   (`followDimension`), or the point is invalid naming the mapping entry and cores;
 * - other leaves (link bandwidths, given costs, unit energy/area...) are set as they are; links are written back
 *   into the topology the file format keeps; the result must pass the accelerator validator.
 */
export function makeConsistentDesign(input: DesignEdits): ConsistentDesign {
  const base = input.accelerator;
  const file = '<sweep point>';
  let accelerator = base;
  const coreOf = (e: FieldEdit) => base.cores[e.path[1] as number]!;
  const memoryOf = (e: FieldEdit) => coreOf(e).memories[e.path[3] as number]!.instance;
  // Plain leaves first.
  for (const e of input.edits) if (!isMemoryShapeEdit(e) && !isArrayDimEdit(e)) accelerator = setLeaf(accelerator, e.path, e.value);
  // Memories whose shape changes take automatic costs (before the edits, so that the edits check what CACTI needs).
  if (input.costs === 'follow') {
    for (const e of input.edits.filter(isMemoryShapeEdit)) accelerator = withAutomaticCosts(accelerator, coreOf(e).id, memoryOf(e).name);
  }
  // Design edits, in an order where each sees the previous: sizes, widths, port counts (new ports copy the
  // width of their kind), array dimensions.
  const edits: DesignEdit[] = [];
  for (const e of input.edits.filter(isSizeEdit)) edits.push({ kind: 'memory-size', coreId: coreOf(e).id, memory: memoryOf(e).name, sizeBits: e.value as number });
  for (const e of input.edits.filter(isWidthEdit)) {
    const port = memoryOf(e).ports[e.path[5] as number]!;
    edits.push({ kind: 'memory-width', coreId: coreOf(e).id, memory: memoryOf(e).name, port: 'all', portName: port.name, bits: e.value as number });
  }
  const portCounts = new Map<string, { coreId: number; memory: string; counts: Record<'read' | 'write' | 'read_write', number> }>();
  for (const e of input.edits.filter(isPortCountEdit)) {
    const m = memoryOf(e);
    const key = `${coreOf(e).id}/${m.name}`;
    const entry = portCounts.get(key) ?? {
      coreId: coreOf(e).id,
      memory: m.name,
      counts: { read: m.ports.filter((p) => p.type === 'read').length, write: m.ports.filter((p) => p.type === 'write').length, read_write: m.ports.filter((p) => p.type === 'read_write').length },
    };
    entry.counts[PORT_COUNT_LEAVES[e.path[4] as PortCountLeaf]] = e.value as number;
    portCounts.set(key, entry);
  }
  for (const { coreId, memory, counts } of portCounts.values()) {
    edits.push({ kind: 'memory-ports', coreId, memory, readPorts: counts.read, writePorts: counts.write, readWritePorts: counts.read_write });
  }
  for (const e of input.edits.filter(isArrayDimEdit)) edits.push({ kind: 'array-dimension', coreId: coreOf(e).id, dimension: String(e.path[4]), size: e.value as number });
  const edited = applyDesignEdits(accelerator, edits, { mapping: input.mapping, file });
  if (!edited.ok) return { ok: false, message: edited.issues.map(formatIssue).join('; ') };
  accelerator = edited.value.accelerator;
  const mapping = edited.value.mapping ?? input.mapping;
  const notes = [...edited.value.notes];
  // Automatic costs priced for the point's shapes (the pipeline prices them again, to the same figures).
  const priced = resolveMemoryCosts(accelerator, CACTI_TABLE, file);
  if (!priced.ok) return { ok: false, message: `memory costs follow the design: ${priced.issues.map(formatIssue).join('; ')}` };
  accelerator = priced.value;
  if (input.edits.some((e) => e.path[0] === 'links')) {
    let synced: ReturnType<typeof syncTopologySource>;
    try {
      synced = syncTopologySource(accelerator);
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    if (!synced.ok) return synced;
    accelerator = synced.accelerator;
  }
  const issues = validateAccelerator(accelerator, file);
  if (issues.length > 0) return { ok: false, message: issues.map(formatIssue).join('; ') };
  return { ok: true, accelerator, mapping, notes };
}

/**
 * Writes edited link figures back into the topology declaration the file format keeps (so that the point's
 * accelerator exports to a file that runs the same), then derives links and edges from it as the importer does
 * (`withTopology`, the editor's topology edits use the same): typed connectivity entries take the bandwidth and
 * energy of their link(s); older formats have one global bandwidth, which on-chip links must then share. Off-chip
 * links of older formats are derived from the DRAM's ports: an edit of theirs is not kept (a `links[*]` axis
 * sets the on-chip bandwidth only).
 */
export function syncTopologySource(accelerator: Accelerator): { ok: true; accelerator: Accelerator } | { ok: false; message: string } {
  const source = accelerator.topology;
  if (source.format === 'stream-typed') {
    const entryLinks = typedEntryLinkIds(source.connectivity);
    const connectivity = source.connectivity.map((entry, i) => {
      const links = entryLinks[i]!.map((id) => accelerator.links[id]).filter((l) => l !== undefined);
      if (links.length === 0) return entry;
      const bw = links[0]!.bandwidth;
      const uec = links[0]!.unitEnergyCost;
      if (links.some((l) => l.bandwidth !== bw || l.unitEnergyCost !== uec)) {
        throw new Error(`core_connectivity[${i}]: its two directions must keep one bandwidth and energy`);
      }
      const fallback = source.unitEnergyCost;
      return { ...entry, bandwidth: bw, unitEnergyCost: entry.unitEnergyCost === null && uec === fallback ? null : uec };
    });
    return { ok: true, accelerator: withTopology(accelerator, { ...source, connectivity }) };
  }
  const onChip = accelerator.links.filter((l) => l.kind === 'link' || l.role === 'declared');
  const bandwidths = new Set(onChip.map((l) => l.bandwidth));
  if (bandwidths.size > 1) {
    return { ok: false, message: `a ${source.format} accelerator has one bandwidth for all its on-chip links; select them all (links[*]) to change it` };
  }
  const bandwidth = bandwidths.size === 1 ? [...bandwidths][0]! : source.bandwidth;
  return { ok: true, accelerator: withTopology(accelerator, { ...source, bandwidth }) };
}

export interface PointInputs {
  readonly accelerator: Accelerator;
  readonly mapping: Mapping;
  readonly options: Readonly<Record<string, unknown>>;
  /** Workload path (from the base, or the point's value of the workload axis). */
  readonly workload: string;
  readonly notes: readonly string[];
}

export type PointBuild = { readonly ok: true; readonly inputs: PointInputs } | { readonly ok: false; readonly message: string };

/** Applies a point's parameters to the base inputs (paths already validated with `validateSweepAxes`). */
export function buildPointInputs(
  def: Pick<SweepDefinition, 'axes' | 'options' | 'costs' | 'workload'>,
  base: { readonly accelerator: Accelerator; readonly mapping: Mapping },
  params: Readonly<Record<string, unknown>>,
): PointBuild {
  const edits: FieldEdit[] = [];
  const optionValues: Record<string, unknown> = {};
  let workload = def.workload;
  for (const axis of def.axes as readonly SweepAxis[]) {
    const value = params[axisLabel(axis)];
    if (axis.kind === 'option') optionValues[axis.option] = value;
    else if (axis.kind === 'workload') workload = String(value);
    else {
      const resolved = resolveFieldPath(base.accelerator, axis.path);
      if (!resolved.ok) return { ok: false, message: `${axis.path}: ${resolved.message}` };
      for (const leaf of resolved.value) edits.push({ path: leaf.path, value });
    }
  }
  const consistent = makeConsistentDesign({ accelerator: base.accelerator, mapping: base.mapping, edits, costs: def.costs });
  if (!consistent.ok) return consistent;
  return { ok: true, inputs: { accelerator: consistent.accelerator, mapping: consistent.mapping, options: pointOptions(def.options, optionValues), workload, notes: consistent.notes } };
}

/**
 * The area a sweep reports for a point, mm²: the accelerator's on-chip area (`hardware/area.ts`: memories from
 * CACTI where costs are automatic, else the file's `area`, plus the operational arrays), or null — shown as
 * missing, never as 0 — when a memory's area is missing (a given `area: 0`).
 */
export function sweepAreaMm2(area: AcceleratorArea | undefined): number | null {
  return area && area.missing.length === 0 ? area.total : null;
}

export { formatConcrete };
