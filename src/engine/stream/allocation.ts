/**
 * Core allocation: which core runs each CN. Layers the mapping pins (one core, or one core per inter-core
 * group) are fixed; every other (layer, group) is a gene the genetic algorithm chooses. This module turns a
 * genome into per-CN cores and costs, builds the scheduling order, and evaluates one schedule.
 */
import type { CnGraph } from './cn-graph';
import { executionOf, type CostTable, type RuntimeRule } from './cost';
import type { HardwareView } from './hardware-view';
import { schedule } from './scheduler/coala';
import { ScheduleError } from './scheduler/memory-manager';
import type { CnExecution, ScheduleOutcome, SchedulerFeatures } from './scheduler/types';

export interface Gene {
  readonly layerId: number;
  readonly group: number;
  /** Cores this gene may take, ascending. */
  readonly cores: readonly number[];
}

export interface AllocationProblem {
  readonly graph: CnGraph;
  readonly hw: HardwareView;
  readonly table: CostTable;
  readonly genes: readonly Gene[];
  /** Gene index per CN, or -1 for CNs with a fixed core. */
  readonly geneOf: Int32Array;
  readonly priority: Int32Array;
  readonly features: SchedulerFeatures;
  readonly compat: boolean;
  readonly warnings: readonly string[];
}

export function buildAllocationProblem(graph: CnGraph, hw: HardwareView, table: CostTable, features: SchedulerFeatures, compat: boolean): AllocationProblem {
  const warnings: string[] = [];
  const genes: Gene[] = [];
  const geneOf = new Int32Array(graph.nodes.length).fill(-1);
  const geneIndex = new Map<string, number>();
  const flexibleClasses = new Set<string>();
  for (const plan of graph.plans.values()) {
    if (plan.fixed) continue;
    for (const cn of plan.cns) flexibleClasses.add(`${graph.nodes[cn].uniqueIndex}/${graph.nodes[cn].group}`);
  }
  const plans = [...graph.plans.values()].sort((a, b) => a.layer.id - b.layer.id);
  for (const plan of plans) {
    if (plan.fixed) continue;
    const groups = [...new Set(plan.cns.map((c) => graph.nodes[c].group))].sort((a, b) => a - b);
    let cores = table.coresOf(graph.nodes[plan.cns[0]].uniqueIndex);
    if (compat) {
      // The reference keeps only cores whose id is below the number of flexible unique nodes.
      const filtered = cores.filter((c) => c < flexibleClasses.size);
      if (filtered.length > 0) cores = filtered;
      else warnings.push(`${plan.layer.name}: the reference's core filter leaves no core; all allowed cores kept`);
    }
    for (const g of groups) {
      geneIndex.set(`${plan.layer.id}/${g}`, genes.length);
      genes.push({ layerId: plan.layer.id, group: g, cores });
    }
  }
  for (const n of graph.nodes) {
    const gi = geneIndex.get(`${n.layerId}/${n.group}`);
    if (gi !== undefined) geneOf[n.index] = gi;
  }
  return { graph, hw, table, genes, geneOf, priority: schedulingPriority(graph, features.schedulingOrder), features, compat, warnings };
}

/**
 * Position of every CN in the scheduling order. Per stack, the intra-core tiles are interleaved slot by slot
 * across the stack's layers (all inter-core parts of a slot together), so a fused stack advances tile by tile.
 */
export function schedulingPriority(graph: CnGraph, order: SchedulerFeatures['schedulingOrder'] = 'tile-interleaved'): Int32Array {
  const priority = new Int32Array(graph.nodes.length).fill(-1);
  let next = 0;
  if (order === 'deepest-first') {
    // Per stack, (layer, tile) in descending order: the deepest layer's last tile first.
    for (const stack of graph.stacks) {
      const cns = stack.flatMap((id) => graph.plans.get(id)?.cns ?? []);
      cns.sort((a, b) => graph.nodes[b].layerId - graph.nodes[a].layerId || graph.nodes[b].subId - graph.nodes[a].subId);
      for (const cn of cns) if (priority[cn] < 0) priority[cn] = next++;
    }
    for (let cn = 0; cn < priority.length; cn++) if (priority[cn] < 0) priority[cn] = next++;
    return priority;
  }
  const bySub = new Map<number, Map<number, number>>();
  for (const plan of graph.plans.values()) bySub.set(plan.layer.id, new Map(plan.cns.map((c) => [graph.nodes[c].subId, c])));
  for (const stack of graph.stacks) {
    const plans = stack.map((id) => graph.plans.get(id)).filter((p) => p !== undefined);
    const intraTiles = plans.map((p) => p.tiling.intra.reduce((s, l) => s * l.size, 1));
    const slots = Math.max(1, Math.min(...intraTiles));
    for (let i = 0; i < slots; i++) {
      plans.forEach((p, k) => {
        const perSlot = Math.max(1, Math.floor(intraTiles[k] / slots)) * p.tiling.interSplits;
        const subs = bySub.get(p.layer.id)!;
        for (let j = 0; j < perSlot; j++) {
          const cn = subs.get(i * perSlot + j);
          if (cn !== undefined && priority[cn] < 0) priority[cn] = next++;
        }
      });
    }
    for (const p of plans) for (const cn of p.cns) if (priority[cn] < 0) priority[cn] = next++;
  }
  for (let cn = 0; cn < priority.length; cn++) if (priority[cn] < 0) priority[cn] = next++;
  return priority;
}

/** Core per CN for a genome (one core per gene). */
/** Per problem: each CN's fixed core (for CNs without a gene) and unique-CN index, by CN index. */
const nodeColumns = new WeakMap<AllocationProblem, { readonly fixedCore: Int32Array; readonly unique: Int32Array }>();

function columnsOf(problem: AllocationProblem): { readonly fixedCore: Int32Array; readonly unique: Int32Array } {
  let columns = nodeColumns.get(problem);
  if (!columns) {
    const { graph, geneOf } = problem;
    const fixedCore = new Int32Array(graph.nodes.length);
    const unique = new Int32Array(graph.nodes.length);
    for (const n of graph.nodes) {
      if (geneOf[n.index] < 0) fixedCore[n.index] = n.fixedCore!;
      unique[n.index] = n.uniqueIndex;
    }
    columns = { fixedCore, unique };
    nodeColumns.set(problem, columns);
  }
  return columns;
}

export function coresForGenome(problem: AllocationProblem, genome: ArrayLike<number>): Int32Array {
  const { geneOf } = problem;
  const { fixedCore } = columnsOf(problem);
  const cores = new Int32Array(geneOf.length);
  for (let i = 0; i < geneOf.length; i++) {
    const gi = geneOf[i];
    cores[i] = gi >= 0 ? genome[gi] : fixedCore[i];
  }
  return cores;
}

/** Per problem: execution per (CN class, core, runtime rule), filled on first use. */
const executionCache = new WeakMap<AllocationProblem, (CnExecution | undefined)[]>();

export function executionsFor(problem: AllocationProblem, cores: Int32Array): CnExecution[] {
  const { graph, table, geneOf } = problem;
  const nCores = problem.hw.nCores;
  const { unique } = columnsOf(problem);
  let cache = executionCache.get(problem);
  if (!cache) {
    cache = new Array(graph.uniqueCns.length * nCores * 2);
    executionCache.set(problem, cache);
  }
  const out = new Array<CnExecution>(geneOf.length);
  for (let i = 0; i < geneOf.length; i++) {
    const ga = geneOf[i] >= 0;
    const slot = (unique[i] * nCores + cores[i]) * 2 + (ga ? 1 : 0);
    let e = cache[slot];
    if (!e) {
      const rule: RuntimeRule = !problem.compat ? 'ceil-total2' : ga ? 'reference-ga' : 'reference-fixed';
      e = executionOf(table.get(unique[i], cores[i]), rule);
      cache[slot] = e;
    }
    out[i] = e;
  }
  return out;
}

export interface Evaluation {
  readonly genome: readonly number[];
  readonly latency: number;
  readonly energy: number;
  /** False when the schedule is impossible (memory cannot hold what a CN needs). */
  readonly feasible: boolean;
  readonly outcome?: ScheduleOutcome;
  readonly error?: string;
}

export function evaluateGenome(problem: AllocationProblem, genome: readonly number[], record: boolean, signal?: AbortSignal): Evaluation {
  const cores = coresForGenome(problem, genome);
  try {
    const outcome = schedule({
      graph: problem.graph,
      hw: problem.hw,
      cores,
      execution: executionsFor(problem, cores),
      priority: problem.priority,
      features: problem.features,
      record,
      signal,
    });
    return { genome, latency: outcome.latency, energy: outcome.energy, feasible: true, outcome };
  } catch (error) {
    if (error instanceof ScheduleError) return { genome, latency: Infinity, energy: Infinity, feasible: false, error: error.message };
    throw error;
  }
}
