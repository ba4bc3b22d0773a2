/**
 * Genetic search over core allocations: NSGA-II in a (μ + λ) loop with μ = n/2 and λ = n, each offspring
 * made by two-point crossover (p = 0.3) or mutation (p = 0.7), objectives energy and latency, and a Pareto-front
 * hall of fame. Seeded: the same seed gives the same result.
 */
import type { AllocationProblem, Evaluation } from './allocation';
import { Prng } from '../prng';

export interface GaSettings {
  readonly individuals: number;
  readonly generations: number;
  readonly seed: number;
  readonly crossoverProbability?: number;
  readonly mutationProbability?: number;
  /** Genomes placed first in the initial population (e.g. the constraint-optimised allocation). */
  readonly initial?: readonly (readonly number[])[];
}

export interface GaGeneration {
  readonly generation: number;
  readonly evaluations: number;
  readonly best: Evaluation;
  readonly meanLatency: number;
  readonly meanEnergy: number;
  readonly front: readonly Evaluation[];
}

export interface GaResult {
  readonly best: Evaluation;
  readonly front: readonly Evaluation[];
  readonly history: readonly GaGeneration[];
  readonly evaluations: number;
}

/** Evaluates a batch of genomes (in order); may run them in parallel. */
export type BatchEvaluator = (genomes: readonly (readonly number[])[]) => Promise<readonly Evaluation[]>;

const dominates = (a: Evaluation, b: Evaluation): boolean =>
  a.energy <= b.energy && a.latency <= b.latency && (a.energy < b.energy || a.latency < b.latency);

/** Non-dominated sorting into fronts (indices). */
function fronts(pop: readonly Evaluation[]): number[][] {
  const n = pop.length;
  const dominatedBy = new Int32Array(n);
  const dominating: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(pop[i], pop[j])) {
        dominating[i].push(j);
        dominatedBy[j]++;
      } else if (dominates(pop[j], pop[i])) {
        dominating[j].push(i);
        dominatedBy[i]++;
      }
    }
  }
  const result: number[][] = [];
  let current = [...Array(n).keys()].filter((i) => dominatedBy[i] === 0);
  while (current.length > 0) {
    result.push(current);
    const next: number[] = [];
    for (const i of current) for (const j of dominating[i]) if (--dominatedBy[j] === 0) next.push(j);
    current = next.sort((a, b) => a - b);
  }
  return result;
}

function crowding(pop: readonly Evaluation[], front: readonly number[]): Map<number, number> {
  const dist = new Map(front.map((i) => [i, 0]));
  for (const key of ['energy', 'latency'] as const) {
    const sorted = [...front].sort((a, b) => pop[a][key] - pop[b][key] || a - b);
    const lo = pop[sorted[0]][key];
    const hi = pop[sorted[sorted.length - 1]][key];
    dist.set(sorted[0], Infinity);
    dist.set(sorted[sorted.length - 1], Infinity);
    if (!(hi > lo) || !Number.isFinite(hi - lo)) continue;
    for (let k = 1; k < sorted.length - 1; k++) {
      dist.set(sorted[k], dist.get(sorted[k])! + (pop[sorted[k + 1]][key] - pop[sorted[k - 1]][key]) / (hi - lo));
    }
  }
  return dist;
}

/** NSGA-II environmental selection of `k` individuals. */
export function selectNsga2(pop: readonly Evaluation[], k: number): Evaluation[] {
  const chosen: Evaluation[] = [];
  for (const front of fronts(pop)) {
    if (chosen.length + front.length <= k) {
      chosen.push(...front.map((i) => pop[i]));
      continue;
    }
    const dist = crowding(pop, front);
    const rest = [...front].sort((a, b) => dist.get(b)! - dist.get(a)! || a - b);
    chosen.push(...rest.slice(0, k - chosen.length).map((i) => pop[i]));
    break;
  }
  return chosen;
}

/** Non-dominated, unique-genome set of evaluations, sorted by latency. */
export class ParetoFront {
  private items: Evaluation[] = [];
  update(candidates: readonly Evaluation[]): void {
    for (const c of candidates) {
      if (!c.feasible) continue;
      if (this.items.some((x) => dominates(x, c) || (x.energy === c.energy && x.latency === c.latency))) continue;
      this.items = this.items.filter((x) => !dominates(c, x));
      this.items.push(c);
    }
    this.items.sort((a, b) => a.latency - b.latency || a.energy - b.energy);
  }
  get members(): readonly Evaluation[] {
    return this.items;
  }
}

function twoPoint(a: number[], b: number[], rng: Prng): void {
  const size = Math.min(a.length, b.length);
  if (size < 2) return;
  let p1 = 1 + rng.int(size - 1);
  let p2 = 1 + rng.int(size - 1);
  if (p2 < p1) [p1, p2] = [p2, p1];
  if (p1 === p2) p2 = Math.min(size, p2 + 1);
  for (let i = p1; i < p2; i++) [a[i], b[i]] = [b[i], a[i]];
}

function mutate(genome: number[], problem: AllocationProblem, rng: Prng): void {
  const genes = problem.genes;
  const p = 1 / genome.length;
  if (rng.next() < 0.75 || genome.length < 2) {
    for (let i = 0; i < genome.length; i++) {
      if (rng.next() >= p) continue;
      const others = genes[i].cores.filter((c) => c !== genome[i]);
      if (others.length > 0) genome[i] = rng.pick(others);
    }
    return;
  }
  const i = rng.int(genome.length);
  let j = rng.int(genome.length - 1);
  if (j >= i) j++;
  // A swap that would put a core where it is not allowed is skipped (the reference would produce an invalid allocation).
  if (genes[i].cores.includes(genome[j]) && genes[j].cores.includes(genome[i])) [genome[i], genome[j]] = [genome[j], genome[i]];
}

export interface GaHooks {
  onGeneration?(g: GaGeneration): void;
  signal?: AbortSignal;
}

export async function runGeneticAlgorithm(problem: AllocationProblem, settings: GaSettings, evaluate: BatchEvaluator, hooks: GaHooks = {}): Promise<GaResult> {
  const rng = new Prng(settings.seed);
  const n = settings.individuals;
  const mu = Math.max(1, Math.floor(n / 2));
  const cxpb = settings.crossoverProbability ?? 0.3;
  const mutpb = settings.mutationProbability ?? 0.7;
  const hof = new ParetoFront();
  const history: GaGeneration[] = [];
  let evaluations = 0;
  const check = () => {
    if (hooks.signal?.aborted) throw new DOMException('The pipeline was cancelled', 'AbortError');
  };
  const record = (generation: number, pop: readonly Evaluation[]) => {
    const feasible = pop.filter((p) => p.feasible);
    const best = hof.members[0] ?? pop[0];
    const g: GaGeneration = {
      generation,
      evaluations,
      best,
      meanLatency: feasible.reduce((s, p) => s + p.latency, 0) / Math.max(1, feasible.length),
      meanEnergy: feasible.reduce((s, p) => s + p.energy, 0) / Math.max(1, feasible.length),
      front: hof.members,
    };
    history.push(g);
    hooks.onGeneration?.(g);
  };
  check();
  const initial = Array.from({ length: n }, () => problem.genes.map((g) => rng.pick(g.cores)));
  (settings.initial ?? []).slice(0, n).forEach((g, i) => (initial[i] = [...g]));
  let pop = [...(await evaluate(initial))];
  evaluations += pop.length;
  hof.update(pop);
  record(0, pop);
  for (let gen = 1; gen <= settings.generations; gen++) {
    check();
    const children: number[][] = [];
    for (let k = 0; k < n; k++) {
      const r = rng.next();
      if (r < cxpb && pop.length >= 2) {
        const i = rng.int(pop.length);
        let j = rng.int(pop.length - 1);
        if (j >= i) j++;
        const a = [...pop[i].genome];
        const b = [...pop[j].genome];
        twoPoint(a, b, rng);
        children.push(a);
      } else if (r < cxpb + mutpb) {
        const a = [...rng.pick(pop).genome];
        mutate(a, problem, rng);
        children.push(a);
      } else children.push([...rng.pick(pop).genome]);
    }
    const offspring = await evaluate(children);
    evaluations += offspring.length;
    hof.update(offspring);
    pop = selectNsga2([...pop, ...offspring], mu);
    record(gen, pop);
  }
  const front = hof.members;
  const best = front[0] ?? pop.slice().sort((a, b) => a.latency - b.latency)[0];
  return { best, front, history, evaluations };
}
