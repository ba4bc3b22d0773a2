/**
 * The editor's selection: canvas element ids (`core-1`, `conn-0-1`, `bus-0`) and what they refer to in the design.
 */
import type { Accelerator } from '../../engine/hardware/types';
import { pairKey } from '../../engine/browser';
import { buses, connections } from './design';
import { connectionEdgeId, coreNodeId, parseElementId, type ElementRef } from './graph';

export function selectionRefs(selected: readonly string[]): ElementRef[] {
  return selected.map(parseElementId).filter((ref): ref is ElementRef => ref !== null);
}

/** The ids of the selected cores, in selection order. */
export function selectedCoreIds(selected: readonly string[]): number[] {
  return selectionRefs(selected).flatMap((ref) => (ref.kind === 'core' ? [ref.id] : []));
}

/** Whether an element id still names something in the design (after an edit, undo or redo). */
export function elementExists(design: Accelerator, elementId: string): boolean {
  const ref = parseElementId(elementId);
  if (!ref) return false;
  if (ref.kind === 'core') return ref.id < design.cores.length;
  if (ref.kind === 'bus') return buses(design).some((b) => b.id === ref.id);
  return connections(design).some((c) => c.key === ref.key);
}

/** The selection without the elements the design no longer has. */
export function keepExisting(design: Accelerator, selected: readonly string[]): string[] {
  return selected.filter((id) => elementExists(design, id));
}

/** The selection after linking two cores: the link between them. */
export function linkSelection(a: number, b: number): string[] {
  return [connectionEdgeId(pairKey(a, b))];
}

/** An outline click: with Shift or Ctrl (`extend`) the element joins the selection, else it is the only one. */
export function clickSelection(selected: readonly string[], elementId: string, extend: boolean): string[] {
  return extend ? [...selected, elementId] : [elementId];
}

export function allCores(design: Accelerator): string[] {
  return design.cores.map((c) => coreNodeId(c.id));
}
