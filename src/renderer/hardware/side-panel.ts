/** Which panel the editor's side shows: the one selected core, link or bus, else the design's own. */
import type { Accelerator, Core } from '../../engine/hardware/types';
import { buses, connections, type BusLink, type Connection } from './design';
import { selectionRefs } from './selection';

export type SidePanel =
  | { readonly kind: 'core'; readonly core: Core }
  | { readonly kind: 'link'; readonly connection: Connection }
  | { readonly kind: 'bus'; readonly bus: BusLink }
  /** Nothing (or more than one element) selected; `selectedCount` says how many. */
  | { readonly kind: 'design'; readonly selectedCount: number };

export function sidePanelOf(design: Accelerator, selected: readonly string[]): SidePanel {
  const refs = selectionRefs(selected);
  const single = refs.length === 1 ? refs[0] : null;
  if (single?.kind === 'core') {
    const core = design.cores.find((c) => c.id === single.id);
    if (core) return { kind: 'core', core };
  } else if (single?.kind === 'connection') {
    const connection = connections(design).find((c) => c.key === single.key);
    if (connection) return { kind: 'link', connection };
  } else if (single?.kind === 'bus') {
    const bus = buses(design).find((b) => b.id === single.id);
    if (bus) return { kind: 'bus', bus };
  }
  return { kind: 'design', selectedCount: selected.length };
}

/** The design panel's line above the off-chip core choice. */
export function selectionHint(selectedCount: number): string {
  return selectedCount > 1 ? `${selectedCount} elements selected.` : 'Select a core, link or bus to edit it. Shift+click a second core, or Alt+drag between cores, to connect.';
}
