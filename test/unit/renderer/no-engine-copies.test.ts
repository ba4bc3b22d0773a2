/**
 * Guard: the renderer uses the engine's pure code (src/engine/browser) and keeps no copy of it. Fails when a file
 * under src/renderer declares a function or constant with the name of an engine export, declares a constant list
 * equal to one of the engine's (e.g. `OPERANDS = ['I1', 'I2', 'O']` next to `MEMORY_OPERANDS`), or brings back one
 * of the copies that were removed (the hardware validator, its field-path translator, the Perfetto exporter, the layer-stack text reader and writer,
 * the topology derivation of links, edges and declaration, the issue wording, the memory bandwidth reader and width
 * setter, the accelerator file's reference finder).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as engine from '../../../src/engine/browser';

const ROOT = join(__dirname, '../../..');
const RENDERER = join(ROOT, 'src/renderer');

/** Names of copies that once lived in the renderer and drifted from the engine. */
const REMOVED_COPIES = ['issueText', 'readBandwidth', 'writeBandwidth', 'withBandwidth', 'yamlReferences', 'validateDesign', 'validateCore', 'toEditorFields', 'editorField', 'mergeFieldIssues', 'parseFieldPath', 'perfettoTrace', 'toPerfettoTrace', 'parseStacks', 'stacksText', 'edgesOf', 'topologyOf', 'withLinks', 'topologyRewriteNotice'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

const quoted = (s: string) => `['"\`]${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"\`]`;

/** Lists of two or more strings the engine exports, as `NAME: [...]`. */
function engineLists(): Record<string, readonly string[]> {
  const lists: Record<string, readonly string[]> = {};
  for (const [name, value] of Object.entries(engine as Record<string, unknown>)) {
    if (Array.isArray(value) && value.length >= 2 && value.every((x) => typeof x === 'string')) lists[name] = value as string[];
  }
  return lists;
}

/** Declarations in `text` that copy the engine: `file: what`. */
function engineCopiesIn(file: string, text: string, names: readonly string[], lists: Record<string, readonly string[]>): string[] {
  const found: string[] = [];
  for (const name of names) {
    const declared = new RegExp(`(?:function\\s*\\*?|(?:const|let|var|class)\\s+)${name}\\b`);
    if (declared.test(text)) found.push(`${file}: declares ${name} (use the engine's, from src/engine/browser)`);
  }
  for (const [name, values] of Object.entries(lists)) {
    const literal = new RegExp(`(?:const|let|var)\\s+\\w+\\s*(?::[^=]+)?=\\s*\\[\\s*${values.map(quoted).join('\\s*,\\s*')}\\s*,?\\s*\\]`);
    if (literal.test(text)) found.push(`${file}: declares a copy of the engine's ${name} (${values.join(', ')})`);
  }
  return found;
}

describe('no copy of engine logic in src/renderer', () => {
  const names = [...new Set([...Object.keys(engine).filter((n) => typeof (engine as Record<string, unknown>)[n] === 'function' || /^[A-Z][A-Z0-9_]+$/.test(n)), ...REMOVED_COPIES])];
  const lists = engineLists();

  it('the detector finds a copied function, a copied constant list and a removed copy', () => {
    expect(names).toContain('validateAccelerator');
    expect(lists.MEMORY_OPERANDS).toEqual(['I1', 'I2', 'O']);
    const copy = [
      "export function validateAccelerator(acc) { return []; }",
      "export const OPERANDS: readonly MemoryOperand[] = ['I1', 'I2', 'O'];",
      'const mergeFieldIssues = (a, b) => [...a, ...b];',
    ].join('\n');
    expect(engineCopiesIn('x.ts', copy, names, lists)).toHaveLength(3);
    // Using the engine's values, or data that merely lists the operands, is not a copy.
    const use = "import { validateDesign } from '../../engine/browser';\nconst issues = validateDesign(d);\nconst level = { operands: ['I1', 'I2', 'O'] };";
    expect(engineCopiesIn('y.ts', use, names, lists)).toEqual([]);
  });

  it('no renderer file re-implements an engine function or constant table', () => {
    const files = sources(RENDERER);
    expect(files.length).toBeGreaterThan(20);
    const copies = files.flatMap((path) => engineCopiesIn(relative(ROOT, path), readFileSync(path, 'utf8'), names, lists));
    expect(copies).toEqual([]);
  });
});
