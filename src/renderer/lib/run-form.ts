/**
 * The run-setup form and its translation into pipeline options (Stream's option names). Enums, defaults and the
 * "Advanced options" list come from the engine's option schema (`streamOptionInfo`), so the app offers the same
 * options as `stream-studio run --option`.
 */
import { formatIssueInPlace, InputError, parseLayerStacksText, parseStreamOptions, parseYaml, streamOptionInfo, type InputIssue, type OptionInfo, type StreamOptions } from '../../engine/browser';

const info = (name: string): OptionInfo | undefined => streamOptionInfo().find((o) => o.name === name);
const schemaDefault = <T>(name: string, fallback: T): T => (info(name)?.default as T | undefined) ?? fallback;

export type Mode = StreamOptions['mode'];
export type Allocation = StreamOptions['allocation'];
/** How fused stacks are chosen when none are typed (the `stacks` option; its default is `auto`). */
export type StackRule = NonNullable<StreamOptions['stacks']>;

const choices = <T extends string>(name: string): readonly T[] => (info(name)?.choices ?? []) as readonly T[];
/** Choices as the schema lists them, in its order. */
export const MODES = choices<Mode>('mode');
export const ALLOCATIONS = choices<Allocation>('allocation');
export const STACK_RULES = choices<StackRule>('stacks');
/** What the form shows for each choice (every choice of the schema must have one). */
export const MODE_LABELS: Readonly<Record<Mode, string>> = { lbl: 'Layer by layer', fused: 'Layer-fused' };
export const ALLOCATION_LABELS: Readonly<Record<Allocation, string>> = {
  auto: 'Auto',
  fixed: 'Fixed (mapping)',
  ga: 'Genetic algorithm',
  co: 'Constraint optimisation',
  'co+ga': 'Constraint optimisation, then GA',
};
export const STACK_RULE_LABELS: Readonly<Record<StackRule, string>> = {
  auto: 'from workload and hardware (weights fit a core, small tensors cross the cuts)',
  'first-fit': "first-fit (the reference's rule)",
  search: 'search: a few cut sets, each with a cheap GA, keep the best',
};

/** Options with their own field in the form; every other run option of the schema is an advanced option. */
const DEDICATED = new Set(['mode', 'layer_stacks', 'stacks', 'allocation', 'nb_ga_individuals', 'nb_ga_generations', 'seed', 'loma_lpf_limit', 'co_time_limit_s', 'co_mip_gap']);

/** The "Advanced options": every option of the schema that a run in the app takes (not inputs, not file options). */
export function advancedOptions(): readonly OptionInfo[] {
  return streamOptionInfo().filter((o) => o.kind === 'run' && !DEDICATED.has(o.name));
}

export interface RunForm {
  name: string;
  designId: number | null;
  workloadId: number | null;
  mappingId: number | null;
  mode: Mode;
  layerStacks: string;
  /**
   * How fused stacks are chosen when none are typed: a rule of the schema, or 'default' (the option left out, so
   * the engine picks: auto, or first-fit under a reference compat mode).
   */
  stackRule: StackRule | 'default';
  allocation: Allocation;
  individuals: number;
  generations: number;
  seed: number;
  lpfLimit: number;
  /** Constraint optimisation: time limit (s) and relative MIP gap. */
  coTimeLimitS: number;
  coMipGap: number;
  /** Advanced options as typed (YAML text, as `--option KEY=VALUE` takes them); '' keeps the default. */
  advanced: Record<string, string>;
}

export function defaultRunForm(): RunForm {
  return {
    name: '',
    designId: null,
    workloadId: null,
    mappingId: null,
    mode: schemaDefault<Mode>('mode', 'lbl'),
    layerStacks: '',
    stackRule: 'default',
    allocation: schemaDefault<Allocation>('allocation', 'auto'),
    individuals: schemaDefault('nb_ga_individuals', 16),
    generations: schemaDefault('nb_ga_generations', 16),
    seed: schemaDefault('seed', 0),
    lpfLimit: schemaDefault('loma_lpf_limit', 6),
    coTimeLimitS: schemaDefault('co_time_limit_s', 60),
    coMipGap: schemaDefault('co_mip_gap', 0.0001),
    advanced: Object.fromEntries(advancedOptions().map((o) => [o.name, ''])),
  };
}

/** The value of an advanced option's text: parsed as YAML (`[W]`, `true`, `memory`); undefined when empty. */
export function advancedValue(text: string, name: string): unknown {
  if (text.trim() === '') return undefined;
  const parsed = parseYaml(text, name);
  if (!parsed.ok) throw new Error(`${name}: expected a YAML value (${parsed.issues[0]?.found ?? parsed.issues[0]?.expected})`);
  return parsed.value.value;
}

/** Options sent with `runs.start`; defaults are left out so the stored options show what the user chose. */
export function runOptions(form: RunForm): Record<string, unknown> {
  const options: Record<string, unknown> = { mode: form.mode, allocation: form.allocation, loma_lpf_limit: form.lpfLimit };
  if (form.mode === 'fused' && form.layerStacks.trim()) options.layer_stacks = parseLayerStacksText(form.layerStacks);
  else if (form.mode === 'fused' && form.stackRule !== 'default') options.stacks = form.stackRule;
  if (form.allocation === 'co' || form.allocation === 'co+ga') {
    options.co_time_limit_s = form.coTimeLimitS;
    options.co_mip_gap = form.coMipGap;
  }
  if (form.allocation !== 'fixed' && form.allocation !== 'co') {
    options.nb_ga_individuals = form.individuals;
    options.nb_ga_generations = form.generations;
    options.seed = form.seed;
  }
  for (const o of advancedOptions()) {
    const value = advancedValue(form.advanced[o.name] ?? '', o.name);
    if (value !== undefined) options[o.name] = value;
  }
  return options;
}

/** A dedicated number field's input attributes, from the option schema's bounds (`step` 1 for an integer). */
export function numberInput(name: string): { min?: number; max?: number; step: number | 'any' } {
  const n = info(name)?.numeric;
  const min = n?.min ?? n?.above;
  return { ...(min !== undefined ? { min } : {}), ...(n?.max !== undefined ? { max: n.max } : {}), step: n?.integer ? 1 : 'any' };
}

/**
 * Form problems shown before starting: the picks, then the engine's validation of the options the form sends
 * (`parseStreamOptions`, the schema's bounds and combinations), each issue worded once by the engine's formatter.
 */
export function formProblems(form: RunForm): string[] {
  const problems: string[] = [];
  if (form.designId === null) problems.push('Pick a hardware design.');
  if (form.workloadId === null) problems.push('Pick a workload.');
  if (form.mappingId === null) problems.push('Pick a mapping.');
  const issues = (error: unknown): readonly InputIssue[] => {
    if (error instanceof InputError) return error.issues;
    return [{ file: 'Options', field: '', expected: 'valid options', found: (error as Error).message }];
  };
  if (form.mode === 'fused' && form.layerStacks.trim()) {
    try {
      parseLayerStacksText(form.layerStacks);
    } catch (error) {
      // The stack reader names the stack it could not read; the form names the option that holds it.
      return [...problems, ...issues(error).map((i) => formatIssueInPlace({ ...i, field: 'layer_stacks', found: JSON.stringify(i.field) }, ''))];
    }
  }
  try {
    parseStreamOptions(runOptions(form));
  } catch (error) {
    problems.push(...issues(error).map((i) => formatIssueInPlace(i, '')));
  }
  return problems;
}
