/**
 * CN graphs kept between pipeline runs on the same workload and mapping (the editor's live what-if evaluates one
 * configuration over and over while only the hardware changes). A graph depends on the workload, the mapping,
 * the layer stacks, the options and, of the hardware, only on the compute core ids and the smallest weight
 * capacity: the key holds all of these, so a graph is reused exactly when building it again would give the same
 * graph. Graphs are not modified by costing or scheduling (the GA schedules one graph thousands of times), and
 * the scheduler's per-graph preparation is cached by graph identity, so a reused graph also skips that.
 */
import type { Mapping } from '../mapping/types';
import type { Workload } from '../workload/types';
import type { CnGraph } from './cn-graph';

/** Graphs per workload and mapping object, at most `perPair` keys each (most recent kept). */
export class CnGraphCache {
  private readonly graphs = new WeakMap<Workload, WeakMap<Mapping, Map<string, CnGraph>>>();
  hits = 0;
  misses = 0;

  constructor(private readonly perPair = 4) {}

  get(workload: Workload, mapping: Mapping, key: string): CnGraph | undefined {
    const byKey = this.graphs.get(workload)?.get(mapping);
    const graph = byKey?.get(key);
    if (graph) {
      byKey!.delete(key);
      byKey!.set(key, graph);
      this.hits++;
    } else this.misses++;
    return graph;
  }

  set(workload: Workload, mapping: Mapping, key: string, graph: CnGraph): void {
    let byMapping = this.graphs.get(workload);
    if (!byMapping) this.graphs.set(workload, (byMapping = new WeakMap()));
    let byKey = byMapping.get(mapping);
    if (!byKey) byMapping.set(mapping, (byKey = new Map()));
    byKey.set(key, graph);
    while (byKey.size > this.perPair) byKey.delete(byKey.keys().next().value!);
  }
}
