/**
 * The sweep setup: a base (the run-setup form: design, workload, mapping, run options) plus axes over hardware
 * fields (paths built by the engine's `memoryFieldPath`/`arrayDimensionPath`/`linkFieldPath`) or run options,
 * each with a list of values or a range with a step (read as a sweep file's `range`). Problems come from the engine:
 * `validateSweepValues` (ranges, sample, seeds, as the sweep file reader checks them) and `validateSweepAxes` on the
 * base design, worded in place per axis or for the whole sweep before anything runs.
 */
import { formatIssueInPlace, parseLayerStacksText, pointCount, resolveFieldPath, sweepRangeValues, validateSweepAxes, validateSweepValues, withFirstSelector, type Accelerator, type InputIssue, type SweepAxis, type SweepDefinition, type SweepSample } from '../../engine/browser';
import { advancedValue, defaultRunForm, problemSummary, runFormProblems, runOptions, type RunForm } from './run-form';

export interface AxisDraft {
  /** Stable key for the list (not sent). */
  readonly key: number;
  readonly kind: 'field' | 'option';
  /** The field path (`cores[0].memories[sram_2MB].size_bits`) or the option name (`mode`). */
  target: string;
  mode: 'list' | 'range';
  /** Values separated by commas (or by semicolons when a value holds commas, e.g. layer stacks). */
  list: string;
  from: number;
  to: number;
  step: number;
}

export interface SweepDraft {
  name: string;
  base: RunForm;
  axes: AxisDraft[];
  sample: 'grid' | 'random';
  count: number;
  sampleSeed: number;
  costs: 'follow' | 'as_given';
  seeds: number;
  /** Local worker processes; null: the host's default (cores − 1). */
  workers: number | null;
}

let axisKeys = 0;

export function defaultSweepDraft(): SweepDraft {
  return { name: '', base: defaultRunForm(), axes: [], sample: 'grid', count: 10, sampleSeed: 0, costs: 'follow', seeds: 1, workers: null };
}

/** Values suggested for a new numeric axis: half, the current value, double (whole numbers stay whole). */
export function suggestedValues(current: number | undefined): string {
  if (current === undefined || !Number.isFinite(current) || current <= 0) return '';
  const half = Number.isInteger(current) ? Math.max(1, Math.round(current / 2)) : current / 2;
  return [...new Set([half, current, current * 2])].join(', ');
}

export function newAxis(kind: AxisDraft['kind'], target: string, current?: number): AxisDraft {
  const value = current !== undefined && Number.isFinite(current) ? current : 1;
  return { key: ++axisKeys, kind, target, mode: 'list', list: suggestedValues(current), from: value, to: value * 4, step: value };
}

function listItem(text: string, kind: AxisDraft['kind'], name: string): unknown {
  const t = text.trim();
  if (kind === 'field') return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
  // Run option values are read as YAML scalars (`fused`, `16`, `true`), like the run setup's advanced options.
  return advancedValue(t, name);
}

/** The source named in the engine's issues about the form (never shown: issues are worded in place). */
const SOURCE = 'Sweep';

/** A range axis as a sweep file writes it (`range: {from, to, step}`); the engine reads both. */
const rangeOf = (axis: AxisDraft) => ({ from: axis.from, to: axis.to, step: axis.step });

/** An axis' values, or the reason they cannot be read (a range as the engine's sweep file reader reads it). */
export function axisValues(axis: AxisDraft): { ok: true; values: unknown[] } | { ok: false; message: string } {
  if (axis.mode === 'range') {
    const read = sweepRangeValues(rangeOf(axis), SOURCE, 0);
    return read.ok ? { ok: true, values: read.value } : { ok: false, message: read.issues.map((i) => formatIssueInPlace(i, 'axes[0]')).join('; ') };
  }
  const parts = axis.list.includes(';') ? axis.list.split(';') : axis.list.split(',');
  try {
    return { ok: true, values: parts.filter((p) => p.trim() !== '').map((p) => listItem(p, axis.kind, axis.target)) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

function engineAxes(draft: SweepDraft): SweepAxis[] {
  return draft.axes.map((a) => {
    const read = axisValues(a);
    const values = read.ok ? read.values : [];
    if (a.kind === 'field') return { kind: 'field', path: a.target.trim(), values };
    // Layer stacks typed as text ("0-10, 11-21"), read as a sweep file reads them.
    const option = a.target.trim();
    return { kind: 'option', option, values: option === 'layer_stacks' ? values.map((v) => (typeof v === 'string' ? stacksOrText(v) : v)) : values };
  });
}

function stacksOrText(text: string): unknown {
  try {
    return parseLayerStacksText(text);
  } catch {
    return text; // the engine's validation names what it expected
  }
}

export function sampleOf(draft: SweepDraft): SweepSample {
  return draft.sample === 'grid' ? { kind: 'grid' } : { kind: 'random', count: draft.count, seed: draft.sampleSeed };
}

/** Base options as the run setup builds them; {} while the form has problems (they are reported separately). */
function baseOptions(form: RunForm): Record<string, unknown> {
  try {
    return runOptions(form);
  } catch {
    return {};
  }
}

export function sweepDefinition(draft: SweepDraft): SweepDefinition {
  return {
    name: draft.name.trim(),
    accelerator: '',
    workload: '',
    mapping: '',
    options: baseOptions(draft.base),
    axes: engineAxes(draft),
    sample: sampleOf(draft),
    costs: draft.costs,
    seeds: draft.seeds,
  };
}

export interface SweepProblems {
  /** About the sweep as a whole (name, base, sampling). */
  readonly general: string[];
  /** Per axis, in order. */
  readonly axes: string[][];
}

/**
 * Every problem of the draft: the base's (the run setup's checks), each axis' values as typed, then the engine's
 * `validateSweepAxes` against the base design (a path that matches nothing, a value of the wrong type, an empty
 * axis, an option value the option schema refuses). `accelerator` is the base design (null while loading).
 */
export function sweepProblems(draft: SweepDraft, accelerator: Accelerator | null): SweepProblems {
  const general: string[] = [];
  const axes: string[][] = draft.axes.map(() => []);
  if (!draft.name.trim()) general.push('Name the sweep.');
  // The base form shows its problems at their fields; the sweep's list names them in one line, as the run setup does.
  const base = runFormProblems(draft.base);
  if (base.length) general.push(`Base run: ${problemSummary(base)}`);
  if (draft.axes.length === 0) general.push('Add at least one axis: “+ sweep axis” beside a field of the hardware editor, or a run option below.');
  // Ranges, sample and seeds: the engine's checks of a sweep file's values, each issue shown where its field is.
  const values = validateSweepValues({ axes: draft.axes.map((a) => (a.mode === 'range' ? { range: rangeOf(a) } : {})), sample: draft.sample === 'grid' ? 'grid' : { random: draft.count, seed: draft.sampleSeed }, seeds: draft.seeds }, SOURCE);
  // Workers are the host's (the sweep service's), not part of a sweep definition the engine reads.
  if (draft.workers !== null && (!Number.isInteger(draft.workers) || draft.workers < 1)) general.push('Workers: expected a whole number ≥ 1.');
  draft.axes.forEach((a, i) => {
    if (!a.target.trim()) axes[i]!.push(a.kind === 'field' ? 'Enter a field path.' : 'Pick a run option.');
    const read = a.mode === 'list' ? axisValues(a) : undefined;
    if (read && !read.ok) axes[i]!.push(read.message);
  });
  const place = (issue: InputIssue) => {
    const m = /^axes\[(\d+)\]/.exec(issue.field);
    if (m && axes[Number(m[1])]) axes[Number(m[1])]!.push(formatIssueInPlace(issue, `axes[${m[1]}]`));
    else general.push(formatIssueInPlace(issue, ''));
  };
  values.forEach(place);
  if (accelerator && draft.axes.length > 0) {
    // An axis without values yet: still say whether its path designates anything (the engine checks values first).
    draft.axes.forEach((a, i) => {
      const read = axisValues(a);
      if (a.kind !== 'field' || !a.target.trim() || !read.ok || read.values.length > 0) return;
      const resolved = resolveFieldPath(accelerator, a.target.trim());
      if (!resolved.ok) axes[i]!.push(`Axis: ${a.target.trim()}: ${resolved.message}`);
    });
    validateSweepAxes(sweepDefinition(draft), accelerator, SOURCE).forEach(place);
  }
  return { general, axes };
}

/** The current value of a field path on the base design (its first leaf), to suggest values around it. */
export function currentValue(accelerator: Accelerator | null, path: string): number | undefined {
  if (!accelerator) return undefined;
  const resolved = resolveFieldPath(accelerator, path);
  const value = resolved.ok ? resolved.value[0]?.value : undefined;
  return typeof value === 'number' ? value : undefined;
}

/**
 * Wider scopes for a field axis picked on one core (`cores[0].…`): every core of the same name, when there are
 * several, and every core that has the field (`cores[*].…`). Only scopes that resolve on the base and designate
 * more leaves than the path as it is.
 */
export function coreScopes(accelerator: Accelerator | null, path: string): { label: string; path: string }[] {
  if (!accelerator || !path.trim().startsWith('cores[')) return [];
  const leaves = (p: string | undefined): number => {
    const r = p === undefined ? undefined : resolveFieldPath(accelerator, p);
    return r?.ok ? r.value.length : 0;
  };
  const here = resolveFieldPath(accelerator, path);
  if (!here.ok) return [];
  let widest = here.value.length;
  const out: { label: string; path: string }[] = [];
  const cores = new Set(here.value.map((l) => l.path[1]));
  const name = cores.size === 1 ? accelerator.cores[here.value[0]!.path[1] as number]?.name : undefined;
  const named = name === undefined ? undefined : withFirstSelector(path, name);
  if (named && leaves(named) > widest) {
    widest = leaves(named);
    out.push({ label: `every core named ${name} (${widest})`, path: named });
  }
  const all = withFirstSelector(path, '*');
  if (all && leaves(all) > widest) out.push({ label: `every core that has it (${leaves(all)})`, path: all });
  return out;
}

/** Points the sweep will run (× seeds runs each). */
export function draftPointCount(draft: SweepDraft): number {
  return pointCount(sweepDefinition(draft));
}

/**
 * Estimated wall time: the duration of the base's last finished run × points × seeds ÷ workers (points run one per
 * worker; later points reuse cost-LUT entries, so this tends to overestimate). Null without such a run.
 */
export function estimateMs(lastRunMs: number | null, points: number, seeds: number, workers: number): number | null {
  if (lastRunMs === null || points === 0) return null;
  return (lastRunMs * points * seeds) / Math.max(1, Math.min(workers, points));
}

export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** The `sweeps.start` request of a draft without problems. */
export function sweepRequest(draft: SweepDraft, projectId: number) {
  const def = sweepDefinition(draft);
  return {
    projectId,
    designId: draft.base.designId!,
    workloadId: draft.base.workloadId!,
    mappingId: draft.base.mappingId!,
    name: def.name,
    options: def.options,
    axes: def.axes.map((a) => (a.kind === 'field' ? { kind: 'field' as const, path: a.path, values: a.values as (number | string)[] } : { kind: 'option' as const, option: (a as { option: string }).option, values: [...a.values] })),
    sample: def.sample,
    costs: draft.costs,
    seeds: draft.seeds,
    ...(draft.workers !== null ? { workers: draft.workers } : {}),
  };
}
