/**
 * Run files: one YAML document naming an accelerator, a workload and a mapping (paths relative to the file) and
 * the pipeline options under Stream's names (docs/run-file.md). Pure: the caller reads the text (io.ts
 * `loadRunFile`) and the paths are resolved as strings.
 *
 * Formats built on a run file (the sweep file adds `axes`, `sample`, ...) pass a `RunFileExtension`: it declares
 * its extra top-level keys, may make base inputs optional, and parses its keys; the base keys are validated here.
 */
import { Document, isSeq } from 'yaml';
import { describeValue, InputError, type InputIssue } from '../errors';
import { parseYaml, isPlainMap } from '../hardware/fields';
import { INPUT_OPTION_KEYS, parseStreamOptions, PATH_OPTION_KEYS, streamOptionsSchema, type OptionsSource, type StreamOptionsInput } from './options';

/** The inputs of a run file, in file order. */
export const RUN_FILE_INPUTS = ['accelerator', 'workload', 'mapping'] as const;
export type RunFileInput = (typeof RUN_FILE_INPUTS)[number];

export interface RunFile {
  /** The run file's own path, as given (errors name it). */
  readonly file: string;
  /** Input paths resolved against the run file's directory (absent only when an extension allows it). */
  readonly accelerator?: string;
  readonly workload?: string;
  readonly mapping?: string;
  /**
   * The options as written (validated against the option schema; path options resolved against the file's
   * directory). Not filled with defaults, so that overrides can be merged before `parseStreamOptions`.
   */
  readonly options: Readonly<Record<string, unknown>>;
}

/** What an extension's parser gets: the whole document, the file, and the path resolver of the base. */
export interface RunFileContext {
  readonly file: string;
  readonly document: Readonly<Record<string, unknown>>;
  /** Resolves a path written in the file against the file's directory. */
  resolvePath(path: string): string;
  /** 1-based line of a field of the document, when known. */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

export interface RunFileExtension<E> {
  /** Top-level keys the format adds to a run file (e.g. a sweep's `axes`, `sample`, `workloads`). */
  readonly keys: readonly string[];
  /** Base inputs this document may leave out (e.g. `workload` when a sweep gives `workloads`). */
  optionalInputs?(document: Readonly<Record<string, unknown>>): readonly RunFileInput[];
  /**
   * Options the base validation must leave to the extension (e.g. values a sweep axis replaces); they are kept in
   * `options` unvalidated. Default: none.
   */
  deferredOptions?(document: Readonly<Record<string, unknown>>): readonly string[];
  /** Parses the extension's keys; reports problems by throwing an InputError (they are merged with the base's). */
  parse(context: RunFileContext): E;
}

/** Whether a path is absolute (POSIX or Windows). */
export const isAbsolutePath = (path: string): boolean => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');

/** The directory part of a path ("" for a bare file name). */
export function directoryOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? '' : i === 0 ? '/' : path.slice(0, i);
}

/** Joins `path` to the directory of `file` (unless absolute) and removes `.` and `..` segments. */
export function resolveAgainstFile(file: string, path: string): string {
  if (isAbsolutePath(path)) return normalizePath(path);
  const dir = directoryOf(file);
  return normalizePath(dir === '' ? path : `${dir}/${path}`);
}

function normalizePath(path: string): string {
  const sep = path.includes('\\') && !path.includes('/') ? '\\' : '/';
  const parts = path.split(/[\\/]/);
  const out: string[] = [];
  for (const [i, part] of parts.entries()) {
    if (part === '.' || (part === '' && i > 0 && i < parts.length - 1)) continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..' && out[out.length - 1] !== '') out.pop();
    else out.push(part);
  }
  return out.join(sep) || '.';
}

/** Parses a run file. Throws an InputError naming the file and every bad field. */
export function parseRunFile(text: string, file: string): RunFile {
  return parseRunFileWith(text, file, undefined).runFile;
}

/** Parses a run file extended by another format (the sweep file): the base and the extension's result. */
export function parseRunFileWith<E>(text: string, file: string, extension: RunFileExtension<E> | undefined): { runFile: RunFile; extension: E } {
  const parsed = parseYaml(text, file);
  if (!parsed.ok) throw new InputError(parsed.issues);
  const doc = parsed.value.value;
  if (!isPlainMap(doc)) throw InputError.single(file, '', `a run file: a YAML mapping with ${RUN_FILE_INPUTS.join(', ')} and options`, describeValue(doc));
  const issues: InputIssue[] = [];
  const extra = extension?.keys ?? [];
  const known = [...RUN_FILE_INPUTS, 'options', ...extra];
  for (const key of Object.keys(doc)) {
    if (known.includes(key)) continue;
    const hint = (INPUT_OPTION_KEYS as readonly string[]).includes(key) || key.endsWith('_path') ? '' : ' (options go under `options:`)';
    issues.push({ file, field: key, expected: `one of the run file's keys ${known.join(', ')}${hint}`, found: key });
  }
  const optional = new Set(extension?.optionalInputs?.(doc) ?? []);
  const inputs: Partial<Record<RunFileInput, string>> = {};
  for (const key of RUN_FILE_INPUTS) {
    const value = doc[key];
    if (value === undefined || value === null) {
      if (!optional.has(key)) issues.push({ file, field: key, expected: `the path of the ${key} file, relative to the run file` });
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      issues.push({ file, field: key, expected: `the path of the ${key} file, relative to the run file`, found: describeValue(value) });
      continue;
    }
    inputs[key] = resolveAgainstFile(file, value.trim());
  }
  let options: Record<string, unknown> = {};
  const rawOptions = doc.options ?? {};
  if (!isPlainMap(rawOptions)) {
    issues.push({ file, field: 'options', expected: 'a mapping of Stream options (e.g. { mode: fused, allocation: fixed })', found: describeValue(rawOptions) });
  } else {
    options = { ...rawOptions };
    for (const key of INPUT_OPTION_KEYS) {
      if (!(key in options)) continue;
      const top = key.replace(/_path$/, '');
      issues.push({ file, field: `options.${key}`, expected: `the input as the top-level key \`${top}\` of the run file, not an option`, found: key });
      delete options[key];
    }
    for (const key of PATH_OPTION_KEYS) {
      if (typeof options[key] === 'string') options[key] = resolveAgainstFile(file, options[key] as string);
    }
    const deferred = new Set(extension?.deferredOptions?.(doc) ?? []);
    const checked = Object.fromEntries(Object.entries(options).filter(([k]) => !deferred.has(k)));
    try {
      parseStreamOptions(checked, { file, fieldPrefix: 'options.' });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      issues.push(...e.issues);
    }
  }
  let ext: E | undefined;
  if (extension) {
    try {
      ext = extension.parse({ file, document: doc, resolvePath: (p) => resolveAgainstFile(file, p), lineOf: parsed.value.lineOf });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      issues.push(...e.issues);
    }
  }
  if (issues.length > 0) throw new InputError(issues);
  return { runFile: { file, ...inputs, options }, extension: ext as E };
}

/** How errors name options given on the command line (`--option KEY=VALUE` and flags such as `--layer-stacks`). */
export const COMMAND_LINE = 'command-line options';

/**
 * Merges option overrides (e.g. `--option KEY=VALUE`) over a run file's options and validates the result. A bad
 * override is reported against `overridesSource`; a bad combination against both sources.
 */
export function mergeRunOptions(
  base: Readonly<Record<string, unknown>>,
  overrides: Readonly<Record<string, unknown>>,
  baseSource: OptionsSource,
  overridesSource: OptionsSource = { file: COMMAND_LINE },
): StreamOptionsInput {
  // Unknown keys and wrong types of the overrides themselves (combinations are judged on the merge).
  if (!streamOptionsSchema.safeParse(overrides).success) parseStreamOptions(overrides, overridesSource);
  const merged = { ...base, ...overrides };
  const fromBase = Object.keys(base).length > 0;
  const fromOverrides = Object.keys(overrides).length > 0;
  const source: OptionsSource = !fromOverrides ? baseSource : !fromBase ? overridesSource : { ...baseSource, file: `${baseSource.file} with ${overridesSource.file}` };
  parseStreamOptions(merged, source);
  return merged as StreamOptionsInput;
}

/** A run file's text. Paths are written as given (make them relative to where the file will be saved). */
export function formatRunFile(run: { accelerator: string; workload: string; mapping: string; options: Readonly<Record<string, unknown>> }, comment?: string): string {
  const doc = new Document({ accelerator: run.accelerator, workload: run.workload, mapping: run.mapping, options: { ...run.options } });
  // Layer stacks in flow style, a line per stack rather than a line per layer id.
  const stacks = doc.getIn(['options', 'layer_stacks'], true);
  if (isSeq(stacks)) for (const stack of stacks.items) if (isSeq(stack)) stack.flow = true;
  const header = comment ? `${comment.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n')}\n` : '';
  return header + doc.toString({ lineWidth: 0 });
}

