/**
 * The core panel hands size, width, port-count and array-dimension edits to the editor as the engine's
 * DesignEdit (applied with applyDesignEdit), with the plain change as fallback.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { applyDesignEdit, CACTI_TABLE, type DesignEdit } from '../../../src/engine/browser';
import type { Core } from '../../../src/engine/hardware/types';
import CorePanel from '../../../src/renderer/components/hardware/CorePanel.svelte';
import { templateById } from '../../../src/renderer/hardware/core-library';
import { addCore, connect, emptyDesign } from '../../../src/renderer/hardware/design';

afterEach(() => cleanup());

function design() {
  let d = emptyDesign('d');
  d = addCore(d, templateById('tpu_like')!).design;
  d = addCore(d, templateById('simd')!).design;
  return connect(d, 0, 1, { bandwidth: 64, unitEnergyCost: 0 });
}

async function commit(input: HTMLElement, value: string) {
  await fireEvent.input(input, { target: { value } });
  await fireEvent.change(input);
}

describe('CorePanel design edits', () => {
  it('sends memory size, widths, ports and array dimensions as DesignEdits with the plain change as fallback', async () => {
    const d = design();
    const ondesignedit = vi.fn<(change: DesignEdit, fallback: Core) => void>();
    const onchange = vi.fn();
    render(CorePanel, { core: d.cores[0]!, index: 0, issues: [], onchange, ondesignedit });
    await commit(screen.getByLabelText('Memory sram_2MB size'), '4194304');
    await commit(screen.getByLabelText('Memory sram_2MB write bandwidth'), '1024');
    await commit(screen.getByLabelText('Memory sram_2MB read ports'), '2');
    await commit(screen.getByLabelText('D1 size'), '16');
    expect(onchange).not.toHaveBeenCalled();
    expect(ondesignedit.mock.calls.map(([change]) => change)).toEqual([
      { kind: 'memory-size', coreId: 0, memory: 'sram_2MB', sizeBits: 4194304 },
      { kind: 'memory-width', coreId: 0, memory: 'sram_2MB', port: 'write', bits: 1024 },
      { kind: 'memory-ports', coreId: 0, memory: 'sram_2MB', readPorts: 2, writePorts: 1, readWritePorts: 0 },
      { kind: 'array-dimension', coreId: 0, dimension: 'D1', size: 16 },
    ]);
    expect(ondesignedit.mock.calls[0]![1].memories[2]!.instance.sizeBits).toBe(4194304);
    expect(ondesignedit.mock.calls[3]![1].operationalArray.dimensions[0]!.size).toBe(16);
  });

  it('marks costs automatic; the engine then re-prices a size edit from CACTI and says so', async () => {
    const d = design();
    const onchange = vi.fn<(core: Core) => void>();
    render(CorePanel, { core: d.cores[0]!, index: 0, issues: [], onchange });
    await fireEvent.click(screen.getByLabelText('sram_2MB costs from CACTI'));
    const auto = onchange.mock.calls[0]![0];
    expect(auto.memories[2]!.instance.autoCostExtraction).toBe(true);
    const withAuto = { ...d, cores: d.cores.map((c) => (c.id === 0 ? auto : c)) };
    const out = applyDesignEdit(withAuto, { kind: 'memory-size', coreId: 0, memory: 'sram_2MB', sizeBits: 4194304 }, { cactiTable: CACTI_TABLE });
    expect(out.ok).toBe(true);
    if (out.ok) expect(out.value.notes.join('\n')).toMatch(/sram_2MB costs \(CACTI\): read [\d.]+ pJ/);
  });
});
