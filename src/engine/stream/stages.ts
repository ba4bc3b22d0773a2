/**
 * The stages of a Stream pipeline under the names of Stream's stages documentation (the names of later reference
 * versions are exported as aliases).
 * Each stage reads what it needs from the context, adds its product and runs the stages after it.
 */
import { InputError, unwrap } from '../errors';
import { CACTI_TABLE } from '../hardware/cacti-table';
import { loadAcceleratorFile } from '../hardware/io';
import { resolveMemoryCosts } from '../hardware/memory-costs';
import type { Accelerator } from '../hardware/types';
import { loadMappingFile } from '../mapping/io';
import type { Mapping } from '../mapping/types';
import { loadWorkloadFile } from '../workload/io';
import { parseOnnxWorkload, splitOnnxModelByWeights } from '../workload';
import { layerWeightCapacity } from './weight-capacity';
import type { Workload } from '../workload/types';
import { buildAllocationProblem, evaluateGenome, type Evaluation } from './allocation';
import { genomeFromStoredAllocation } from './stored-allocation';
import { buildCnGraph, type SplitRounding } from './cn-graph';
import { fillCostTable } from './cost';
import { StreamCostModelEvaluation } from './evaluation';
import { runGeneticAlgorithm, type GaResult } from './ga';
import { GaWorkerPool, problemInit } from './ga-pool';
import { CO_VARIANTS, rankCandidates, solveCoAllocation, type CoResult } from './co-allocation';
import { MilpWorker } from './co-pool';
import type { AllocationSolveRecord } from '../results/types';
import { HardwareView, topLevel } from './hardware-view';
import { JsonFileCostLut, readModelBytes, writeModelBytes } from './io';
import { computeLayerStacks, planLayerStacks, stackRule } from './layer-stacks';
import { automaticLayerStacks, describeStacks, type LayerStackPlan } from './auto-stacks';
import { AUTO_CANDIDATE_MAX_LAYERS, ruleCandidates } from './stack-candidates';
import { splitLargeLayers } from './layer-splitting';
import { INPUT_OPTION_KEYS, isReferenceCompat, layerCompat, type StreamOptions } from './options';
import { withReferenceTopology } from './reference-topology';
import type { ReferenceEra, SchedulerFeatures } from './scheduler/types';
import { ScheduleError } from './scheduler/memory-manager';
import { Stage, type StageContext, type StageYield } from './stage';
import { ZigzagCostProvider } from './zigzag-provider';
import { yieldToEventLoop } from './yield';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Reads the accelerator (a YAML path or an Accelerator object) and precomputes its memories and routes. */
export class AcceleratorParserStage extends Stage {
  async *run() {
    this.progress(0, 'reading the accelerator');
    const given = this.ctx.accelerator ?? this.ctx.options.accelerator;
    let accelerator: Accelerator;
    if (typeof given === 'string') accelerator = unwrap(loadAcceleratorFile(given));
    else if (isObject(given) && Array.isArray(given.cores)) accelerator = given as unknown as Accelerator;
    else throw new Error('AcceleratorParserStage needs `accelerator`: a YAML file path or an Accelerator');
    // Memories with automatic costs take CACTI's figures for their current size, width and ports.
    accelerator = unwrap(resolveMemoryCosts(accelerator, CACTI_TABLE, typeof given === 'string' ? given : accelerator.name));
    if (referenceSwitches(this.ctx.options, accelerator).referenceTopology) accelerator = withReferenceTopology(accelerator);
    yield* this.runSubStages({ ...this.ctx, accelerator, hw: new HardwareView(accelerator) });
  }
}

/** Reads the workload (ONNX or YAML; path or object) and the mapping. A second run keeps what is parsed. */
export class StreamONNXModelParserStage extends Stage {
  async *run() {
    this.progress(1, 'reading the workload and mapping');
    const { options } = this.ctx;
    let workload = this.ctx.workload;
    if (!workload) {
      const given = options.workload ?? options.workload_path;
      if (typeof given === 'string') workload = unwrap(await loadWorkloadFile(given, { flavour: 'stream', compat: layerCompat(options.compat) }));
      else if (isObject(given) && Array.isArray(given.nodes)) workload = given as unknown as Workload;
      else throw new Error('StreamONNXModelParserStage needs `workload_path` (ONNX or YAML) or a `workload` object');
    }
    let mapping = this.ctx.mapping;
    if (!mapping) {
      const given = options.mapping ?? options.mapping_path;
      if (typeof given === 'string') mapping = unwrap(loadMappingFile(given));
      else if (isObject(given) && Array.isArray(given.entries)) mapping = given as unknown as Mapping;
      else throw new Error('StreamONNXModelParserStage needs `mapping_path` or a `mapping` object');
    }
    this.ctx.warnings.push(...workload.warnings.filter((w) => !this.ctx.warnings.includes(w)));
    yield* this.runSubStages({ ...this.ctx, workload, mapping });
  }
}
export { StreamONNXModelParserStage as ONNXModelParserStage };

/**
 * Splits layers whose weights do not fit the weight memory of their cores along K into several layers joined
 * by a Concat node (halving the capacity with `split_W_double_buffered`). The split workload replaces the
 * parsed one; a following model parser stage keeps it.
 */
export class LayerSplittingStage extends Stage {
  static override readonly requires = ['hw', 'mapping'] as const satisfies readonly (keyof StageContext)[];

  async *run() {
    const hw = this.require('hw');
    const mapping = this.require('mapping');
    const { options } = this.ctx;
    const source = typeof options.workload === 'string' ? options.workload : options.workload_path;
    if (source && /\.onnx$/i.test(source)) {
      // As in Stream: split the ONNX model, write it, and let the next model parser stage read it.
      const split = unwrap(
        splitOnnxModelByWeights(readModelBytes(source), source, {
          flavour: 'stream',
          weightCapacityBits: layerWeightCapacity(this.require('accelerator'), mapping),
          doubleBuffered: options.split_W_double_buffered,
          partition: isReferenceCompat(options.compat) ? 'divisor' : 'balanced',
        }),
      );
      this.ctx.warnings.push(...split.warnings, ...split.splits.map((x) => `${x.node} split in ${x.parts} along K: its weights do not fit the weight memory`));
      const target = options.split_onnx_model_path;
      if (target && split.splits.length > 0) {
        writeModelBytes(target, split.bytes);
        yield* this.runSubStages({ ...this.ctx, workload: undefined, options: { ...options, workload: undefined, workload_path: target } });
        return;
      }
      const workload = split.splits.length > 0 ? unwrap(parseOnnxWorkload(split.bytes, source, { flavour: 'stream', compat: layerCompat(options.compat) })) : this.require('workload');
      yield* this.runSubStages({ ...this.ctx, workload });
      return;
    }
    if (options.split_onnx_model_path !== undefined) {
      throw InputError.single('<options>', 'split_onnx_model_path', 'an ONNX workload given by its path (workload_path) to split and write as ONNX', source ?? 'an in-memory or YAML workload');
    }
    const { workload, splits } = splitLargeLayers(this.require('workload'), mapping, hw, options.split_W_double_buffered, isReferenceCompat(options.compat) ? 'divisor' : 'balanced');
    this.ctx.warnings.push(...splits.map((x) => `${x.layerName} split in ${x.factor} along K: its weights do not fit the weight memory`));
    yield* this.runSubStages({ ...this.ctx, workload, layerSplits: splits });
  }
}

function totalWeightCapacity(hw: HardwareView): number {
  return hw.computeCoreIds().reduce((s, id) => s + (topLevel(hw.core(id), 'I2')?.instance.sizeBits ?? 0), 0);
}

function minWeightCapacity(hw: HardwareView): number {
  const caps = hw.computeCoreIds().map((id) => topLevel(hw.core(id), 'I2')?.instance.sizeBits ?? 0).filter((c) => c > 0);
  return caps.length > 0 ? Math.min(...caps) : 0;
}

type StackTrial = NonNullable<LayerStackPlan['candidates']>[number];

/**
 * Groups layers into stacks: one layer per stack (`lbl`), or fused stacks (given, cutoffs or automatic). Adds
 * `layerStacks` and `layerStackPlan` (the stacks and why each cut is where it is). Automatic stacks of a small
 * network (≤ AUTO_CANDIDATE_MAX_LAYERS layers) run the rest of the pipeline once per rule candidate with the
 * run's own allocation and keep the fastest; with `stacks: "search"` it runs more candidates with a cheap GA.
 */

export class LayerStacksGenerationStage extends Stage {
  static override readonly requires = ['hw', 'workload', 'mapping'] as const satisfies readonly (keyof StageContext)[];

  async *run() {
    const hw = this.require('hw');
    const workload = this.require('workload');
    const mapping = this.require('mapping');
    const { options } = this.ctx;
    const plan = planLayerStacks(workload, options, hw, mapping, totalWeightCapacity(hw));
    if (plan.rule === 'auto' && stackRule(options) === 'search') {
      yield* this.search(plan);
      return;
    }
    const layerCount = workload.nodes.filter((n) => n.kind === 'layer').length;
    if (plan.rule === 'auto' && layerCount > 1 && layerCount <= AUTO_CANDIDATE_MAX_LAYERS) {
      // A small network: schedule the rule's candidate cut sets with the run's own allocation, keep the fastest.
      const candidates = ruleCandidates({ workload, mapping, hw, options });
      if (candidates.length > 1) {
        // The constraint optimisation's time limit is shared among the candidates and the final run.
        const co = options.allocation === 'co' || options.allocation === 'co+ga';
        const runOptions: StreamOptions = co ? { ...options, allocation: 'co', co_time_limit_s: options.co_time_limit_s / (candidates.length + 1) } : options;
        const { tried, best } = await this.evaluate(candidates, runOptions, 'stacks: auto');
        const finalOptions: StreamOptions = co ? { ...options, co_time_limit_s: runOptions.co_time_limit_s } : options;
        yield* this.runSubStages({ ...this.ctx, options: finalOptions, layerStacks: best.stacks, layerStackPlan: { ...best, rule: 'auto', candidates: tried } });
        return;
      }
    }
    if (plan.rule !== 'auto') {
      yield* this.runSubStages({ ...this.ctx, layerStacks: plan.stacks, layerStackPlan: plan });
      return;
    }
    // The rule sizes tiles before any schedule exists; should its plan still not fit the memories, the stricter
    // working set (every core alone) and then layer by layer are tried before giving up.
    const fallbacks: [string, () => LayerStackPlan][] = [
      ['the working set on one core', () => automaticLayerStacks({ workload, mapping, hw, options, workingSet: 'core' })],
      ['layer by layer', () => describeStacks(workload, computeLayerStacks(workload, { ...options, mode: 'lbl' }, totalWeightCapacity(hw)), 'lbl')],
    ];
    let current = plan;
    for (;;) {
      let yielded = false;
      try {
        for await (const y of this.runSubStages({ ...this.ctx, layerStacks: current.stacks, layerStackPlan: current })) {
          yielded = true;
          yield y;
        }
        return;
      } catch (error) {
        if (yielded || !(error instanceof ScheduleError)) throw error;
        let next: LayerStackPlan | undefined;
        let label = '';
        while (!next && fallbacks.length > 0) {
          const [name, make] = fallbacks.shift()!;
          const p = make();
          if (JSON.stringify(p.stacks) !== JSON.stringify(current.stacks)) [next, label] = [p, name];
        }
        if (!next) throw error;
        this.ctx.warnings.push(`automatic stacks ${JSON.stringify(current.stacks)} are infeasible (${error.message}); trying ${label}`);
        current = { ...next, rule: 'auto' };
      }
    }
  }

  /**
   * Runs the rest of the pipeline once per candidate (progress hooks silenced, cancel kept) and returns every
   * candidate's latency and energy and the fastest plan (then the least energy; the first on a tie).
   */
  private async evaluate(candidates: readonly { label: string; plan: LayerStackPlan }[], runOptions: StreamOptions, what: string): Promise<{ tried: StackTrial[]; best: LayerStackPlan }> {
    const tried: StackTrial[] = [];
    let best: { plan: LayerStackPlan; latency: number; energy: number } | undefined;
    for (const [i, c] of candidates.entries()) {
      this.checkAborted();
      this.progress(2, `${what}, candidate ${i + 1}/${candidates.length} (${c.label})`);
      const quiet = { ...this.ctx, options: runOptions, hooks: { ...(this.ctx.hooks.signal ? { signal: this.ctx.hooks.signal } : {}) }, layerStacks: c.plan.stacks, layerStackPlan: c.plan };
      try {
        for await (const [scme] of this.runSubStages(quiet)) {
          tried.push({ label: c.label, stacks: c.plan.stacks, latencyCycles: scme.latency, energyPj: scme.energy });
          if (!best || scme.latency < best.latency || (scme.latency === best.latency && scme.energy < best.energy)) best = { plan: c.plan, latency: scme.latency, energy: scme.energy };
        }
      } catch (error) {
        // A cut set whose schedule does not fit the memories is no candidate; the others still are.
        if (!(error instanceof ScheduleError)) throw error;
        this.ctx.warnings.push(`${what}: candidate ${c.label} is infeasible (${error.message})`);
      }
    }
    return { tried, best: best?.plan ?? candidates[0].plan };
  }

  private async *search(auto: LayerStackPlan) {
    const workload = this.require('workload');
    const hw = this.require('hw');
    const mapping = this.require('mapping');
    const { options } = this.ctx;
    const candidates: { label: string; plan: LayerStackPlan }[] = [{ label: 'auto', plan: auto }];
    const add = (label: string, plan: LayerStackPlan) => {
      const key = JSON.stringify(plan.stacks);
      if (!candidates.some((c) => JSON.stringify(c.plan.stacks) === key)) candidates.push({ label, plan });
    };
    add('working set on one core', automaticLayerStacks({ workload, mapping, hw, options, workingSet: 'core' }));
    for (const granularity of [2, 8, Infinity]) add(`granularity ${granularity}`, automaticLayerStacks({ workload, mapping, hw, options, granularity }));
    for (const budgetScale of [0.5, 2, 4]) add(`weight budget ×${budgetScale}`, automaticLayerStacks({ workload, mapping, hw, options, budgetScale }));
    add('layer by layer', describeStacks(workload, computeLayerStacks(workload, { ...options, mode: 'lbl' }, totalWeightCapacity(hw)), 'lbl'));
    // The automatic stacks with one more cut, where the fewest bits cross (at most 6 such candidates).
    const extraCuts: { stacks: number[][]; bits: number }[] = [];
    const crossing = describeStacks(workload, workload.nodes.filter((n) => n.kind === 'layer').map((n) => [n.id]), 'lbl').cuts;
    const bitsAfter = new Map(crossing.map((c) => [c.afterLayer, c.crossingBits]));
    for (const [k, stack] of auto.stacks.entries()) {
      for (let i = 0; i + 1 < stack.length; i++) {
        const stacks = [...auto.stacks.slice(0, k).map((x) => [...x]), stack.slice(0, i + 1), stack.slice(i + 1), ...auto.stacks.slice(k + 1).map((x) => [...x])];
        extraCuts.push({ stacks, bits: bitsAfter.get(stack[i]) ?? Infinity });
      }
    }
    for (const c of extraCuts.sort((a, b) => a.bits - b.bits).slice(0, 6)) add(`auto + cut before ${c.stacks.find((s, i) => i > 0 && !auto.stacks.some((a) => a[0] === s[0]))?.[0] ?? '?'}`, describeStacks(workload, c.stacks, 'search'));
    const cheap = { ...options, allocation: options.allocation === 'fixed' ? 'fixed' : 'ga', nb_ga_generations: 4, nb_ga_individuals: 8 } as const;
    const { tried, best } = await this.evaluate(candidates, cheap, 'stacks: search');
    const chosen: LayerStackPlan = { ...best, rule: 'search', candidates: tried };
    yield* this.runSubStages({ ...this.ctx, layerStacks: chosen.stacks, layerStackPlan: chosen });
  }
}
export { LayerStacksGenerationStage as DetermineLayerStacksStage };

/**
 * Which reference a compat mode reproduces: "reference" is always the December 2024 code (ed4e12ef, the issue's
 * figures); "reference-2025" is the 2025 tutorial-branch code, which reads only the typed accelerator format, so
 * older-format files fall back to the 2024 code.
 */
export function referenceEra(options: { compat: string }, accelerator: Accelerator | undefined): ReferenceEra | null {
  if (options.compat === 'reference') return 2024;
  if (options.compat !== 'reference-2025') return null;
  return accelerator && accelerator.topology.format !== 'stream-typed' ? 2024 : 2025;
}

/**
 * The reference differences of the stages before scheduling, by name (the scheduler's are `schedulerFeatures`).
 * Every stage and worker that needs one reads it here, so that a GA worker rebuilds the same CN graph as the run.
 */
export interface ReferenceSwitches {
  /** A typed-format accelerator read into ed4e12ef's topology, with its own off-chip links (reference-topology.ts). */
  readonly referenceTopology: boolean;
  /** Uneven inter-core splits: exact tiles, or the reference's (2024: truncated tiles; 2025: ceil-sized tiles). */
  readonly splitRounding: SplitRounding;
  /** A layer split over its listed cores keeps them only under `allocation: fixed` (the 2024 flag). */
  readonly splitFixedOnlyWithFlag: boolean;
  /** The 2025 cost model: a layer alone in its stack streams every operand from off-chip … */
  readonly aloneInStackStreams: boolean;
  /** … and the mapping is chosen for its DRAM-bandwidth-scaled latency (see ZigzagProviderOptions). */
  readonly dramBandwidthObjective: boolean;
}

export function referenceSwitches(options: { compat: string; allocation: string }, accelerator: Accelerator | undefined): ReferenceSwitches {
  const era = referenceEra(options, accelerator);
  return {
    referenceTopology: era === 2024,
    splitRounding: era === null ? 'exact' : era === 2024 ? 'truncate' : 'pad',
    splitFixedOnlyWithFlag: era === 2024 && options.allocation !== 'fixed',
    aloneInStackStreams: era === 2025,
    dramBandwidthObjective: era === 2025,
  };
}

/** Tiles layers into computation nodes and builds the CN dependency graph. */
export class GenerateCNWorkloadHybridStage extends Stage {
  static override readonly requires = ['hw', 'workload', 'mapping'] as const satisfies readonly (keyof StageContext)[];

  async *run() {
    this.progress(3, 'tiling layers into computation nodes');
    const hw = this.require('hw');
    const workload = this.require('workload');
    const mapping = this.require('mapping');
    const layerStacks = this.ctx.layerStacks ?? computeLayerStacks(workload, this.ctx.options, totalWeightCapacity(hw));
    const switches = referenceSwitches(this.ctx.options, this.ctx.accelerator);
    const args = {
      workload,
      mapping,
      stacks: layerStacks,
      options: this.ctx.options,
      rounding: switches.splitRounding,
      coreIds: hw.computeCoreIds(),
      minWeightCapacityBits: minWeightCapacity(hw),
      splitFixedOnlyWithFlag: switches.splitFixedOnlyWithFlag,
    };
    // Every argument but the workload and mapping objects (the cache's own keys); of the options, all but the inputs.
    const cache = this.ctx.cnGraphCache;
    const key = cache ? JSON.stringify({ ...args, workload: undefined, mapping: undefined, options: withoutInputs(this.ctx.options) }) : '';
    const cnGraph = await this.timed('cn_graph', () => {
      const cached = cache?.get(workload, mapping, key);
      if (cached) return cached;
      const built = buildCnGraph(args);
      cache?.set(workload, mapping, key, built);
      return built;
    });
    this.progress(5, `${cnGraph.nodes.length} computation nodes, ${cnGraph.uniqueCns.length} unique`);
    yield* this.runSubStages({ ...this.ctx, layerStacks, cnGraph });
  }
}
export { GenerateCNWorkloadHybridStage as TiledWorkloadGenerationStage };

/** The options without the inputs they may carry (accelerator, workload, mapping objects or paths). */
function withoutInputs(options: StreamOptions): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...options };
  for (const key of INPUT_OPTION_KEYS) delete rest[key];
  return rest;
}

/** The cost model the run's options ask for (its reference-era switches included). */
export function zigzagCostProvider(hw: HardwareView, ctx: Pick<StageContext, 'options' | 'accelerator'>): ZigzagCostProvider {
  const { options } = ctx;
  const switches = referenceSwitches(options, ctx.accelerator);
  return new ZigzagCostProvider(hw, {
    lpfLimit: options.loma_lpf_limit,
    compat: isReferenceCompat(options.compat),
    aloneInStackStreams: switches.aloneInStackStreams,
    dramBandwidthObjective: switches.dramBandwidthObjective,
    systemClockNs: options.system_clock_ns,
    temporalMappingType: options.temporal_mapping_type,
    ...(options.temporal_mapper === 'salsa' ? { salsa: { iterations: options.salsa_iterations, temperature: options.salsa_temperature, seed: options.seed } } : {}),
  });
}

/** Costs every unique CN on every core it may run on (through the persistent LUT when given). */
export class IntraCoreMappingStage extends Stage {
  static override readonly requires = ['hw', 'cnGraph'] as const satisfies readonly (keyof StageContext)[];

  async *run() {
    const hw = this.require('hw');
    const cnGraph = this.require('cnGraph');
    const { options } = this.ctx;
    const provider = this.ctx.costProvider ?? zigzagCostProvider(hw, this.ctx);
    const fileLut = options.cost_lut_path ? new JsonFileCostLut(options.cost_lut_path) : undefined;
    const lut = this.ctx.costLut ?? fileLut;
    const costTable = await this.timed('cost_lut', () =>
      fillCostTable(cnGraph, hw, provider, lut, (done, total) => this.progress(5 + (35 * done) / total, `costing CN classes ${done}/${total}`), this.ctx.hooks.signal),
    );
    fileLut?.save();
    yield* this.runSubStages({ ...this.ctx, costProvider: provider, costTable });
  }
}
export { IntraCoreMappingStage as ZigZagCoreMappingEstimationStage };

export function schedulerFeatures(options: FeatureOptions, era: ReferenceEra = 2025): SchedulerFeatures {
  const reference = isReferenceCompat(options.compat);
  const e2025 = era === 2025;
  return {
    era,
    transferHeadstart: e2025,
    syncCoresAtLayerStart: e2025,
    subTensors: e2025,
    multicast: options.multicast,
    prefetchOperands: options.operands_to_prefetch,
    // The reference (either snapshot) has no candidate selection: it takes the ready CN first in its order.
    candidateSelection: reference ? 'order' : options.scheduler_candidate_selection,
    linkEnergyPerBit: !reference,
    sinkLayers: !e2025 ? 'any-cn-leaf' : reference ? 'every-cn-leaf' : 'no-consumer-layer',
    writeBackStreamedInputs: !reference,
    fetchAfterStreamingReset: !reference,
    wholeTensorWhenNotOffchip: !reference,
    unstreamFittingSlices: e2025,
    fetchOrder: e2025 ? 'producer-layer' : 'size',
    fullLinkBandwidth: !e2025,
    transferAsSoonAsDataExists: !e2025,
    blockBeforeOutputSpace: !e2025,
    blockPerLinkTotal: !e2025,
    carriedWindowsFirst: !e2025,
    transferMemoryEnergy: e2025 ? 'port' : 'level',
    senderDrop: e2025 ? 'not-producer' : 'no-priority-here',
    schedulingOrder: e2025 ? 'tile-interleaved' : 'deepest-first',
    imcWeightsStayInCells: !reference,
  };
}
type FeatureOptions = { compat: string; multicast: boolean; operands_to_prefetch: readonly string[]; scheduler_candidate_selection: SchedulerFeatures['candidateSelection'] };

/** Fixes the cores of layers the mapping pins and prepares the allocation problem for the rest. */
export class SetFixedAllocationPerformanceStage extends Stage {
  static override readonly requires = ['hw', 'cnGraph', 'costTable', 'workload'] as const satisfies readonly (keyof StageContext)[];

  async *run() {
    const hw = this.require('hw');
    const cnGraph = this.require('cnGraph');
    const costTable = this.require('costTable');
    const era = referenceEra(this.ctx.options, this.ctx.accelerator) ?? 2025;
    const { options } = this.ctx;
    if (isReferenceCompat(options.compat) && options.scheduler_candidate_selection !== 'order') {
      this.ctx.warnings.push(
        `scheduler_candidate_selection: ${options.scheduler_candidate_selection} does not apply under compat: ${options.compat}: the reference has no candidate selection and schedules in its order`,
      );
    }
    checkPrefetchOperands(options.operands_to_prefetch, this.require('workload'));
    const problem = buildAllocationProblem(cnGraph, hw, costTable, schedulerFeatures(this.ctx.options, era), isReferenceCompat(this.ctx.options.compat));
    yield* this.runSubStages({ ...this.ctx, problem });
  }
}

/** `operands_to_prefetch` must name constant operands of the workload's layers (a typo would prefetch nothing). */
function checkPrefetchOperands(operands: readonly string[], workload: Workload): void {
  const constant = new Set(workload.nodes.flatMap((n) => ('constantOperands' in n ? (n.constantOperands as readonly string[]) : [])));
  const bad = operands.filter((op) => !constant.has(op));
  if (bad.length > 0) {
    throw InputError.single('<options>', 'operands_to_prefetch', `constant operands of the workload's layers (${[...constant].sort().join(', ') || 'none'})`, bad.join(', '));
  }
}

/** The order in which ready CNs are picked: stack by stack, intra-core tiles interleaved across the stack. */
export class SchedulingOrderGenerationStage extends Stage {
  static override readonly requires = ['problem'] as const satisfies readonly (keyof StageContext)[];

  async *run() {
    const problem = this.require('problem');
    yield* this.runSubStages({ ...this.ctx, schedulingOrder: problem.priority });
  }
}
export { SchedulingOrderGenerationStage as DetermineSchedulingOrderStage, SchedulingOrderGenerationStage as SchedulingOrderStage };

/** Schedules the allocation the mapping fixes (no search). Errors if some layer is left to the allocator. */
export class StreamCostModelEvaluationStage extends Stage {
  static override readonly requires = ['problem'] as const satisfies readonly (keyof StageContext)[];

  override isLeaf() {
    return true;
  }
  async *run(): AsyncGenerator<StageYield, void, undefined> {
    const problem = this.require('problem');
    const stored = this.ctx.storedAllocation;
    let genome: number[] = problem.genes.map((g) => g.cores[0]!);
    if (stored) {
      const fromRun = genomeFromStoredAllocation(problem, stored);
      genome = fromRun.genome;
      this.ctx.warnings.push(...fromRun.notes);
    } else if (problem.genes.length > 0 && this.ctx.options.allocation === 'fixed') {
      this.ctx.warnings.push(`${problem.genes.length} layer groups are not pinned by the mapping; each takes its first allowed core`);
    }
    this.progress(45, 'scheduling');
    const evaluation = await this.timed('schedule', () => evaluateGenome(problem, genome, true, this.ctx.hooks.signal));
    this.progress(100, 'done', { bestLatencyCycles: evaluation.latency, bestEnergyPj: evaluation.energy });
    yield [new StreamCostModelEvaluation(problem, evaluation, undefined, stackRecord(this.ctx.layerStackPlan)), { kind: 'fixed' }];
  }
}
export { StreamCostModelEvaluationStage as FixedAllocationEvaluationStage };

/** Genetic search over the cores of every layer group the mapping leaves open (one evaluation if none). */
export class InterCoreMappingStage extends Stage {
  static override readonly requires = ['problem'] as const satisfies readonly (keyof StageContext)[];

  override isLeaf() {
    return true;
  }
  async *run(): AsyncGenerator<StageYield, void, undefined> {
    const problem = this.require('problem');
    const { options } = this.ctx;
    if (problem.genes.length === 0 || options.allocation === 'fixed' || this.ctx.storedAllocation) {
      yield* new StreamCostModelEvaluationStage([], this.ctx).run();
      return;
    }
    const signal = this.ctx.hooks.signal;
    let co: CoResult | undefined;
    if (options.allocation === 'co' || options.allocation === 'co+ga') {
      const milp = new MilpWorker();
      co = await this.timed('co', () =>
        solveCoAllocation(problem, { timeLimitS: options.co_time_limit_s, mipGap: options.co_mip_gap }, (lp, s, onP, sig) => milp.solve(lp, s, onP, sig), {
          ...(signal ? { signal } : {}),
          onProgress: (p) =>
            this.progress(40 + (options.allocation === 'co' ? 55 : 20) * (p.stack / Math.max(1, p.stacks)), `constraint optimisation, stack ${Math.min(p.stack + 1, p.stacks)}/${p.stacks}${p.gap !== null ? `, gap ${(100 * p.gap).toFixed(2)} %` : ''}`, {
              solve: p,
            }),
        }).finally(() => milp.close()),
      );
      // Every variant's optimum and incumbents are ranked by the scheduler (the MILP objectives are estimates).
      const ranked = rankCandidates(co, (g) => evaluateGenome(problem, [...g], false, signal).latency);
      const stacks = co.record.stacks.map((x, i) => ({ ...x, ...(ranked.kept.has(i) ? { kept: ranked.kept.get(i)! } : {}) }));
      const keptOther = [...ranked.kept.values()].some((k) => !k.endsWith(`${CO_VARIANTS[0].name}, optimum`));
      co = { ...co, genome: ranked.genome, record: { ...co.record, stacks, incumbentsScheduled: ranked.schedules, keptOtherIncumbent: keptOther } };
      if (options.allocation === 'co') {
        const evaluation = await this.timed('schedule', () => evaluateGenome(problem, co!.genome, true, signal));
        this.progress(100, 'done', { bestLatencyCycles: evaluation.latency, bestEnergyPj: evaluation.energy });
        const record: AllocationSolveRecord = { ...co.record, scheduledLatencyCycles: evaluation.latency, scheduledEnergyPj: evaluation.energy };
        yield [new StreamCostModelEvaluation(problem, evaluation, undefined, { ...stackRecord(this.ctx.layerStackPlan), allocationSolve: record }), { kind: 'co', status: record.status }];
        return;
      }
    }
    const cache = new Map<string, Evaluation>();
    const pool =
      options.ga_workers > 0
        ? new GaWorkerPool(
            options.ga_workers,
            problemInit(problem, {
              accelerator: this.require('accelerator'),
              workload: this.require('workload'),
              mapping: this.require('mapping'),
              options,
              rounding: referenceSwitches(options, this.ctx.accelerator).splitRounding,
              minWeightCapacityBits: minWeightCapacity(this.require('hw')),
              splitFixedOnlyWithFlag: referenceSwitches(options, this.ctx.accelerator).splitFixedOnlyWithFlag,
            }),
          )
        : undefined;
    const evaluate = async (genomes: readonly (readonly number[])[]) => {
      const missing = [...new Map(genomes.filter((g) => !cache.has(g.join(','))).map((g) => [g.join(','), g])).values()];
      if (pool) {
        for (const e of await pool.evaluate(missing, signal)) cache.set(e.genome.join(','), e);
      } else {
        for (const g of missing) {
          cache.set(g.join(','), { ...evaluateGenome(problem, g, false, signal), outcome: undefined });
          await yieldToEventLoop();
        }
      }
      return genomes.map((g) => cache.get(g.join(','))!);
    };
    const generations = options.nb_ga_generations;
    let result: GaResult;
    try {
      result = await this.timed('ga', () =>
        runGeneticAlgorithm(problem, { individuals: options.nb_ga_individuals, generations, seed: options.seed, ...(co ? { initial: [co.genome] } : {}) }, evaluate, {
          ...(signal ? { signal } : {}),
          onGeneration: (g) =>
            this.progress(40 + (59 * g.generation) / Math.max(1, generations), `generation ${g.generation}/${generations}${pool ? ` (${options.ga_workers} worker threads)` : ""}`, {
              generation: g.generation,
              generations,
              bestLatencyCycles: g.best.latency,
              bestEnergyPj: g.best.energy,
              pareto: g.front.map((e) => ({ latencyCycles: e.latency, energyPj: e.energy })),
            }),
        }),
      );
    } finally {
      await pool?.close();
    }
    const best = await this.timed('schedule', () => evaluateGenome(problem, result.best.genome, true, signal));
    this.progress(100, 'done', { bestLatencyCycles: best.latency, bestEnergyPj: best.energy });
    let solveRecord: AllocationSolveRecord | undefined;
    if (co) {
      const seeded = await evaluate([co.genome]);
      solveRecord = { ...co.record, scheduledLatencyCycles: seeded[0].latency, scheduledEnergyPj: seeded[0].energy };
    }
    yield [
      new StreamCostModelEvaluation(problem, best, result, { ...stackRecord(this.ctx.layerStackPlan), ...(solveRecord ? { allocationSolve: solveRecord } : {}) }),
      { kind: co ? 'co+ga' : 'ga', evaluations: result.evaluations },
    ];
  }
}
export { InterCoreMappingStage as GeneticAlgorithmAllocationStage };

function stackRecord(plan: LayerStackPlan | undefined): { layerStacks?: LayerStackPlan } {
  return plan ? { layerStacks: plan } : {};
}

/** Keeps only the result with the lowest latency (ties: lower energy) among everything the next stages yield. */
export class MinimalLatencyStage extends Stage {
  async *run() {
    let best: StageYield | undefined;
    for await (const r of this.runSubStages()) {
      if (!best || r[0].latency < best[0].latency || (r[0].latency === best[0].latency && r[0].energy < best[0].energy)) best = r;
    }
    if (best) yield best;
  }
}

/** Keeps only the result with the lowest energy. */
export class MinimalEnergyStage extends Stage {
  async *run() {
    let best: StageYield | undefined;
    for await (const r of this.runSubStages()) if (!best || r[0].energy < best[0].energy) best = r;
    if (best) yield best;
  }
}

/** Keeps only the result with the lowest energy-delay product. */
export class MinimalEdpStage extends Stage {
  async *run() {
    let best: StageYield | undefined;
    for await (const r of this.runSubStages()) if (!best || r[0].edp < best[0].edp) best = r;
    if (best) yield best;
  }
}
