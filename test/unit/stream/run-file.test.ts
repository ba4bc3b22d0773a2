import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/engine/errors';
import { parseStreamOptions } from '../../../src/engine/stream/options';
import { formatRunFile, mergeRunOptions, parseRunFile, parseRunFileWith, resolveAgainstFile } from '../../../src/engine/stream/run-file';

const issuesOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).issues;
  }
  throw new Error('expected an InputError');
};

describe('run files', () => {
  it('reads the issue example: inputs relative to the file, options with the seed names and shapes', () => {
    const run = parseRunFile(
      `accelerator: hardware/tpu_like_quad_core.yaml
workload: workload/resnet18.onnx
mapping: ../mapping/tpu_like_quad_core.yaml
options: { mode: fused, layer_stacks: "0-10,11-21", allocation: fixed, scheduler_candidate_selection: memory,
           operands_to_prefetch: [W], loma_lpf_limit: 6, compat: reference, cost_lut_path: lut/cost.json }
`,
      '/runs/study/run.yaml',
    );
    expect(run.accelerator).toBe('/runs/study/hardware/tpu_like_quad_core.yaml');
    expect(run.workload).toBe('/runs/study/workload/resnet18.onnx');
    expect(run.mapping).toBe('/runs/mapping/tpu_like_quad_core.yaml');
    expect(run.options.cost_lut_path).toBe('/runs/study/lut/cost.json');
    const options = parseStreamOptions(run.options);
    expect(options.layer_stacks).toEqual([Array.from({ length: 11 }, (_, i) => i), Array.from({ length: 11 }, (_, i) => i + 11)]);
    expect(options.operands_to_prefetch).toEqual(['W']);
    expect(options.compat).toBe('reference');
  });

  it('keeps absolute paths and resolves relative ones for bare and Windows files', () => {
    expect(resolveAgainstFile('run.yaml', 'a/b.yaml')).toBe('a/b.yaml');
    expect(resolveAgainstFile('/x/run.yaml', '/abs/h.yaml')).toBe('/abs/h.yaml');
    expect(resolveAgainstFile('/x/y/run.yaml', './../h.yaml')).toBe('/x/h.yaml');
    expect(resolveAgainstFile('C:\\runs\\run.yaml', 'hw.yaml')).toBe('C:/runs/hw.yaml');
  });

  it('names the file, the key and the expectation for unknown keys, wrong types and misplaced inputs', () => {
    const issues = issuesOf(() =>
      parseRunFile(
        `accelerator: a.yaml
workload: 3
mode: fused
options: { loma_lpf_limit: six, operand_to_prefetch: [W], workload_path: w.onnx }
`,
        'runs/bad.yaml',
      ),
    );
    const fields = issues.map((i) => i.field).sort();
    expect(fields).toEqual(['mapping', 'mode', 'options.loma_lpf_limit', 'options.operand_to_prefetch', 'options.workload_path', 'workload']);
    expect(issues.every((i) => i.file === 'runs/bad.yaml')).toBe(true);
    const lpf = issues.find((i) => i.field === 'options.loma_lpf_limit')!;
    expect(lpf.expected).toBe('integer 1..12');
    expect(lpf.found).toBe('"six"');
    expect(issues.find((i) => i.field === 'mode')!.expected).toContain('options go under `options:`');
    expect(issues.find((i) => i.field === 'options.workload_path')!.expected).toContain('top-level key `workload`');
  });

  it('rejects YAML that is not a mapping and malformed YAML', () => {
    expect(issuesOf(() => parseRunFile('- a\n- b\n', 'r.yaml'))[0]!.expected).toContain('a run file');
    expect(issuesOf(() => parseRunFile('a: [1\n', 'r.yaml'))[0]!.expected).toBe('valid YAML');
  });

  it('lets a format built on it add keys, make inputs optional and defer options (the sweep file)', () => {
    const text = `accelerator: hw.yaml
workloads: [a.onnx, b.onnx]
mapping: m.yaml
options: { mode: fused, allocation: ga }
axes: [{ option: mode, values: [lbl, fused] }]
`;
    const { runFile, extension } = parseRunFileWith(text, '/s/sweep.yaml', {
      keys: ['axes', 'workloads'],
      optionalInputs: (doc) => (doc.workloads ? ['workload'] : []),
      parse: (ctx) => ({ workloads: (ctx.document.workloads as string[]).map(ctx.resolvePath), axes: ctx.document.axes, line: ctx.lineOf(['axes']) }),
    });
    expect(runFile.workload).toBeUndefined();
    expect(runFile.accelerator).toBe('/s/hw.yaml');
    expect(extension).toEqual({ workloads: ['/s/a.onnx', '/s/b.onnx'], axes: [{ option: 'mode', values: ['lbl', 'fused'] }], line: 5 });
    // The base still refuses keys the extension does not declare.
    expect(issuesOf(() => parseRunFileWith(`${text}sample: grid\n`, 's.yaml', { keys: ['axes', 'workloads'], optionalInputs: () => ['workload'], parse: () => 0 }))[0]!.field).toBe('sample');
  });

  it('merges --option overrides over the file, reporting a bad override against its source', () => {
    const merged = mergeRunOptions({ mode: 'fused', allocation: 'fixed' }, { allocation: 'ga', seed: 3 }, { file: 'r.yaml', fieldPrefix: 'options.' });
    expect(merged).toEqual({ mode: 'fused', allocation: 'ga', seed: 3 });
    const bad = issuesOf(() => mergeRunOptions({ mode: 'fused' }, { multicast: 'maybe' }, { file: 'r.yaml' }));
    expect(bad[0]).toMatchObject({ file: 'command-line options', field: 'multicast', expected: 'boolean' });
    const combo = issuesOf(() => mergeRunOptions({ allocation: 'fixed' }, { nb_ga_generations: 4 }, { file: 'r.yaml' }));
    expect(combo[0]!.file).toBe('r.yaml with command-line options');
    // Without a run file, a bad combination is the command line's alone, and a repeated layer is named once.
    const stacks = issuesOf(() => mergeRunOptions({}, { mode: 'fused', layer_stacks: [[0, 1, 2, 3], [2, 3, 4], [3, 5]] }, { file: 'command-line options' }));
    expect(stacks).toEqual([{ file: 'command-line options', field: 'layer_stacks', expected: 'each layer id in at most one stack', found: '2, 3 more than once' }]);
  });

  it('writes a run file that parses back to the same run', () => {
    const text = formatRunFile({ accelerator: 'inputs/hw.yaml', workload: 'inputs/w.onnx', mapping: 'inputs/m.yaml', options: { mode: 'fused', layer_stacks: [[0, 1], [2]], operands_to_prefetch: ['W'] } }, 'Exported run 3');
    expect(text.startsWith('# Exported run 3\n')).toBe(true);
    expect(text, 'a line per stack').toContain('  layer_stacks:\n    - [ 0, 1 ]\n    - [ 2 ]\n');
    const run = parseRunFile(text, '/out/run.yaml');
    expect(run).toEqual({ file: '/out/run.yaml', accelerator: '/out/inputs/hw.yaml', workload: '/out/inputs/w.onnx', mapping: '/out/inputs/m.yaml', options: { mode: 'fused', layer_stacks: [[0, 1], [2]], operands_to_prefetch: ['W'] } });
  });
});
