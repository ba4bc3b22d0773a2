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
