/**
 * Options of a Stream pipeline. The names are the keyword arguments of Stream's MainStage (`loma_lpf_limit`,
 * `nb_ga_individuals`, ...) so that a MainStage call reads like Stream's; ours are added in the same style.
 * Unknown options are an error that names them.
 */
import { z } from 'zod';
import { closestName, describeValue, InputError, type InputIssue } from '../errors';

const layerStack = z.array(z.number().int().nonnegative()).min(1);
const tilingHint = z.tuple([z.string().min(1), z.union([z.number().int().positive(), z.literal('all')])]);

/**
 * `compat: "reference"` reproduces Stream ed4e12ef (December 2024, ZigZag 3.8.0) for every accelerator format;
 * `"reference-2025"` reproduces the 2025 tutorial-branch code on typed-format accelerators (older formats: as
 * "reference"). The default model fixes the reference's quirks (docs/differences.md).
 */
export const COMPAT_MODES = ['default', 'reference', 'reference-2025'] as const;
export type CompatMode = (typeof COMPAT_MODES)[number];

/** Whether a compat mode reproduces a reference (either version); the lower layers know only one reference. */
export const isReferenceCompat = (compat: string): boolean => compat === 'reference' || compat === 'reference-2025';

/** The compat mode for the workload and cost-model layers, which take 'default' | 'reference'. */
export const layerCompat = (compat: string): 'default' | 'reference' => (isReferenceCompat(compat) ? 'reference' : 'default');

export const streamOptionsSchema = z.strictObject({
  // Inputs: objects (already imported) or paths (imported by the parser stages). In a run file they are the
  // top-level keys `accelerator`, `workload` and `mapping`, not options.
  accelerator: z.unknown().optional().describe('the accelerator: an imported Accelerator or a YAML path'),
  workload: z.unknown().optional().describe('the workload: an imported Workload or an ONNX/YAML path'),
  mapping: z.unknown().optional().describe('the mapping: an imported Mapping or a YAML path'),
  workload_path: z.string().optional().describe('path of the workload (ONNX or YAML)'),
  mapping_path: z.string().optional().describe('path of the mapping (YAML)'),

  // Cost model
  loma_lpf_limit: z.number().int().min(1).max(12).default(6).describe('loop prime factor limit of the LOMA temporal mapping search'),
  temporal_mapping_type: z
    .enum(['uneven', 'even'])
    .default('uneven')
    .describe('uneven: each operand cuts the loop ordering into memory levels on its own; even: operands sharing a memory cut at the same loops (ZigZag\'s even mapping)'),
  temporal_mapper: z.enum(['loma', 'salsa']).default('loma').describe('temporal mapping search: loma (every ordering of the loop prime factors) or salsa (simulated annealing over them, seeded by seed)'),
  salsa_iterations: z.number().int().positive().default(1000).describe('salsa: loop orderings tried per spatial mapping'),
  salsa_temperature: z.number().nonnegative().default(0.05).describe('salsa: start temperature, as a relative cost increase accepted with probability 1/e'),
  cost_lut_path: z.string().optional().describe('JSON file of CN costs, read and extended (reused across runs)'),

  // Layer stacks and tiling
  mode: z.enum(['lbl', 'fused']).default('lbl').describe('lbl: each layer is its own stack; fused: layers fused into stacks'),
  layer_stacks: z
    .union([
      z.array(layerStack),
      z.string().transform((text, ctx) => {
        try {
          return parseLayerStacksText(text);
        } catch {
          ctx.addIssue({ code: 'custom', message: 'ranges like "0-10,11-21" or single layer ids' });
          return z.NEVER;
        }
      }),
    ])
    .optional()
    .describe('fused stacks: lists of layer ids, e.g. [[0,1,2],[3,4]], or ranges "0-10,11-21" ("0-3 6": one stack of several ranges or ids; layers not listed run alone)'),
  stack_cutoff: z.number().int().nonnegative().optional().describe('fused: one cut after this layer id'),
  stack_cutoffs: z.array(z.number().int().nonnegative()).min(1).optional().describe('fused: cut after these layer ids, then wherever the weights exceed the cores\' weight memories'),
  stacks: z
    .enum(['auto', 'first-fit', 'search'])
    .optional()
    .describe('fused stacks when none are given: auto (cut from the workload and the hardware; default), first-fit (the reference rule; default under compat reference), search (a few cut sets, each with a cheap GA, the best kept)'),
  /** Legacy CN definition (GenerateCNWorkloadHybridStage ≤ 2023): overrides the mapping's intra-core tiling. */
  cn_define_mode: z
    .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])
    .optional()
    .describe("legacy CN definition overriding the mapping's intra-core tiling: 1 hint_loops are outer-CN loops, 2 inner-CN loops, 3 per-layer-range lists (layer_cutoffs), 4 outer-CN loops + K split by split_W_percentage"),
  hint_loops: z.union([z.array(tilingHint), z.array(z.array(tilingHint))]).optional().describe('cn_define_mode loops, e.g. [[OY, all]] or [[OY, 4]]'),
  layer_cutoffs: z.array(z.number().int()).optional().describe('cn_define_mode 3: the layer ids where the next hint_loops list starts'),
  split_W_percentage: z.number().positive().max(1).default(1).describe("cn_define_mode 4: fraction of the smallest weight memory one CN's weights may take"),
  split_onnx_model_path: z.string().optional().describe('split layers whose weights do not fit the weight memory along K and write the split ONNX model here (LayerSplittingStage)'),
  split_W_double_buffered: z.boolean().default(false).describe('split layers whose weights do not fit half the weight memory (double buffering) along K (LayerSplittingStage)'),

  // Clocks
  system_clock_ns: z
    .number()
    .positive()
    .default(1)
    .describe('period of the system clock the schedule counts in, ns: digital cores run at it; an in-memory-computing core runs at its macro\'s clock period (tclk) and its cycles are converted (× tclk / system_clock_ns, rounded up)'),

  // Scheduling
  scheduler_candidate_selection: z
    .enum(['order', 'latency', 'memory'])
    .default('order')
    .describe('which ready CN is scheduled next: order (stack order), latency (earliest ready), memory (deepest layer); compat reference: always order'),
  operands_to_prefetch: z.array(z.string()).default([]).describe('constant operands (e.g. [W]) loaded onto their cores before the first CN'),
  /** One off-chip read serves every core that takes the same tensor in the same window (reference lacks it). */
  multicast: z.boolean().default(false).describe('one off-chip read serves every core taking the same tensor in the same window'),

  // Allocation
  allocation: z
    .enum(['auto', 'fixed', 'ga', 'co', 'co+ga'])
    .default('auto')
    .describe("fixed: the mapping's core_allocation only; ga: genetic search; co: constraint optimisation (MILP per stack, HiGHS); co+ga: the GA seeded with the CO allocation; auto: search where the mapping leaves a choice"),
  co_time_limit_s: z.number().positive().max(86_400).default(60).describe('time limit of the constraint optimisation (all stacks together), seconds'),
  co_mip_gap: z.number().min(0).max(1).default(0.0001).describe('relative MIP gap at which the constraint optimisation stops'),
  nb_ga_individuals: z.number().int().min(2).max(10_000).default(16).describe('genetic algorithm population'),
  nb_ga_generations: z.number().int().min(0).max(100_000).default(16).describe('genetic algorithm generations'),
  seed: z.number().int().nonnegative().default(0).describe('random seed of the genetic algorithm'),
  /** Worker threads for GA fitness evaluations; 0 evaluates in the calling thread. Results do not depend on it. */
  ga_workers: z.number().int().min(0).max(64).default(0).describe('worker threads evaluating GA individuals (0: in the calling thread); the result does not depend on it'),

  compat: z.enum(COMPAT_MODES).default('default').describe('reference: reproduce Stream ed4e12ef (2024) and its quirks; reference-2025: the 2025 tutorial-branch code (docs/differences.md)'),

  // Plots (Stream's option names). Drawn by the plotter the caller passes (the CLI writes SVG files).
  plot_hof: z.boolean().default(false).describe("plot the GA's hall of fame (Pareto front): <plot_file_name>pareto.svg"),
  plot_file_name: z.string().optional().describe('path prefix of the plot files (default "stream-")'),
  plot_full_schedule: z.boolean().default(false).describe('plot the schedule and memory use: <plot_file_name>schedule.svg, memory.svg'),
  plot_data_transfer: z.boolean().default(false).describe('plot the schedule with its data transfers: <plot_file_name>schedule.svg'),
});

export type StreamOptionsInput = z.input<typeof streamOptionsSchema>;
export type StreamOptions = z.output<typeof streamOptionsSchema>;

const SOURCE = '<options>';

/** Where options come from, for error messages: a file and the field path of the options inside it. */
export interface OptionsSource {
  readonly file: string;
  /** Prefix of every option's field path, e.g. "options." in a run file; "" for a bare options object. */
  readonly fieldPrefix?: string;
}

/** What an unknown option name should have been: any known one, the likeliest named when there is one. */
export function knownOptionExpected(name: string): string {
  const likely = closestName(name, Object.keys(streamOptionsSchema.shape));
  return `a known Stream option (${likely ? `did you mean ${JSON.stringify(likely)}? ` : ''}\`stream-studio help run\` lists them)`;
}

/** Validates pipeline options; throws an InputError naming every unknown or invalid option. */
export function parseStreamOptions(input: unknown, source: OptionsSource = { file: SOURCE }): StreamOptions {
  const file = source.file;
  const prefix = source.fieldPrefix ?? '';
  const parsed = streamOptionsSchema.safeParse(input ?? {});
  if (parsed.success) return checkCombinations(parsed.data, file, prefix);
  const issues: InputIssue[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({ file, field: prefix + key, expected: knownOptionExpected(key), found: key });
      }
      continue;
    }
    const key = String(issue.path[0] ?? '');
    const path = issue.path.map(String).join('.');
    const given = isRecord(input) ? input[key] : undefined;
    issues.push({
      file,
      field: prefix + path,
      expected: `${optionTypeText(key) ?? 'a valid value'}${issue.path.length > 1 ? ` (${issue.message})` : ''}`,
      ...(key in (isRecord(input) ? input : {}) ? { found: describeValue(issue.path.length > 1 ? valueAt(input, issue.path) : given) } : {}),
    });
  }
  throw new InputError(issues);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const k of path) v = isRecord(v) || Array.isArray(v) ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

function checkCombinations(options: StreamOptions, file: string = SOURCE, prefix = ''): StreamOptions {
  const issues: InputIssue[] = [];
  if (options.layer_stacks) {
    const seen = new Set<number>();
    const repeated = new Set<number>();
    for (const id of options.layer_stacks.flat()) (seen.has(id) ? repeated : seen).add(id);
    if (repeated.size > 0) issues.push({ file, field: `${prefix}layer_stacks`, expected: 'each layer id in at most one stack', found: `${[...repeated].join(', ')} more than once` });
  }
  if (options.cn_define_mode !== undefined && !options.hint_loops) {
    issues.push({ file, field: `${prefix}hint_loops`, expected: 'hint loops when cn_define_mode is set' });
  }
  if (options.cn_define_mode === 3 && options.hint_loops) {
    const nested = options.hint_loops.length > 0 && Array.isArray(options.hint_loops[0]?.[0]);
    const cutoffs = options.layer_cutoffs?.length ?? 0;
    if (!nested || cutoffs !== options.hint_loops.length - 1) {
      issues.push({ file, field: `${prefix}layer_cutoffs`, expected: 'a list of hint-loop lists and one layer cutoff fewer (cn_define_mode 3)' });
    }
  }
  // Options that only act together with another one: refused alone rather than accepted and ignored.
  const needs = (key: keyof StreamOptions, present: boolean, expected: string) => {
    if (present) issues.push({ file, field: prefix + key, expected });
  };
  needs('hint_loops', options.hint_loops !== undefined && options.cn_define_mode === undefined, 'cn_define_mode with hint_loops (hint_loops act only through cn_define_mode 1-4)');
  needs('layer_cutoffs', options.layer_cutoffs !== undefined && options.cn_define_mode !== 3, 'cn_define_mode 3 with layer_cutoffs');
  needs('split_W_percentage', options.split_W_percentage !== 1 && options.cn_define_mode !== 4, 'cn_define_mode 4 with split_W_percentage');
  const layerChoices = [options.layer_stacks && 'layer_stacks', options.stack_cutoff !== undefined && 'stack_cutoff', options.stack_cutoffs && 'stack_cutoffs'].filter(Boolean);
  for (const key of layerChoices) {
    needs(key as keyof StreamOptions, options.mode !== 'fused', `mode: fused with ${String(key)} (layer by layer runs every layer alone)`);
  }
  if (layerChoices.length > 1) issues.push({ file, field: prefix + String(layerChoices[1]), expected: `one of layer_stacks, stack_cutoff, stack_cutoffs (${layerChoices.join(' and ')} given)` });
  needs(
    'plot_file_name',
    options.plot_file_name !== undefined && !options.plot_hof && !options.plot_full_schedule && !options.plot_data_transfer,
    'plot_hof, plot_full_schedule or plot_data_transfer set to true with plot_file_name (it names their files)',
  );
  for (const key of ['salsa_iterations', 'salsa_temperature'] as const) {
    if (!(key in streamOptionsSchema.shape)) continue;
    needs(key, options[key] !== streamOptionsSchema.shape[key].def.defaultValue && options.temporal_mapper !== 'salsa', `temporal_mapper: salsa with ${key} (LOMA does not anneal)`);
  }
  const gaOptions = (['nb_ga_individuals', 'nb_ga_generations', 'ga_workers'] as const).filter((k) => options[k] !== streamOptionsSchema.shape[k].def.defaultValue);
  for (const key of gaOptions) {
    needs(key, options.allocation === 'fixed' || options.allocation === 'co', `allocation auto, ga or co+ga with ${key} (allocation: ${options.allocation} runs no genetic algorithm)`);
  }
  const coOptions = (['co_time_limit_s', 'co_mip_gap'] as const).filter((k) => k in streamOptionsSchema.shape && options[k] !== streamOptionsSchema.shape[k].def.defaultValue);
  for (const key of coOptions) needs(key, options.allocation !== 'co' && options.allocation !== 'co+ga', `allocation co or co+ga with ${key} (only the constraint optimisation uses it)`);
  needs('stacks', options.stacks !== undefined && (options.mode !== 'fused' || layerChoices.length > 0), 'mode: fused without layer_stacks, stack_cutoff or stack_cutoffs (stacks chooses the cuts when none are given)');
  if (issues.length > 0) throw new InputError(issues);
  return options;
}

/** Keys of the schema that are inputs (top-level keys of a run file, never in its `options`). */
export const INPUT_OPTION_KEYS = ['accelerator', 'workload', 'mapping', 'workload_path', 'mapping_path'] as const;
/** Options naming files: relative paths in a run file are resolved against the file's directory. */
export const PATH_OPTION_KEYS = ['cost_lut_path', 'split_onnx_model_path', 'plot_file_name'] as const;
/** Options that only write files (the app draws its own charts and refuses them). */
export const FILE_OUTPUT_OPTION_KEYS = ['cost_lut_path', 'split_onnx_model_path', 'plot_file_name', 'plot_hof', 'plot_full_schedule', 'plot_data_transfer'] as const;

export type OptionKind = 'input' | 'file' | 'run';

/** One option of the schema, as `stream-studio help run` and the app's advanced options show it. */
export interface OptionInfo {
  readonly name: string;
  /** JSON schema of the value (zod's), for forms. */
  readonly jsonSchema: Readonly<Record<string, unknown>>;
  /** Human type, e.g. "integer 1..12", "one of lbl, fused", "list of string". */
  readonly type: string;
  /** Default value, undefined when the option has none (unset). */
  readonly default: unknown;
  readonly description: string;
  /** Allowed values of an enum option (strings or numbers). */
  readonly choices?: readonly (string | number)[];
  /** input: a run file's top-level key; file: names or writes files (CLI and run files only); run: everything else. */
  readonly kind: OptionKind;
  /** Bounds of a numeric option, for a form's number input (the schema still decides: `parseStreamOptions`). */
  readonly numeric?: NumericBounds;
}

/** The bounds of a number in the schema: `min`/`max` inclusive, `above` exclusive (`.positive()`: above 0). */
export interface NumericBounds {
  readonly integer: boolean;
  readonly min?: number;
  readonly above?: number;
  readonly max?: number;
}

let infoCache: readonly OptionInfo[] | undefined;

/** Every option of `streamOptionsSchema` in schema order, with type, default and description derived from it. */
export function streamOptionInfo(): readonly OptionInfo[] {
  if (infoCache) return infoCache;
  const json = z.toJSONSchema(streamOptionsSchema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, Record<string, unknown>> };
  infoCache = Object.keys(streamOptionsSchema.shape).map((name) => {
    const schema = json.properties[name] ?? {};
    const kind: OptionKind = (INPUT_OPTION_KEYS as readonly string[]).includes(name)
      ? 'input'
      : (FILE_OUTPUT_OPTION_KEYS as readonly string[]).includes(name)
        ? 'file'
        : 'run';
    const choices = enumChoices(schema);
    const numeric = numericBounds(schema);
    return {
      name,
      jsonSchema: schema,
      type: jsonTypeText(schema),
      default: schema.default,
      description: typeof schema.description === 'string' ? schema.description : '',
      ...(choices ? { choices } : {}),
      kind,
      ...(numeric ? { numeric } : {}),
    };
  });
  return infoCache;
}

/** The human type of one option ("integer 1..12", ...), or undefined for an unknown key. */
export function optionTypeText(name: string): string | undefined {
  return streamOptionInfo().find((o) => o.name === name)?.type;
}

function enumChoices(schema: Record<string, unknown>): (string | number)[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum as (string | number)[];
  const any = schema.anyOf as Record<string, unknown>[] | undefined;
  if (any && any.every((s) => 'const' in s)) return any.map((s) => s.const as string | number);
  return undefined;
}

const BIG = 2 ** 52;

/** Bounds of a plain number or integer schema (zod's ±2^53 of `.int()` is no bound). */
function numericBounds(schema: Record<string, unknown>): NumericBounds | undefined {
  if ((schema.type !== 'number' && schema.type !== 'integer') || enumChoices(schema)) return undefined;
  const min = typeof schema.minimum === 'number' && Math.abs(schema.minimum) < BIG ? schema.minimum : undefined;
  const above = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined;
  const max = typeof schema.maximum === 'number' && Math.abs(schema.maximum) < BIG ? schema.maximum : undefined;
  return { integer: schema.type === 'integer', ...(min !== undefined ? { min } : {}), ...(above !== undefined ? { above } : {}), ...(max !== undefined ? { max } : {}) };
}

function jsonTypeText(schema: Record<string, unknown>): string {
  const choices = enumChoices(schema);
  if (choices) return `one of ${choices.join(', ')}`;
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Record<string, unknown>[]).map(jsonTypeText).join(' or ');
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.prefixItems)) return `[${(schema.prefixItems as Record<string, unknown>[]).map(jsonTypeText).join(', ')}]`;
  const bounds = numericBounds(schema);
  const min = bounds?.min;
  const xmin = bounds?.above;
  const hi = bounds?.max;
  const parts = [min !== undefined && hi === undefined ? `≥ ${min}` : undefined, xmin !== undefined ? `> ${xmin}` : undefined, hi !== undefined && min === undefined ? `≤ ${hi}` : undefined].filter(Boolean);
  const range = min !== undefined && hi !== undefined ? ` ${min}..${hi}` : parts.length ? ` ${parts.join(', ')}` : '';
  switch (schema.type) {
    case 'integer':
      return `integer${range}`;
    case 'number':
      return `number${range}`;
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'array': {
      const items = schema.items as Record<string, unknown> | undefined;
      return `list of ${items ? jsonTypeText(items) : 'values'}${typeof schema.minItems === 'number' && schema.minItems > 0 ? ` (at least ${schema.minItems})` : ''}`;
    }
    default:
      return 'any value';
  }
}

/**
 * Parses layer stacks written as text: stacks separated by "," or ";", each a layer id, a range "lo-hi", or several
 * of these separated by spaces ("0-10, 11-21", "0-3;4,5", "5 7" for a stack of layers 5 and 7).
 */
export function parseLayerStacksText(text: string): number[][] {
  const stacks: number[][] = [];
  for (const part of text.split(/[;,](?![^[]*\])/).map((s) => s.trim()).filter(Boolean)) {
    const stack: number[] = [];
    for (const token of part.replace(/\s*-\s*/g, '-').split(/\s+/)) {
      const range = /^(\d+)-(\d+)$/.exec(token);
      if (range) {
        const lo = Number(range[1]);
        const hi = Number(range[2]);
        if (hi < lo) throw InputError.single('--layer-stacks', part, 'a range lo-hi with lo ≤ hi');
        for (let id = lo; id <= hi; id++) stack.push(id);
      } else if (/^\d+$/.test(token)) {
        stack.push(Number(token));
      } else {
        throw InputError.single('--layer-stacks', part, 'ranges like "0-10,11-21" or single layer ids (a stack of several: "5 7")');
      }
    }
    stacks.push(stack);
  }
  return stacks;
}

/** Layer stacks as `parseLayerStacksText` reads them, runs of consecutive ids as ranges: [[0,1,2],[3],[5,7]] → "0-2, 3, 5 7". */
export function layerStacksText(stacks: readonly (readonly number[])[]): string {
  return stacks
    .map((stack) => {
      const ids = [...stack].sort((a, b) => a - b);
      const runs: string[] = [];
      for (let i = 0; i < ids.length; ) {
        let j = i;
        while (j + 1 < ids.length && ids[j + 1] === ids[j] + 1) j++;
        runs.push(j > i ? `${ids[i]}-${ids[j]}` : `${ids[i]}`);
        i = j + 1;
      }
      return runs.join(' ');
    })
    .join(', ');
}
