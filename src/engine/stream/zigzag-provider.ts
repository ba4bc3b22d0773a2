/**
 * The real CN cost provider: each CN class is turned into a tile-sized layer and costed on a core with the
 * single-core model (objective latency). Operands that do not fit the core's top memories are given an extra
 * off-chip memory level (a copy of the off-chip core's DRAM) and streamed from it while the CN runs.
 */
import { buildCore, type MemoryLevelSpec } from '../hardware/model';
import type { Core, MemoryOperand } from '../hardware/types';
import type { Layer } from '../workload/types';
import { coreSpec } from '../zigzag/adapters';
import { evaluateLayerOnCore } from '../zigzag/evaluate';
import type { CostModelResult, TemporalMappingType } from '../zigzag/types';
import type { CnGraph, LayerPlan } from './cn-graph';
import { contentHash } from '../content-hash';
import type { CnCostProvider, CostLutEntry } from './cost';
import type { HardwareView } from './hardware-view';
import { resizeLayer } from './layer-resize';

export interface ZigzagProviderOptions {
  readonly lpfLimit: number;
  /** Reproduce the reference: tiles keep the layer's input size; the cost model's own compat mode. */
  readonly compat: boolean;
  /** The 2025 reference: a layer alone in its stack streams every operand from off-chip. */
  readonly aloneInStackStreams: boolean;
  /**
   * The 2025 reference's costing: with an added off-chip level, the mapping minimising `ceil(DRAM bandwidth used
   * / DRAM bandwidth) × latency` is taken (the layer's inter-core split counted as parallel copies), not the
   * fastest; and 2-D convolutions list their loops in its parser's order.
   */
  readonly dramBandwidthObjective?: boolean;
  /**
   * Period of the system clock, ns (default 1). Digital cores run at it; an IMC core's cycles (at its macro's
   * clock period) are converted to system cycles, and its off-chip bandwidths to bits per system cycle.
   */
  readonly systemClockNs?: number;
  /** ZigZag's even or uneven (default) temporal mapping (see `OrderingAllocator`). */
  readonly temporalMappingType?: TemporalMappingType;
  /** SALSA instead of LOMA (iterations, start temperature, seed). */
  readonly salsa?: { readonly iterations: number; readonly temperature: number; readonly seed: number };
}

function salsaOptions(salsa: ZigzagProviderOptions['salsa']) {
  return salsa ? { temporalMapper: 'salsa' as const, salsaIterations: salsa.iterations, salsaTemperature: salsa.temperature, salsaSeed: salsa.seed } : {};
}

/** System cycles per core cycle: 1 for digital cores, tclk / system clock for IMC cores. */
export function coreClockRatio(core: Core, systemClockNs = 1): number {
  const imc = coreSpec(core).imc;
  return imc ? imc.macro.tclkNs / systemClockNs : 1;
}

// 2: off-chip level ports serve only their operands; 2025 mapping objective and loop order.
const PROVIDER_VERSION = 2;

export class ZigzagCostProvider implements CnCostProvider {
  readonly name = 'zigzag';
  private readonly tileLayers = new Map<number, Layer>();
  private readonly coreKeys = new Map<number, string>();

  constructor(
    private readonly hw: HardwareView,
    private readonly options: ZigzagProviderOptions,
  ) {}

  /** System cycles per cycle of a core. */
  clockRatio(coreId: number): number {
    return coreClockRatio(this.hw.core(coreId), this.options.systemClockNs);
  }

  private plan(graph: CnGraph, cn: number): LayerPlan {
    return graph.plans.get(graph.nodes[cn].layerId)!;
  }

  /** The layer restricted to the CN's tile. */
  tileLayer(graph: CnGraph, cn: number): Layer {
    const node = graph.nodes[cn];
    const cached = this.tileLayers.get(node.uniqueIndex);
    if (cached) return cached;
    const layer = this.plan(graph, cn).layer;
    const keepFullInput = this.options.compat && layer.prLoopSizesGiven;
    const prSizes: Record<string, number> = {};
    for (const r of layer.dimRelations) prSizes[r.prDim] = keepFullInput ? layer.prLoopSizes[r.prDim] : node.ranges[r.prDim][1] - node.ranges[r.prDim][0];
    const resized = resizeLayer(layer, node.tileSizes, { prLoopSizes: prSizes, keepPadding: false, name: `${layer.name}#${node.subId}` });
    const tile = this.options.dramBandwidthObjective ? withLoopOrder2025(resized) : resized;
    this.tileLayers.set(node.uniqueIndex, tile);
    return tile;
  }

  private coreKey(coreId: number): string {
    let k = this.coreKeys.get(coreId);
    if (!k) {
      const core = this.hw.core(coreId);
      const offchip = this.hw.core(this.hw.offchipCoreId);
      k = contentHash({ core: { ...core, id: 0, sharedMemoryGroupId: 0, name: '' }, offchip: offchip.memories });
      this.coreKeys.set(coreId, k);
    }
    return k;
  }

  key(graph: CnGraph, cn: number, coreId: number): string {
    const tile = this.tileLayer(graph, cn);
    const plan = this.plan(graph, cn);
    return contentHash({
      v: PROVIDER_VERSION,
      provider: this.name,
      core: this.coreKey(coreId),
      layer: { ...tile, id: 0, name: '', onnx: undefined },
      entry: { spatial: plan.entry.spatialMapping, hint: plan.entry.spatialMappingHint, order: plan.entry.temporalOrdering, links: plan.entry.memoryOperandLinks },
      tooLarge: this.tooLargeOperands(graph, cn, coreId),
      lpf: this.options.lpfLimit,
      compat: this.options.compat,
      alone: this.options.aloneInStackStreams,
      ...(this.options.dramBandwidthObjective ? { dramObjective: plan.tiling.interSplits } : {}),
      // imcCells: entries carry the cells fill (IMC weight rewrites once per turn).
      ...(this.hw.core(coreId).operationalArray.imc ? { systemClockNs: this.options.systemClockNs ?? 1, imcCells: 1 } : {}),
      ...(this.options.salsa ? { salsa: this.options.salsa } : {}),
      // Only when set, so that the keys of LUT entries stored before the option existed stay valid.
      ...(this.options.temporalMappingType === 'even' ? { temporalMapping: 'even' } : {}),
    });
  }

  /** Memory operands the CN cannot keep in the core's top memories (the reference's capacity check). */
  tooLargeOperands(graph: CnGraph, cn: number, coreId: number): MemoryOperand[] {
    const plan = this.plan(graph, cn);
    const layer = plan.layer;
    if (this.options.aloneInStackStreams && graph.stacks[plan.stackIndex]?.length === 1) {
      // Every memory operand of the links, in their order (O, I, W → O, I1, I2), as the reference returns them.
      return [...new Set(Object.values(plan.entry.memoryOperandLinks) as MemoryOperand[])];
    }
    const tile = this.tileLayer(graph, cn);
    const core = this.hw.core(coreId);
    const node = graph.nodes[cn];
    const layerOpOf = (memOp: MemoryOperand) => layer.operands.find((o) => plan.memoryOperandOf[o] === memOp);
    const bitsOf = (op: string): number => {
      const own = tile.operandSizeBits[op] ?? 0;
      if (op === layer.outputOperand || layer.constantOperands.includes(op)) return own;
      const inEdges = graph.inEdges[node.index].map((e) => graph.edges[e]).filter((e) => e.operand === op);
      const fromEdges = inEdges.length > 0 ? inEdges.reduce((s, e) => s + e.bits, 0) : own;
      return Math.max(fromEdges, own);
    };
    const result: MemoryOperand[] = [];
    const tops = [...new Set((['I1', 'I2', 'O'] as const).map((op) => core.hierarchy[op].at(-1)).filter((l) => l !== undefined))];
    for (const top of tops) {
      const held = top.operands.filter((m) => layerOpOf(m) !== undefined);
      const need = new Map(held.map((m) => [m, bitsOf(layerOpOf(m)!)]));
      const capacity = top.instance.sizeBits;
      const total = [...need.values()].reduce((s, x) => s + x, 0);
      if (total <= capacity) continue;
      const sorted = [...need.entries()].sort((a, b) => a[1] - b[1]).map(([m]) => m);
      let kept = sorted.length;
      while (kept > 0 && sorted.slice(0, kept).reduce((s, m) => s + need.get(m)!, 0) > capacity) kept--;
      const unrolled = (m: MemoryOperand) => {
        const lowest = core.hierarchy[m][0];
        return lowest ? lowest.instance.sizeBits * lowest.unrollCount : 0;
      };
      while (kept > 0 && kept < sorted.length) {
        const rest = capacity - sorted.slice(0, kept).reduce((s, m) => s + need.get(m)!, 0);
        const required = Math.round(sorted.slice(kept).reduce((s, m) => s + unrolled(m), 0));
        if (rest >= required) break;
        kept--;
      }
      result.push(...sorted.slice(kept));
    }
    return result;
  }

  /** A copy of the core with the off-chip DRAM added as top level for the too-large operands. */
  coreWithOffchip(coreId: number, tooLarge: readonly MemoryOperand[]): Core {
    const core = this.hw.core(coreId);
    if (tooLarge.length === 0) return core;
    const dram = this.hw.core(this.hw.offchipCoreId).memories[0];
    const specs: MemoryLevelSpec[] = core.memories.map((m) => ({ instance: m.instance, operands: m.operands, servedDimensions: m.servedDimensions }));
    specs.push({ instance: dram.instance, operands: tooLarge, servedDimensions: dram.servedDimensions });
    return buildCore({
      id: core.id,
      name: core.name,
      type: core.type,
      operationalArray: core.operationalArray,
      memories: specs,
      ...(core.dataflows ? { dataflows: core.dataflows } : {}),
      sharedMemoryGroupId: core.sharedMemoryGroupId,
      format: core.format,
    });
  }

  evaluate(graph: CnGraph, cn: number, coreId: number, signal?: AbortSignal): CostLutEntry {
    const plan = this.plan(graph, cn);
    const tile = this.tileLayer(graph, cn);
    const tooLarge = this.tooLargeOperands(graph, cn, coreId);
    const core = this.coreWithOffchip(coreId, tooLarge);
    const objective = this.options.dramBandwidthObjective && tooLarge.length > 0 ? { objective: 'dram-bandwidth-latency' as const, parallelNodes: plan.tiling.interSplits } : { objective: 'latency' as const };
    const result = evaluateLayerOnCore(tile, core, plan.entry, { lpfLimit: this.options.lpfLimit, ...objective, compat: this.options.compat ? 'reference' : 'default', ...salsaOptions(this.options.salsa), temporalMappingType: this.options.temporalMappingType ?? 'uneven' }, signal ? { signal } : {});
    return onSystemClock(toLutEntry(result, plan, tile, tooLarge, this.hw), this.clockRatio(coreId));
  }
}

/** A cost entry counted in core cycles re-expressed in system cycles (ratio = system cycles per core cycle). */
export function onSystemClock(entry: CostLutEntry, ratio: number): CostLutEntry {
  if (ratio === 1) return entry;
  const perCycle = (bw: number) => bw / ratio;
  return {
    ...entry,
    latencyTotal0: entry.latencyTotal0 * ratio,
    latencyTotal1: entry.latencyTotal1 * ratio,
    latencyTotal2: Math.ceil(entry.latencyTotal2 * ratio),
    offchipReadBw: Object.fromEntries(Object.entries(entry.offchipReadBw).map(([op, bw]) => [op, perCycle(bw!)])),
    offchipWriteBw: perCycle(entry.offchipWriteBw),
    ...(entry.imc?.cellsFill ? { imc: { ...entry.imc, cellsFill: { ...entry.imc.cellsFill, residentLatencyTotal2: Math.ceil(entry.imc.cellsFill.residentLatencyTotal2 * ratio) } } } : {}),
  };
}

function toLutEntry(result: CostModelResult, plan: LayerPlan, tile: Layer, tooLarge: readonly MemoryOperand[], hw: HardwareView): CostLutEntry {
  let offchipEnergy = 0;
  const offchipReadBw: Partial<Record<MemoryOperand, number>> = {};
  let offchipWriteBw = 0;
  const dram = hw.core(hw.offchipCoreId).memories[0];
  const dramBw = Math.max(...dram.instance.ports.map((p) => p.bandwidthMax), 1);
  const cycles = Math.max(1, result.latencyTotal0);
  for (const memOp of tooLarge) {
    for (const op of tile.operands) {
      if (plan.memoryOperandOf[op] !== memOp) continue;
      const levels = result.operandLevels[op];
      const top = levels?.[levels.length - 1];
      if (!top) continue;
      offchipEnergy += top.energy;
      const port = (dir: 'tl' | 'fl') => {
        const name = dram.portAllocation[memOp]?.[dir];
        return dram.instance.ports.find((p) => p.name === name)?.bandwidthMax ?? dramBw;
      };
      if (memOp === 'O') offchipWriteBw = Math.min(dramBw, (top.wordAccesses.fl * port('fl')) / cycles);
      else offchipReadBw[memOp] = Math.min(dramBw, (top.wordAccesses.tl * port('tl')) / cycles);
    }
  }
  return {
    latencyTotal0: result.latencyTotal0,
    latencyTotal1: result.latencyTotal1,
    latencyTotal2: result.latencyTotal2,
    energyTotal: result.energyTotal,
    macEnergy: result.macEnergy,
    offchipEnergy,
    tooLargeOperands: [...tooLarge],
    offchipReadBw,
    offchipWriteBw,
    spatialUtilisation: result.macSpatialUtilization,
    ...(result.imc
      ? {
          imc: {
            tclkNs: result.imc.tclkNs,
            coreCycles: result.latencyTotal2,
            ...(result.imc.cellsFill
              ? { cellsFill: { memOp: result.imc.cellsFill.memOp as MemoryOperand, energyPj: result.imc.cellsFill.energyPj, residentLatencyTotal2: result.latencyTotal2 - result.imc.cellsFill.cycles } }
              : {}),
          },
        }
      : {}),
  };
}

/**
 * The 2025 reference's ONNX parser lists a 2-D convolution's loops as B, K, G, OX, C, FX, OY, FY (the 1-D loops
 * first); the order decides which loop's prime factors the temporal mapping search merges first on ties.
 */
const CONV_LOOP_ORDER_2025 = ['B', 'K', 'G', 'OX', 'C', 'FX', 'OY', 'FY'];
function withLoopOrder2025(layer: Layer): Layer {
  const dims = layer.loopDims;
  if (dims.length !== CONV_LOOP_ORDER_2025.length || !CONV_LOOP_ORDER_2025.every((d) => dims.includes(d))) return layer;
  return { ...layer, loopDims: CONV_LOOP_ORDER_2025 };
}
