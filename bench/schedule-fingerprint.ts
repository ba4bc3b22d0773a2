/**
 * Fingerprint of the schedules of fused ResNet-18 on tpu_like_quad_core over 100 random allocations, for several
 * scheduler feature sets: latency, energy, memory peaks and a hash of every CN's start/end/core and every
 * transfer. Used to check that a scheduler speed-up leaves the schedules identical bit for bit:
 *   npx tsx bench/schedule-fingerprint.ts > before.txt; (change); npx tsx bench/schedule-fingerprint.ts | diff before.txt -
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { unwrap } from '../src/engine/errors';
import { mulberry32 } from '../src/engine/prng';
import { loadAcceleratorFile } from '../src/engine/hardware/io';
import { loadMappingFile } from '../src/engine/mapping/io';
import { buildAllocationProblem, evaluateGenome } from '../src/engine/stream/allocation';
import { buildCnGraph } from '../src/engine/stream/cn-graph';
import { fillCostTable } from '../src/engine/stream/cost';
import { HardwareView, topLevel } from '../src/engine/stream/hardware-view';
import { computeLayerStacks } from '../src/engine/stream/layer-stacks';
import { parseStreamOptions } from '../src/engine/stream/options';
import { schedulerFeatures } from '../src/engine/stream/stages';
import { ZigzagCostProvider } from '../src/engine/stream/zigzag-provider';
import { loadWorkloadFile } from '../src/engine/workload/io';

const E = resolve(import.meta.dirname, '../../shared/reference/inputs/stream/examples');

async function main(): Promise<void> {
  const accelerator = unwrap(loadAcceleratorFile(`${E}/hardware/tpu_like_quad_core.yaml`));
  const workload = unwrap(await loadWorkloadFile(`${E}/workload/resnet18.onnx`, { flavour: 'stream' }));
  const mapping = unwrap(loadMappingFile(`${E}/mapping/tpu_like_quad_core.yaml`));
  const options = parseStreamOptions({ mode: 'fused', layer_stacks: [Array.from({ length: 11 }, (_, i) => i), Array.from({ length: 11 }, (_, i) => i + 11)] });
  const hw = new HardwareView(accelerator);
  const totalW = hw.computeCoreIds().reduce((s, id) => s + (topLevel(hw.core(id), 'I2')?.instance.sizeBits ?? 0), 0);
  const stacks = computeLayerStacks(workload, options, totalW);
  const graph = buildCnGraph({ workload, mapping, stacks, options, rounding: 'exact', coreIds: hw.computeCoreIds(), minWeightCapacityBits: 0 });
  const table = await fillCostTable(graph, hw, new ZigzagCostProvider(hw, { lpfLimit: options.loma_lpf_limit, compat: false, aloneInStackStreams: false }), undefined);
  const variants = {
    default: schedulerFeatures(options),
    multicast: schedulerFeatures({ ...options, multicast: true }),
    latency: schedulerFeatures({ ...options, scheduler_candidate_selection: 'latency' }),
    memory: schedulerFeatures({ ...options, scheduler_candidate_selection: 'memory' }),
    'reference-2025': schedulerFeatures({ ...options, compat: 'reference-2025' }),
    'reference-2024': schedulerFeatures({ ...options, compat: 'reference' }, 2024),
  };
  for (const [name, features] of Object.entries(variants)) {
    const problem = buildAllocationProblem(graph, hw, table, features, false);
    const random = mulberry32(1 + name.length);
    const all = createHash('sha256');
    let feasible = 0;
    for (let k = 0; k < 100; k++) {
      const g = problem.genes.map((gene) => gene.cores[Math.floor(random() * gene.cores.length)]);
      // Fitness path (no records) and result path (records) must agree.
      const fast = evaluateGenome(problem, g, false);
      const full = evaluateGenome(problem, g, true);
      const h = createHash('sha256');
      h.update(`${fast.feasible} ${fast.latency} ${fast.energy} ${fast.error ?? ''}|${full.feasible} ${full.latency} ${full.energy} ${full.error ?? ''}\n`);
      const o = full.outcome;
      if (o) {
        feasible++;
        h.update(Buffer.from(o.start.buffer, o.start.byteOffset, o.start.byteLength));
        h.update(Buffer.from(o.end.buffer, o.end.byteOffset, o.end.byteLength));
        h.update(g.join(','));
        h.update(JSON.stringify(o.totals));
        h.update(JSON.stringify(o.transfers));
        h.update(JSON.stringify(o.memoryTraces));
        h.update(JSON.stringify([o.linkBusyCycles, o.linkBits, o.linkEnergy, Array.from(o.cellsResident)]));
        const f = fast.outcome!;
        h.update(Buffer.from(f.start.buffer, f.start.byteOffset, f.start.byteLength));
        h.update(Buffer.from(f.end.buffer, f.end.byteOffset, f.end.byteLength));
        h.update(JSON.stringify([f.totals, f.linkBits, f.linkEnergy]));
      }
      const d = h.digest('hex');
      all.update(d);
      if (k < 3) console.log(`${name} #${k}: latency ${full.latency} energy ${full.energy} peaks ${o ? o.memoryTraces.map((m) => m.peak).join(',') : '-'} ${d.slice(0, 16)}`);
    }
    console.log(`${name}: ${feasible}/100 feasible, hash ${all.digest('hex')}`);
  }
}

void main();
