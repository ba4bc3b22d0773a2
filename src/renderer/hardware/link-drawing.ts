/**
 * Drawing a link on the topology canvas: from a press on a core, a dashed line follows the pointer, the core under
 * it is highlighted, and a release on another core connects the two.
 */
import type cytoscape from 'cytoscape';
import { parseElementId } from './graph';

const GHOST = '__ghost';
const GHOST_EDGE = '__ghost_edge';

/** Whether a canvas element is the line being drawn (or its invisible end), not part of the design. */
export const isLinkGhost = (id: string) => id === GHOST || id === GHOST_EDGE;

/** Whether a canvas node is a core, which links join. */
export const isCoreNode = (node: cytoscape.NodeSingular) => parseElementId(node.id())?.kind === 'core';

export class LinkDrawing {
  /** The core the link is drawn from, while the pointer is down. */
  private from: cytoscape.NodeSingular | null = null;

  constructor(
    private readonly cy: cytoscape.Core,
    private readonly onconnect: (a: number, b: number) => void,
  ) {}

  get active(): boolean {
    return this.from !== null;
  }

  start(source: cytoscape.NodeSingular, at: cytoscape.Position): void {
    this.from = source;
    this.cy.add([
      { group: 'nodes', data: { id: GHOST }, classes: 'ghost', position: { ...at }, selectable: false, grabbable: false },
      { group: 'edges', data: { id: GHOST_EDGE, source: source.id(), target: GHOST }, classes: 'ghost', selectable: false },
    ]);
  }

  follow(at: cytoscape.Position): void {
    if (!this.from) return;
    this.cy.getElementById(GHOST).position({ ...at });
    const target = this.coreAt(at);
    this.cy.nodes('.link-target').filter((n) => n !== target).removeClass('link-target');
    if (target && target.id() !== this.from.id()) target.addClass('link-target');
  }

  /** Ends the gesture: connects the source to the core released on (`at`), if another one. */
  finish(at: cytoscape.Position | null): void {
    const source = this.from;
    this.from = null;
    this.cy.remove(`#${GHOST_EDGE}, #${GHOST}`);
    this.cy.nodes('.link-target').removeClass('link-target');
    const target = at ? this.coreAt(at) : undefined;
    if (!source || !target || target.id() === source.id()) return;
    const a = parseElementId(source.id());
    const b = parseElementId(target.id());
    if (a?.kind === 'core' && b?.kind === 'core') this.onconnect(a.id, b.id);
  }

  /** The core drawn at a model position, if any. */
  private coreAt(point: cytoscape.Position): cytoscape.NodeSingular | undefined {
    return this.cy
      .nodes()
      .filter((n) => isCoreNode(n))
      .toArray()
      .find((n) => {
        const box = n.boundingBox({ includeLabels: false });
        return point.x >= box.x1 && point.x <= box.x2 && point.y >= box.y1 && point.y <= box.y2;
      }) as cytoscape.NodeSingular | undefined;
  }
}
