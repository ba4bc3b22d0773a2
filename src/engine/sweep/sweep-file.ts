/**
 * The sweep file: a run file (`accelerator`, `workload`, `mapping`, `options`) plus `name`, `axes`, `sample`,
 * `costs`, `seeds` and `workloads`. Paths are kept as written; the loader resolves them against the file.
 */
import { fail, InputError, ok, type Result } from '../errors';
import { FieldReader, isPlainMap } from '../hardware/fields';
import { parseRunFileWith, type RunFileContext, type RunFileExtension } from '../stream/run-file';
import { parseLayerStacksText } from '../stream/options';
import type { CostPolicy, SweepAxis, SweepDefinition, SweepSample } from './definition';
import { readSweepRange, readSweepSample, readSweepSeeds } from './sweep-values';

const SWEEP_KEYS = ['name', 'axes', 'sample', 'costs', 'seeds', 'workloads'];
const AXIS_KEYS = ['field', 'option', 'values', 'range'];

function readAxis(reader: FieldReader, value: unknown, i: number): SweepAxis | undefined {
  const path = ['axes', i];
  const map = reader.map(value, path, 'an axis: {field: PATH, values: [...]} or {option: NAME, values: [...]}');
  if (!map) return undefined;
  reader.knownKeys(map, path, AXIS_KEYS);
  let values: unknown[] | undefined;
  if (map['values'] !== undefined && map['range'] !== undefined) reader.report([...path, 'range'], 'either values or range, not both');
  if (map['values'] !== undefined) values = reader.list(map['values'], [...path, 'values'], 'a list of values')?.slice();
  else if (map['range'] !== undefined) values = readSweepRange(reader, map['range'], [...path, 'range']);
  else reader.report([...path, 'values'], 'a list of values (or a range {from, to, step})', 'nothing', true);
  if (values === undefined) return undefined;
  if ((map['field'] === undefined) === (map['option'] === undefined)) {
    reader.report(path, 'exactly one of field (an accelerator path) or option (a run option name)');
    return undefined;
  }
  if (map['field'] !== undefined) {
    const field = reader.string(map['field'], [...path, 'field'], 'a field path such as cores[*].memories[sram].size_bits');
    return field === undefined ? undefined : { kind: 'field', path: field, values };
  }
  const option = reader.string(map['option'], [...path, 'option'], 'a run option name');
  if (option === undefined) return undefined;
  if (option === 'layer_stacks') values = values.map((v) => (typeof v === 'string' ? parseLayerStacksText(v) : v));
  return { kind: 'option', option, values };
}

interface SweepKeys {
  readonly name?: string;
  readonly workloads?: readonly string[];
  readonly axes: readonly SweepAxis[];
  readonly sample: SweepSample;
  readonly costs: CostPolicy;
  readonly seeds: number;
}

/** The sweep's keys on top of a run file (the run-file parser validates the base: inputs and options). */
const SWEEP_EXTENSION: RunFileExtension<SweepKeys> = {
  keys: SWEEP_KEYS,
  optionalInputs: (doc) => (doc['workloads'] !== undefined ? ['workload'] : []),
  // Options an axis sets are checked per value (validateSweepAxes), not as the base has them.
  deferredOptions: (doc) => {
    const names = Array.isArray(doc['axes']) ? doc['axes'].flatMap((a) => (isPlainMap(a) && typeof a['option'] === 'string' ? [a['option'] as string] : [])) : [];
    // Fused-only options depend on the mode: with mode as an axis they are checked per point.
    return names.includes('mode') ? [...names, 'layer_stacks', 'stack_cutoff', 'stack_cutoffs'] : names;
  },
  parse(ctx: RunFileContext): SweepKeys {
    const reader = new FieldReader(ctx.file, { value: ctx.document, lineOf: ctx.lineOf });
    const root = ctx.document;
    let workloads: string[] | undefined;
    if (root['workload'] !== undefined && root['workloads'] !== undefined) reader.report(['workloads'], 'either workload or workloads, not both');
    if (root['workloads'] !== undefined) {
      const list = reader.list(root['workloads'], ['workloads'], 'a list of workload file paths');
      workloads = list?.flatMap((w, i) => {
        const text = reader.string(w, ['workloads', i], 'a workload file path');
        return text === undefined ? [] : [ctx.resolvePath(text)];
      });
      if (workloads && workloads.length === 0) reader.report(['workloads'], 'at least one workload file path', 'an empty list', true);
    }
    const axesList = reader.list(reader.required(root, 'axes', [], 'a list of axes'), ['axes'], 'a list of axes') ?? [];
    const axes = axesList.flatMap((a, i) => readAxis(reader, a, i) ?? []);
    if (workloads) axes.push({ kind: 'workload', values: workloads });
    if (axesList.length === 0 && !workloads && root['axes'] !== undefined) reader.report(['axes'], 'at least one axis', 'an empty list', true);
    const sample = readSweepSample(reader, root['sample']);
    let costs: CostPolicy = 'follow';
    if (root['costs'] !== undefined) {
      if (root['costs'] === 'as_given' || root['costs'] === 'follow') costs = root['costs'];
      else reader.report(['costs'], 'follow (memory costs and area follow the design, default) or as_given', root['costs']);
    }
    const seeds = readSweepSeeds(reader, root['seeds']);
    const name = root['name'] === undefined ? undefined : reader.string(root['name'], ['name']);
    if (!reader.ok) throw new InputError(reader.issues);
    return { ...(name !== undefined ? { name } : {}), ...(workloads ? { workloads } : {}), axes, sample, costs, seeds };
  },
};

/**
 * Parses a sweep file: a run file (one parser for both: `parseRunFileWith`) plus the sweep's keys. Input paths
 * come back resolved against the sweep file.
 */
export function parseSweepYaml(text: string, file: string): Result<SweepDefinition> {
  try {
    const { runFile, extension } = parseRunFileWith(text, file, SWEEP_EXTENSION);
    const options: Record<string, unknown> = { ...runFile.options };
    if (typeof options['layer_stacks'] === 'string') options['layer_stacks'] = parseLayerStacksText(options['layer_stacks']);
    const workload = runFile.workload ?? extension.workloads![0]!;
    return ok({
      name: extension.name ?? file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, ''),
      accelerator: runFile.accelerator!,
      workload,
      mapping: runFile.mapping!,
      options,
      axes: extension.axes,
      sample: extension.sample,
      costs: extension.costs,
      seeds: extension.seeds,
    });
  } catch (error) {
    if (error instanceof InputError) return fail(error.issues);
    throw error;
  }
}
