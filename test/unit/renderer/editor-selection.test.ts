/**
 * The hardware editor's selection bookkeeping, toolbar/keyboard actions and side-panel choice (pure modules
 * split out of HardwareEditor.svelte).
 */
import { describe, expect, it } from 'vitest';
import { templateById } from '../../../src/renderer/hardware/core-library';
import { addBus, addCore, buses, connect, connections, emptyDesign } from '../../../src/renderer/hardware/design';
import { addLibraryCore, busFromSelected, connectSelected, copiedCores, copiedMessage, deleteSelected, editBus, linkCores, pasteCores, shareSelected } from '../../../src/renderer/hardware/editor-actions';
import { busNodeId, connectionEdgeId, coreNodeId } from '../../../src/renderer/hardware/graph';
import { allCores, clickSelection, elementExists, keepExisting, linkSelection, selectedCoreIds, selectionRefs } from '../../../src/renderer/hardware/selection';
import { selectionHint, sidePanelOf } from '../../../src/renderer/hardware/side-panel';

/** tpu_like (0), simd (1), pooling (2) and the off-chip core (3); 0 ↔ 1 linked, a bus over 1 and 2. */
function threeCores() {
  let d = emptyDesign('d');
  for (const id of ['tpu_like', 'simd', 'pooling']) d = addCore(d, templateById(id)!).design;
  d = connect(d, 0, 1, { bandwidth: 64, unitEnergyCost: 0 });
  return addBus(d, [1, 2]).design;
}

describe('editor selection', () => {
  it('reads element ids, keeping the cores in selection order and dropping unknown ids', () => {
    const selected = [coreNodeId(2), connectionEdgeId('0-1'), 'nonsense', busNodeId(0), coreNodeId(0)];
    expect(selectionRefs(selected).map((r) => r.kind)).toEqual(['core', 'connection', 'bus', 'core']);
    expect(selectedCoreIds(selected)).toEqual([2, 0]);
  });

  it('keeps only the elements the design still has', () => {
    const d = threeCores();
    const bus = buses(d)[0]!;
    expect(elementExists(d, coreNodeId(3))).toBe(true);
    expect(elementExists(d, coreNodeId(4))).toBe(false);
    expect(elementExists(d, connectionEdgeId('0-1'))).toBe(true);
    expect(elementExists(d, connectionEdgeId('0-2'))).toBe(false);
    expect(elementExists(d, busNodeId(bus.id))).toBe(true);
    expect(elementExists(d, busNodeId(bus.id + 5))).toBe(false);
    expect(keepExisting(d, [coreNodeId(9), coreNodeId(1), 'x', connectionEdgeId('0-1')])).toEqual([coreNodeId(1), connectionEdgeId('0-1')]);
  });

  it('selects a link by its ordered key, extends on Shift/Ctrl-click and selects all cores', () => {
    expect(linkSelection(2, 0)).toEqual([connectionEdgeId('0-2')]);
    expect(linkSelection(0, 2)).toEqual([connectionEdgeId('0-2')]);
    expect(clickSelection([coreNodeId(0)], coreNodeId(1), true)).toEqual([coreNodeId(0), coreNodeId(1)]);
    expect(clickSelection([coreNodeId(0)], coreNodeId(1), false)).toEqual([coreNodeId(1)]);
    expect(allCores(threeCores())).toEqual([0, 1, 2, 3].map(coreNodeId));
  });
});

describe('editor actions', () => {
  it('adds a library core selected, and nothing for an unknown template', () => {
    const d = emptyDesign('d');
    const added = addLibraryCore(d, 'simd')!;
    expect(added.design.cores.map((c) => c.name)).toContain('simd');
    expect(added.select).toEqual([coreNodeId(added.design.cores.find((c) => c.name === 'simd')!.id)]);
    expect(addLibraryCore(d, 'no-such-core')).toBeNull();
  });

  it('connects exactly two selected cores and selects the link', () => {
    const d = threeCores();
    expect(connectSelected(d, [coreNodeId(0)])).toBeNull();
    expect(connectSelected(d, [coreNodeId(0), coreNodeId(1), coreNodeId(2)])).toBeNull();
    const linked = connectSelected(d, [coreNodeId(2), coreNodeId(0), connectionEdgeId('0-1')])!;
    expect(connections(linked.design).map((c) => c.key)).toContain('0-2');
    expect(linked.select).toEqual([connectionEdgeId('0-2')]);
    expect(linkCores(d, 3, 0).select).toEqual([connectionEdgeId('0-3')]);
  });

  it('puts two or more selected cores on a new bus (selected) or makes them share memory', () => {
    const d = threeCores();
    expect(busFromSelected(d, [coreNodeId(0)])).toBeNull();
    const bus = busFromSelected(d, [coreNodeId(0), coreNodeId(2)])!;
    const added = buses(bus.design).find((b) => !buses(d).some((o) => o.id === b.id))!;
    expect(added.cores).toEqual([0, 2]);
    expect(bus.select).toEqual([busNodeId(added.id)]);
    expect(shareSelected(d, [coreNodeId(0)])).toBeNull();
    const shared = shareSelected(d, [coreNodeId(0), coreNodeId(1)])!;
    expect(shared.design.coreMemorySharing).toContainEqual([0, 1]);
    expect(shared.select).toBeUndefined();
  });

  it('deletes the selected buses, links and cores together and clears the selection', () => {
    const d = threeCores();
    const bus = buses(d)[0]!;
    const out = deleteSelected(d, [busNodeId(bus.id), connectionEdgeId('0-1')]);
    expect(out.select).toEqual([]);
    expect(buses(out.design)).toHaveLength(0);
    expect(connections(out.design)).toHaveLength(0);
    expect(out.design.cores).toHaveLength(d.cores.length);
    const withCore = deleteSelected(d, [connectionEdgeId('0-1'), coreNodeId(2)]);
    expect(withCore.design.cores.map((c) => c.name)).toEqual(['tpu_like', 'simd', 'offchip']);
    expect(connections(withCore.design)).toHaveLength(0);
  });

  it('keeps a bus selected when its edit moves its id, and leaves the selection alone otherwise', () => {
    const d = threeCores();
    const bus = buses(d)[0]!;
    const out = editBus(d, bus.id, { bandwidth: 256 });
    expect(buses(out.design).find((b) => b.id === bus.id)?.bandwidth).toBe(256);
    expect(out.select).toBeUndefined();
  });

  it('copies the selected compute cores (not the off-chip memory core) and pastes them selected', () => {
    const d = threeCores();
    const copied = copiedCores(d, [coreNodeId(1), coreNodeId(3), connectionEdgeId('0-1')]);
    expect(copied.map((c) => c.name)).toEqual(['simd']);
    expect(copiedMessage(1)).toBe('Copied 1 core');
    expect(copiedMessage(3)).toBe('Copied 3 cores');
    expect(pasteCores(d, [])).toBeNull();
    const pasted = pasteCores(d, copied)!;
    expect(pasted.design.cores).toHaveLength(d.cores.length + 1);
    const copy = pasted.design.cores.find((c) => c.name === 'simd_copy')!;
    expect(pasted.select).toEqual([coreNodeId(copy.id)]);
  });
});

describe('side panel', () => {
  it('shows the one selected core, link or bus, else the design panel with the selection count', () => {
    const d = threeCores();
    const bus = buses(d)[0]!;
    const core = sidePanelOf(d, [coreNodeId(1)]);
    expect(core.kind === 'core' && core.core.name).toBe('simd');
    const link = sidePanelOf(d, [connectionEdgeId('0-1')]);
    expect(link.kind === 'link' && [link.connection.a, link.connection.b]).toEqual([0, 1]);
    const onBus = sidePanelOf(d, [busNodeId(bus.id)]);
    expect(onBus.kind === 'bus' && onBus.bus.cores).toEqual([1, 2]);
    expect(sidePanelOf(d, [])).toEqual({ kind: 'design', selectedCount: 0 });
    expect(sidePanelOf(d, [coreNodeId(0), coreNodeId(1)])).toEqual({ kind: 'design', selectedCount: 2 });
    // An element the design no longer has (e.g. after an undo) falls back to the design panel.
    expect(sidePanelOf(d, [coreNodeId(7)])).toEqual({ kind: 'design', selectedCount: 1 });
    expect(sidePanelOf(d, [connectionEdgeId('1-2')]).kind).toBe('design');
  });

  it('says how many elements are selected, or how to select', () => {
    expect(selectionHint(3)).toBe('3 elements selected.');
    expect(selectionHint(1)).toMatch(/^Select a core, link or bus/);
    expect(selectionHint(0)).toMatch(/^Select a core, link or bus/);
  });
});
