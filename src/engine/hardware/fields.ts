/**
 * YAML parsing and field checking shared by the hardware and mapping importers: every problem becomes an
 * InputIssue naming the file, the field path and what was expected, with the line when it is known.
 */
import { Document, isNode, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { closestName, describeValue, fail, ok, type InputIssue, type Result } from '../errors';
import { parseSimpleYaml } from '../simple-yaml';

export type PathKey = string | number;
export type FieldPath = readonly PathKey[];

export interface ParsedYaml {
  readonly value: unknown;
  /** 1-based line of the node at `path`, when it exists in the document. */
  lineOf(path: FieldPath): number | undefined;
}

/** `memories.rf_2B.ports[0].allocation[1]` */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? key : `.${key}`;
  }
  return out;
}

/** Parses YAML as PyYAML does (YAML 1.1: `1_000` ints, yes/no booleans; duplicate keys allowed, the last one wins). */
export function parseYaml(text: string, file: string): Result<ParsedYaml> {
  const simple = parseSimpleYaml(text, { version: '1.1', uniqueKeys: false });
  if (simple) {
    // Lines are only wanted for an error message: the library parses the document then.
    let full: Result<ParsedYaml> | undefined;
    return ok({
      value: simple.value,
      lineOf(path) {
        full ??= parseWithLibrary(text, file);
        return full.ok ? full.value.lineOf(path) : undefined;
      },
    });
  }
  return parseWithLibrary(text, file);
}

function parseWithLibrary(text: string, file: string): Result<ParsedYaml> {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: true, version: '1.1' });
  } catch (e) {
    return fail([{ file, field: '', expected: 'a YAML document', found: e instanceof Error ? e.message : String(e) }]);
  }
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const pos = err.linePos?.[0];
    const message = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?\s*$/, '');
    return fail([
      {
        file,
        field: '',
        expected: 'valid YAML',
        found: pos ? `${message} at line ${pos.line}, column ${pos.col}` : message,
      },
    ]);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    return fail([{ file, field: '', expected: 'valid YAML', found: e instanceof Error ? e.message : String(e) }]);
  }
  return ok({
    value,
    lineOf(path) {
      const node = doc.getIn(path as PathKey[], true);
      if (!isNode(node) || !node.range) return undefined;
      return lineCounter.linePos(node.range[0]).line;
    },
  });
}

/** Like `describeValue`, but short lists of scalars are shown as they are (`["K", -2]`). */
function describeFound(value: unknown): string {
  if (Array.isArray(value) && value.length <= 4 && value.every((v) => v === null || typeof v !== 'object')) {
    const text = JSON.stringify(value);
    if (text.length <= 60) return text;
  }
  return describeValue(value);
}

export type PlainMap = Readonly<Record<string, unknown>>;

export function isPlainMap(value: unknown): value is PlainMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Collects issues while reading a parsed document. Each getter returns undefined (and records an issue)
 * when the value does not have the expected shape, so a parser can keep going and report every problem.
 * An undefined value is not reported again: `required` already did, or the field is optional.
 */
export class FieldReader {
  readonly issues: InputIssue[] = [];

  constructor(
    readonly file: string,
    private readonly source?: ParsedYaml,
  ) {}

  report(path: FieldPath, expected: string, found?: unknown, foundIsText = false): void {
    const line = this.source?.lineOf(path);
    let foundText = found === undefined && !foundIsText ? undefined : foundIsText ? String(found) : describeFound(found);
    if (line !== undefined) foundText = foundText === undefined ? `line ${line}` : `${foundText} at line ${line}`;
    this.issues.push({
      file: this.file,
      field: formatPath(path),
      expected,
      ...(foundText !== undefined ? { found: foundText } : {}),
    });
  }

  get ok(): boolean {
    return this.issues.length === 0;
  }

  map(value: unknown, path: FieldPath, expected = 'a mapping'): PlainMap | undefined {
    if (value === undefined) return undefined; // a missing value was reported by `required`
    if (isPlainMap(value)) return value;
    this.report(path, expected, value);
    return undefined;
  }

  list(value: unknown, path: FieldPath, expected = 'a list'): readonly unknown[] | undefined {
    if (value === undefined) return undefined; // a missing value was reported by `required`
    if (Array.isArray(value)) return value;
    this.report(path, expected, value);
    return undefined;
  }

  string(value: unknown, path: FieldPath, expected = 'a string'): string | undefined {
    if (value === undefined) return undefined; // a missing value was reported by `required`
    if (typeof value === 'string') return value;
    this.report(path, expected, value);
    return undefined;
  }

  bool(value: unknown, path: FieldPath): boolean | undefined {
    if (value === undefined) return undefined; // a missing value was reported by `required`
    if (typeof value === 'boolean') return value;
    this.report(path, 'true or false', value);
    return undefined;
  }

  /** An integer ≥ min (default 0). */
  int(value: unknown, path: FieldPath, min = 0, what = 'an integer'): number | undefined {
    if (value === undefined) return undefined; // a missing value was reported by `required`
    if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
    this.report(path, min === 0 ? `a non-negative ${what.replace(/^an? /, '')}` : `${what} ≥ ${min}`, value);
    return undefined;
  }

  /** A finite number ≥ min (default 0); `positive` excludes 0. */
  /** `unbounded`: `.inf` is accepted too. */
  number(value: unknown, path: FieldPath, opts: { min?: number; positive?: boolean; unbounded?: boolean; what?: string } = {}): number | undefined {
    if (value === undefined) return undefined; // a missing value was reported by `required`
    const min = opts.min ?? 0;
    const finite = typeof value === 'number' && (Number.isFinite(value) || (opts.unbounded === true && value === Infinity));
    if (finite && value >= min && (!opts.positive || value > 0)) return value;
    const what = opts.what ?? 'number';
    const range = opts.positive ? `a positive ${what}` : min === 0 ? `a non-negative ${what}` : `a ${what} ≥ ${min}`;
    this.report(path, opts.unbounded ? `${range} or .inf` : range, value);
    return undefined;
  }

  /** Records unknown keys (typos) with the list of keys allowed there. */
  knownKeys(obj: PlainMap, path: FieldPath, allowed: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (allowed.includes(key)) continue;
      const likely = closestName(key, allowed);
      this.report([...path, key], `one of the keys ${allowed.join(', ')}${likely ? ` (did you mean ${JSON.stringify(likely)}?)` : ''}`, `unknown key ${JSON.stringify(key)}`, true);
    }
  }

  /** Reads a required key. */
  required(obj: PlainMap, key: string, path: FieldPath, expected: string): unknown {
    if (!(key in obj) || obj[key] === undefined) {
      this.report([...path, key], expected, 'nothing', true);
      return undefined;
    }
    return obj[key];
  }
}

/** YAML text for export: block style, with short lists of scalars written inline (`[I1, I2, O]`). */
export function toYamlText(data: unknown): string {
  const doc = new Document(data, { version: '1.1' });
  visit(doc, {
    Seq(_key, node) {
      if (node.items.length <= 16 && node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, indentSeq: true });
}
