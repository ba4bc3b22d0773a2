/** Reading and writing `"K, 32"`-style unrolling lists (core `dataflows`, mapping `spatial_mapping`). */
import type { FieldPath, FieldReader } from './fields';
import type { SpatialMapping, SpatialUnrolling } from './types';

export const ARRAY_DIM_PATTERN = /^D\d+$/;
/** A loop dimension name (K, C, OX, …), as an unrolling names it. */
export const LOOP_DIM_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
const UNROLLING_PATTERN = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*,\s*(\d+)\s*$/;

/** Parses `"K, 32"` (or `[K, 32]`) into an unrolling. */
export function parseUnrolling(reader: FieldReader, value: unknown, path: FieldPath): SpatialUnrolling | undefined {
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && Number.isInteger(value[1])) {
    return { loopDim: value[0], factor: value[1] as number };
  }
  const m = typeof value === 'string' ? UNROLLING_PATTERN.exec(value) : null;
  if (!m) {
    reader.report(path, 'an unrolling "<loop dim>, <factor>" such as "K, 32"', value);
    return undefined;
  }
  return { loopDim: m[1]!, factor: Number(m[2]) };
}

/** Parses `{D1: ["K, 32"], D2: [...]}`. */
export function parseSpatialMapping(reader: FieldReader, value: unknown, path: FieldPath): SpatialMapping | undefined {
  const obj = reader.map(value, path, 'a mapping of array dimensions (D1, D2, ...) to unrolling lists');
  if (!obj) return undefined;
  const result: Record<string, SpatialUnrolling[]> = {};
  for (const [dim, list] of Object.entries(obj)) {
    if (!ARRAY_DIM_PATTERN.test(dim)) {
      reader.report([...path, dim], 'an array dimension name D1, D2, ...', `key ${JSON.stringify(dim)}`, true);
      continue;
    }
    // A single "K, 32" string instead of a one-element list is accepted.
    const items = typeof list === 'string' ? [list] : reader.list(list, [...path, dim], 'a list of unrollings such as ["K, 32"]');
    if (!items) continue;
    const unrollings: SpatialUnrolling[] = [];
    items.forEach((item, i) => {
      const u = parseUnrolling(reader, item, [...path, dim, i]);
      if (u) unrollings.push(u);
    });
    result[dim] = unrollings;
  }
  return result;
}

export function unrollingToYaml(u: SpatialUnrolling): string {
  return `${u.loopDim}, ${u.factor}`;
}

export function spatialMappingToYaml(mapping: SpatialMapping): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [dim, list] of Object.entries(mapping)) out[dim] = list.map(unrollingToYaml);
  return out;
}
