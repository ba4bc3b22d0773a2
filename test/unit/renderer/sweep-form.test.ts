import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arrayDimensionPath, formatIssueInPlace, linkFieldPath, memoryFieldPath, resolveFieldPath, unwrap, withFirstSelector } from '../../../src/engine/browser';
import { parseSweepYaml } from '../../../src/engine/sweep/sweep-file';
import { loadAcceleratorFile } from '../../../src/engine/io';
import { axisValues, coreScopes, defaultSweepDraft, draftPointCount, estimateMs, newAxis, sweepProblems, sweepRequest, type SweepDraft } from '../../../src/renderer/lib/sweep-form';

const HDA_BUS = resolve(import.meta.dirname, '../../../resources/inputs/stream-tutorial/lab1/hardware/hda_bus.yaml');
const accelerator = unwrap(loadAcceleratorFile(HDA_BUS));

function draft(change: (d: SweepDraft) => void = () => {}): SweepDraft {
  const d = defaultSweepDraft();
  d.name = 'sram-and-bus';
  d.base.designId = 1;
  d.base.workloadId = 2;
  d.base.mappingId = 3;
  d.base.allocation = 'fixed';
  const memory = newAxis('field', memoryFieldPath(0, 'sram_64KB_I1_O', 'size_bits'), 524288);
  memory.list = '524288, 1048576, 2097152';
  const links = newAxis('field', linkFieldPath('*', 'bandwidth'), 32);
  links.mode = 'range';
  links.from = 16;
  links.to = 64;
  links.step = 24;
  d.axes.push(memory, links);
  change(d);
  return d;
}

describe('sweep setup form', () => {
  it('builds the field paths of a sweep file, which resolve on the base design', () => {
    expect(memoryFieldPath(0, 'sram_64KB_I1_O', 'size_bits')).toBe('cores[0].memories[sram_64KB_I1_O].size_bits');
    expect(arrayDimensionPath(1, 'D1')).toBe('cores[1].array.dimensions.D1');
    expect(linkFieldPath([4, 5], 'bandwidth')).toBe('links[4,5].bandwidth');
    const leaves = resolveFieldPath(accelerator, memoryFieldPath(0, 'sram_64KB_I1_O', 'size_bits'));
    expect(leaves.ok && leaves.value.map((l) => l.value)).toEqual([524288]);
  });

  it('reads lists and ranges (the range as a sweep file reads it) and counts the grid', () => {
    const d = draft();
    expect(axisValues(d.axes[0]!)).toEqual({ ok: true, values: [524288, 1048576, 2097152] });
    expect(axisValues(d.axes[1]!)).toEqual({ ok: true, values: [16, 40, 64] });
    expect(draftPointCount(d)).toBe(9);
    expect(draftPointCount(draft((x) => ((x.sample = 'random'), (x.count = 4))))).toBe(4);
    expect(sweepProblems(d, accelerator)).toEqual({ general: [], axes: [[], []] });
    const request = sweepRequest(d, 7);
    expect(request.axes).toEqual([
      { kind: 'field', path: 'cores[0].memories[sram_64KB_I1_O].size_bits', values: [524288, 1048576, 2097152] },
      { kind: 'field', path: 'links[*].bandwidth', values: [16, 40, 64] },
    ]);
    expect(request.options).toMatchObject({ allocation: 'fixed' });
  });

  it("shows the engine's validation per axis: no match, wrong type, empty axis, bad option value", () => {
    const problems = sweepProblems(
      draft((d) => {
        d.axes[0]!.target = 'cores[0].memories[nope].size_bits';
        d.axes[1]!.mode = 'list';
        d.axes[1]!.list = '16, fast';
        const empty = newAxis('field', arrayDimensionPath(0, 'D1'));
        const mode = newAxis('option', 'mode');
        mode.list = 'lbl, sideways';
        d.axes.push(empty, mode);
      }),
      accelerator,
    );
    expect(problems.axes[0]!.join()).toContain('no memories element named "nope"');
    expect(problems.axes[1]!.join()).toContain('positive bandwidth');
    expect(problems.axes[2]!.join()).toContain('at least one value');
    expect(problems.axes[3]!.join()).toContain('mode');
    expect(problems.general).toEqual([]);
  });

  it('reads layer stacks typed as text, one value per semicolon', () => {
    const d = draft((x) => {
      x.base.mode = 'fused';
      const stacks = newAxis('option', 'layer_stacks');
      stacks.list = '0-1, 2-3; 0-3';
      x.axes.push(stacks);
    });
    expect(sweepRequest(d, 7).axes[2]).toEqual({ kind: 'option', option: 'layer_stacks', values: [[[0, 1], [2, 3]], [[0, 1, 2, 3]]] });
    expect(sweepProblems(d, accelerator).axes[2]).toEqual([]);
  });

  it('reports a range with a bad step and a missing name before the engine runs', () => {
    const problems = sweepProblems(
      draft((d) => {
        d.name = ' ';
        d.axes[1]!.step = 0;
      }),
      accelerator,
    );
    expect(problems.general).toContain('Name the sweep.');
    expect(problems.axes[1]).toContain('range.step: expected a positive number (found 0)');
  });

  it('checks ranges, the sample and seeds as the sweep file reader does, each issue where its field is', () => {
    const d = draft((x) => {
      x.axes[1]!.from = 64;
      x.axes[1]!.to = 16;
      x.sample = 'random';
      x.count = 0;
      x.sampleSeed = -1;
      x.seeds = 1.5;
    });
    const file = [
      'accelerator: a.yaml',
      'workload: w.onnx',
      'mapping: m.yaml',
      'axes:',
      '  - field: cores[0].memories[sram_64KB_I1_O].size_bits',
      '    values: [524288]',
      '  - field: links[*].bandwidth',
      '    range: { from: 64, to: 16, step: 24 }',
      'sample: { random: 0, seed: -1 }',
      'seeds: 1.5',
    ].join('\n');
    const parsed = parseSweepYaml(file, 's.yaml');
    expect(parsed.ok).toBe(false);
    // The same issues, worded in place (no file, no line; an axis' relative to the axis).
    const fromFile = parsed.ok ? [] : parsed.issues.map((i) => ({ ...i, found: i.found?.replace(/ at line \d+$/, '') }));
    const problems = sweepProblems(d, accelerator);
    expect(problems.axes[1]).toContain(formatIssueInPlace(fromFile.find((i) => i.field === 'axes[1].range')!, 'axes[1]'));
    expect(problems.axes[1]).toContain('range: expected from ≤ to (found 64 > 16)');
    expect(problems.general).toEqual(fromFile.filter((i) => !i.field.startsWith('axes')).map((i) => formatIssueInPlace(i, '')));
    expect(problems.general).toEqual([
      'sample.random: expected a number of points ≥ 1 (found 0)',
      'sample.seed: expected a non-negative seed (found -1)',
      'seeds: expected a number of GA seeds per point ≥ 1 (found 1.5)',
    ]);
    expect(axisValues(d.axes[1]!)).toEqual({ ok: false, message: 'range: expected from ≤ to (found 64 > 16)' });
  });

  it("names the base's problems in one line with the labels of the fields that show them (not each again)", () => {
    const problems = sweepProblems(draft((x) => ((x.base.lpfLimit = 13), (x.base.mappingId = null))), accelerator);
    expect(problems.general).toEqual(['Base run: 2 problems to fix before starting: Mapping, LOMA LPF limit.']);
    const advanced = sweepProblems(draft((x) => (x.base.advanced.split_W_percentage = '0.5')), accelerator);
    expect(advanced.general).toEqual(['Base run: 1 problem to fix before starting: Advanced options.']);
  });

    it('estimates time from the last run × points × seeds ÷ workers', () => {
    expect(estimateMs(2000, 9, 1, 2)).toBe(9000);
    expect(estimateMs(2000, 1, 3, 4)).toBe(6000);
    expect(estimateMs(null, 9, 1, 2)).toBeNull();
  });
});

describe('axes picked in the hardware editor', () => {
  const quad = unwrap(loadAcceleratorFile(resolve(import.meta.dirname, '../../../resources/inputs/stream/examples/hardware/tpu_like_quad_core.yaml')));

  it('offers the same value on every core of the name, or on every core that has the field', () => {
    expect(withFirstSelector('links[*].bandwidth', [1, 2])).toBe('links[1,2].bandwidth');
    // Four tpu_like cores share sram_2MB: widen from core 0 to the name (4 leaves); no other core has it.
    expect(coreScopes(quad, memoryFieldPath(0, 'sram_2MB', 'size_bits'))).toEqual([{ label: 'every core named tpu_like (4)', path: 'cores[tpu_like].memories[sram_2MB].size_bits' }]);
    // D1 exists on every core: by name (4), then every core (7, the pooling and off-chip cores too).
    expect(coreScopes(quad, arrayDimensionPath(1, 'D1'))).toEqual([
      { label: 'every core named tpu_like (4)', path: 'cores[tpu_like].array.dimensions.D1' },
      { label: 'every core that has it (7)', path: 'cores[*].array.dimensions.D1' },
    ]);
    expect(coreScopes(quad, 'cores[*].array.dimensions.D1')).toEqual([]);
    expect(coreScopes(quad, 'links[*].bandwidth')).toEqual([]);
  });
});
