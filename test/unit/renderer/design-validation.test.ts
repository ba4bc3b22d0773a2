/**
 * The hardware editor validates with the engine's `validateDesign` (no copy in the renderer): its issues name
 * the edited value by its path in the design document, so each panel shows it beside its input.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/svelte';
import { validateAccelerator, validateDesign } from '../../../src/engine/browser';
import CorePanel from '../../../src/renderer/components/hardware/CorePanel.svelte';
import LinkPanel from '../../../src/renderer/components/hardware/LinkPanel.svelte';
import BusPanel from '../../../src/renderer/components/hardware/BusPanel.svelte';
import { templateById } from '../../../src/renderer/hardware/core-library';
import { addBus, addCore, buses, connect, connections, emptyDesign, replaceCore, updateBus, updateConnection } from '../../../src/renderer/hardware/design';
import { rebuildCore } from '../../../src/renderer/hardware/derive';
import { withMemoryWidth } from '../../../src/engine/browser';
import { issuesAt } from '../../../src/renderer/hardware/issues';

/** tpu_like (0) ↔ simd (1) ↔ off-chip (2). */
function design() {
  let d = emptyDesign('d');
  d = addCore(d, templateById('tpu_like')!).design;
  d = addCore(d, templateById('simd')!).design;
  return connect(connect(d, 0, 1), 1, 2);
}

const fields = (d: ReturnType<typeof design>) => validateDesign(d).map((i) => i.field);

afterEach(() => cleanup());

describe('validateDesign on editor designs', () => {
  it('accepts a connected design, as the importer does', () => {
    expect(validateDesign(design())).toEqual([]);
    expect(validateAccelerator(design())).toEqual([]);
  });

  it('shows a core the off-chip core cannot reach on that core', () => {
    const d = addCore(design(), templateById('pooling')!).design;
    const issues = validateDesign(d);
    expect(issues.map((i) => i.field)).toEqual(['cores[2]']);
    expect(issues[0]).toMatchObject({ file: '<editor>', found: 'core 2 not connected' });
    expect(issues[0].expected).toContain('off-chip core 3');
  });

  it('points at both directed links of a connection with a zero bandwidth; an unbounded link is valid', () => {
    const issues = validateDesign(updateConnection(design(), '0-1', { bandwidth: 0 }));
    expect(issues.map((i) => i.field)).toEqual(['links[0].bandwidth', 'links[1].bandwidth']);
    expect(issues[0]).toMatchObject({ expected: 'a positive bandwidth (bits/cycle)', found: '0' });
    expect(validateDesign(updateConnection(design(), '0-1', { bandwidth: Infinity }))).toEqual([]);
  });

  it('points at memory fields by their index in the core and holds ports to the engine rule (integer bandwidth)', () => {
    const d = design();
    const core = d.cores[1];
    const first = core.memories[0].instance;
    const broken = rebuildCore(core, {
      levels: [
        { instance: withMemoryWidth({ ...first, sizeBits: 1.5, latency: -1 }, 'read', 2.5), operands: ['I1', 'I2'], servedDimensions: ['D1', 'D7'] },
        ...core.memories.slice(1).map((m) => ({ instance: m.instance, operands: m.operands, servedDimensions: m.servedDimensions })),
      ],
    });
    const found = fields(replaceCore(d, broken));
    expect(found).toContain('cores[1].memories[0].instance.sizeBits');
    expect(found).toContain('cores[1].memories[0].instance.latency');
    expect(found).toContain('cores[1].memories[0].instance.ports[0].bandwidthMax');
    expect(found).toContain('cores[1].memories[0].servedDimensions[1]');
  });

  it('requires an off-chip core, positive compute array sizes and a name', () => {
    const d = design();
    const core = rebuildCore(d.cores[0], { operationalArray: { ...d.cores[0].operationalArray, dimensions: [{ name: 'D1', size: 0 }, { name: 'D2', size: 32 }] }, name: 'simd' });
    const found = fields({ ...replaceCore(d, core), offchipCoreId: null, name: ' ' });
    expect(found).toEqual(expect.arrayContaining(['name', 'offchipCoreId', 'cores[0].operationalArray.dimensions[0].size']));
  });

  it('points at a bus by its index among the links', () => {
    const { design: withBus, id } = addBus(design(), [0, 1], { bandwidth: 32, unitEnergyCost: 0 });
    const d = updateBus(withBus, id, { bandwidth: 0, unitEnergyCost: -1 }).design;
    const bus = d.links.findIndex((l) => l.id === id);
    expect(fields(d)).toEqual([`links[${bus}].bandwidth`, `links[${bus}].unitEnergyCost`]);
  });
});

describe('engine issues beside their input', () => {
  it('shows a memory issue with no input of its own (latency) in the level row', () => {
    const d = design();
    const core = d.cores[0];
    const levels = core.memories.map((m, i) => ({ instance: i === 1 ? { ...m.instance, latency: -1 } : m.instance, operands: m.operands, servedDimensions: m.servedDimensions }));
    const broken = rebuildCore(core, { levels });
    render(CorePanel, { core: broken, index: 0, issues: validateDesign(replaceCore(d, broken)), onchange: () => {} });
    expect(screen.getByTestId('mem-1-error').textContent).toContain('non-negative integer latency');
  });

  it('shows the link bandwidth issue under the link bandwidth input', () => {
    const d = updateConnection(design(), '0-1', { bandwidth: 0 });
    render(LinkPanel, { design: d, connection: connections(d)[0], issues: validateDesign(d), onchange: () => {}, onremove: () => {} });
    expect(screen.getByLabelText('Bandwidth (bits/cycle)').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toContain('a positive bandwidth');
  });

  it('shows the bus bandwidth issue under the bus bandwidth input', () => {
    const { design: withBus, id } = addBus(design(), [0, 1], { bandwidth: 32, unitEnergyCost: 0 });
    const d = updateBus(withBus, id, { bandwidth: 0 }).design;
    render(BusPanel, { design: d, bus: buses(d).find((b) => b.id === id)!, issues: validateDesign(d), onchange: () => {}, onremove: () => {} });
    expect(screen.getByTestId('bus-bandwidth-error').textContent).toContain('a positive bandwidth');
  });

  it('finds issues by exact field or under a prefix', () => {
    const issues = [{ file: 'f', field: 'cores[1].memories[0].instance.sizeBits', expected: 'x' }];
    expect(issuesAt(issues, 'cores[1].memories[0]')).toEqual([]);
    expect(issuesAt(issues, 'cores[1].memories[0]', true)).toHaveLength(1);
    expect(issuesAt(issues, 'cores[1].memories[0].instance.sizeBits')).toHaveLength(1);
  });
});
