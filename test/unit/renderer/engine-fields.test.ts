import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import { validateAccelerator } from '../../../src/engine/hardware/validate';
import type { InputIssue } from '../../../src/engine/errors';
import CorePanel from '../../../src/renderer/components/hardware/CorePanel.svelte';
import LinkPanel from '../../../src/renderer/components/hardware/LinkPanel.svelte';
import { templateById } from '../../../src/renderer/hardware/core-library';
import { addBus, addCore, connect, connections, emptyDesign, replaceCore, updateBus, updateConnection } from '../../../src/renderer/hardware/design';
import { rebuildCore, withBandwidth } from '../../../src/renderer/hardware/derive';
import { editorField, mergeFieldIssues, parseFieldPath, toEditorFields } from '../../../src/renderer/hardware/engine-fields';
import { validateDesign } from '../../../src/renderer/hardware/validate';

function design() {
  let d = emptyDesign('d');
  d = addCore(d, templateById('tpu_like')!).design;
  d = addCore(d, templateById('simd')!).design;
  return connect(connect(d, 0, 1), 1, 2);
}

const engineFields = (d: ReturnType<typeof design>) => toEditorFields(d, validateAccelerator(d, '<editor>'));
const issue = (field: string, extra: Partial<InputIssue> = {}): InputIssue => ({ file: '<editor>', field, expected: 'x', ...extra });

afterEach(() => cleanup());

describe('engine field paths → editor fields', () => {
  it('parses YAML-style paths', () => {
    expect(parseFieldPath('cores[1].memories.rf_2B.ports[0].bandwidth_max')).toEqual(['cores', 1, 'memories', 'rf_2B', 'ports', 0, 'bandwidth_max']);
    expect(parseFieldPath('core_connectivity[2].cores[1]')).toEqual(['core_connectivity', 2, 'cores', 1]);
  });

  it('maps the engine link bandwidth issue onto the link input the editor checks', () => {
    const d = updateConnection(design(), '0-1', { bandwidth: 0 });
    const raw = validateAccelerator(d, '<editor>');
    expect(raw.map((i) => i.field)).toContain('core_connectivity[0].bandwidth');
    const mapped = engineFields(d).map((i) => i.field);
    expect(mapped).toContain('links[0].bandwidth');
    expect(validateDesign(d).map((i) => i.field)).toContain('links[0].bandwidth');
  });

  it('maps memory fields by memory name onto the level row', () => {
    const d = design();
    const core = d.cores[1];
    const size = { ...core.memories[0].instance, sizeBits: 1.5 };
    const broken = rebuildCore(core, { levels: core.memories.map((m, i) => ({ instance: i === 0 ? withBandwidth(size, 'read', 0) : m.instance, operands: m.operands, servedDimensions: m.servedDimensions })) });
    const mapped = engineFields(replaceCore(d, broken)).map((i) => i.field);
    expect(mapped).toContain('cores[1].memories[0].instance.sizeBits');
    expect(mapped).toContain('cores[1].memories[0].instance.ports[0].bandwidthMax');
  });

  it('maps core, array and topology paths', () => {
    const d = addBus(design(), [0, 1], 32).design;
    const bus = d.links.findIndex((l) => l.kind === 'bus');
    const entry = d.topology.format === 'stream-typed' ? d.topology.connectivity.findIndex((c) => c.type === 'bus') : -1;
    expect(editorField(d, issue('cores[0].name'))).toBe('cores[0].name');
    expect(editorField(d, issue('cores[0].operational_array.sizes[1]'))).toBe('cores[0].operationalArray.dimensions[1].size');
    expect(editorField(d, issue('cores[0].operational_array.unit_energy'))).toBe('cores[0].operationalArray.unitEnergy');
    expect(editorField(d, issue('cores[0].operational_array.unit_area'))).toBe('cores[0]');
    const name = d.cores[0].memories[1].instance.name;
    expect(editorField(d, issue(`cores[0].memories.${name}.r_cost`))).toBe('cores[0].memories[1].instance.readCost');
    expect(editorField(d, issue(`cores[0].memories.${name}.served_dimensions[0]`))).toBe('cores[0].memories[1].servedDimensions');
    expect(editorField(d, issue(`cores[0].memories.${name}.latency`))).toBe('cores[0].memories[1]');
    expect(editorField(d, issue('cores[0].memories.nope.size'))).toBe('cores[0].memories');
    expect(editorField(d, issue(`core_connectivity[${entry}].cores`))).toBe(`links[${bus}].cores`);
    expect(editorField(d, issue('core_connectivity', { found: 'core 1 not connected' }))).toBe('cores[1]');
    expect(editorField(d, issue('core_memory_sharing[0]'))).toBe('core_memory_sharing[0]');
  });

  it('shows an unreachable core on that core', () => {
    const d = addCore(design(), templateById('pooling')!).design;
    const mapped = engineFields(d).filter((i) => i.expected.includes('off-chip core'));
    expect(mapped.map((i) => i.field)).toEqual(['cores[2]']);
  });

  it('maps a bus bandwidth issue onto the bus input', () => {
    const { design: withBus, id } = addBus(design(), [0, 1], 32);
    const d = updateBus(withBus, id, { bandwidth: 0 });
    const bus = d.links.findIndex((l) => l.id === id);
    expect(engineFields(d).map((i) => i.field)).toContain(`links[${bus}].bandwidth`);
  });
});

describe('merging editor and engine issues for the panels', () => {
  it('keeps the editor message where both flag a field and adds engine-only fields once', () => {
    const editor = [issue('links[0].bandwidth', { expected: 'editor' })];
    const engine = [issue('links[0].bandwidth', { expected: 'engine' }), issue('cores[0].memories[1]', { expected: 'latency' }), issue('cores[0].memories[1]', { expected: 'latency' })];
    expect(mergeFieldIssues(editor, engine).map((i) => `${i.field}:${i.expected}`)).toEqual(['links[0].bandwidth:editor', 'cores[0].memories[1]:latency']);
  });
});

describe('engine issues beside their field', () => {
  it('shows an engine-only memory issue in the core panel row', () => {
    const d = design();
    const core = d.cores[0];
    const name = core.memories[1].instance.name;
    const engine = [issue(`cores[0].memories.${name}.latency`, { expected: 'a non-negative integer latency (cycles)', found: '-1' })];
    render(CorePanel, { core, index: 0, issues: toEditorFields(d, engine), onchange: () => {} });
    expect(screen.getByTestId('mem-1-error').textContent).toContain('non-negative integer latency');
    expect(screen.getByLabelText(`Memory 1 name`).getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the engine bandwidth issue under the link bandwidth input', () => {
    const d = design();
    const engine = [issue('core_connectivity[0].bandwidth', { expected: 'a positive bandwidth (engine)', found: '0' })];
    render(LinkPanel, { design: d, connection: connections(d)[0], issues: toEditorFields(d, engine), onchange: () => {}, onremove: () => {} });
    expect(screen.getByLabelText('Bandwidth (bits/cycle)').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toContain('a positive bandwidth (engine)');
  });
});
