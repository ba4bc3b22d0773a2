import {
  DEFAULT_ENTRY_NAME,
  type Mapping,
  type MappingEntry,
  type ResolvedMappingEntry,
  type TilingEntry,
  type TilingInheritance,
} from './types';

export interface LookupOptions {
  /** Default `reference` (Stream ed4e12ef behaviour); see `TilingInheritance`. */
  readonly tilingInheritance?: TilingInheritance;
}

export function defaultEntry(mapping: Mapping): MappingEntry | undefined {
  return mapping.entries.find((e) => e.name === DEFAULT_ENTRY_NAME);
}

function inherit(
  own: readonly TilingEntry[] | undefined,
  fallback: readonly TilingEntry[] | undefined,
  mode: TilingInheritance,
): readonly TilingEntry[] {
  const missing = own === undefined || (mode === 'reference' && own.length === 0);
  return (missing ? fallback : own) ?? [];
}

/**
 * The mapping entry for a layer, following the reference order: an entry named like the layer, else one
 * named like its operator type, else `default`. Tilings the entry lacks come from the default entry.
 * Returns undefined only when nothing matches and the mapping has no default entry.
 */
export function lookupMappingEntry(
  mapping: Mapping,
  layerName: string,
  opType: string,
  options: LookupOptions = {},
): ResolvedMappingEntry | undefined {
  const mode = options.tilingInheritance ?? 'reference';
  const fallback = defaultEntry(mapping);
  let matchedBy: ResolvedMappingEntry['matchedBy'] = 'name';
  let entry = mapping.entries.find((e) => e.name === layerName);
  if (!entry) {
    matchedBy = 'op_type';
    entry = mapping.entries.find((e) => e.name === opType);
  }
  if (!entry) {
    matchedBy = 'default';
    entry = fallback;
  }
  if (!entry) return undefined;
  if (entry.name === DEFAULT_ENTRY_NAME) matchedBy = 'default';
  return {
    ...entry,
    coreAllocation: entry.coreAllocation ?? [0],
    coreAllocationIsFixed: entry.coreAllocationIsFixed ?? false,
    interCoreTiling: inherit(entry.interCoreTiling, fallback?.interCoreTiling, mode),
    intraCoreTiling: inherit(entry.intraCoreTiling, fallback?.intraCoreTiling, mode),
    matchedBy,
  };
}
