/** The hardware editor's side panel, outline and validation list (components split out of HardwareEditor.svelte). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import SidePanel from '../../../src/renderer/components/hardware/SidePanel.svelte';
import DesignOutline from '../../../src/renderer/components/hardware/DesignOutline.svelte';
import ValidationList from '../../../src/renderer/components/hardware/ValidationList.svelte';
import { templateById } from '../../../src/renderer/hardware/core-library';
import { addBus, addCore, buses, connect, connections, emptyDesign } from '../../../src/renderer/hardware/design';
import type { EditorEdit } from '../../../src/renderer/hardware/editor-actions';
import { busNodeId, connectionEdgeId, coreNodeId } from '../../../src/renderer/hardware/graph';
import { designChecks } from '../../../src/renderer/hardware/design-checks';

afterEach(() => cleanup());

function design() {
  let d = emptyDesign('d');
  d = addCore(d, templateById('tpu_like')!).design;
  d = addCore(d, templateById('simd')!).design;
  d = connect(d, 0, 1, { bandwidth: 64, unitEnergyCost: 0 });
  return addBus(d, [0, 1]).design;
}

function sidePanel(selected: string[], notes: string[] = []) {
  const d = design();
  const onedit = vi.fn<(edit: EditorEdit) => void>();
  const onremove = vi.fn();
  render(SidePanel, { design: d, selected, issues: [], priced: designChecks(d).priced, notes, onedit, ondesignedit: vi.fn(), onremove, onaxis: vi.fn() });
  return { d, onedit, onremove };
}

describe('SidePanel', () => {
  it('shows the selected core with its edit notes, and links it to the core picked', async () => {
    const { d, onedit, onremove } = sidePanel([coreNodeId(0)], ['core tpu_like dataflows D1: K 32 → K 16']);
    expect(screen.getByTestId('core-panel')).toBeTruthy();
    expect(screen.getByTestId('edit-notes').textContent).toContain('↳ core tpu_like dataflows D1: K 32 → K 16');
    const connectTo = screen.getByTestId('connect-to') as HTMLButtonElement;
    expect(connectTo.disabled).toBe(true);
    await fireEvent.change(screen.getByTestId('connect-target'), { target: { value: '2' } });
    await fireEvent.click(connectTo);
    const edit = onedit.mock.calls[0]![0];
    expect(connections(edit.design).map((c) => c.key)).toEqual([...connections(d).map((c) => c.key), '0-2']);
    expect(edit.select).toEqual([connectionEdgeId('0-2')]);
    await fireEvent.click(screen.getByText('Delete core'));
    expect(onremove).toHaveBeenCalledOnce();
  });

  it('shows no notes panel without notes', () => {
    sidePanel([coreNodeId(0)]);
    expect(screen.queryByTestId('edit-notes')).toBeNull();
  });

  it('shows the link or the bus selected, and the design panel for none or several', () => {
    sidePanel([connectionEdgeId('0-1')]);
    expect(screen.getByTestId('link-panel')).toBeTruthy();
    cleanup();
    const { d } = sidePanel([busNodeId(buses(design())[0]!.id)]);
    expect(screen.getByTestId('bus-panel')).toBeTruthy();
    expect(buses(d)).toHaveLength(1);
    cleanup();
    sidePanel([coreNodeId(0), coreNodeId(1)]);
    expect(screen.getByText('2 elements selected.')).toBeTruthy();
    expect(screen.queryByTestId('core-panel')).toBeNull();
  });

  it('edits the off-chip core from the design panel', async () => {
    const { onedit } = sidePanel([]);
    await fireEvent.change(screen.getByLabelText('Off-chip core'), { target: { value: '' } });
    expect(onedit.mock.calls[0]![0].design.offchipCoreId).toBeNull();
  });
});

describe('DesignOutline', () => {
  it('lists cores, links and buses, and selects one (Shift+click adds a core)', async () => {
    const d = design();
    const onselect = vi.fn<(ids: string[]) => void>();
    render(DesignOutline, { design: d, selected: [coreNodeId(0)], onselect });
    expect(screen.getAllByTestId('outline-core').map((b) => b.textContent)).toEqual(['0: tpu_like', '1: simd', '2: offchip']);
    expect(screen.getAllByTestId('outline-link').map((b) => b.textContent)).toEqual(['tpu_like ↔ simd · 64 b/cc']);
    expect(screen.getAllByTestId('outline-bus')).toHaveLength(1);
    await fireEvent.click(screen.getAllByTestId('outline-core')[1]!, { shiftKey: true });
    expect(onselect).toHaveBeenLastCalledWith([coreNodeId(0), coreNodeId(1)]);
    await fireEvent.click(screen.getAllByTestId('outline-core')[1]!);
    expect(onselect).toHaveBeenLastCalledWith([coreNodeId(1)]);
    await fireEvent.click(screen.getAllByTestId('outline-link')[0]!);
    expect(onselect).toHaveBeenLastCalledWith([connectionEdgeId('0-1')]);
  });
});

describe('ValidationList', () => {
  it('says the design is valid, or lists issues, unpriced memories and warnings', () => {
    const priced = designChecks(design()).priced;
    render(ValidationList, { issues: [], priced, warnings: [] });
    expect(screen.getByTestId('validation-ok')).toBeTruthy();
    cleanup();
    const issue = { file: '<editor>', field: 'links[0].bandwidth', expected: 'a positive bandwidth', found: '0' };
    render(ValidationList, { issues: [issue], priced: { ok: false, issues: [{ ...issue, field: 'cores[0].memories[1]', expected: 'CACTI costs' }] }, warnings: [{ ...issue, field: 'cores[1]' }] });
    expect(screen.queryByTestId('validation-ok')).toBeNull();
    expect(screen.getByTestId('validation').textContent).toContain('links[0].bandwidth');
    expect(screen.getByTestId('cacti-issue').textContent).toContain('cores[0].memories[1]');
    expect(screen.getByTestId('cost-warning').textContent).toContain('(warning)');
  });
});
