import { describe, expect, it } from 'vitest';
import { History } from '../../../src/renderer/lib/history.svelte';
import { shortcutOf } from '../../../src/renderer/lib/shortcuts';
import { advancedOptions, ALLOCATION_LABELS, ALLOCATIONS, defaultRunForm, MODE_LABELS, MODES, numberInput, OPTION_FIELDS, problemSummary, runFormProblems, runOptions, STACK_RULE_LABELS, STACK_RULES } from '../../../src/renderer/lib/run-form';
import { acceleratorFileReferences, formatIssueInPlace, InputError, parseStreamOptions } from '../../../src/engine/browser';
import { accelerateFileSet } from '../../../src/renderer/lib/files';
import { referenceFiles } from '../hardware/reference-files';
import cytoscape from 'cytoscape';
import { registerDagre, WORKLOAD_LAYOUT } from '../../../src/renderer/workload/dagre-layout';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeRun } from '../../../src/cli/commands/run';
import { perfettoTraceJson as enginePerfettoTraceJson } from '../../../src/engine/results/perfetto';
import { perfettoTraceJson, scheduleCsv } from '../../../src/renderer/lib/export';
import { streamOptionInfo } from '../../../src/engine/stream/options';
import { TUTORIAL } from '../../support/reference';
import { sampleResult } from '../charts/fixture';

/** The form's problems as a list, each worded with its field's label (`text`). */
const problemTexts = (form: Parameters<typeof runFormProblems>[0]) => runFormProblems(form).map((p) => p.text);

describe('undo history', () => {
  it('undoes, redoes and forgets the redo branch on a new edit', () => {
    const history = new History('a');
    history.push('b');
    history.push('c');
    expect(history.undo()).toBe('b');
    expect(history.undo()).toBe('a');
    expect(history.canUndo).toBe(false);
    expect(history.redo()).toBe('b');
    history.push('d');
    expect(history.canRedo).toBe(false);
    expect(history.undo()).toBe('b');
  });

  it('tracks whether the current state is saved', () => {
    const history = new History(1);
    expect(history.dirty).toBe(false);
    history.push(2);
    expect(history.dirty).toBe(true);
    history.markSaved();
    expect(history.dirty).toBe(false);
    history.undo();
    expect(history.dirty).toBe(true);
  });

  it('keeps at most `limit` states', () => {
    const history = new History(0, 3);
    for (let i = 1; i <= 5; i += 1) history.push(i);
    expect(history.undo()).toBe(4);
    expect(history.undo()).toBe(3);
    expect(history.canUndo).toBe(false);
  });
});

describe('keyboard shortcuts', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; shiftKey: boolean; metaKey: boolean; altKey: boolean }> = {}, tagName = 'DIV') => ({
    key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods, target: { tagName } as unknown as EventTarget,
  });

  it('maps Ctrl/⌘ combinations', () => {
    expect(shortcutOf(key('s', { ctrlKey: true }))).toBe('save');
    expect(shortcutOf(key('z', { ctrlKey: true }))).toBe('undo');
    expect(shortcutOf(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(shortcutOf(key('y', { metaKey: true }))).toBe('redo');
    expect(shortcutOf(key('Delete'))).toBe('delete');
  });

  it('leaves editing keys to text fields, but saves from them', () => {
    expect(shortcutOf(key('z', { ctrlKey: true }, 'INPUT'))).toBeNull();
    expect(shortcutOf(key('Backspace', {}, 'TEXTAREA'))).toBeNull();
    expect(shortcutOf(key('s', { ctrlKey: true }, 'INPUT'))).toBe('save');
  });
});

describe('run setup form', () => {
  it("offers the schema's modes and stack rules, each with a label", () => {
    expect(MODES).toEqual(['lbl', 'fused']);
    expect(STACK_RULES).toEqual(['auto', 'first-fit', 'search']);
    for (const m of MODES) expect(MODE_LABELS[m]).toBeTruthy();
    for (const r of STACK_RULES) expect(STACK_RULE_LABELS[r]).toBeTruthy();
    expect(ALLOCATIONS).toEqual(['auto', 'fixed', 'ga', 'co', 'co+ga']);
    for (const a of ALLOCATIONS) expect(ALLOCATION_LABELS[a]).toBeTruthy();
  });

  it('leaves the stack rule to the engine by default, and sends one the user picks (auto included)', () => {
    const form = { ...defaultRunForm(), designId: 1, workloadId: 1, mappingId: 1, mode: 'fused' as const };
    expect(form.stackRule).toBe('default');
    expect(runOptions(form)).not.toHaveProperty('stacks');
    expect(runOptions({ ...form, stackRule: 'auto' }).stacks).toBe('auto');
    expect(runOptions({ ...form, stackRule: 'first-fit' }).stacks).toBe('first-fit');
  });

  it('names a bad layer stack as the engine reads it', () => {
    const form = { ...defaultRunForm(), designId: 1, workloadId: 1, mappingId: 1, mode: 'fused' as const };
    // At the layer stacks field, in place; listed with the field's label.
    expect(runFormProblems({ ...form, layerStacks: '0-2, 3-1' })).toEqual([
      { field: 'layerStacks', label: 'Layer stacks', option: 'layer_stacks', message: 'Expected a range lo-hi with lo ≤ hi (found "3-1")', text: 'Layer stacks: expected a range lo-hi with lo ≤ hi (found "3-1")' },
    ]);
    expect(problemTexts({ ...form, layerStacks: '0-2, x' })[0]).toMatch(/^Layer stacks: expected ranges .* \(found "x"\)$/);
    expect(runOptions({ ...form, layerStacks: '0-2, 5 7' }).layer_stacks).toEqual([[0, 1, 2], [5, 7]]);
  });

  it('builds options with the seed option names', () => {
    const base = defaultRunForm();
    const form = { ...base, mode: 'fused' as const, layerStacks: '0-1', allocation: 'ga' as const, individuals: 4, generations: 3, seed: 7, lpfLimit: 5, advanced: { ...base.advanced, multicast: 'true', operands_to_prefetch: '[W]', compat: 'reference-2025' } };
    expect(runOptions(form)).toEqual({ mode: 'fused', allocation: 'ga', loma_lpf_limit: 5, layer_stacks: [[0, 1]], nb_ga_individuals: 4, nb_ga_generations: 3, seed: 7, multicast: true, operands_to_prefetch: ['W'], compat: 'reference-2025' });
    expect(runOptions({ ...defaultRunForm(), allocation: 'fixed' })).toEqual({ mode: 'lbl', allocation: 'fixed', loma_lpf_limit: 6 });
  });

  it('lists what is missing before a run can start', () => {
    expect(problemTexts(defaultRunForm())).toEqual(['Pick a hardware design.', 'Pick a workload.', 'Pick a mapping.']);
    const ok = { ...defaultRunForm(), designId: 1, workloadId: 2, mappingId: 3 };
    expect(problemTexts(ok)).toEqual([]);
    expect(problemTexts({ ...ok, individuals: 1, lpfLimit: 0 })).toHaveLength(2);
    // The engine's own validation of the options: the same message as the CLI's, without the file; an advanced
    // option's stays with the advanced options and names the option (its label there).
    const advanced = runFormProblems({ ...ok, advanced: { ...ok.advanced, split_W_percentage: '0.5' } });
    expect(advanced).toEqual([{ field: 'advanced', label: 'Advanced options', option: 'split_W_percentage', message: 'split_W_percentage: expected cn_define_mode 4 with split_W_percentage', text: 'split_W_percentage: expected cn_define_mode 4 with split_W_percentage' }]);
    expect(problemSummary(advanced)).toBe('1 problem to fix before starting: Advanced options.');
  });

  it("places an advanced option's unreadable YAML at the advanced options, naming the option", () => {
    const ok = { ...defaultRunForm(), designId: 1, workloadId: 2, mappingId: 3 };
    const [problem, ...more] = runFormProblems({ ...ok, advanced: { ...ok.advanced, operands_to_prefetch: '[W' } });
    expect(more).toEqual([]);
    expect(problem).toMatchObject({ field: 'advanced', option: 'operands_to_prefetch' });
    expect(problem!.message).toMatch(/^operands_to_prefetch: expected a YAML value \(.+\)$/);
  });

  it("checks the dedicated fields with the engine's option schema (its bounds, its wording)", () => {
    const ok = { ...defaultRunForm(), designId: 1, workloadId: 2, mappingId: 3, allocation: 'co+ga' as const };
    const engineSays = (options: Record<string, unknown>): string[][] => {
      try {
        parseStreamOptions({ ...runOptions(ok), ...options });
        return [];
      } catch (error) {
        return (error as InputError).issues.map((i) => [OPTION_FIELDS[i.field as keyof typeof OPTION_FIELDS].field, formatIssueInPlace(i, i.field)]);
      }
    };
    // Over the schema's maxima, which the form did not know: each at the field of its option, in the engine's words.
    const over = { ...ok, individuals: 20_000, lpfLimit: 13, coTimeLimitS: 100_000 };
    const problems = runFormProblems(over);
    expect(problems.map((p) => [p.field, p.message])).toEqual(engineSays({ nb_ga_individuals: 20_000, loma_lpf_limit: 13, co_time_limit_s: 100_000 }));
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ['lpfLimit', 'Expected integer 1..12 (found 13)'],
      ['coTimeLimitS', 'Expected number > 0, ≤ 86400 (found 100000)'],
      ['individuals', 'Expected integer 2..10000 (found 20000)'],
    ]);
    // Listed (the sweep setup's list) with the labels the form shows, not the option names.
    expect(problemTexts(over)).toEqual(['LOMA LPF limit: expected integer 1..12 (found 13)', 'Time limit (s): expected number > 0, ≤ 86400 (found 100000)', 'Individuals: expected integer 2..10000 (found 20000)']);
    expect(problemSummary(problems)).toBe('3 problems to fix before starting: LOMA LPF limit, Time limit (s), Individuals.');
    expect(problemTexts({ ...ok, seed: 1.5 })).toEqual(['Seed: expected integer ≥ 0 (found 1.5)']);
  });

  it("gives the number inputs the schema's bounds and integer steps", () => {
    expect(numberInput('nb_ga_individuals')).toEqual({ min: 2, max: 10_000, step: 1 });
    expect(numberInput('loma_lpf_limit')).toEqual({ min: 1, max: 12, step: 1 });
    expect(numberInput('co_time_limit_s')).toEqual({ min: 0, max: 86_400, step: 'any' });
    expect(numberInput('co_mip_gap')).toEqual({ min: 0, max: 1, step: 'any' });
    expect(numberInput('seed')).toEqual({ min: 0, step: 1 });
  });

  it('offers every run option of the engine schema, with its enums and defaults', () => {
    const shown = new Set([...advancedOptions().map((o) => o.name), 'mode', 'layer_stacks', 'stacks', 'allocation', 'nb_ga_individuals', 'nb_ga_generations', 'seed', 'loma_lpf_limit', 'co_time_limit_s', 'co_mip_gap']);
    expect([...shown].sort()).toEqual(streamOptionInfo().filter((o) => o.kind === 'run').map((o) => o.name).sort());
    expect(advancedOptions().find((o) => o.name === 'compat')!.choices).toEqual(['default', 'reference', 'reference-2025']);
    expect(defaultRunForm().individuals).toBe(streamOptionInfo().find((o) => o.name === 'nb_ga_individuals')!.default);
  });
});

describe('design YAML file sets', () => {
  it('finds the core files of an accelerator file in any YAML spelling (flow style too), with the engine reader', () => {
    const core = { name: 'tpu_like.yaml', text: 'name: tpu_like\nmemories: {}\noperational_array: {}\n' };
    const flow = { name: 'mesh.yaml', text: 'name: mesh\ncores: [cores/tpu_like.yaml, "hw/simd.yaml"]\ngraph: {type: 2d_mesh, nb_rows: 1, nb_cols: 1, bandwidth: 64, unit_energy_cost: 0}\n' };
    const simd = { name: 'simd.yaml', text: 'name: simd\nmemories: {}\noperational_array: {}\n' };
    const set = accelerateFileSet([core, flow, simd]);
    expect(set.main).toBe('mesh.yaml');
    expect(set.files.map((f) => f.path)).toEqual(['cores/tpu_like.yaml', 'mesh.yaml', 'hw/simd.yaml']);
    const flowMap = { name: 'pair.yaml', text: "{name: pair, cores: {0: 'cores/tpu_like.yaml'}, offchip_core: hw/simd.yaml, bandwidth: 64, core_connectivity: []}" };
    expect(accelerateFileSet([core, simd, flowMap]).files.map((f) => f.path)).toEqual(['cores/tpu_like.yaml', 'hw/simd.yaml', 'pair.yaml']);
  });

  it('gives the core files of every reference accelerator the paths it references them by', () => {
    for (const file of referenceFiles().filter((f) => f.kind === 'accelerator')) {
      const text = readFileSync(file.path, 'utf8');
      const refs = acceleratorFileReferences(text)!;
      const cores = refs.map((ref) => ({ name: ref.split('/').pop()!, text: 'name: c\nmemories: {}\noperational_array: {}\n' }));
      const set = accelerateFileSet([...cores, { name: 'main.yaml', text }]);
      expect(set.main, file.rel).toBe('main.yaml');
      expect(set.files.slice(0, -1).map((f) => f.path), file.rel).toEqual(refs.map((ref) => ref.replace(/^\.\//, '')));
    }
  });

  it('gives picked files the paths the accelerator file uses', () => {
    const set = accelerateFileSet([
      { name: 'tpu_like.yaml', text: 'name: tpu_like\nmemories: {}\n' },
      { name: 'quad.yaml', text: 'name: quad\ncores:\n  0: cores/tpu_like.yaml\n' },
    ]);
    expect(set.main).toBe('quad.yaml');
    expect(set.files.map((f) => f.path)).toEqual(['cores/tpu_like.yaml', 'quad.yaml']);
  });
});

describe('workload DAG layout (cytoscape-dagre)', () => {
  it('puts every layer below its producers and branches side by side', () => {
    registerDagre();
    registerDagre(); // idempotent
    const edges = [[0, 1], [0, 2], [1, 3], [2, 3], [0, 3]];
    const cy = cytoscape({
      headless: true,
      styleEnabled: true,
      elements: [
        ...[0, 1, 2, 3].map((id) => ({ group: 'nodes' as const, data: { id: String(id) }, style: { width: 150, height: 36 } })),
        ...edges.map(([a, b]) => ({ group: 'edges' as const, data: { id: `e${a}-${b}`, source: String(a), target: String(b) } })),
      ],
    });
    cy.layout(WORKLOAD_LAYOUT).run();
    const y = (id: number) => cy.getElementById(String(id)).position().y;
    const x = (id: number) => cy.getElementById(String(id)).position().x;
    expect(y(0)).toBeLessThan(y(1));
    expect(y(1)).toBe(y(2));
    expect(y(2)).toBeLessThan(y(3));
    expect(x(1)).not.toBe(x(2));
    cy.destroy();
  });
});

describe('result exports', () => {
  it('writes the schedule as CSV with one row per CN and transfer', () => {
    const lines = scheduleCsv(sampleResult()).trim().split('\n');
    expect(lines).toHaveLength(1 + 4 + 1);
    expect(lines[1]).toBe('cn,0,0,conv1,0,0,0,100,50,,,,,');
  });

  it('downloads the engine\'s Perfetto trace: the same file as `stream-studio run --trace`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-trace-'));
    const tracePath = join(dir, 'trace.json');
    const lab = `${TUTORIAL}/lab1`;
    const result = await executeRun({ acceleratorPath: `${lab}/hardware/hda_bus.yaml`, workloadPath: `${lab}/workload/4_convs.onnx`, mappingPath: `${lab}/mapping/mapping.yaml`, options: { allocation: 'fixed' }, tracePath });
    expect(perfettoTraceJson(result)).toBe(readFileSync(tracePath, 'utf8'));
    expect(perfettoTraceJson).toBe(enginePerfettoTraceJson);
  }, 60_000);
});
