/**
 * Errors about user input. Every importer and validator reports problems as `InputIssue`s that name
 * the file, the field path inside it and what was expected, so that the CLI and the app can show them
 * without a stack trace.
 */
export interface InputIssue {
  /** Path of the file (as the user gave it), or a logical source name such as "<editor>". */
  readonly file: string;
  /** Field path inside the file, e.g. `cores[2].memories.rf_1B.size` or `layers[3].loop_dims`. Empty for the whole file. */
  readonly field: string;
  /** What was expected there, e.g. "a positive integer (bits)". */
  readonly expected: string;
  /** What was found instead, when it helps. */
  readonly found?: string;
}

/** `file: field: expected … (found …)` */
export function formatIssue(issue: InputIssue): string {
  const where = issue.field ? `${issue.file}: ${issue.field}` : issue.file;
  return `${where}: ${expectation(issue)}`;
}

function expectation(issue: Pick<InputIssue, 'expected' | 'found'>): string {
  return `expected ${issue.expected}${issue.found !== undefined ? ` (found ${issue.found})` : ''}`;
}

/**
 * An issue shown in place, beside what it is about (a form's input, a panel), where the file goes without saying:
 * no file, and the field path relative to `shownAt`, the path that place stands for. `Expected … (found …)` for
 * an issue about that path itself (the default: the issue's own field), `rest: expected …` for one under it
 * (`shownAt` `axes[1]`, field `axes[1].range.step`: `range.step: expected …`), the whole path otherwise (`shownAt`
 * '': a list that names no field).
 */
export function formatIssueInPlace(issue: Pick<InputIssue, 'field' | 'expected' | 'found'>, shownAt: string = issue.field): string {
  const text = expectation(issue);
  if (issue.field === shownAt || issue.field === '') return text.charAt(0).toUpperCase() + text.slice(1);
  const under = shownAt !== '' && (issue.field.startsWith(`${shownAt}.`) || issue.field.startsWith(`${shownAt}[`));
  const rest = under ? issue.field.slice(shownAt.length).replace(/^\./, '') : issue.field;
  return `${rest}: ${text}`;
}

/** Thrown (or returned inside a failed `Result`) when user input is invalid. */
export class InputError extends Error {
  readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'InputError';
    this.issues = issues;
  }

  static single(file: string, field: string, expected: string, found?: string): InputError {
    return new InputError([{ file, field, expected, ...(found !== undefined ? { found } : {}) }]);
  }
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly InputIssue[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(issues: readonly InputIssue[]): Result<T> => ({ ok: false, issues });

/** Unwraps a result or throws an `InputError` carrying all its issues. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new InputError(result.issues);
}

/** Short human description of a value for `found` fields: never dumps large objects. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  return String(value);
}

/**
 * The one of `candidates` that `name` is most likely a misspelling of (at most two letters added, dropped or changed,
 * ignoring case, and fewer than half its letters), for a "did you mean" in an error.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= 2 && bestDistance < name.length / 2 ? best : undefined;
}

/** Levenshtein distance: the fewest letters added, dropped or changed to turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}
