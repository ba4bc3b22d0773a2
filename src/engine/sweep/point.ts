/**
 * One design point: the base inputs with the point's axis values applied and the design made consistent.
 * `makeConsistentDesign` is the single place where "apply axis values and make the design consistent" happens;
 * a point whose design cannot be made consistent is invalid with a message naming the conflict.
 */
import { formatIssue } from '../errors';
import { totalUnitCount } from '../hardware/model';
import { buildTopology } from '../hardware/topology';
import type { Accelerator, Core, SpatialMapping } from '../hardware/types';
import { validateAccelerator } from '../hardware/validate';
import type { Mapping } from '../mapping/types';
import { type CostPolicy, type SweepAxis, type SweepDefinition, axisLabel, pointOptions } from './definition';
import { formatConcrete, resolveFieldPath, setLeaf, type ConcretePath } from './field-path';

export interface FieldEdit {
  readonly path: ConcretePath;
  readonly value: unknown;
}

export interface DesignEdits {
  readonly accelerator: Accelerator;
  readonly mapping: Mapping;
  readonly edits: readonly FieldEdit[];
  readonly costs: CostPolicy;
}

export type ConsistentDesign =
  | { readonly ok: true; readonly accelerator: Accelerator; readonly mapping: Mapping; readonly notes: readonly string[] }
  | { readonly ok: false; readonly message: string };

/**
 * Memory cost model used when costs follow the design (`costs: follow`): given a memory after the edit, its
 * read/write energies and area. Plugged in by the hardware cost model (CACTI table); without one, a point that
 * changes a memory's size or width under `costs: follow` is invalid rather than computed with stale figures.
 */
export type MemoryCostModel = (memory: { readonly memType: string; readonly sizeBits: number; readonly widthBits: number; readonly ports: number }) =>
  | { readonly readCost: number; readonly writeCost: number; readonly area: number }
  | { readonly error: string };

let memoryCostModel: MemoryCostModel | undefined;

/** Installs the cost model that memory edits follow (the hardware cost-model module calls this). */
export function setMemoryCostModel(model: MemoryCostModel | undefined): void {
  memoryCostModel = model;
}

const isArrayDimEdit = (e: FieldEdit) => e.path[0] === 'cores' && e.path[2] === 'array' && e.path[3] === 'dimensions';
const isMemoryShapeEdit = (e: FieldEdit) =>
  e.path[0] === 'cores' && e.path[2] === 'memories' && (e.path[4] === 'size_bits' || (e.path[4] === 'ports' && (e.path[6] === 'bandwidth_max' || e.path[6] === 'bandwidth_min')));

/**
 * Clips a spatial mapping to the array: on each array dimension, the unrolling factors (in file order) are
 * reduced so that their product fits the dimension — each factor becomes the largest divisor of itself that
 * still fits what the earlier factors left (documented in docs/differences.md, "Sweeps").
 */
export function clipSpatialMapping(mapping: SpatialMapping, sizes: ReadonlyMap<string, number>): SpatialMapping {
  const out: Record<string, { loopDim: string; factor: number }[]> = {};
  for (const [dim, unrollings] of Object.entries(mapping)) {
    const size = sizes.get(dim);
    if (size === undefined) {
      out[dim] = unrollings.map((u) => ({ ...u }));
      continue;
    }
    let room = size;
    out[dim] = unrollings.map((u) => {
      let f = Math.min(u.factor, room);
      while (f > 1 && u.factor % f !== 0) f--;
      room = Math.max(1, Math.floor(room / f));
      return { loopDim: u.loopDim, factor: Math.max(1, f) };
    });
  }
  return out;
}

function dimSizes(core: Core): Map<string, number> {
  return new Map(core.operationalArray.dimensions.map((d) => [d.name, d.size]));
}

/** Default consistency rules; the memory-cost part delegates to the installed cost model. */
export function makeConsistentDesign(input: DesignEdits): ConsistentDesign {
  let { accelerator, mapping } = input;
  const notes: string[] = [];
  // Memory costs follow size and width.
  if (input.costs === 'follow') {
    const touched = new Set(input.edits.filter(isMemoryShapeEdit).map((e) => `${e.path[1]}/${e.path[3]}`));
    for (const key of touched) {
      const [ci, mi] = key.split('/').map(Number) as [number, number];
      const level = accelerator.cores[ci]!.memories[mi]!;
      const m = level.instance;
      if (!memoryCostModel) {
        return {
          ok: false,
          message: `memory ${m.name} of core ${accelerator.cores[ci]!.id} changes size or width, but no memory cost model is installed to derive its energies and area (use costs: as_given to keep the file's figures)`,
        };
      }
      const widthBits = Math.max(...m.ports.map((p) => p.bandwidthMax), 0);
      const costs = memoryCostModel({ memType: m.memType, sizeBits: m.sizeBits, widthBits, ports: m.ports.length });
      if ('error' in costs) return { ok: false, message: `memory ${m.name} of core ${accelerator.cores[ci]!.id}: ${costs.error}` };
      accelerator = setLeaf(accelerator, ['cores', ci, 'memories', mi, 'r_cost'], costs.readCost);
      accelerator = setLeaf(accelerator, ['cores', ci, 'memories', mi, 'w_cost'], costs.writeCost);
      accelerator = setLeaf(accelerator, ['cores', ci, 'memories', mi, 'area'], costs.area);
    }
  }
  // Array dimensions: clip the core's dataflows and the mapping's spatial mappings of layers allowed on it.
  const resizedCores = new Set(input.edits.filter(isArrayDimEdit).map((e) => e.path[1] as number));
  if (resizedCores.size > 0) {
    const cores = accelerator.cores.map((core, i) => {
      if (!resizedCores.has(i) || !core.dataflows) return core;
      const clipped = clipSpatialMapping(core.dataflows, dimSizes(core));
      if (JSON.stringify(clipped) !== JSON.stringify(core.dataflows)) notes.push(`core ${core.id}: dataflows clipped to the array`);
      return { ...core, dataflows: clipped };
    });
    accelerator = { ...accelerator, cores };
    const resizedIds = new Set([...resizedCores].map((i) => accelerator.cores[i]!.id));
    const entries = mapping.entries.map((entry) => {
      if (!entry.spatialMapping) return entry;
      const on = entry.coreAllocation ?? [0];
      const affected = on.filter((id) => resizedIds.has(id));
      if (affected.length === 0) return entry;
      // The smallest size of each dimension among the cores the layer may use.
      const sizes = new Map<string, number>();
      for (const id of on) {
        const core = accelerator.cores.find((c) => c.id === id);
        if (!core) continue;
        for (const [d, s] of dimSizes(core)) sizes.set(d, Math.min(sizes.get(d) ?? s, s));
      }
      const clipped = clipSpatialMapping(entry.spatialMapping, sizes);
      if (JSON.stringify(clipped) !== JSON.stringify(entry.spatialMapping)) notes.push(`mapping ${entry.name}: spatial mapping clipped to the array`);
      return { ...entry, spatialMapping: clipped };
    });
    mapping = { ...mapping, entries };
  }
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
  const issues = validateAccelerator(accelerator, '<sweep point>');
  if (issues.length > 0) return { ok: false, message: issues.map(formatIssue).join('; ') };
  return { ok: true, accelerator, mapping, notes };
}

/**
 * Writes edited link figures back into the topology declaration the file format keeps (so that the point's
 * accelerator exports to a file that runs the same): typed connectivity entries take the bandwidth and energy of
 * their link(s); older formats have one global bandwidth, which on-chip links must then share. Off-chip links of
 * older formats are derived from the DRAM's ports and cannot be edited there.
 */
export function syncTopologySource(accelerator: Accelerator): { ok: true; accelerator: Accelerator } | { ok: false; message: string } {
  const source = accelerator.topology;
  if (source.format === 'stream-typed') {
    let next = 0;
    const connectivity = source.connectivity.map((entry, i) => {
      const count = entry.type === 'link' ? (entry.cores.length === 2 ? 2 : 0) : 1;
      const links = accelerator.links.slice(next, next + count);
      next += count;
      if (links.length === 0) return entry;
      const bw = links[0]!.bandwidth;
      const uec = links[0]!.unitEnergyCost;
      if (links.some((l) => l.bandwidth !== bw || l.unitEnergyCost !== uec)) {
        throw new Error(`core_connectivity[${i}]: its two directions must keep one bandwidth and energy`);
      }
      const fallback = source.unitEnergyCost;
      return { ...entry, bandwidth: bw, unitEnergyCost: entry.unitEnergyCost === null && uec === fallback ? null : uec };
    });
    return { ok: true, accelerator: { ...accelerator, topology: { ...source, connectivity } } };
  }
  const onChip = accelerator.links.filter((l) => l.kind === 'link' || l.role === 'declared');
  const derived = accelerator.links.filter((l) => !(l.kind === 'link' || l.role === 'declared'));
  const bandwidths = new Set(onChip.map((l) => l.bandwidth));
  if (bandwidths.size > 1) {
    return { ok: false, message: `a ${source.format} accelerator has one bandwidth for all its on-chip links; select them all (links[*]) to change it` };
  }
  const bandwidth = bandwidths.size === 1 ? [...bandwidths][0]! : source.bandwidth;
  const topology = { ...source, bandwidth };
  // Rebuilt as the importer builds it: off-chip links keep following the DRAM's ports.
  const rebuilt = buildTopology(topology, accelerator.cores, accelerator.offchipCoreId);
  void derived;
  return { ok: true, accelerator: { ...accelerator, topology, links: rebuilt.links, edges: rebuilt.edges } };
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
  let accelerator = base.accelerator;
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
      for (const leaf of resolved.value) {
        accelerator = setLeaf(accelerator, leaf.path, value);
        edits.push({ path: leaf.path, value });
      }
    }
  }
  const consistent = makeConsistentDesign({ accelerator, mapping: base.mapping, edits, costs: def.costs });
  if (!consistent.ok) return consistent;
  return { ok: true, inputs: { accelerator: consistent.accelerator, mapping: consistent.mapping, options: pointOptions(def.options, optionValues), workload, notes: consistent.notes } };
}

/**
 * Area of a design as ZigZag sums it: per compute core, each memory's area × its instance count, plus
 * `unit_area` × the number of operational units. Null (missing) when no memory of a compute core carries an
 * area figure, so a missing figure is never shown as 0.
 */
export function designArea(accelerator: Accelerator): number | null {
  let total = 0;
  let anyMemoryArea = false;
  for (const core of accelerator.cores) {
    if (core.type !== 'compute') continue;
    for (const level of core.memories) {
      if (level.instance.area > 0) anyMemoryArea = true;
      total += level.instance.area * level.unrollCount;
    }
    total += core.operationalArray.unitArea * totalUnitCount(core.operationalArray);
  }
  return anyMemoryArea ? total : null;
}

export { formatConcrete };
