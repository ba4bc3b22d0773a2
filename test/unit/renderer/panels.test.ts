import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import type { Core } from '../../../src/engine/hardware/types';
import CorePanel from '../../../src/renderer/components/hardware/CorePanel.svelte';
import LinkPanel from '../../../src/renderer/components/hardware/LinkPanel.svelte';
import BusPanel from '../../../src/renderer/components/hardware/BusPanel.svelte';
import NumberField from '../../../src/renderer/components/NumberField.svelte';
import { templateById } from '../../../src/renderer/hardware/core-library';
import { addBus, addCore, buses, connect, connections, emptyDesign, updateConnection } from '../../../src/renderer/hardware/design';
import { memoryBandwidth, validateDesign, withMemoryWidth } from '../../../src/engine/browser';

function twoCoreDesign() {
  let design = emptyDesign('d');
  design = addCore(design, templateById('tpu_like')!).design;
  design = addCore(design, templateById('simd')!).design;
  return connect(design, 0, 1, { bandwidth: 64, unitEnergyCost: 0 });
}

afterEach(() => cleanup());

async function commit(input: HTMLElement, value: string) {
  await fireEvent.input(input, { target: { value } });
  await fireEvent.change(input);
}

describe('NumberField', () => {
  it('commits a number on change, once', async () => {
    const onchange = vi.fn();
    render(NumberField, { label: 'Bandwidth', unit: 'bits/cycle', value: 64, onchange });
    const input = screen.getByLabelText('Bandwidth (bits/cycle)');
    expect((input as HTMLInputElement).value).toBe('64');
    await commit(input, '128');
    expect(onchange).toHaveBeenCalledExactlyOnceWith(128);
  });

  it('shows its issues and marks the input invalid', () => {
    render(NumberField, { label: 'Size', value: 0, onchange: () => {}, issues: [{ file: '<editor>', field: 'x', expected: 'a positive size in bits', found: '0' }] });
    expect(screen.getByRole('alert').textContent).toContain('Expected a positive size in bits (found 0)');
    expect(screen.getByLabelText('Size').getAttribute('aria-invalid')).toBe('true');
  });
});

describe('CorePanel', () => {
  const core = () => twoCoreDesign().cores[0];

  it('shows the array, MAC energy and the memory hierarchy table', () => {
    render(CorePanel, { core: core(), index: 0, issues: [], onchange: () => {} });
    expect((screen.getByLabelText('D1 size') as HTMLInputElement).value).toBe('32');
    expect((screen.getByLabelText('MAC energy (pJ)') as HTMLInputElement).value).toBe('0.04');
    expect(screen.getByText('1024 operational units')).toBeTruthy();
    expect(screen.getAllByRole('row')).toHaveLength(1 + 3);
    expect((screen.getByLabelText('Memory 2 name') as HTMLInputElement).value).toBe('sram_2MB');
  });

  it('edits an array dimension and recomputes unroll counts', async () => {
    const onchange = vi.fn<(core: Core) => void>();
    render(CorePanel, { core: core(), index: 0, issues: [], onchange });
    await commit(screen.getByLabelText('D1 size'), '16');
    const next = onchange.mock.calls[0][0];
    expect(next.operationalArray.dimensions[0].size).toBe(16);
    expect(next.memories.map((m) => m.unrollCount)).toEqual([512, 16, 1]);
  });

  it('edits a memory bandwidth and operands', async () => {
    const onchange = vi.fn<(core: Core) => void>();
    render(CorePanel, { core: core(), index: 0, issues: [], onchange });
    await commit(screen.getByLabelText('Memory sram_2MB read bandwidth'), '1024');
    expect(memoryBandwidth(onchange.mock.calls[0][0].memories[2].instance, 'read')).toBe(1024);
    await fireEvent.click(screen.getByLabelText('sram_2MB holds I1'));
    const withoutI1 = onchange.mock.calls[1][0];
    expect(withoutI1.memories[2].operands).toEqual(['I2', 'O']);
    expect(withoutI1.hierarchy.I1).toEqual([]);
  });

  it("shows a memory's bandwidths as the engine reads them (a ZigZag 3.8.0 core: r_bw / w_bw before its ports)", () => {
    const c = core();
    const sram = c.memories[2]!.instance;
    const rw = { name: 'rw_port_1', type: 'read_write' as const, bandwidthMin: 4096, bandwidthMax: 4096, allocation: [] };
    const instance = { ...sram, ports: [...sram.ports, rw], legacy: { readBandwidth: 4096, writeBandwidth: 1024, minReadGranularity: null, minWriteGranularity: null } };
    const legacyCore = { ...c, memories: c.memories.map((m, i) => (i === 2 ? { ...m, instance } : m)) };
    render(CorePanel, { core: legacyCore, index: 0, issues: [], onchange: () => {} });
    expect((screen.getByLabelText('Memory sram_2MB read bandwidth') as HTMLInputElement).value).toBe('4096');
    expect((screen.getByLabelText('Memory sram_2MB write bandwidth') as HTMLInputElement).value).toBe('1024');
  });

  it('edits a width the engine refuses as the plain change, the engine setting it (the issue shows beside it)', async () => {
    const onchange = vi.fn<(core: Core) => void>();
    const ondesignedit = vi.fn<(change: unknown, fallback: Core) => void>();
    render(CorePanel, { core: core(), index: 0, issues: [], onchange, ondesignedit });
    await commit(screen.getByLabelText('Memory sram_2MB write bandwidth'), '100.5');
    const [change, fallback] = ondesignedit.mock.calls[0]!;
    expect(change).toEqual({ kind: 'memory-width', coreId: 0, memory: 'sram_2MB', port: 'write', bits: 100.5 });
    expect(fallback.memories[2]!.instance).toEqual(withMemoryWidth(core().memories[2]!.instance, 'write', 100.5));
  });

  it('adds, reorders and removes memory levels', async () => {
    const onchange = vi.fn<(core: Core) => void>();
    render(CorePanel, { core: core(), index: 0, issues: [], onchange });
    await fireEvent.click(screen.getByText('+ memory level'));
    expect(onchange.mock.calls[0][0].memories.map((m) => m.instance.name)).toEqual(['rf_128B', 'rf_2B', 'sram_2MB', 'mem_4']);
    await fireEvent.click(screen.getByLabelText('Move rf_2B inwards'));
    expect(onchange.mock.calls[1][0].memories.map((m) => m.instance.name)).toEqual(['rf_2B', 'rf_128B', 'sram_2MB']);
    await fireEvent.click(screen.getByLabelText('Remove memory rf_128B'));
    expect(onchange.mock.calls[2][0].memories.map((m) => m.instance.name)).toEqual(['rf_2B', 'sram_2MB']);
  });

  it('shows validation errors next to the memory field they concern', () => {
    const issues = [{ file: '<editor>', field: 'cores[0].memories[1].instance.sizeBits', expected: 'a positive size in bits', found: '0' }];
    render(CorePanel, { core: core(), index: 0, issues, onchange: () => {} });
    expect(screen.getByLabelText('Memory rf_2B size').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Memory sram_2MB size').getAttribute('aria-invalid')).toBe('false');
  });

  it('parses a fixed spatial dataflow and rejects a malformed one', async () => {
    const onchange = vi.fn<(core: Core) => void>();
    render(CorePanel, { core: core(), index: 0, issues: [], onchange });
    const input = screen.getByPlaceholderText('D1: K 32; D2: C 32');
    expect((input as HTMLInputElement).value).toBe('D1: K 32; D2: C 32');
    await commit(input, 'D1: K 16, OX 2; D2: C 32');
    expect(onchange.mock.calls[0][0].dataflows).toEqual({ D1: [{ loopDim: 'K', factor: 16 }, { loopDim: 'OX', factor: 2 }], D2: [{ loopDim: 'C', factor: 32 }] });
    await commit(input, 'D1 K');
    expect(onchange).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('alert').textContent).toContain('Expected');
  });
});

describe('LinkPanel', () => {
  it('edits both directions of a link and shows the bandwidth error', async () => {
    const design = updateConnection(twoCoreDesign(), '0-1', { bandwidth: 0 });
    const onchange = vi.fn();
    render(LinkPanel, { design, connection: connections(design)[0], issues: validateDesign(design), onchange, onremove: () => {} });
    expect(screen.getByText('Link tpu_like ↔ simd')).toBeTruthy();
    const bandwidth = screen.getByLabelText('Bandwidth (bits/cycle)');
    expect(bandwidth.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    await commit(bandwidth, '256');
    expect(onchange).toHaveBeenCalledWith({ bandwidth: 256 });
  });
});

describe('BusPanel', () => {
  it('attaches and detaches cores', async () => {
    const { design, id } = addBus(twoCoreDesign(), [0, 1], { bandwidth: 32, unitEnergyCost: 0 });
    const onchange = vi.fn();
    const onremove = vi.fn();
    render(BusPanel, { design, bus: buses(design).find((b) => b.id === id)!, issues: [], onchange, onremove });
    await fireEvent.click(screen.getByLabelText('2: offchip'));
    expect(onchange).toHaveBeenCalledWith({ cores: [0, 1, 2] });
    await fireEvent.click(screen.getByLabelText('0: tpu_like'));
    expect(onchange).toHaveBeenLastCalledWith({ cores: [1] });
    await fireEvent.click(screen.getByText('Delete bus'));
    expect(onremove).toHaveBeenCalled();
  });
});
