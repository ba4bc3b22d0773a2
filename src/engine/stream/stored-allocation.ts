/**
 * A finished run's allocation, reused: every CN of a layer runs on the core it ran on in that run, instead of
 * searching again (the live what-if re-evaluates a GA or CO run's allocation on each design edit). Kept CN by CN
 * (layer id → the core of each of its CNs, by the CN's index in its layer), because a layer split into inter-core
 * groups may have had each group on another core; the per-layer core sets of `RunResult.allocation` lose that.
 */
import type { RunResult } from '../results/types';
import type { AllocationProblem } from './allocation';

/** Layer id → the core of each CN of the layer, by the CN's index within the layer (`ScheduledCn.subId`). */
export type StoredAllocation = Readonly<Record<string, readonly number[]>>;

/** The allocation a run's schedule shows. */
export function storedAllocationOf(result: Pick<RunResult, 'schedule'>): StoredAllocation {
  const out: Record<string, number[]> = {};
  for (const cn of result.schedule.cns) (out[String(cn.layerId)] ??= [])[cn.subId] = cn.coreId;
  return out;
}

/**
 * The genome giving each open (layer, group) the core its CNs had in the stored run. Where the design or the
 * tiling changed so that this is not possible (a CN the run did not have, a core the gene may not take), the gene
 * takes a core the layer used that it may take, else its first allowed core, and a note says so.
 */
export function genomeFromStoredAllocation(problem: AllocationProblem, stored: StoredAllocation): { genome: number[]; notes: string[] } {
  const firstCn = new Map<number, number[]>();
  problem.geneOf.forEach((gi, cn) => {
    if (gi >= 0) (firstCn.get(gi) ?? firstCn.set(gi, []).get(gi)!).push(cn);
  });
  const notes: string[] = [];
  const genome = problem.genes.map((gene, gi) => {
    const layer = stored[String(gene.layerId)] ?? [];
    for (const cn of firstCn.get(gi) ?? []) {
      const core = layer[problem.graph.nodes[cn]!.subId];
      if (core !== undefined && gene.cores.includes(core)) return core;
    }
    const name = problem.graph.plans.get(gene.layerId)?.layer.name ?? `layer ${gene.layerId}`;
    const used = layer.find((c) => c !== undefined && gene.cores.includes(c));
    if (used !== undefined) {
      notes.push(`${name}, group ${gene.group}: the stored allocation has no CN like it; takes core ${used}, which the layer used`);
      return used;
    }
    notes.push(`${name}, group ${gene.group}: the stored allocation puts it on no core it may take here; takes core ${gene.cores[0]}`);
    return gene.cores[0]!;
  });
  return { genome, notes };
}
