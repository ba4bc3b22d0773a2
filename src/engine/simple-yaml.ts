/**
 * A fast path for the plain YAML that hardware, mapping and workload files are written in: block mappings and
 * sequences, one-line flow sequences and mappings, comments, quoted strings without escapes, and the scalars
 * `true`, `false`, `null`, `~`, decimal integers, decimal and exponent floats and simple strings.
 *
 * Anything else (anchors, tags, block scalars, multi-line or unusual scalars, other spellings of the schema's
 * words, octal or sexagesimal numbers, repeated keys where they are errors, tabs, directives…) gives `undefined`, and
 * the caller parses with the `yaml` library: a value from here is always the one the library gives with the same
 * options (a test compares both on every YAML file we ship or read, and on generated documents). Why: in a fresh
 * process the library's code is still cold, and it takes 15–30 ms for a small hardware file and ~150 ms for a
 * ResNet-18 workload, most of a short CLI command; this takes a millisecond or less.
 */

interface Line {
  readonly indent: number;
  readonly text: string;
}

/** Thrown (and caught in parseSimpleYaml) when the document leaves the subset. */
class OutsideSubset extends Error {}

const outside = (): never => {
  throw new OutsideSubset();
};

/** The library's options this fast path reproduces. */
export interface SimpleYamlOptions {
  /** '1.1' (PyYAML's: yes/no/on/off are booleans) or '1.2' (the core schema). */
  readonly version: '1.1' | '1.2';
  /** Whether a repeated key is an error (the library reports it) rather than the last one winning. */
  readonly uniqueKeys: boolean;
}

// Each schema's words as the library spells them; other spellings of these words are left to it.
const BOOLEANS = {
  '1.1': { true: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/, false: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/ },
  '1.2': { true: /^(?:[Tt]rue|TRUE)$/, false: /^(?:[Ff]alse|FALSE)$/ },
} as const;
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const SPECIAL_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);
const INT = /^-?(?:0|[1-9][0-9]{0,14})$/;
const FLOAT = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?|[eE][-+]?[0-9]+)$/;
// A digit first only with a comma inside (`0, 1`): no number or timestamp form has one.
const PLAIN_STRING = /^(?:[A-Za-z_./]|[0-9](?=.*,))[A-Za-z0-9_./()+,\-* =[\]]*$/;
const PLAIN_KEY = /^[A-Za-z_./][A-Za-z0-9_./-]*$/;
const FLOW_INDICATORS = /[,[\]{}]/;

/** What the YAML 1.1 schema could read as a float (`.`, `._5`, `.inf`…): left to the library unless canonical. */
const NUMBER_LIKE = /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|nan)$/i;

/** Whether a plain scalar matching `pattern` is a string for the YAML 1.1 schema too. */
function isPlainString(text: string, pattern: RegExp): boolean {
  return pattern.test(text) && !SPECIAL_WORDS.has(text.toLowerCase()) && !NUMBER_LIKE.test(text);
}

/** The value of a plain (unquoted) scalar, as the schema resolves it. */
function resolvePlain(text: string, options: SimpleYamlOptions): unknown {
  if (NULL.test(text)) return null;
  if (BOOLEANS[options.version].true.test(text)) return true;
  if (BOOLEANS[options.version].false.test(text)) return false;
  if (INT.test(text)) return text === '-0' ? outside() : Number(text);
  if (FLOAT.test(text)) return parseFloat(text);
  if (!isPlainString(text, PLAIN_STRING) || text.endsWith(':') || text.includes(': ')) return outside();
  return text;
}

function resolveKey(text: string): string {
  if (text.startsWith("'") || text.startsWith('"')) {
    const { value, end } = quoted(text, 0);
    return end === text.length ? value : outside();
  }
  if (INT.test(text) && !text.startsWith('-')) return text;
  return isPlainString(text, PLAIN_KEY) ? text : outside();
}

/** A one-line quoted scalar starting at `at`: single quotes without `''`, double quotes without escapes. */
function quoted(s: string, at: number): { value: string; end: number } {
  const q = s[at]!;
  const close = s.indexOf(q, at + 1);
  if (close < 0) return outside();
  const value = s.slice(at + 1, close);
  if (q === '"' && value.includes('\\')) return outside();
  if (q === "'" && s[close + 1] === "'") return outside();
  return { value, end: close + 1 };
}

/** Only spaces and a comment (after at least one space) may follow a complete value on its line. */
function expectLineEnd(s: string, at: number): void {
  let i = at;
  while (s[i] === ' ') i++;
  if (i === s.length) return;
  if (s[i] === '#' && i > at) return;
  outside();
}

class FlowReader {
  private at = 0;
  constructor(
    private readonly s: string,
    private readonly options: SimpleYamlOptions,
  ) {}

  /** Reads the flow collection at the start of the text; returns it and where it ended. */
  collection(): { value: unknown; end: number } {
    const value = this.item();
    return { value, end: this.at };
  }

  private skipSpaces(): void {
    while (this.s[this.at] === ' ') this.at++;
  }

  private item(): unknown {
    this.skipSpaces();
    const c = this.s[this.at];
    if (c === '[') return this.sequence();
    if (c === '{') return this.mapping();
    if (c === "'" || c === '"') {
      const { value, end } = quoted(this.s, this.at);
      this.at = end;
      return value;
    }
    return resolvePlain(this.plainText(), this.options);
  }

  private plainText(): string {
    const start = this.at;
    while (this.at < this.s.length && !FLOW_INDICATORS.test(this.s[this.at]!)) this.at++;
    const text = this.s.slice(start, this.at).trim();
    if (text === '' || text.includes('#') || text.includes(':')) return outside();
    return text;
  }

  /** After an item: `,` then another item, or the closing bracket (no trailing comma). */
  private more(close: string): boolean {
    this.skipSpaces();
    const c = this.s[this.at];
    this.at++;
    if (c === close) return false;
    if (c !== ',') return outside();
    this.skipSpaces();
    if (this.s[this.at] === close) return outside();
    return true;
  }

  private sequence(): unknown[] {
    this.at++;
    this.skipSpaces();
    const out: unknown[] = [];
    if (this.s[this.at] === ']') {
      this.at++;
      return out;
    }
    do out.push(this.item());
    while (this.more(']'));
    return out;
  }

  private mapping(): Record<string, unknown> {
    this.at++;
    this.skipSpaces();
    const out: Record<string, unknown> = {};
    if (this.s[this.at] === '}') {
      this.at++;
      return out;
    }
    do {
      this.skipSpaces();
      const colon = this.s.indexOf(': ', this.at);
      if (colon < 0) return outside();
      const key = resolveKey(this.s.slice(this.at, colon).trim());
      this.at = colon + 1;
      setEntry(out, key, this.item(), this.options);
    } while (this.more('}'));
    return out;
  }
}

function setEntry(map: Record<string, unknown>, key: string, value: unknown, options: SimpleYamlOptions): void {
  if (key === '__proto__' || (options.uniqueKeys && Object.hasOwn(map, key))) outside();
  map[key] = value;
}

/** Marks "nothing on this line after the indicator": the value is a nested block, or null. */
const NESTED = Symbol('nested');

/** The value written after `key:` or `- ` on a line (NESTED when there is none). */
function inlineValue(rest: string, options: SimpleYamlOptions): unknown {
  const s = rest.trimStart();
  if (s === '' || s.startsWith('#')) return NESTED;
  if (s[0] === '[' || s[0] === '{') {
    const { value, end } = new FlowReader(s, options).collection();
    expectLineEnd(s, end);
    return value;
  }
  if (s[0] === "'" || s[0] === '"') {
    const { value, end } = quoted(s, 0);
    expectLineEnd(s, end);
    return value;
  }
  const comment = s.indexOf(' #');
  return resolvePlain((comment >= 0 ? s.slice(0, comment) : s).trimEnd(), options);
}

/** `key: rest` → [key, rest]; undefined when the line is not a mapping entry. */
function splitKey(text: string): [string, string] | undefined {
  const quote = text[0] === "'" || text[0] === '"' ? quoted(text, 0).end : 0;
  const colon = text.indexOf(':', quote);
  if (colon < 0 || (colon + 1 < text.length && text[colon + 1] !== ' ')) return undefined;
  return [resolveKey(text.slice(0, colon)), text.slice(colon + 1)];
}

const isSequenceEntry = (text: string): boolean => text === '-' || text.startsWith('- ');

class BlockReader {
  private i = 0;
  constructor(
    private readonly lines: Line[],
    private readonly options: SimpleYamlOptions,
  ) {}

  document(): unknown {
    if (this.lines.length === 0 || this.lines[0]!.indent !== 0) return outside();
    const value = this.block(0);
    if (this.i !== this.lines.length) outside();
    return value;
  }

  private block(indent: number): unknown {
    const text = this.lines[this.i]!.text;
    return isSequenceEntry(text) ? this.sequence(indent) : this.mapping(indent);
  }

  /** The value after an indicator: inline, or the block on the following lines (deeper, or a sequence at `indent`). */
  private valueAfter(rest: string, indent: number, sequenceAtSameIndent: boolean): unknown {
    const value = inlineValue(rest, this.options);
    const next = this.lines[this.i];
    if (value !== NESTED) {
      if (next && next.indent > indent) outside(); // a continued plain scalar
      return value;
    }
    if (next && next.indent > indent) return this.block(next.indent);
    if (next && sequenceAtSameIndent && next.indent === indent && isSequenceEntry(next.text)) return this.sequence(indent);
    return null;
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    for (let line = this.lines[this.i]; line && line.indent === indent && isSequenceEntry(line.text); line = this.lines[this.i]) {
      const after = line.text.slice(1);
      const content = after.trimStart();
      const column = indent + 1 + (after.length - content.length);
      if (content.startsWith('- ') || content === '-') outside();
      if (content !== '' && !content.startsWith('#') && content[0] !== '[' && content[0] !== '{' && splitKey(content)) {
        // `- key: value`: a mapping whose entries continue at the column of `key`.
        this.lines[this.i] = { indent: column, text: content };
        out.push(this.mapping(column));
      } else {
        this.i++;
        out.push(this.valueAfter(content, indent, false));
      }
    }
    const next = this.lines[this.i];
    if (next && next.indent > indent) outside();
    return out;
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let line = this.lines[this.i]; line && line.indent === indent; line = this.lines[this.i]) {
      const entry = splitKey(line.text);
      if (!entry || isSequenceEntry(line.text)) return outside();
      this.i++;
      setEntry(out, entry[0], this.valueAfter(entry[1], indent, true), this.options);
    }
    const next = this.lines[this.i];
    if (next && next.indent > indent) outside();
    return out;
  }
}

function contentLines(text: string): Line[] | undefined {
  if (text.includes('\t') || text.startsWith('\uFEFF')) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    if (/^(?:---|\.\.\.|%)/.test(content) && line === content) return undefined;
    lines.push({ indent: line.length - content.length, text: content.trimEnd() });
  }
  return lines;
}

/** The document's value when it is written in the subset described above, else undefined. */
export function parseSimpleYaml(text: string, options: SimpleYamlOptions): { value: unknown } | undefined {
  const lines = contentLines(text);
  if (!lines) return undefined;
  try {
    return { value: new BlockReader(lines, options).document() };
  } catch (e) {
    if (e instanceof OutsideSubset) return undefined;
    throw e;
  }
}
