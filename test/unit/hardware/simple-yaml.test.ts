import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseYaml } from '../../../src/engine/hardware/fields';
import { parseSimpleYaml, type SimpleYamlOptions } from '../../../src/engine/simple-yaml';
import { mulberry32 } from '../../../src/engine/prng';
import { INPUTS } from '../../support/reference';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The options of the hardware and mapping readers (parseYaml), and of the workload reader. */
const HARDWARE: SimpleYamlOptions = { version: '1.1', uniqueKeys: false };
const WORKLOAD: SimpleYamlOptions = { version: '1.2', uniqueKeys: true };

/** What the `yaml` library makes of the text with these options (undefined: a YAML error). */
function library(text: string, options: SimpleYamlOptions): { json: string } | undefined {
  const doc = parseDocument(text, options);
  return doc.errors.length > 0 ? undefined : { json: JSON.stringify(doc.toJS({ maxAliasCount: 1000 })) };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.') || name === 'out') return [];
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** Same value (types and key order included) as the library, whenever the fast path takes the text. */
function expectAgreement(text: string, where: string, options: SimpleYamlOptions): boolean {
  const fast = parseSimpleYaml(text, options);
  if (!fast) return false;
  const lib = library(text, options);
  expect(lib, `${where}: the library rejects a document the fast path accepted`).toBeDefined();
  expect(JSON.stringify(fast.value), where).toBe(lib!.json);
  return true;
}

describe('the YAML fast path gives the value the library gives, or steps aside', () => {
  const files = [...yamlFiles(ROOT), ...yamlFiles(INPUTS)];

  for (const [name, options] of [['hardware', HARDWARE], ['workload', WORKLOAD]] as const) {
    it(`on every YAML file of the repository and the reference inputs (${name} reader's options)`, () => {
      let taken = 0;
      for (const file of files) if (expectAgreement(readFileSync(file, 'utf8'), relative(ROOT, file), options)) taken++;
      expect(files.length).toBeGreaterThan(150);
      expect(taken / files.length).toBeGreaterThan(0.7);
    });
  }

  it('takes the example inputs the CLI is usually run on', () => {
    for (const file of [
      'zigzag/hardware/tpu_like.yaml',
      'zigzag/mapping/tpu_like.yaml',
      'stream/examples/hardware/tpu_like_quad_core.yaml',
      'stream/examples/hardware/cores/tpu_like.yaml',
      'stream/examples/mapping/tpu_like_quad_core.yaml',
      'stream/examples/workload/resnet18.yaml',
    ]) {
      const text = readFileSync(join(INPUTS, file), 'utf8');
      expect(parseSimpleYaml(text, file.includes('workload') ? WORKLOAD : HARDWARE), file).toBeDefined();
    }
  });

  const cases: [string, string, 'fast' | 'library'][] = [
    ['block map, sequences, comments', 'a: 1 # one\nb:\n  - x\n  - K, 32\nc:\n  d: -2.5\n  e: 1e-3\n', 'fast'],
    ['compact sequence under a key', 'a:\n- 1\n- [OX, 112] # innermost\nb: ~\n', 'fast'],
    ['mappings inside a sequence', '- name: d\n  spatial:\n    D1:\n      - C, 32\n- name: e\n', 'fast'],
    ['flow collections and quoted strings', "a: [[K, 1], {C: 2}, 'q # not a comment', \"d\"]\nb: []\nc: {}\n", 'fast'],
    ['Python-style booleans and null words', 'a: True\nb: FALSE\nc: Null\nd: null\n', 'fast'],
    ['duplicate keys: the last one wins in the first position', 'a: 1\nb: 2\na: 3\n', 'fast'],
    ['empty values are null', 'a:\nb:\n  c:\nd: # nothing\n', 'fast'],
    ['CRLF line ends', 'a: 1\r\nb:\r\n  - x\r\n', 'fast'],
    ['YAML 1.1 words', 'a: yes\nb: off\nc: y\nd: NO\n', 'fast'],
    ['unusual spellings of those words', 'a: tRUE\nb: YeS\n', 'library'],
    ['YAML 1.1 numbers', 'a: 1_000\nb: 010\nc: 0x1F\nd: 1:20\ne: .5\nf: +3\ng: -0\n', 'library'],
    ['dates', 'a: 2002-12-14\n', 'library'],
    ['floats the schema reads oddly', 'a: ._\nb: .inf\nc: .\n', 'library'],
    ['anchors and aliases', 'a: &x 1\nb: *x\n', 'library'],
    ['block scalars', 'a: |\n  text\n', 'library'],
    ['multi-line plain scalars', 'a: one\n  two\n', 'library'],
    ['multi-line flow', 'a: [1,\n  2]\n', 'library'],
    ['tabs', 'a:\t1\n', 'library'],
    ['documents markers', '---\na: 1\n', 'library'],
    ['special keys', 'null: 1\n__proto__: 2\n', 'library'],
    ['escapes in double quotes', 'a: "x\\ty"\n', 'library'],
    ['digits first without a comma', 'a: 2d_mesh\n', 'library'],
  ];
  for (const [name, text, path] of cases) {
    it(name, () => {
      expect(parseSimpleYaml(text, HARDWARE) !== undefined).toBe(path === 'fast');
      const parsed = parseYaml(text, 'case.yaml');
      const lib = library(text, HARDWARE);
      if (!lib) {
        expect(parsed.ok).toBe(false);
        return;
      }
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(JSON.stringify(parsed.value.value)).toBe(lib.json);
    });
  }

  it('with the options of the workload reader: YAML 1.2 words, and repeated keys left to the library (an error there)', () => {
    expect(parseSimpleYaml('a: True\nb: null\n', WORKLOAD)?.value).toEqual({ a: true, b: null });
    expect(parseSimpleYaml('a: yes\n', WORKLOAD)).toBeUndefined();
    expect(library('a: yes\n', WORKLOAD)?.json).toBe('{"a":"yes"}');
    expect(parseSimpleYaml('a: 1\na: 2\n', WORKLOAD)).toBeUndefined();
    expect(library('a: 1\na: 2\n', WORKLOAD)).toBeUndefined();
    expect(parseSimpleYaml('- {a: 1, a: 2}\n', WORKLOAD)).toBeUndefined();
  });

  it('on generated documents mixing block and flow styles, odd scalars and comments', () => {
    const rand = mulberry32(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const scalars = [
      '0', '7', '-3', '12.5', '-0.25', '3e8', '1.5E-3', '010', '1_0', '0x1f', '-0', '.5', '5.', 'true', 'True', 'TRUE', 'tRUE',
      'yes', 'No', 'on', 'y', 'n', 'null', 'Null', '~', 'K', 'K, 32', 'rf_1B', 'a b', 'x:y', 'a #b', 'a#b', '.inf', '._', '..',
      './cores/c.yaml', 'O[b][k]+=W[k]*I[b]', '2d_mesh', '1, 2', "'q'", "'it''s'", '"dq"', '"e\\n"', '*a', '&a x', '!t x', '@x', '%x',
    ];
    const keys = ['a', 'D1', 'rf_I2', '0', '12', 'null', 'yes', "'k: v'", '"q"', '.x', 'a-b', '1.5'];
    const flow = (depth: number): string =>
      depth > 1 || rand() < 0.5
        ? pick(scalars)
        : rand() < 0.7
          ? `[${Array.from({ length: Math.floor(rand() * 3) }, () => flow(depth + 1)).join(', ')}]`
          : `{${Array.from({ length: Math.floor(rand() * 3) }, () => `${pick(keys)}: ${flow(depth + 1)}`).join(', ')}}`;
    const comment = () => (rand() < 0.2 ? ' # note' : '');
    const block = (indent: number, depth: number, asSequence = rand() < 0.4): string[] => {
      const pad = ' '.repeat(indent);
      const entries = 1 + Math.floor(rand() * 3);
      const out: string[] = [];
      for (let i = 0; i < entries; i++) {
        const head = asSequence ? `${pad}-` : `${pad}${pick(keys)}:`;
        if (depth < 3 && rand() < 0.4) {
          out.push(head + comment());
          // Under a key, a sequence may start at the key's own indent.
          const compact = !asSequence && rand() < 0.3;
          out.push(...block(compact ? indent : indent + 2, depth + 1, compact || undefined));
        } else if (asSequence && depth < 3 && rand() < 0.2) {
          const [first, ...rest] = block(indent + 2, depth + 1, false);
          out.push(`${pad}- ${first!.trimStart()}`, ...rest);
        } else out.push(`${head} ${flow(0)}${comment()}`);
      }
      return out;
    };
    let taken = 0;
    for (let n = 0; n < 2000; n++) {
      const text = block(0, 0).join('\n') + '\n';
      if (expectAgreement(text, `generated document ${n}:\n${text}`, n % 2 === 0 ? HARDWARE : WORKLOAD)) taken++;
    }
    expect(taken).toBeGreaterThan(200);
  });
});
