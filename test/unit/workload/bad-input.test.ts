import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../src/engine/errors';
import { parseOnnxWorkload, parseWorkloadYaml } from '../../../src/engine/workload';
import { loadWorkloadFile } from '../../../src/engine/workload/io';
import { FIXTURES, INPUTS } from '../../support/reference';

const DIR = join(FIXTURES, 'bad/workload');

/** Each malformed file → the field path its first issue must name and a word of what was expected. */
const EXPECTED: Record<string, { field: string; expected: RegExp }> = {
  'bad_relation.yaml': { field: '[0].dimension_relations[0]', expected: /relation/ },
  'cyclic_graph.yaml': { field: '[0].operand_source', expected: /acyclic/ },
  'duplicate_id.yaml': { field: '[1].id', expected: /unique/ },
  'empty.yaml': { field: '', expected: /list of layers/ },
  'empty_graph.onnx': { field: 'graph.node', expected: /at least one node/ },
  'loop_sizes_mismatch.yaml': { field: '[0].loop_sizes', expected: /one size per loop dimension/ },
  'missing_equation.yaml': { field: '[0].equation', expected: /string/ },
  'missing_final_precision.yaml': { field: '[0].operand_precision.O_final', expected: /precision/ },
  'missing_source_layer.yaml': { field: '[0].operand_source.I', expected: /id of a layer/ },
  'mistyped_loop_sizes.yaml': { field: '[0].loop_sizes[0]', expected: /integer/ },
  'negative_loop_size.yaml': { field: '[0].loop_sizes[1]', expected: /positive integer/ },
  'no_shapes.onnx': { field: 'graph.node[0].input[0]', expected: /known shape/ },
  'not_a_list.yaml': { field: '', expected: /list of layers/ },
  'not_onnx.onnx': { field: '', expected: /ONNX model/ },
  'padding_without_pr_dims.yaml': { field: '[0].padding', expected: /pr_loop_dims/ },
  'syntax_error.yaml': { field: 'line 5, column 3', expected: /valid YAML/ },
  'truncated.onnx': { field: '', expected: /ONNX model/ },
  'uninferable_gemm.onnx': { field: 'graph.node[1].input[0]', expected: /known shape/ },
  'unknown_dimension.yaml': { field: '[0].equation', expected: /loop_dims/ },
  'unknown_operand.yaml': { field: '[0].operand_precision.I', expected: /operand of the equation/ },
  'workload.json': { field: '', expected: /\.onnx, \.yaml/ },
};

describe('bad workload inputs', () => {
  const files = readdirSync(DIR).sort();

  it('has a corpus of at least 12 files, each with an expectation', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s gives a precise input error', async (name) => {
    const path = join(DIR, name);
    const r = await loadWorkloadFile(path);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.length).toBeGreaterThan(0);
    for (const issue of r.issues) {
      expect(issue.file).toBe(path);
      expect(issue.expected.length).toBeGreaterThan(0);
      expect(formatIssue(issue)).not.toMatch(/\n\s+at /); // no stack traces
    }
    expect(r.issues[0].field).toBe(EXPECTED[name].field);
    expect(r.issues[0].expected).toMatch(EXPECTED[name].expected);
  });

  it('reports a missing file without throwing', async () => {
    const r = await loadWorkloadFile(join(DIR, 'does-not-exist.onnx'));
    expect(r).toMatchObject({ ok: false, issues: [{ expected: 'a readable file', found: 'ENOENT' }] });
  });
});

describe('corrupted inputs never throw', () => {
  // Deterministic pseudo-random corruption of real files: every outcome must be a Result, never an exception.
  let seed = 20261125;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const pick = (n: number): number => Math.floor(rnd() * n);

  it('ONNX with random byte changes and cuts', () => {
    const base = new Uint8Array(readFileSync(join(INPUTS, 'stream-tutorial/lab1/workload/4_convs.onnx')));
    let failures = 0;
    for (let k = 0; k < 150; k++) {
      const bytes = base.slice();
      for (let j = 0, n = 1 + pick(4); j < n; j++) bytes[pick(bytes.length)] = pick(256);
      const input = k % 5 === 0 ? bytes.subarray(0, pick(bytes.length)) : bytes;
      const r = parseOnnxWorkload(input, 'fuzz.onnx', { flavour: k % 2 === 0 ? 'stream' : 'zigzag' });
      if (!r.ok) failures++;
    }
    expect(failures).toBeGreaterThan(0);
  });

  it('YAML with random character changes (including dangling aliases)', () => {
    const base = readFileSync(join(INPUTS, 'stream/testing/workload/testing_workload_for_4_cores.yaml'), 'utf8');
    let failures = 0;
    for (let k = 0; k < 150; k++) {
      const chars = base.split('');
      for (let j = 0, n = 1 + pick(5); j < n; j++) chars[pick(chars.length)] = ' -:[]{}0a\n,#*&!|>'[pick(18)];
      const r = parseWorkloadYaml(chars.join(''), 'fuzz.yaml');
      if (!r.ok) failures++;
    }
    expect(failures).toBeGreaterThan(0);
    expect(parseWorkloadYaml('- *nowhere', 'alias.yaml')).toMatchObject({ ok: false, issues: [{ file: 'alias.yaml', expected: /alias/ }] });
  });
});
