/**
 * Sweep definitions: a base (accelerator, workload, mapping, run options) plus axes, a sampling rule, the cost
 * policy and GA seeds per point. One format for the CLI, the app and the store (the store keeps this object).
 */
import { InputError, type InputIssue } from '../errors';
import type { Accelerator } from '../hardware/types';
import { Prng } from '../prng';
import { knownOptionExpected, parseStreamOptions, streamOptionsSchema } from '../stream/options';
import { checkLeafValue, formatConcrete, resolveFieldPath } from './field-path';

export type SweepAxis =
  | { readonly kind: 'field'; readonly path: string; readonly values: readonly unknown[] }
  | { readonly kind: 'option'; readonly option: string; readonly values: readonly unknown[] }
  /** `workloads: [a.onnx, b.onnx]`: an implicit axis over workload files. */
  | { readonly kind: 'workload'; readonly values: readonly string[] };

export type SweepSample = { readonly kind: 'grid' } | { readonly kind: 'random'; readonly count: number; readonly seed: number };

/** `follow`: memory costs and area follow size/width from the cost model; `as_given`: keep the file's figures. */
export type CostPolicy = 'follow' | 'as_given';

export interface SweepDefinition {
  readonly name: string;
  /** Paths as written (relative to the sweep file) or absolute; the runner resolves them. */
  readonly accelerator: string;
  /** One workload; with several, `axes` holds a `workload` axis. */
  readonly workload: string;
  readonly mapping: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly axes: readonly SweepAxis[];
  readonly sample: SweepSample;
  readonly costs: CostPolicy;
  /** GA seeds per point (1: one run per point). */
  readonly seeds: number;
}

/**
 * A point's run options: the base with the point's option values. A point that runs layer by layer drops the
 * base's fused-only options (`layer_stacks`), so that `mode: [lbl, fused]` is an axis over a fused base.
 */
export function pointOptions(base: Readonly<Record<string, unknown>>, overrides: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const options: Record<string, unknown> = { ...base, ...overrides };
  if (options['mode'] === 'lbl' && !('layer_stacks' in overrides)) delete options['layer_stacks'];
  return options;
}

/** The label of an axis in `params` and in exports: the field path, the option name, or `workload`. */
export function axisLabel(axis: SweepAxis): string {
  return axis.kind === 'field' ? axis.path : axis.kind === 'option' ? axis.option : 'workload';
}

export interface SweepPointSpec {
  /** Position of the point in the sweep (0-based, stable: resume and the queue key points by it). */
  readonly index: number;
  readonly params: Readonly<Record<string, unknown>>;
}

export function gridSize(def: Pick<SweepDefinition, 'axes'>): number {
  return def.axes.reduce((n, a) => n * a.values.length, 1);
}

function gridPoint(def: Pick<SweepDefinition, 'axes'>, flat: number): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  // Row-major: the last axis varies fastest.
  let rest = flat;
  for (let i = def.axes.length - 1; i >= 0; i--) {
    const axis = def.axes[i]!;
    params[axisLabel(axis)] = axis.values[rest % axis.values.length];
    rest = Math.floor(rest / axis.values.length);
  }
  return Object.fromEntries(def.axes.map((a) => [axisLabel(a), params[axisLabel(a)]]));
}

/** Number of points the sweep will run (before seeds). */
export function pointCount(def: Pick<SweepDefinition, 'axes' | 'sample'>): number {
  const grid = gridSize(def);
  return def.sample.kind === 'grid' ? grid : Math.min(grid, def.sample.count);
}

/**
 * The points of a sweep: the whole grid in row-major order, or `count` distinct grid points drawn with the
 * sample's seed (a partial Fisher–Yates shuffle, so no point repeats), kept in grid order.
 */
export function expandSweep(def: Pick<SweepDefinition, 'axes' | 'sample'>): SweepPointSpec[] {
  const grid = gridSize(def);
  let flats: number[];
  if (def.sample.kind === 'grid' || def.sample.count >= grid) flats = Array.from({ length: grid }, (_, i) => i);
  else {
    const rng = new Prng(def.sample.seed);
    const pool = Array.from({ length: grid }, (_, i) => i);
    for (let i = 0; i < def.sample.count; i++) {
      const j = i + rng.int(grid - i);
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    flats = pool.slice(0, def.sample.count).sort((a, b) => a - b);
  }
  return flats.map((flat, index) => ({ index, params: gridPoint(def, flat) }));
}

/**
 * Checks every axis against the base before anything runs: a path that matches nothing or a derived field,
 * a value of the wrong type, an option value the schema refuses, an empty axis, a repeated axis. Each issue
 * names the sweep file, the axis (`axes[i].field`) and what was expected.
 */
export function validateSweepAxes(def: SweepDefinition, base: Accelerator, file: string): InputIssue[] {
  const issues: InputIssue[] = [];
  const seen = new Set<string>();
  def.axes.forEach((axis, i) => {
    const where = axis.kind === 'workload' ? 'workloads' : `axes[${i}].${axis.kind}`;
    const label = axisLabel(axis);
    if (seen.has(label)) issues.push({ file, field: where, expected: 'each field or option in at most one axis', found: label });
    seen.add(label);
    if (axis.values.length === 0) {
      issues.push({ file, field: axis.kind === 'workload' ? 'workloads' : `axes[${i}].values`, expected: 'at least one value (the axis is empty)' });
      return;
    }
    if (axis.kind === 'field') {
      const resolved = resolveFieldPath(base, axis.path);
      if (!resolved.ok) {
        issues.push({ file, field: where, expected: `a path into the accelerator as \`inspect --json\` prints it`, found: `${axis.path}: ${resolved.message}` });
        return;
      }
      axis.values.forEach((value, j) => {
        for (const leaf of resolved.value) {
          const problem = checkLeafValue(leaf.path, value);
          if (problem) {
            issues.push({ file, field: `axes[${i}].values[${j}]`, expected: `${problem} for ${formatConcrete(leaf.path)}`, found: JSON.stringify(value) });
            return;
          }
        }
      });
    } else if (axis.kind === 'option') {
      if (!Object.hasOwn(streamOptionsSchema.shape, axis.option)) {
        issues.push({ file, field: where, expected: knownOptionExpected(axis.option), found: axis.option });
        return;
      }
      axis.values.forEach((value, j) => {
        try {
          parseStreamOptions(pointOptions(def.options, { [axis.option]: value }));
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          // The option's own problems read as the value's; another option's name says the value clashes with it.
          for (const inner of error.issues) {
            const own = inner.field === axis.option || inner.field.startsWith(`${axis.option}[`) || inner.field.startsWith(`${axis.option}.`);
            issues.push({ file, field: `axes[${i}].values[${j}]`, expected: `a value of ${axis.option}${own ? '' : ` that the options allow (${inner.field})`}: ${inner.expected}`, found: inner.found ?? JSON.stringify(value) });
          }
        }
      });
    }
  });
  return issues;
}
