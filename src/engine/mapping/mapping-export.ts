/** Writes a mapping back to YAML (Stream or ZigZag list format). */
import { toYamlText } from '../hardware/fields';
import { spatialMappingToYaml } from '../hardware/spatial';
import type { Mapping, MappingEntry, MappingFormat, TilingEntry } from './types';

const tilingToYaml = (t: readonly TilingEntry[]) => t.map((e) => `${e.dim}, ${e.factor}`);

export function mappingEntryToYamlData(entry: MappingEntry, format: MappingFormat): Record<string, unknown> {
  const out: Record<string, unknown> = { name: entry.name };
  if (format === 'stream') {
    if (entry.coreAllocation) out.core_allocation = [...entry.coreAllocation];
    if (entry.coreAllocationIsFixed !== undefined) out.core_allocation_is_fixed = entry.coreAllocationIsFixed;
    if (entry.interCoreTiling) out.inter_core_tiling = tilingToYaml(entry.interCoreTiling);
    if (entry.intraCoreTiling) out.intra_core_tiling = tilingToYaml(entry.intraCoreTiling);
    if (entry.layerDimensionNames) out.layer_dimension_names = [...entry.layerDimensionNames];
  }
  if (entry.spatialMapping) out.spatial_mapping = spatialMappingToYaml(entry.spatialMapping);
  if (entry.spatialMappingHint) out.spatial_mapping_hint = Object.fromEntries(Object.entries(entry.spatialMappingHint).map(([k, v]) => [k, [...v]]));
  out.memory_operand_links = { ...entry.memoryOperandLinks };
  if (entry.temporalOrdering) out.temporal_ordering = entry.temporalOrdering.map((l) => [l.dim, l.size]);
  return out;
}

/** YAML text of a mapping file; `format` defaults to the one it was read from. */
export function exportMappingYaml(mapping: Mapping, format: MappingFormat = mapping.format): string {
  return toYamlText(mapping.entries.map((e) => mappingEntryToYamlData(e, format)));
}
