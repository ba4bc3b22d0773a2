/**
 * The editor's toolbar, keyboard and library actions as design edits: each gives the edited design and the
 * selection after it (undefined: keep what still exists), or null when it does not apply to the selection.
 */
import type { Accelerator, Core } from '../../engine/hardware/types';
import { templateById } from './core-library';
import { addBus, addCore, connect, duplicateCores, removeBuses, removeConnection, removeCores, shareMemory, updateBus } from './design';
import { busNodeId, coreNodeId } from './graph';
import { linkSelection, selectedCoreIds, selectionRefs } from './selection';

export interface EditorEdit {
  readonly design: Accelerator;
  readonly select?: string[];
}

export function addLibraryCore(design: Accelerator, templateId: string): EditorEdit | null {
  const template = templateById(templateId);
  if (!template) return null;
  const added = addCore(design, template);
  return { design: added.design, select: [coreNodeId(added.id)] };
}

/** The design without the selected cores, links and buses; nothing stays selected. */
export function deleteSelected(design: Accelerator, selected: readonly string[]): EditorEdit {
  const refs = selectionRefs(selected);
  // Buses first and all at once: ids are positions in the topology, which removals move (connection keys and
  // core ids stay valid until the cores go).
  let next = removeBuses(design, refs.flatMap((ref) => (ref.kind === 'bus' ? [ref.id] : [])));
  const coreIds: number[] = [];
  for (const ref of refs) {
    if (ref.kind === 'connection') next = removeConnection(next, ref.key);
    else if (ref.kind === 'core') coreIds.push(ref.id);
  }
  if (coreIds.length) next = removeCores(next, coreIds);
  return { design: next, select: [] };
}

/** A link between two cores (the two selected, a core and the one picked, or a drag on the canvas), selected. */
export function linkCores(design: Accelerator, a: number, b: number): EditorEdit {
  return { design: connect(design, a, b), select: linkSelection(a, b) };
}

export function connectSelected(design: Accelerator, selected: readonly string[]): EditorEdit | null {
  const cores = selectedCoreIds(selected);
  return cores.length === 2 ? linkCores(design, cores[0], cores[1]) : null;
}

export function busFromSelected(design: Accelerator, selected: readonly string[]): EditorEdit | null {
  const cores = selectedCoreIds(selected);
  if (cores.length < 2) return null;
  const added = addBus(design, cores);
  return { design: added.design, select: [busNodeId(added.id)] };
}

export function shareSelected(design: Accelerator, selected: readonly string[]): EditorEdit | null {
  const cores = selectedCoreIds(selected);
  return cores.length < 2 ? null : { design: shareMemory(design, cores) };
}

/** A bus edit keeps the bus selected: its id moves when an older-format design is converted to the typed format. */
export function editBus(design: Accelerator, id: number, changes: Parameters<typeof updateBus>[2]): EditorEdit {
  const updated = updateBus(design, id, changes);
  return { design: updated.design, ...(updated.id !== id ? { select: [busNodeId(updated.id)] } : {}) };
}

/** Copies of the copied cores added to the design (named `<name>_copy`), selected. */
export function pasteCores(design: Accelerator, clipboard: readonly Core[]): EditorEdit | null {
  if (!clipboard.length) return null;
  const pasted = duplicateCores(design, clipboard);
  return { design: pasted.design, select: pasted.ids.map(coreNodeId) };
}

/** The selected cores a copy takes (memory cores, such as the off-chip one, are not copied). */
export function copiedCores(design: Accelerator, selected: readonly string[]): Core[] {
  return selectedCoreIds(selected)
    .map((id) => design.cores[id])
    .filter((c) => c && c.type !== 'memory');
}

export function copiedMessage(count: number): string {
  return `Copied ${count} core${count > 1 ? 's' : ''}`;
}
