/**
 * The values of a sweep that need no base design: an axis' range, the sampling rule and the GA seeds per point.
 * One reader for the sweep file (`parseSweepYaml`) and the app's sweep form, so both accept the same values and
 * name the same field (`axes[1].range.step`, `sample.random`, `seeds`). Axis values against the base design are
 * `validateSweepAxes`' job.
 */
import type { InputIssue, Result } from '../errors';
import { fail, ok } from '../errors';
import { FieldReader, isPlainMap, type FieldPath } from '../hardware/fields';
import type { SweepSample } from './definition';

/** Values of `range: {from, to, step}` (inclusive of `to` when it falls on a step). */
export function rangeValues(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  const n = Math.floor((to - from) / step + 1e-9);
  for (let i = 0; i <= n && out.length <= 100_000; i++) out.push(Number((from + i * step).toPrecision(15)));
  return out;
}

/** A range `{from, to, step}` at `path` (the axis' `range`): its values, or undefined with the issues recorded. */
export function readSweepRange(reader: FieldReader, value: unknown, path: FieldPath): number[] | undefined {
  const r = reader.map(value, path, 'a range {from, to, step}');
  if (!r) return undefined;
  const from = reader.number(r['from'] ?? reader.required(r, 'from', path, 'a number'), [...path, 'from'], { min: -Infinity });
  const to = reader.number(r['to'] ?? reader.required(r, 'to', path, 'a number'), [...path, 'to'], { min: -Infinity });
  const step = reader.number(r['step'] ?? reader.required(r, 'step', path, 'a positive number'), [...path, 'step'], { positive: true });
  if (from === undefined || to === undefined || step === undefined) return undefined;
  if (to < from) {
    reader.report(path, 'from ≤ to', `${from} > ${to}`, true);
    return undefined;
  }
  return rangeValues(from, to, step);
}

/** `sample`: `grid` (the default) or `{random: N, seed: S}`. */
export function readSweepSample(reader: FieldReader, value: unknown): SweepSample {
  if (value === undefined || value === 'grid') return { kind: 'grid' };
  const map = isPlainMap(value) ? value : undefined;
  if (!map || map['random'] === undefined) {
    reader.report(['sample'], 'grid or { random: N, seed: S }', value);
    return { kind: 'grid' };
  }
  reader.knownKeys(map, ['sample'], ['random', 'seed']);
  const count = reader.int(map['random'], ['sample', 'random'], 1, 'a number of points');
  const seed = map['seed'] === undefined ? 0 : reader.int(map['seed'], ['sample', 'seed'], 0, 'a seed');
  return { kind: 'random', count: count ?? 1, seed: seed ?? 0 };
}

/** `seeds`: GA seeds per point (default 1). */
export function readSweepSeeds(reader: FieldReader, value: unknown): number {
  return value === undefined ? 1 : (reader.int(value, ['seeds'], 1, 'a number of GA seeds per point') ?? 1);
}

/** A sweep's values as a sweep file writes them; an axis given as a list (no `range`) has nothing to check here. */
export interface SweepValuesInput {
  readonly axes?: readonly { readonly range?: unknown }[];
  readonly sample?: unknown;
  readonly seeds?: unknown;
}

/** Every issue of a sweep's ranges, sample and seeds, as the sweep file reader reports them (`file` names the source). */
export function validateSweepValues(values: SweepValuesInput, file: string): InputIssue[] {
  const reader = new FieldReader(file);
  values.axes?.forEach((axis, i) => {
    if (axis.range !== undefined) readSweepRange(reader, axis.range, ['axes', i, 'range']);
  });
  readSweepSample(reader, values.sample);
  readSweepSeeds(reader, values.seeds);
  return reader.issues;
}

/** The values of one range, or its issues (fields under `axes[axis].range`). */
export function sweepRangeValues(range: unknown, file: string, axis: number): Result<number[]> {
  const reader = new FieldReader(file);
  const values = readSweepRange(reader, range, ['axes', axis, 'range']);
  return values === undefined ? fail(reader.issues) : ok(values);
}
