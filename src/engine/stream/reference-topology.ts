/**
 * `compat: "reference"` reproduces Stream ed4e12ef, which has no typed connectivity: it connects the on-chip
 * cores as declared and then adds its own off-chip links from the DRAM's port bandwidths to every core. A
 * typed-format accelerator is read into that topology here, at compat time; the importer's reading is untouched.
 */
import { buildTopology } from '../hardware/topology';
import type { Accelerator, CoreEdge, Link } from '../hardware/types';

/** Groups of on-chip core ids as ed4e12ef would be given them: the off-chip core is dropped from every entry. */
function onChipGroups(accelerator: Accelerator): { cores: number[]; bandwidth: number; unitEnergyCost: number }[] {
  const source = accelerator.topology;
  if (source.format !== 'stream-typed') return [];
  return source.connectivity
    .map((c) => ({ cores: c.cores.filter((id) => id !== accelerator.offchipCoreId), bandwidth: c.bandwidth, unitEnergyCost: c.unitEnergyCost ?? source.unitEnergyCost }))
    .filter((g) => g.cores.length >= 2);
}

/**
 * The accelerator with ed4e12ef's links and core graph; other formats (already read that way) are returned
 * as they are. Each on-chip group is built like an older-format `core_connectivity` entry with its own
 * bandwidth; a pair declared twice keeps its first position and the link of its last declaration.
 */
export function withReferenceTopology(accelerator: Accelerator): Accelerator {
  const source = accelerator.topology;
  if (source.format !== 'stream-typed') return accelerator;
  const links: Link[] = [];
  const edges: CoreEdge[] = [];
  const at = new Map<string, number>();
  const merge = (part: { links: readonly Link[]; edges: readonly CoreEdge[] }) => {
    const offset = links.length;
    for (const l of part.links) links.push({ ...l, id: l.id + offset });
    for (const e of part.edges) {
      const edge = { from: e.from, to: e.to, linkId: e.linkId + offset };
      const key = `${e.from}>${e.to}`;
      const i = at.get(key);
      if (i === undefined) {
        at.set(key, edges.length);
        edges.push(edge);
      } else edges[i] = edge;
    }
  };
  for (const g of onChipGroups(accelerator)) {
    merge(buildTopology({ format: 'stream-pairs', connectivity: [g.cores], bandwidth: g.bandwidth, unitEnergyCost: g.unitEnergyCost }, accelerator.cores, null));
  }
  if (accelerator.offchipCoreId !== null) {
    merge(buildTopology({ format: 'stream-pairs', connectivity: [], bandwidth: 0, unitEnergyCost: source.unitEnergyCost }, accelerator.cores, accelerator.offchipCoreId));
  }
  return { ...accelerator, links, edges };
}
