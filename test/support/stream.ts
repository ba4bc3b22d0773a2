/**
 * Shared test fixtures: the Stream tutorial inputs and a small analytical cost provider, so that the
 * multi-core pipeline can be tested independently of the single-core cost model.
 */
import { unwrap } from '../../src/engine/errors';
import { loadAcceleratorFile } from '../../src/engine/hardware/io';
import { loadMappingFile } from '../../src/engine/mapping/io';
import type { Mapping } from '../../src/engine/mapping/types';
import { loadWorkloadFile } from '../../src/engine/workload/io';
import type { CnGraph } from '../../src/engine/stream/cn-graph';
import type { CnCostProvider, CostLutEntry } from '../../src/engine/stream/cost';
import type { MemoryOperand } from '../../src/engine/hardware/types';
import { TUTORIAL } from './reference';

export async function tutorialInputs(lab: 1 | 2 | 3) {
  const base = `${TUTORIAL}/lab${lab}`;
  return {
    accelerator: unwrap(loadAcceleratorFile(`${base}/hardware/hda_bus.yaml`)),
    workload: unwrap(await loadWorkloadFile(`${base}/workload/4_convs.onnx`, { flavour: 'stream' })),
    mapping: unwrap(loadMappingFile(`${base}/mapping/mapping.yaml`)),
  };
}

export function mappingFrom(entries: Mapping['entries']): Mapping {
  return { format: 'stream', entries };
}

/**
 * A made-up but plausible cost model: cycles = MACs / (units × per-core efficiency) + a fixed start-up, energy
 * proportional to MACs and to the data touched. `tooLarge` can force streaming from off-chip.
 */
export class AnalyticalCostProvider implements CnCostProvider {
  readonly name = 'analytical-test';
  calls = 0;
  constructor(
    private readonly unitsPerCore: Readonly<Record<number, number>> = {},
    private readonly tooLarge: (graph: CnGraph, cn: number, core: number) => MemoryOperand[] = () => [],
  ) {}

  key(graph: CnGraph, cn: number, core: number): string {
    const n = graph.nodes[cn];
    return `${this.name}|${core}|${n.layerId}|${JSON.stringify(n.tileSizes)}|${n.nbRealPredecessors}`;
  }

  evaluate(graph: CnGraph, cn: number, core: number): CostLutEntry {
    this.calls++;
    const n = graph.nodes[cn];
    const units = this.unitsPerCore[core] ?? 64 * (core + 1);
    const cycles = Math.ceil(n.macs / units) + 10 + core;
    const bits = Object.values(n.tensors).reduce((s, t) => s + graph.tensors[t].sizeBits, 0);
    const tooLarge = this.tooLarge(graph, cn, core);
    const offchipEnergy = tooLarge.length > 0 ? bits * 0.5 : 0;
    return {
      latencyTotal0: cycles,
      latencyTotal1: cycles + 3.5,
      latencyTotal2: cycles + 7.25,
      energyTotal: n.macs * 0.04 + bits * 0.1 + offchipEnergy,
      macEnergy: n.macs * 0.04,
      offchipEnergy,
      tooLargeOperands: tooLarge,
      offchipReadBw: Object.fromEntries(tooLarge.filter((o) => o !== 'O').map((o) => [o, 8])),
      offchipWriteBw: tooLarge.includes('O') ? 8 : 0,
    };
  }
}
