/** Semantic checks on a mapping, optionally against an accelerator and the layers of a workload. */
import type { InputIssue } from '../errors';
import { formatPath, type FieldPath } from '../hardware/fields';
import type { Accelerator } from '../hardware/types';
import { DEFAULT_ENTRY_NAME, type Mapping, type MappingEntry } from './types';

/** What the mapping needs to know about a layer (a subset of the workload's Layer). */
export interface MappedLayerInfo {
  readonly name: string;
  readonly operatorType: string;
  readonly loopDims: readonly string[];
}

export interface MappingContext {
  /** Core allocations must name compute cores of this accelerator. */
  readonly accelerator?: Accelerator;
  /** The workload's layers: loop dimensions named by the mapping are checked against them. */
  readonly layers?: readonly MappedLayerInfo[];
}

export interface MappingCheck {
  /** Problems that make the mapping unusable. */
  readonly errors: InputIssue[];
  /**
   * Things the reference silently tolerates: dimensions of an op-type or default entry that no matching layer
   * has (the reference drops such tiling loops), entries that match no layer.
   */
  readonly warnings: InputIssue[];
}

/** Every loop dimension the entry names, with the field path where it is named. */
function namedDims(entry: MappingEntry, i: number): [FieldPath, string][] {
  const out: [FieldPath, string][] = [];
  entry.interCoreTiling?.forEach((t, j) => out.push([[i, 'inter_core_tiling', j], t.dim]));
  entry.intraCoreTiling?.forEach((t, j) => out.push([[i, 'intra_core_tiling', j], t.dim]));
  for (const [oaDim, list] of Object.entries(entry.spatialMapping ?? {})) list.forEach((u, j) => out.push([[i, 'spatial_mapping', oaDim, j], u.loopDim]));
  entry.temporalOrdering?.forEach((l, j) => {
    if (l.dim !== '*') out.push([[i, 'temporal_ordering', j], l.dim]);
  });
  return out;
}

export function checkMapping(mapping: Mapping, file = '<editor>', context: MappingContext = {}): MappingCheck {
  const errors: InputIssue[] = [];
  const warnings: InputIssue[] = [];
  const issue = (path: FieldPath, expected: string, found?: unknown): InputIssue => ({
    file,
    field: formatPath(path),
    expected,
    ...(found !== undefined ? { found: String(found) } : {}),
  });
  const { accelerator, layers } = context;
  const names = new Set<string>();
  mapping.entries.forEach((entry, i) => {
    if (names.has(entry.name)) errors.push(issue([i, 'name'], 'a name used by one entry only', entry.name));
    names.add(entry.name);
    entry.coreAllocation?.forEach((id, j) => {
      const path = [i, 'core_allocation', j];
      if (!Number.isInteger(id) || id < 0) errors.push(issue(path, 'a non-negative integer core id', id));
      else if (accelerator) {
        const core = accelerator.cores[id];
        if (!core) errors.push(issue(path, `the id of a core of accelerator ${accelerator.name} (0..${accelerator.cores.length - 1})`, id));
        else if (id === accelerator.offchipCoreId || core.type === 'memory') errors.push(issue(path, `a compute core (core ${id} is the off-chip/memory core)`, id));
      }
    });
    for (const [key, tiling] of [['inter_core_tiling', entry.interCoreTiling], ['intra_core_tiling', entry.intraCoreTiling]] as const) {
      tiling?.forEach((t, j) => {
        if (typeof t.factor === 'number' && (!Number.isInteger(t.factor) || t.factor < 1)) errors.push(issue([i, key, j], 'a tiling factor ≥ 1 (or all, *)', t.factor));
      });
    }
    for (const [oaDim, list] of Object.entries(entry.spatialMapping ?? {})) {
      list.forEach((u, j) => {
        if (!Number.isInteger(u.factor) || u.factor < 1) errors.push(issue([i, 'spatial_mapping', oaDim, j], 'an unrolling factor ≥ 1', u.factor));
      });
    }
    if (!layers) return;
    const byName = layers.filter((l) => l.name === entry.name);
    const byType = layers.filter((l) => l.operatorType === entry.name);
    const isDefault = entry.name === DEFAULT_ENTRY_NAME;
    if (byName.length === 0 && byType.length === 0 && !isDefault) {
      warnings.push(issue([i, 'name'], 'the name or operator type of a layer of the workload', entry.name));
      return;
    }
    const targets = byName.length > 0 ? byName : byType.length > 0 ? byType : layers;
    const dims = new Set(targets.flatMap((l) => l.loopDims));
    const list = [...dims].sort().join(', ');
    for (const [path, dim] of namedDims(entry, i)) {
      if (dims.has(dim)) continue;
      if (byName.length > 0) errors.push(issue(path, `a loop dimension of layer ${entry.name} (${list})`, dim));
      else warnings.push(issue(path, `a loop dimension of the ${isDefault ? 'workload' : `${entry.name} layers`} (${list}); the reference ignores it`, dim));
    }
  });
  if (!names.has(DEFAULT_ENTRY_NAME)) errors.push(issue([], 'an entry named "default"', [...names].join(', ') || 'no entries'));
  return { errors, warnings };
}

/** The errors of `checkMapping` (what makes a mapping invalid). */
export function validateMapping(mapping: Mapping, file = '<editor>', context: MappingContext = {}): InputIssue[] {
  return checkMapping(mapping, file, context).errors;
}
