/**
 * The run-setup form and its translation into pipeline options (Stream's option names). Enums, defaults and the
 * "Advanced options" list come from the engine's option schema (`streamOptionInfo`), so the app offers the same
 * options as `stream-studio run --option`.
 */
import { fail, formatIssueInPlace, InputError, ok, parseLayerStacksText, parseStreamOptions, parseYaml, streamOptionInfo, type InputIssue, type OptionInfo, type Result, type StreamOptions } from '../../engine/browser';

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

/**
 * Options with their own field in the form: the form field that holds each and the label the user sees beside it.
 * Every other run option of the schema is an advanced option.
 */
export const OPTION_FIELDS = {
  mode: { field: 'mode', label: 'Mode' },
  layer_stacks: { field: 'layerStacks', label: 'Layer stacks' },
  stacks: { field: 'stackRule', label: 'Automatic stacks' },
  allocation: { field: 'allocation', label: 'Allocation' },
  nb_ga_individuals: { field: 'individuals', label: 'Individuals' },
  nb_ga_generations: { field: 'generations', label: 'Generations' },
  seed: { field: 'seed', label: 'Seed' },
  loma_lpf_limit: { field: 'lpfLimit', label: 'LOMA LPF limit' },
  co_time_limit_s: { field: 'coTimeLimitS', label: 'Time limit (s)' },
  co_mip_gap: { field: 'coMipGap', label: 'MIP gap' },
} as const satisfies Record<string, { field: keyof RunForm; label: string }>;
export type DedicatedOption = keyof typeof OPTION_FIELDS;
const DEDICATED = new Set<string>(Object.keys(OPTION_FIELDS));

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

/** The source named in the engine's issues about the form (never shown: issues are worded in place). */
const SOURCE = 'Options';

/** An advanced option's text read as YAML (`[W]`, `true`, `memory`): undefined when empty, or the issue at the option. */
function readAdvanced(text: string, name: string): Result<unknown> {
  if (text.trim() === '') return ok(undefined);
  const parsed = parseYaml(text, name);
  if (parsed.ok) return ok(parsed.value.value);
  return fail([{ file: SOURCE, field: name, expected: 'a YAML value', found: parsed.issues[0]?.found ?? parsed.issues[0]?.expected }]);
}

/** The value of an advanced option's text: parsed as YAML (`[W]`, `true`, `memory`); undefined when empty. */
export function advancedValue(text: string, name: string): unknown {
  const read = readAdvanced(text, name);
  if (!read.ok) throw new Error(formatIssueInPlace(read.issues[0]!, ''));
  return read.value;
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

/** A problem of the form, placed at the field it is about. */
export interface FormProblem {
  /** The form field that holds what the problem is about ('advanced' for an advanced option); null for none. */
  readonly field: keyof RunForm | null;
  /** The label of that field, for a summary. */
  readonly label: string | null;
  /** The option the engine's issue names, when it names one. */
  readonly option?: string;
  /** Worded for its place: beside a dedicated field relative to it (`Expected integer 1..12 (found 13)`); in the advanced area with the option's name. */
  readonly message: string;
  /** Worded for a list of the whole form: the field's label (an advanced option's name) and the message. */
  readonly text: string;
}

const PICKS = [
  ['designId', 'Pick a hardware design.'],
  ['workloadId', 'Pick a workload.'],
  ['mappingId', 'Pick a mapping.'],
] as const satisfies readonly (readonly [keyof RunForm, string])[];

/** The label the user sees for each field of the form. */
export const FIELD_LABELS: Readonly<Partial<Record<keyof RunForm, string>>> = {
  name: 'Run name (optional)',
  designId: 'Hardware design',
  workloadId: 'Workload',
  mappingId: 'Mapping',
  ...Object.fromEntries(Object.values(OPTION_FIELDS).map((o) => [o.field, o.label])),
  advanced: 'Advanced options',
};

/** The problems placed at one field, as shown there. */
export const messagesAt = (problems: readonly FormProblem[], field: keyof RunForm): string[] => problems.filter((p) => p.field === field).map((p) => p.message);

/** The option an engine issue is about: the first name of its field path (`layer_stacks[2]` → `layer_stacks`). */
const optionOf = (issue: InputIssue): string | undefined => /^[A-Za-z_][A-Za-z0-9_]*/.exec(issue.field)?.[0];

/** Places an engine issue about the options at the form field of the option it names, in the engine's words. */
function placed(issue: InputIssue): FormProblem {
  const option = optionOf(issue);
  if (option !== undefined && option in OPTION_FIELDS) {
    const { field, label } = OPTION_FIELDS[option as DedicatedOption];
    const message = formatIssueInPlace(issue, option);
    return { field, label, option, message, text: `${label}: ${message.charAt(0).toLowerCase()}${message.slice(1)}` };
  }
  const advanced = option !== undefined && advancedOptions().some((o) => o.name === option);
  const message = formatIssueInPlace(issue, '');
  return { field: advanced ? 'advanced' : null, label: advanced ? FIELD_LABELS.advanced! : null, ...(option !== undefined ? { option } : {}), message, text: message };
}

/**
 * Every problem of the form before starting: the picks, then the engine's validation of the options the form sends
 * (the stack reader, the advanced options' YAML, `parseStreamOptions` with the schema's bounds and combinations),
 * each issue worded by the engine's formatter and placed at the field of the option it names.
 */
export function runFormProblems(form: RunForm): FormProblem[] {
  const problems: FormProblem[] = PICKS.filter(([field]) => form[field] === null).map(([field, message]) => ({ field, label: FIELD_LABELS[field]!, message, text: message }));
  const issues = (error: unknown): readonly InputIssue[] => {
    if (error instanceof InputError) return error.issues;
    return [{ file: SOURCE, field: '', expected: 'valid options', found: (error as Error).message }];
  };
  if (form.mode === 'fused' && form.layerStacks.trim()) {
    try {
      parseLayerStacksText(form.layerStacks);
    } catch (error) {
      // The stack reader names the stack it could not read; the form names the option that holds it.
      return [...problems, ...issues(error).map((i) => placed({ ...i, field: 'layer_stacks', found: JSON.stringify(i.field) }))];
    }
  }
  const unread = advancedOptions().flatMap((o) => {
    const read = readAdvanced(form.advanced[o.name] ?? '', o.name);
    return read.ok ? [] : read.issues;
  });
  if (unread.length) return [...problems, ...unread.map(placed)];
  try {
    parseStreamOptions(runOptions(form));
  } catch (error) {
    problems.push(...issues(error).map(placed));
  }
  return problems;
}

/** A short summary for beside the start button: how many problems, and the fields that have them. */
export function problemSummary(problems: readonly FormProblem[]): string {
  const places = [...new Set(problems.map((p) => p.label ?? p.text))];
  return `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} to fix before starting: ${places.join(', ')}.`;
}
