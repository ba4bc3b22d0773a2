/**
 * The evaluation of one schedule (Stream's `scme`): latency, energy and its breakdown, memory use and the
 * schedule, plus the allocator's Pareto front and history when a search produced it.
 */
import { energyBreakdown, referenceEnergyTerms, scheduleView } from './run-result';
import type { AllocationSolveRecord, CostLutCell, GaGenerationStats, LayerStacksRecord, ParetoPoint, RunResult } from '../results/types';
import { coresForGenome, executionsFor, type AllocationProblem, type Evaluation } from './allocation';
import type { GaResult } from './ga';
import type { ScheduleOutcome } from './scheduler/types';
import type { Core } from '../hardware/types';
import type { ClockInfo } from '../results/types';
import { coreClockRatio } from './zigzag-provider';
import { ScheduleError } from './scheduler/memory-manager';

/** The time base of a run whose cores clock differently (any IMC core); undefined when all share the system clock. */
export function clockInfo(cores: readonly Core[], systemClockNs: number): ClockInfo | undefined {
  if (!cores.some((c) => c.operationalArray.imc)) return undefined;
  const coreClockNs: Record<string, number> = {};
  for (const c of cores) coreClockNs[String(c.id)] = coreClockRatio(c, systemClockNs) * systemClockNs;
  return { systemClockNs, coreClockNs };
}

export class StreamCostModelEvaluation {
  readonly latency: number;
  readonly energy: number;
  readonly outcome: ScheduleOutcome;
  readonly cores: Int32Array;

  constructor(
    readonly problem: AllocationProblem,
    readonly evaluation: Evaluation,
    readonly search?: GaResult,
    readonly records: { readonly layerStacks?: LayerStacksRecord; readonly allocationSolve?: AllocationSolveRecord } = {},
  ) {
    if (!evaluation.outcome) throw new ScheduleError(`the schedule is infeasible: ${evaluation.error ?? 'unknown reason'}`);
    this.outcome = evaluation.outcome;
    this.latency = evaluation.latency;
    this.energy = evaluation.energy;
    this.cores = coresForGenome(problem, evaluation.genome);
  }

  /** EDP, cycles·pJ. */
  get edp(): number {
    return this.latency * this.energy;
  }

  /** The reference's nine energy terms. */
  get referenceEnergy(): Record<string, number> {
    return referenceEnergyTerms(this.outcome);
  }

  allocationOf(genome: readonly number[]): Record<string, number[]> {
    const cores = coresForGenome(this.problem, genome);
    const out: Record<string, number[]> = {};
    for (const n of this.problem.graph.nodes) {
      const list = (out[String(n.layerId)] ??= []);
      if (!list.includes(cores[n.index])) list.push(cores[n.index]);
    }
    for (const k of Object.keys(out)) out[k].sort((a, b) => a - b);
    return out;
  }

  toRunResult(extra: { warnings?: readonly string[]; timingsMs?: Record<string, number>; lut?: { hits: number; misses: number }; systemClockNs?: number } = {}): RunResult {
    const { graph, hw, table } = this.problem;
    const exec = executionsFor(this.problem, this.cores);
    const resident = this.outcome.cellsResident;
    const view = scheduleView(graph, hw, this.cores, exec.map((e, i) => (resident[i] === 1 ? e.cellsResident!.onChipEnergy : e.onChipEnergy) + e.offChipEnergy), this.outcome);
    const pareto: ParetoPoint[] = (this.search?.front ?? [this.evaluation]).map((e) => ({
      latencyCycles: e.latency,
      energyPj: e.energy,
      allocation: this.allocationOf(e.genome),
    }));
    const gaHistory: GaGenerationStats[] = (this.search?.history ?? []).map((g) => ({
      generation: g.generation,
      bestLatencyCycles: g.best.latency,
      bestEnergyPj: g.best.energy,
      meanLatencyCycles: g.meanLatency,
      meanEnergyPj: g.meanEnergy,
      evaluations: g.evaluations,
    }));
    const costLut: CostLutCell[] = [];
    graph.uniqueCns.forEach((cn, u) => {
      const node = graph.nodes[cn];
      const layer = graph.plans.get(node.layerId)!.layer;
      for (const core of table.coresOf(u)) {
        const e = table.get(u, core);
        costLut.push({ layerId: node.layerId, layerName: `${layer.name}#${node.subId}`, coreId: core, latencyCycles: e.latencyTotal2, energyPj: e.energyTotal, ...(e.imc ? { imcTclkNs: e.imc.tclkNs } : {}) });
      }
    });
    const breakdown = energyBreakdown(this.outcome);
    const clock = clockInfo(hw.accelerator.cores, extra.systemClockNs ?? 1);
    const cores = clock ? view.cores.map((c) => ({ ...c, clockNs: clock.coreClockNs[String(c.coreId)]! })) : view.cores;
    return {
      ...(clock ? { clock } : {}),
      latencyCycles: this.latency,
      energyPj: this.energy,
      edp: this.edp,
      energyBreakdown: breakdown,
      referenceEnergyTerms: this.referenceEnergy,
      memoryPeaksBytes: view.memoryPeaksBytes,
      nCns: graph.nodes.length,
      allocation: view.allocation,
      cores,
      links: view.links,
      schedule: { cns: view.cns, transfers: view.transfers },
      memory: view.memory,
      pareto,
      gaHistory,
      costLut,
      lut: extra.lut ?? { hits: table.hits, misses: table.misses },
      warnings: [...graph.warnings, ...this.problem.warnings, ...(extra.warnings ?? [])],
      timingsMs: extra.timingsMs ?? {},
      ...(this.records.layerStacks ? { layerStacks: this.records.layerStacks } : {}),
      ...(this.records.allocationSolve ? { allocationSolve: this.records.allocationSolve } : {}),
    };
  }
}
