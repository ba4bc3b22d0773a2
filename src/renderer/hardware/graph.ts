/**
 * The hardware design as graph elements for the topology canvas: cores and the off-chip core as nodes, each
 * bidirectional link as one edge, each bus as a small node wired to its cores, memory sharing as dashed edges.
 */
import type { Accelerator } from '../../engine/hardware/types';
import { buses, connections } from './design';

export interface GraphNode {
  readonly group: 'nodes';
  readonly data: { id: string; label: string; kind: 'core' | 'offchip' | 'bus'; ref: number };
}

export interface GraphEdge {
  readonly group: 'edges';
  readonly data: { id: string; source: string; target: string; label: string; kind: 'link' | 'bus' | 'share'; ref: string };
}

export type GraphElement = GraphNode | GraphEdge;

export const coreNodeId = (id: number) => `core-${id}`;
export const busNodeId = (id: number) => `bus-${id}`;
export const connectionEdgeId = (key: string) => `conn-${key}`;

/** What a canvas element id refers to in the design. */
export type ElementRef = { kind: 'core'; id: number } | { kind: 'bus'; id: number } | { kind: 'connection'; key: string };

export function parseElementId(elementId: string): ElementRef | null {
  let match = /^core-(\d+)$/.exec(elementId);
  if (match) return { kind: 'core', id: Number(match[1]) };
  match = /^bus-(\d+)$/.exec(elementId);
  if (match) return { kind: 'bus', id: Number(match[1]) };
  match = /^conn-(\d+-\d+)$/.exec(elementId);
  if (match) return { kind: 'connection', key: match[1] };
  match = /^busedge-(\d+)-\d+$/.exec(elementId);
  if (match) return { kind: 'bus', id: Number(match[1]) };
  return null;
}

export function designElements(design: Accelerator): GraphElement[] {
  const elements: GraphElement[] = [];
  for (const core of design.cores) {
    const offchip = core.id === design.offchipCoreId;
    const dims = core.operationalArray.dimensions.map((d) => d.size).join('×');
    elements.push({
      group: 'nodes',
      data: { id: coreNodeId(core.id), label: offchip ? `${core.name}\n#${core.id} · DRAM` : `${core.name}\n#${core.id} · ${dims}`, kind: offchip ? 'offchip' : 'core', ref: core.id },
    });
  }
  for (const connection of connections(design)) {
    elements.push({
      group: 'edges',
      data: { id: connectionEdgeId(connection.key), source: coreNodeId(connection.a), target: coreNodeId(connection.b), label: `${connection.bandwidth}`, kind: 'link', ref: connection.key },
    });
  }
  for (const bus of buses(design)) {
    elements.push({ group: 'nodes', data: { id: busNodeId(bus.id), label: `bus ${bus.bandwidth}`, kind: 'bus', ref: bus.id } });
    for (const core of bus.cores) {
      elements.push({ group: 'edges', data: { id: `busedge-${bus.id}-${core}`, source: busNodeId(bus.id), target: coreNodeId(core), label: '', kind: 'bus', ref: String(bus.id) } });
    }
  }
  for (const group of design.coreMemorySharing) {
    for (let i = 1; i < group.length; i += 1) {
      elements.push({ group: 'edges', data: { id: `share-${group[i - 1]}-${group[i]}`, source: coreNodeId(group[i - 1]), target: coreNodeId(group[i]), label: 'shared memory', kind: 'share', ref: '' } });
    }
  }
  return elements;
}
