/**
 * Public entry points: the best mapping of one layer on one core, and a whole workload on one core with
 * totals summed over layers (as ZigZag's get_hardware_performance_zigzag reports them).
 */
import { unwrap } from '../errors';
import { CACTI_TABLE } from '../hardware/cacti-table';
import { resolveCoreMemoryCosts } from '../hardware/memory-costs';
import type { Core } from '../hardware/types';
import { lookupMappingEntry } from '../mapping/lookup';
import type { Mapping, MappingEntry } from '../mapping/types';
import { isLayer, type Layer, type Workload } from '../workload/types';
import { coreSpec, DEFAULT_MAPPING_SPEC, mappingSpec } from './adapters';
import { cutCore, dataLocalityCuts } from './data-locality';
import { layerModel } from './layer-model';
import { buildResult } from './result';
import { cachedResult, resultKey, storeResult } from './result-cache';
import { searchLayer } from './search';
import type { CoreSpec, MappingSpec } from './spec';
import type { CostModelHooks, CostModelOptions, CostModelResult } from './types';

function effectiveMapping(core: Core, entry: MappingEntry | undefined): MappingSpec {
  const base = entry ? mappingSpec(entry) : DEFAULT_MAPPING_SPEC;
  if (!core.dataflows) return base;
  // A core's own dataflow fixes its spatial mapping (Stream semantics).
  const spatial = Object.fromEntries(
    Object.entries(core.dataflows).map(([oa, list]) => [oa, list.map((u) => [u.loopDim, u.factor] as const)]),
  );
  return { ...base, spatial };
}

/**
 * Best mapping of `layer` on `core` for the objective. Throws LayerMappingError when the layer cannot be
 * mapped (the message names the layer, the core and the reason) and the signal's reason when aborted.
 */
export function evaluateLayerOnCore(
  layer: Layer,
  core: Core,
  entry: MappingEntry | undefined,
  options: Partial<CostModelOptions> = {},
  hooks: CostModelHooks = {},
): CostModelResult {
  return evaluateLayerOnSpec(layer, coreSpec(core), effectiveMapping(core, entry), options, hooks);
}

/** Best mapping of a layer on a normalised core; results are memoised per distinct layer shape. */
export function evaluateLayerOnSpec(
  layer: Layer,
  core: CoreSpec,
  mapping: MappingSpec,
  options: Partial<CostModelOptions> = {},
  hooks: CostModelHooks = {},
): CostModelResult {
  const key = resultKey(layerModel(layer), mapping, options);
  const hit = cachedResult(core, key);
  if (hit) {
    hooks.onProgress?.(1, 1);
    return { ...hit, layerId: layer.id, layerName: layer.name, fromCache: true };
  }
  const result = buildResult(searchLayer(layer, core, mapping, options, hooks));
  storeResult(core, key, result);
  return result;
}

/** Operator types an in-memory-computing core does not run (they have no weights to keep in the cells). */
export const IMC_SKIPPED_OPERATORS: ReadonlySet<string> = new Set(['Pooling', 'Add']);

export interface WorkloadCostResult {
  readonly energyTotal: number;
  readonly macEnergy: number;
  readonly memEnergy: number;
  readonly latencyTotal0: number;
  readonly latencyTotal1: number;
  readonly latencyTotal2: number;
  readonly idealCycle: number;
  readonly idealTemporalCycle: number;
  readonly onloadingCycles: number;
  readonly offloadingCycles: number;
  /** Temporal mappings evaluated by the searches (layers served from the memo count their original search). */
  readonly temporalMappingsEvaluated: number;
  /** Layers whose result came from the memo of an identical layer. */
  readonly layersFromCache: number;
  /** IMC cores: clock period (ns) and area (mm²) of the core; layers skipped (Pooling, Add). */
  readonly imc?: { readonly tclkNs: number; readonly areaMm2: number; readonly skippedLayers: readonly string[] };
  readonly layers: readonly CostModelResult[];
}

export interface WorkloadCostHooks {
  /** Called after each layer with the number of layers done and the total. */
  onLayer?(done: number, total: number, result: CostModelResult): void;
  signal?: AbortSignal;
}

/** Every layer of the workload (dependency-only nodes are free) on one core, with summed totals. */
export function evaluateWorkload(
  workload: Workload,
  core: Core,
  mapping: Mapping,
  options: Partial<CostModelOptions> = {},
  hooks: WorkloadCostHooks = {},
): WorkloadCostResult {
  // Memories with automatic costs take CACTI's figures (as ZigZag's MemoryInstance does when it is built).
  core = unwrap(resolveCoreMemoryCosts(core, CACTI_TABLE, { file: core.name }));
  const spec = coreSpec(core);
  // An IMC array computes MACs only: ZigZag skips the Pooling and Add layers of a workload file on it.
  const layers = workload.nodes.filter(isLayer).filter((l) => !(spec.imc && IMC_SKIPPED_OPERATORS.has(l.operatorType)));
  const mappingOf = (layer: Layer) => effectiveMapping(core, lookupMappingEntry(mapping, layer.name, layer.operatorType));
  // ZigZag switches data locality on with mixed spatial mapping generation as well.
  const locality = options.exploitDataLocality || options.enableMixSpatialMapping;
  const cuts = locality ? dataLocalityCuts(workload, spec, mappingOf) : undefined;
  const results: CostModelResult[] = [];
  for (const layer of layers) {
    const cut = cuts?.get(layer.id);
    const layerCore = cut ? cutCore(spec, cut) : spec;
    const result = evaluateLayerOnSpec(layer, layerCore, mappingOf(layer), options, hooks.signal ? { signal: hooks.signal } : {});
    results.push(result);
    hooks.onLayer?.(results.length, layers.length, result);
  }
  const sum = (f: (r: CostModelResult) => number) => results.reduce((a, r) => a + f(r), 0);
  return {
    energyTotal: sum((r) => r.energyTotal),
    macEnergy: sum((r) => r.macEnergy),
    memEnergy: sum((r) => r.memEnergy),
    latencyTotal0: sum((r) => r.latencyTotal0),
    latencyTotal1: sum((r) => r.latencyTotal1),
    latencyTotal2: sum((r) => r.latencyTotal2),
    idealCycle: sum((r) => r.idealCycle),
    idealTemporalCycle: sum((r) => r.idealTemporalCycle),
    onloadingCycles: sum((r) => r.onloadingCycles),
    offloadingCycles: sum((r) => r.offloadingCycles),
    temporalMappingsEvaluated: sum((r) => r.temporalMappingsEvaluated),
    layersFromCache: results.filter((r) => r.fromCache).length,
    ...(spec.imc
      ? {
          imc: {
            tclkNs: spec.imc.macro.tclkNs,
            areaMm2: spec.imc.totalAreaMm2,
            skippedLayers: workload.nodes.filter(isLayer).filter((l) => IMC_SKIPPED_OPERATORS.has(l.operatorType)).map((l) => l.name),
          },
        }
      : {}),
    layers: results,
  };
}
