/**
 * Options of a Stream pipeline. The names are the seed document's keyword arguments (`loma_lpf_limit`,
 * `nb_ga_individuals`, ...) so that a MainStage call reads like the seed; ours are added in the same style.
 * Unknown options are an error that names them.
 */
import { z } from 'zod';
import { InputError, type InputIssue } from '../errors';

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
  // Inputs: objects (already imported) or paths (imported by the parser stages).
  accelerator: z.unknown().optional(),
  workload: z.unknown().optional(),
  mapping: z.unknown().optional(),
  workload_path: z.string().optional(),
  mapping_path: z.string().optional(),

  // Cost model
  loma_lpf_limit: z.number().int().min(1).max(12).default(6),
  temporal_mapping_type: z.enum(['uneven', 'even']).default('uneven'),
  cost_lut_path: z.string().optional(),

  // Layer stacks and tiling
  mode: z.enum(['lbl', 'fused']).default('lbl'),
  layer_stacks: z.array(layerStack).optional(),
  stack_cutoff: z.number().int().nonnegative().optional(),
  stack_cutoffs: z.array(z.number().int().nonnegative()).min(1).optional(),
  /**
   * How fused stacks are chosen when `layer_stacks` and the cutoffs are not given: `auto` (default; cut from the
   * workload and the hardware, docs/stages.md), `first-fit` (the reference's: the first stack takes layers until
   * the cores' total weight memory is full, then layer by layer; the default under compat "reference"), or
   * `search` (a few candidate cut sets, each allocated with a cheap GA, the best kept).
   */
  stacks: z.enum(['auto', 'first-fit', 'search']).optional(),
  /** Legacy CN definition (GenerateCNWorkloadHybridStage ≤ 2023): overrides the mapping's intra-core tiling. */
  cn_define_mode: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
  hint_loops: z.union([z.array(tilingHint), z.array(z.array(tilingHint))]).optional(),
  layer_cutoffs: z.array(z.number().int()).optional(),
  split_W_percentage: z.number().positive().max(1).default(1),
  split_onnx_model_path: z.string().optional(),
  split_W_double_buffered: z.boolean().default(false),

  // Scheduling
  scheduler_candidate_selection: z.enum(['order', 'latency', 'memory']).default('order'),
  operands_to_prefetch: z.array(z.string()).default([]),
  /** One off-chip read serves every core that takes the same tensor in the same window (reference lacks it). */
  multicast: z.boolean().default(false),

  // Allocation
  /**
   * `ga`: genetic search; `fixed`: the mapping's cores; `co`: constraint-optimised (MILP per stack, HiGHS,
   * docs/allocation-co.md); `co+ga`: the GA starting from the CO allocation; `auto`: GA when layers are open.
   */
  allocation: z.enum(['auto', 'fixed', 'ga', 'co', 'co+ga']).default('auto'),
  /** Wall-clock limit of the constraint optimisation (all stacks together), seconds. */
  co_time_limit_s: z.number().positive().max(86_400).default(60),
  /** Relative MIP gap at which the constraint optimisation stops. */
  co_mip_gap: z.number().min(0).max(1).default(0.0001),
  nb_ga_individuals: z.number().int().min(2).max(10_000).default(16),
  nb_ga_generations: z.number().int().min(0).max(100_000).default(16),
  seed: z.number().int().nonnegative().default(0),
  /** Worker threads for GA fitness evaluations; 0 evaluates in the calling thread. Results do not depend on it. */
  ga_workers: z.number().int().min(0).max(64).default(0),

  compat: z.enum(COMPAT_MODES).default('default'),

  // Plots (the seed's names). Recorded; the engine itself draws nothing.
  plot_hof: z.boolean().default(false),
  plot_file_name: z.string().optional(),
  plot_full_schedule: z.boolean().default(false),
  plot_data_transfer: z.boolean().default(false),
});

export type StreamOptionsInput = z.input<typeof streamOptionsSchema>;
export type StreamOptions = z.output<typeof streamOptionsSchema>;

const SOURCE = '<options>';

/** Validates pipeline options; throws an InputError naming every unknown or invalid option. */
export function parseStreamOptions(input: unknown): StreamOptions {
  const parsed = streamOptionsSchema.safeParse(input ?? {});
  if (parsed.success) return checkCombinations(parsed.data);
  const issues: InputIssue[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({ file: SOURCE, field: key, expected: 'a known Stream option (unknown option)', found: key });
      }
      continue;
    }
    issues.push({ file: SOURCE, field: issue.path.map(String).join('.'), expected: issue.message });
  }
  throw new InputError(issues);
}

function checkCombinations(options: StreamOptions): StreamOptions {
  const issues: InputIssue[] = [];
  if (options.layer_stacks) {
    const seen = new Set<number>();
    for (const id of options.layer_stacks.flat()) {
      if (seen.has(id)) issues.push({ file: SOURCE, field: 'layer_stacks', expected: 'each layer id in at most one stack', found: String(id) });
      seen.add(id);
    }
  }
  if (options.cn_define_mode !== undefined && !options.hint_loops) {
    issues.push({ file: SOURCE, field: 'hint_loops', expected: 'hint loops when cn_define_mode is set' });
  }
  if (options.cn_define_mode === 3 && options.hint_loops) {
    const nested = options.hint_loops.length > 0 && Array.isArray(options.hint_loops[0]?.[0]);
    const cutoffs = options.layer_cutoffs?.length ?? 0;
    if (!nested || cutoffs !== options.hint_loops.length - 1) {
      issues.push({ file: SOURCE, field: 'layer_cutoffs', expected: 'a list of hint-loop lists and one layer cutoff fewer (cn_define_mode 3)' });
    }
  }
  if (issues.length > 0) throw new InputError(issues);
  return options;
}

/** Parses a layer-stack string such as "0-10,11-21" or "0-3;4,5" into stacks. */
export function parseLayerStacksText(text: string): number[][] {
  const stacks: number[][] = [];
  for (const part of text.split(/[;,](?![^[]*\])/).map((s) => s.trim()).filter(Boolean)) {
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(part);
    if (range) {
      const lo = Number(range[1]);
      const hi = Number(range[2]);
      if (hi < lo) throw InputError.single('--layer-stacks', part, 'a range lo-hi with lo ≤ hi');
      stacks.push(Array.from({ length: hi - lo + 1 }, (_, i) => lo + i));
    } else if (/^\d+$/.test(part)) {
      stacks.push([Number(part)]);
    } else {
      throw InputError.single('--layer-stacks', part, 'ranges like "0-10,11-21" or single layer ids');
    }
  }
  return stacks;
}
