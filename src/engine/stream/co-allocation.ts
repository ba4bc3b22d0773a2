/**
 * Constraint-optimised allocation (`allocation: "co"`): builds one MILP per layer stack from the allocation
 * problem and the cost LUT (co-model.ts), solves it with HiGHS and turns the assignment into a genome the
 * scheduler evaluates. Stacks with a single task are solved directly (the best core is the optimum).
 */
import { InputError } from '../errors';
import type { AllocationSolveRecord } from '../results/types';
import type { AllocationProblem } from './allocation';
import { layerWeightBits } from './auto-stacks';
import { buildCoModel, readAssignment, type CoInstance, type CoTask, type CoTransfer } from './co-model';
import type { CoProgress, CoSolveOutcome } from './co-pool';
import { executionOf } from './cost';
import { topLevel } from './hardware-view';

export type MilpSolver = (lp: string, settings: { timeLimitS: number; mipGap: number }, onProgress?: (p: CoProgress) => void, signal?: AbortSignal) => Promise<CoSolveOutcome>;

export interface CoStackInstance {
  readonly stackIndex: number;
  readonly layers: readonly number[];
  readonly instance: CoInstance;
}

/** The tasks, cores, dependencies and iterations of every stack that has a layer left to the allocator. */
export function coInstances(problem: AllocationProblem): CoStackInstance[] {
  const { graph, table, hw } = problem;
  const rule = problem.compat ? 'reference-ga' : 'ceil-total2';
  const out: CoStackInstance[] = [];
  graph.stacks.forEach((stack, stackIndex) => {
    const plans = stack.map((id) => graph.plans.get(id)).filter((p) => p !== undefined);
    if (plans.length === 0) return;
    const iterations = Math.max(1, Math.min(...plans.map((p) => p.tiling.intra.reduce((s, l) => s * l.size, 1))));
    const tasks: CoTask[] = [];
    const taskOf = new Map<number, number>(); // CN → task
    let open = false;
    for (const plan of plans) {
      const groups = [...new Set(plan.cns.map((c) => graph.nodes[c].group))].sort((a, b) => a - b);
      for (const g of groups) {
        const cns = plan.cns.filter((c) => graph.nodes[c].group === g);
        const gene = problem.geneOf[cns[0]];
        open ||= gene >= 0;
        const cores = gene >= 0 ? problem.genes[gene].cores : [graph.nodes[cns[0]].fixedCore!];
        const latency = new Map<number, number>();
        for (const core of cores) {
          let cycles = 0;
          for (const cn of cns) cycles += executionOf(table.get(graph.nodes[cn].uniqueIndex, core), rule).runtime;
          latency.set(core, Math.max(1, Math.round(cycles / iterations)));
        }
        const index = tasks.length;
        tasks.push({ gene, layerId: plan.layer.id, label: groups.length > 1 ? `${plan.layer.name} (group ${g})` : plan.layer.name, latency, weightBits: layerWeightBits(plan.layer) / groups.length });
        for (const cn of cns) taskOf.set(cn, index);
      }
    }
    if (!open) return;
    const deps = new Set<string>();
    const bits = new Map<string, number>(); // "p,q" → bits the consumer reads from the producer
    for (const e of graph.edges) {
      const a = taskOf.get(e.from);
      const b = taskOf.get(e.to);
      if (a !== undefined && b !== undefined && a !== b) {
        deps.add(`${a},${b}`);
        bits.set(`${a},${b}`, (bits.get(`${a},${b}`) ?? 0) + e.bits);
      }
    }
    const coreIds = [...new Set(tasks.flatMap((t) => [...t.latency.keys()]))].sort((a, b) => a - b);
    const transfers: CoTransfer[] = [];
    for (const [key, b] of bits) {
      const [from, to] = key.split(',').map(Number);
      const cycles = new Map<string, number>();
      for (const a of tasks[from].latency.keys()) {
        for (const c of tasks[to].latency.keys()) {
          if (a === c) continue;
          const t = routeCycles(hw, a, c, b / iterations);
          if (t !== undefined) cycles.set(`${a},${c}`, t);
        }
      }
      transfers.push({ from, to, cycles });
    }
    // A task alone in its stack streams weights that do not fit (as the reference, capacity does not bind then).
    const cores = coreIds.map((id) => ({ id, capacityBits: tasks.length === 1 ? Infinity : (topLevel(hw.core(id), 'I2')?.instance.sizeBits ?? Infinity) }));
    out.push({
      stackIndex,
      layers: stack,
      instance: { tasks, cores, deps: [...deps].map((d) => d.split(',').map(Number) as [number, number]), iterations, transfers },
    });
  });
  return out;
}

/** Cycles to move `bits` from core a to core b: the route's slowest link sets the pace; undefined when unreachable. */
function routeCycles(hw: AllocationProblem['hw'], a: number, b: number, bits: number): number | undefined {
  let route: readonly number[];
  try {
    route = hw.route(a, b);
  } catch {
    return undefined;
  }
  const bandwidth = Math.min(...route.map((l) => hw.links[l].bandwidth));
  return Math.round(bits / bandwidth);
}

/** Throws an InputError naming the layer, its cores and their capacity when a task's weights fit none of them. */
function checkCapacities(s: CoStackInstance): void {
  const capacity = new Map(s.instance.cores.map((c) => [c.id, c.capacityBits]));
  for (const task of s.instance.tasks) {
    const cores = [...task.latency.keys()];
    const best = Math.max(...cores.map((c) => capacity.get(c) ?? Infinity));
    if (task.weightBits > best) {
      throw InputError.single(
        '<allocation: co>',
        `layer ${task.layerId} (${task.label})`,
        `weights that fit a core it may use: ${task.weightBits} bits of weights, cores ${cores.join(', ')} hold at most ${best} bits (put the layer in a stack of its own, or give it a core with more weight memory)`,
      );
    }
  }
}

/**
 * The variants of the model solved per stack. Each one's optimum and incumbents are candidates the scheduler
 * ranks (the MILP objectives are estimates; COALA's schedule is what the run reports).
 */
export const CO_VARIANTS = [
  /** The reference's model: compute only. */
  { name: 'steady state', transfers: false },
  /** Plus the inter-core transfers a consumer waits for, on the route between its producer's core and its own. */
  { name: 'steady state + transfers', transfers: true },
] as const;

export type CoVariantName = (typeof CO_VARIANTS)[number]['name'];

/**
 * When the whole network's allocation space has at most this many points (what a GA 16 × 16 schedules), every
 * allocation of each stack is a candidate too: the MILPs are steady-state estimates, and on a space this small
 * the scheduler itself can rank every point (tutorial lab 3: 81 allocations, and what decides it is the order in
 * which COALA puts off-chip, core-to-core and output transfers on the one shared bus, which no model here states).
 */
export const CO_ENUMERATE_MAX = 256;

export const EVERY_ALLOCATION = 'every allocation';

/** One allocation of a stack's genes, and where it came from. */
export interface CoCandidate {
  readonly variant: CoVariantName | typeof EVERY_ALLOCATION;
  /** 'optimum' (the solve's final solution) or 'incumbent k' (k-th solution found). */
  readonly solution: string;
  readonly choice: readonly (readonly [number, number])[];
}

export interface CoResult {
  /** The reference variant's allocation (every stack). */
  readonly genome: number[];
  /** Per solved stack: its record index and its candidates, the reference variant's optimum first. */
  readonly alternatives: readonly { readonly stack: number; readonly candidates: readonly CoCandidate[] }[];
  readonly record: Omit<AllocationSolveRecord, 'scheduledLatencyCycles' | 'scheduledEnergyPj'>;
}

export interface CoHooks {
  onProgress?(info: { stack: number; stacks: number; incumbent: number | null; bound: number | null; gap: number | null }): void;
  signal?: AbortSignal;
}

const STATUS_WORDS: Record<string, string> = {
  optimal: 'optimal',
  timeLimit: 'time limit',
  interrupted: 'interrupted',
  infeasible: 'infeasible',
  solutionLimit: 'solution limit',
  objectiveBound: 'objective bound',
  iterationLimit: 'iteration limit',
};

type StackRecord = AllocationSolveRecord['stacks'][number];
type VariantRecord = NonNullable<StackRecord['variants']>[number];

/** Solves every stack's MILP variants; the genome is the reference variant's, the candidates are all of them. */
export async function solveCoAllocation(problem: AllocationProblem, settings: { timeLimitS: number; mipGap: number }, solver: MilpSolver, hooks: CoHooks = {}): Promise<CoResult> {
  const t0 = performance.now();
  const instances = coInstances(problem);
  const genome = problem.genes.map((g) => g.cores[0]);
  const stacks: StackRecord[] = [];
  let variables = 0;
  let constraints = 0;
  const statuses = new Set<string>();
  const alternatives: { stack: number; candidates: CoCandidate[] }[] = [];
  const hasTransfers = (x: CoStackInstance) => (x.instance.transfers ?? []).some((e) => [...e.cycles.values()].some((c) => c > 0));
  const variantsOf = (x: CoStackInstance) => CO_VARIANTS.filter((v) => !v.transfers || hasTransfers(x));
  const enumerate = problem.genes.reduce((p, g) => p * g.cores.length, 1) <= CO_ENUMERATE_MAX;
  // The time left is shared among the solves still to run, in proportion to their size (tasks²).
  const weight = (x: CoStackInstance) => (x.instance.tasks.length > 1 ? x.instance.tasks.length ** 2 : 0);
  for (const [k, s] of instances.entries()) {
    if (hooks.signal?.aborted) throw new DOMException('The pipeline was cancelled', 'AbortError');
    checkCapacities(s);
    const ts = performance.now();
    const { tasks } = s.instance;
    if (tasks.length === 1) {
      const [core, lat] = [...tasks[0].latency.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0];
      if (tasks[0].gene >= 0) genome[tasks[0].gene] = core;
      const value = s.instance.iterations * lat;
      if (enumerate && tasks[0].gene >= 0) alternatives.push({ stack: stacks.length, candidates: [{ variant: EVERY_ALLOCATION, solution: `core ${core}`, choice: [[tasks[0].gene, core]] }, ...everyChoice(tasks)] });
      statuses.add('optimal');
      stacks.push({ layers: s.layers, iterations: s.instance.iterations, objective: value, bound: value, status: 'optimal (single task)', variables: tasks[0].latency.size, constraints: 0, timeMs: performance.now() - ts, kept: 'fastest core' });
      continue;
    }
    const variants: VariantRecord[] = [];
    const candidates: CoCandidate[] = [];
    const solves = variantsOf(s);
    for (const [j, variant] of solves.entries()) {
      const instance = variant.transfers ? s.instance : { ...s.instance, transfers: undefined };
      const model = buildCoModel(instance);
      const later = instances.slice(k + 1).reduce((acc, x) => acc + weight(x) * variantsOf(x).length, 0);
      const share = weight(s) / Math.max(1, weight(s) * (solves.length - j) + later);
      const remaining = Math.max(1, (settings.timeLimitS - (performance.now() - t0) / 1000) * share);
      const outcome = await solver(model.lp, { timeLimitS: remaining, mipGap: settings.mipGap }, (p) => hooks.onProgress?.({ stack: k, stacks: instances.length, incumbent: p.incumbent, bound: p.bound, gap: p.gap }), hooks.signal);
      const status = STATUS_WORDS[outcome.status] ?? outcome.status;
      variables += model.variables;
      constraints += model.constraints;
      if (!outcome.hasSolution || outcome.objective === null) {
        if (outcome.status === 'infeasible') {
          const caps = s.instance.cores.map((c) => `core ${c.id}: ${c.capacityBits} bits`).join(', ');
          const weights = tasks.reduce((x, t) => x + t.weightBits, 0);
          throw InputError.single(
            '<allocation: co>',
            `stack ${s.layers[0]}-${s.layers[s.layers.length - 1]}`,
            `weights that fit the cores' weight memories: the stack holds ${weights} bits of weights; ${caps} (cut the stack or use a larger memory)`,
          );
        }
        // No incumbent in the time given: each task's fastest core that still has weight room.
        const room = new Map(s.instance.cores.map((c) => [c.id, c.capacityBits]));
        const choice: [number, number][] = [];
        for (const t of tasks) {
          const core = [...t.latency.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0]).find(([c]) => (room.get(c) ?? Infinity) >= t.weightBits)?.[0] ?? [...t.latency.keys()][0];
          room.set(core, (room.get(core) ?? Infinity) - t.weightBits);
          if (t.gene >= 0) choice.push([t.gene, core]);
        }
        candidates.push({ variant: variant.name, solution: 'fastest cores (no solution)', choice });
        variants.push({ name: variant.name, objective: 0, bound: outcome.bound ?? 0, status: `${status}, no solution: fastest cores`, variables: model.variables, constraints: model.constraints, timeMs: outcome.timeMs });
        continue;
      }
      const assignment = readAssignment(model, (n) => outcome.values[n], tasks.length);
      candidates.push({ variant: variant.name, solution: 'optimum', choice: tasks.flatMap((t, i) => (t.gene >= 0 ? [[t.gene, assignment.core[i]] as const] : [])) });
      outcome.pool.forEach((names, i) => {
        const choice: [number, number][] = [];
        for (const name of names) {
          const v = model.xVars.get(name);
          if (v && tasks[v[0]].gene >= 0) choice.push([tasks[v[0]].gene, v[1]]);
        }
        if (choice.length === tasks.filter((t) => t.gene >= 0).length) candidates.push({ variant: variant.name, solution: `incumbent ${i + 1}`, choice });
      });
      variants.push({ name: variant.name, objective: outcome.objective, bound: outcome.bound ?? outcome.objective, status, variables: model.variables, constraints: model.constraints, timeMs: outcome.timeMs });
    }
    const reference = variants[0];
    for (const [gene, core] of candidates[0].choice) genome[gene] = core;
    if (enumerate) candidates.push(...everyChoice(tasks));
    statuses.add(reference.status);
    alternatives.push({ stack: stacks.length, candidates });
    stacks.push({
      layers: s.layers,
      iterations: s.instance.iterations,
      objective: reference.objective,
      bound: reference.bound,
      status: reference.status,
      variables: variants.reduce((a, v) => a + v.variables, 0),
      constraints: variants.reduce((a, v) => a + v.constraints, 0),
      timeMs: performance.now() - ts,
      kept: `${candidates[0].variant}, ${candidates[0].solution}`,
      variants,
    });
    hooks.onProgress?.({ stack: k + 1, stacks: instances.length, incumbent: stacks.reduce((a, x) => a + x.objective, 0), bound: stacks.reduce((a, x) => a + x.bound, 0), gap: null });
  }
  const objective = stacks.reduce((a, x) => a + x.objective, 0);
  const bound = stacks.reduce((a, x) => a + x.bound, 0);
  const gap = objective > 0 ? Math.max(0, (objective - bound) / objective) : 0;
  const status = statuses.size === 0 ? 'nothing to allocate' : statuses.size === 1 ? [...statuses][0] : [...statuses].join(' / ');
  return {
    genome,
    alternatives,
    record: {
      solver: 'HiGHS (WebAssembly)',
      status,
      variables,
      constraints,
      subproblems: instances.length,
      objective,
      bound,
      gap,
      timeMs: performance.now() - t0,
      timeLimitS: settings.timeLimitS,
      mipGap: settings.mipGap,
      stacks,
    },
  };
}

/** Every assignment of the tasks' genes to their cores (tasks pinned by the mapping keep their core). */
function everyChoice(tasks: readonly CoTask[]): CoCandidate[] {
  const genes = new Map<number, number[]>();
  for (const t of tasks) if (t.gene >= 0 && !genes.has(t.gene)) genes.set(t.gene, [...t.latency.keys()].sort((a, b) => a - b));
  let choices: [number, number][][] = [[]];
  for (const [gene, cores] of genes) choices = choices.flatMap((c) => cores.map((core) => [...c, [gene, core] as [number, number]]));
  return choices.map((choice, i) => ({ variant: EVERY_ALLOCATION, solution: `allocation ${i + 1}`, choice }));
}

/**
 * The candidates of every variant ranked by the scheduler: starting from the reference variant's optimum, each
 * stack in turn takes the candidate whose schedule is fastest with the other stacks fixed (the MILP objectives are
 * estimates; the scheduler sees every transfer, the memories and its own order). Returns the genome, how many
 * schedules it took and, per stack record, which candidate it kept.
 */
export function rankCandidates(result: CoResult, schedule: (genome: readonly number[]) => number): { genome: number[]; schedules: number; kept: ReadonlyMap<number, string> } {
  let genome = [...result.genome];
  let best = schedule(genome);
  let schedules = 1;
  const kept = new Map<number, string>();
  for (const { stack, candidates } of result.alternatives) {
    const seen = new Set<string>([genome.join(',')]);
    kept.set(stack, `${candidates[0].variant}, ${candidates[0].solution}`);
    for (const c of candidates) {
      const candidate = [...genome];
      for (const [gene, core] of c.choice) candidate[gene] = core;
      const key = candidate.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      const latency = schedule(candidate);
      schedules++;
      if (latency < best) {
        best = latency;
        genome = candidate;
        kept.set(stack, `${c.variant}, ${c.solution}`);
      }
    }
  }
  return { genome, schedules, kept };
}
