/**
 * Memo of layer results: layers (or computation nodes) with the same loop nest, precisions, mapping and
 * options on the same core have the same best mapping, so networks with repeated blocks are searched once
 * per distinct layer shape.
 */
import type { LayerModel } from './layer-model';
import type { CoreSpec, MappingSpec } from './spec';
import type { CostModelOptions, CostModelResult } from './types';

const MAX_ENTRIES_PER_CORE = 5_000;
const cache = new WeakMap<CoreSpec, Map<string, CostModelResult>>();

/** Everything about a layer the cost model depends on, independent of its id and name. */
function layerKey(lm: LayerModel): string {
  return JSON.stringify([
    lm.dims,
    lm.sizes,
    lm.operands,
    lm.rel.map((r) => Array.from(r)),
    lm.relations,
    lm.precision,
    lm.finalPrecision,
    lm.sizeElem,
  ]);
}

export function resultKey(lm: LayerModel, mapping: MappingSpec, options: Partial<CostModelOptions>): string {
  return `${layerKey(lm)}|${JSON.stringify(mapping)}|${JSON.stringify(options)}`;
}

export function cachedResult(core: CoreSpec, key: string): CostModelResult | undefined {
  return cache.get(core)?.get(key);
}

export function storeResult(core: CoreSpec, key: string, result: CostModelResult): void {
  let entries = cache.get(core);
  if (!entries) {
    entries = new Map();
    cache.set(core, entries);
  }
  if (entries.size >= MAX_ENTRIES_PER_CORE) entries.clear();
  entries.set(key, result);
}
