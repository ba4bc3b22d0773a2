/** The run-setup form and its translation into pipeline options (the seed's option names). */

export type Mode = 'lbl' | 'fused';
export type Allocation = 'auto' | 'fixed' | 'ga' | 'co' | 'co+ga';

export interface RunForm {
  name: string;
  designId: number | null;
  workloadId: number | null;
  mappingId: number | null;
  mode: Mode;
  layerStacks: string;
  /** How fused stacks are chosen when none are typed: automatic rule, the reference's first-fit, or a search. */
  stackRule: 'auto' | 'first-fit' | 'search';
  allocation: Allocation;
  individuals: number;
  generations: number;
  seed: number;
  lpfLimit: number;
  schedulerCandidateSelection: 'order' | 'latency' | 'memory';
  multicast: boolean;
  compat: 'default' | 'reference';
  temporalMappingType: 'uneven' | 'even';
  operandsToPrefetch: string;
  gaWorkers: number;
  /** Constraint optimisation: time limit (s) and relative MIP gap. */
  coTimeLimitS: number;
  coMipGap: number;
}

export function defaultRunForm(): RunForm {
  return {
    name: '',
    designId: null,
    workloadId: null,
    mappingId: null,
    mode: 'lbl',
    layerStacks: '',
    stackRule: 'auto',
    allocation: 'auto',
    individuals: 16,
    generations: 16,
    seed: 0,
    lpfLimit: 6,
    schedulerCandidateSelection: 'order',
    multicast: false,
    compat: 'default',
    temporalMappingType: 'uneven',
    operandsToPrefetch: '',
    gaWorkers: 0,
    coTimeLimitS: 60,
    coMipGap: 0.0001,
  };
}

/** "0-10, 11-21; 22" → [[0..10], [11..21], [22]]; throws a message naming the bad part. */
export function parseStacks(text: string): number[][] {
  const stacks: number[][] = [];
  for (const part of text.split(/[;,]/).map((s) => s.trim()).filter(Boolean)) {
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(part);
    if (range) {
      const lo = Number(range[1]);
      const hi = Number(range[2]);
      if (hi < lo) throw new Error(`Layer stack "${part}": expected lo-hi with lo ≤ hi`);
      stacks.push(Array.from({ length: hi - lo + 1 }, (_, i) => lo + i));
    } else if (/^\d+$/.test(part)) {
      stacks.push([Number(part)]);
    } else {
      throw new Error(`Layer stack "${part}": expected ranges like 0-10 or single layer ids`);
    }
  }
  return stacks;
}

/** Stacks back to text, compressing consecutive ids into ranges: [[0,1,2],[3]] → "0-2, 3". */
export function stacksText(stacks: readonly (readonly number[])[]): string {
  return stacks
    .map((stack) => {
      const sorted = [...stack].sort((a, b) => a - b);
      const contiguous = sorted.every((id, i) => i === 0 || id === sorted[i - 1] + 1);
      if (contiguous && sorted.length > 1) return `${sorted[0]}-${sorted[sorted.length - 1]}`;
      return sorted.join(' ');
    })
    .join(', ');
}

/** Options sent with `runs.start`; defaults are left out so the stored options show what the user chose. */
export function runOptions(form: RunForm): Record<string, unknown> {
  const options: Record<string, unknown> = { mode: form.mode, allocation: form.allocation, loma_lpf_limit: form.lpfLimit };
  if (form.mode === 'fused' && form.layerStacks.trim()) options.layer_stacks = parseStacks(form.layerStacks);
  else if (form.mode === 'fused' && form.stackRule !== 'auto') options.stacks = form.stackRule;
  if (form.allocation === 'co' || form.allocation === 'co+ga') {
    options.co_time_limit_s = form.coTimeLimitS;
    options.co_mip_gap = form.coMipGap;
  }
  if (form.allocation !== 'fixed' && form.allocation !== 'co') {
    options.nb_ga_individuals = form.individuals;
    options.nb_ga_generations = form.generations;
    options.seed = form.seed;
  }
  if (form.schedulerCandidateSelection !== 'order') options.scheduler_candidate_selection = form.schedulerCandidateSelection;
  if (form.multicast) options.multicast = true;
  if (form.compat !== 'default') options.compat = form.compat;
  if (form.temporalMappingType !== 'uneven') options.temporal_mapping_type = form.temporalMappingType;
  const prefetch = form.operandsToPrefetch.split(',').map((s) => s.trim()).filter(Boolean);
  if (prefetch.length) options.operands_to_prefetch = prefetch;
  if (form.gaWorkers > 0) options.ga_workers = form.gaWorkers;
  return options;
}

/** Form problems shown before starting (the engine validates again). */
export function formProblems(form: RunForm): string[] {
  const problems: string[] = [];
  if (form.designId === null) problems.push('Pick a hardware design.');
  if (form.workloadId === null) problems.push('Pick a workload.');
  if (form.mappingId === null) problems.push('Pick a mapping.');
  if (form.mode === 'fused' && form.layerStacks.trim()) {
    try {
      parseStacks(form.layerStacks);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (!Number.isInteger(form.lpfLimit) || form.lpfLimit < 1 || form.lpfLimit > 12) problems.push('LPF limit: expected a whole number from 1 to 12.');
  if ((form.allocation === 'co' || form.allocation === 'co+ga') && !(form.coTimeLimitS > 0)) problems.push('Time limit: expected a number of seconds > 0.');
  if ((form.allocation === 'co' || form.allocation === 'co+ga') && !(form.coMipGap >= 0 && form.coMipGap <= 1)) problems.push('MIP gap: expected a fraction from 0 to 1.');
  if (form.allocation !== 'fixed' && form.allocation !== 'co') {
    if (!Number.isInteger(form.individuals) || form.individuals < 2) problems.push('GA individuals: expected a whole number ≥ 2.');
    if (!Number.isInteger(form.generations) || form.generations < 0) problems.push('GA generations: expected a whole number ≥ 0.');
    if (!Number.isInteger(form.seed) || form.seed < 0) problems.push('Seed: expected a whole number ≥ 0.');
  }
  return problems;
}
