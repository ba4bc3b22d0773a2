/**
 * Turns a schedule into the RunResult contract (plain JSON): totals, energy breakdown, per-core and per-link
 * summaries, memory usage over time, the schedule itself.
 */
import type { CnGraph } from './cn-graph';
import type { HardwareView } from './hardware-view';
import type { ScheduleOutcome, TransferCause } from './scheduler/types';
import type {
  CoreSummary,
  EnergyBreakdown,
  LinkSummary,
  MemoryTrace,
  ScheduledCn,
  ScheduledTransfer,
  TransferKind,
} from '../results/types';

const KIND: Readonly<Record<TransferCause, TransferKind>> = {
  offchip: 'offchip_read',
  offchip_write: 'offchip_write',
  core_to_core: 'core_to_core',
  eviction: 'eviction',
  sink: 'sink_writeback',
  block: 'block_streaming',
};

export function energyBreakdown(outcome: ScheduleOutcome): EnergyBreakdown {
  const t = outcome.totals;
  const links = Object.values(t.linkByCause).reduce((s, x) => s + x, 0);
  const onChipCompute = t.cnMac;
  const onChipMemory = t.cnOnChip - t.cnMac;
  const offChip = t.cnOffChip + t.memoryByCause.offchip + t.memoryByCause.offchip_write;
  const eviction = t.memoryByCause.eviction;
  const sinkWriteback = t.memoryByCause.sink;
  const coreToCore = t.memoryByCause.core_to_core;
  return { onChipCompute, onChipMemory, offChip, eviction, sinkWriteback, coreToCore, links, total: onChipCompute + onChipMemory + offChip + eviction + sinkWriteback + coreToCore + links };
}

/** The reference's nine energy terms (StreamCostModelEvaluation), pJ. */
export function referenceEnergyTerms(outcome: ScheduleOutcome): Record<string, number> {
  const t = outcome.totals;
  return {
    total_cn_onchip_energy: t.cnOnChip,
    total_cn_offchip_link_energy: t.linkByCause.offchip + t.linkByCause.offchip_write,
    total_cn_offchip_memory_energy: t.memoryByCause.offchip + t.memoryByCause.offchip_write + t.cnOffChip,
    total_eviction_to_offchip_link_energy: t.linkByCause.eviction,
    total_eviction_to_offchip_memory_energy: t.memoryByCause.eviction,
    total_sink_layer_output_offchip_link_energy: t.linkByCause.sink,
    total_sink_layer_output_offchip_memory_energy: t.memoryByCause.sink,
    total_core_to_core_link_energy: t.linkByCause.core_to_core,
    total_core_to_core_memory_energy: t.memoryByCause.core_to_core,
  };
}

export interface ScheduleView {
  readonly cns: ScheduledCn[];
  readonly transfers: ScheduledTransfer[];
  readonly cores: CoreSummary[];
  readonly links: LinkSummary[];
  readonly memory: MemoryTrace[];
  readonly memoryPeaksBytes: Record<string, number>;
  readonly allocation: Record<string, number[]>;
}

export function scheduleView(graph: CnGraph, hw: HardwareView, cores: Int32Array, cnEnergy: readonly number[], outcome: ScheduleOutcome): ScheduleView {
  const cns: ScheduledCn[] = graph.nodes.map((n) => ({
    id: n.index,
    layerId: n.layerId,
    layerName: graph.plans.get(n.layerId)!.layer.name,
    subId: n.subId,
    coreId: cores[n.index],
    start: outcome.start[n.index],
    end: outcome.end[n.index],
    energyPj: cnEnergy[n.index],
    loopRanges: n.ranges,
  }));
  const transfers: ScheduledTransfer[] = outcome.transfers.map((tr) => {
    const info = outcome.tensorInfo(tr.tensor);
    return {
      tensor: `L${info.layerId}.${info.operand}[${info.ranges.map((r) => `${r[0]}:${r[1]}`).join(',')}]`,
      layerId: info.layerId,
      operand: info.operand,
      sizeBits: tr.bits,
      fromCoreId: tr.from,
      toCoreId: tr.to,
      linkIds: tr.links.map((l) => hw.links[l].id),
      start: tr.start,
      end: tr.end,
      energyPj: tr.linkEnergy + tr.memoryEnergy,
      kind: KIND[tr.cause],
    };
  });
  const latency = outcome.latency;
  const coreSummaries: CoreSummary[] = hw.computeCoreIds().map((id) => {
    const mine = cns.filter((c) => c.coreId === id);
    const busy = mine.reduce((s, c) => s + (c.end - c.start), 0);
    return {
      coreId: id,
      name: hw.core(id).name,
      busyCycles: busy,
      utilisation: latency > 0 ? busy / latency : 0,
      nCns: mine.length,
      energyPj: mine.reduce((s, c) => s + c.energyPj, 0),
    };
  });
  const links: LinkSummary[] = hw.links.map((l, i) => ({
    linkId: l.id,
    label: l.label,
    bitsTransferred: outcome.linkBits[i],
    busyCycles: outcome.linkBusyCycles[i],
    energyPj: outcome.linkEnergy[i],
  }));
  const memory: MemoryTrace[] = hw.memories.map((m, i) => {
    const trace = outcome.memoryTraces[i];
    const coreId = m.cores[0];
    return {
      key: m.key,
      coreId,
      memoryName: m.name,
      capacityBits: m.sizeBits,
      times: [...trace.times],
      usedBits: [...trace.usage],
      peakBits: trace.peak,
    };
  });
  const memoryPeaksBytes: Record<string, number> = {};
  for (const m of memory) memoryPeaksBytes[m.key] = Math.ceil(m.peakBits / 8);
  const allocation: Record<string, number[]> = {};
  for (const n of graph.nodes) {
    const list = (allocation[String(n.layerId)] ??= []);
    if (!list.includes(cores[n.index])) list.push(cores[n.index]);
  }
  for (const k of Object.keys(allocation)) allocation[k].sort((a, b) => a - b);
  return { cns, transfers, cores: coreSummaries, links, memory, memoryPeaksBytes, allocation };
}
