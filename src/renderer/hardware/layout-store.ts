import type { Accelerator } from '../../engine/hardware/types';
import { buses } from './design';
import { busNodeId } from './graph';

/** Where the user placed each canvas node, kept per design in the browser's storage (new designs under "new"). */
export type NodePositions = Record<string, { x: number; y: number }>;

export const layoutKey = (designId: number | null) => `stream-studio.layout.${designId ?? 'new'}`;

/** The saved positions of a design's nodes; none when nothing (or something unreadable) is stored. */
export function loadLayout(storage: Pick<Storage, 'getItem'>, designId: number | null): NodePositions {
  try {
    return JSON.parse(storage.getItem(layoutKey(designId)) ?? '{}');
  } catch {
    return {};
  }
}

export function saveLayout(storage: Pick<Storage, 'setItem'>, designId: number, positions: NodePositions): void {
  storage.setItem(layoutKey(designId), JSON.stringify(positions));
}

/**
 * The positions after an edit from `before` to `after`. A bus's node is named by its id, its place in the topology,
 * which an edit converting an older-format topology changes (the off-chip bus is declared first): each bus of
 * `after` takes the place of the bus of `before` attached to the same cores. The same object when no bus moved.
 */
export function carryBusPositions(before: Accelerator, after: Accelerator, positions: NodePositions): NodePositions {
  const membersOf = (cores: readonly number[]) => [...cores].sort((a, b) => a - b).join(',');
  const busesBefore = buses(before);
  const placesByMembers = new Map<string, ({ x: number; y: number } | undefined)[]>();
  for (const bus of busesBefore) {
    const key = membersOf(bus.cores);
    placesByMembers.set(key, [...(placesByMembers.get(key) ?? []), positions[busNodeId(bus.id)]]);
  }
  const carried: NodePositions = {};
  let moved = false;
  for (const bus of buses(after)) {
    const place = placesByMembers.get(membersOf(bus.cores))?.shift();
    const id = busNodeId(bus.id);
    if (place) carried[id] = place;
    if (place !== positions[id]) moved = true;
  }
  if (!moved) return positions;
  const isBus = new Set(busesBefore.map((b) => busNodeId(b.id)));
  const rest = Object.fromEntries(Object.entries(positions).filter(([id]) => !isBus.has(id)));
  return { ...rest, ...carried };
}
