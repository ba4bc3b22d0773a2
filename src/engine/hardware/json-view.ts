/**
 * The accelerator as `stream-studio inspect --accelerator X --json` prints it (snake_case keys). Sweep field paths
 * (`cores[0].memories[sram_2MB].size_bits`) address this view, so the CLI and the sweeps share one definition.
 */
import { totalUnitCount } from './model';
import type { Accelerator, Core, Link, MemoryLevel } from './types';

export const bandwidthJson = (bw: number): number | 'inf' => (Number.isFinite(bw) ? bw : 'inf');

export function memoryJson(level: MemoryLevel) {
  const m = level.instance;
  return {
    name: m.name,
    size_bits: m.sizeBits,
    operands: level.operands,
    levels: level.levelOfOperand,
    served_dimensions: level.servedDimensions,
    unroll_count: level.unrollCount,
    r_cost: m.readCost,
    w_cost: m.writeCost,
    area: m.area,
    latency: m.latency,
    mem_type: m.memType,
    auto_cost_extraction: m.autoCostExtraction,
    r_port: m.ports.filter((p) => p.type === 'read').length,
    w_port: m.ports.filter((p) => p.type === 'write').length,
    rw_port: m.ports.filter((p) => p.type === 'read_write').length,
    ports: m.ports.map((p) => ({
      name: p.name,
      type: p.type,
      bandwidth_min: p.bandwidthMin,
      bandwidth_max: p.bandwidthMax,
      allocation: p.allocation.map((a) => `${a.operand}, ${a.direction}`),
    })),
  };
}

export function coreJson(core: Core) {
  const a = core.operationalArray;
  return {
    id: core.id,
    name: core.name,
    type: core.type,
    memories: core.memories.map(memoryJson),
    array: {
      dimensions: Object.fromEntries(a.dimensions.map((d) => [d.name, d.size])),
      total_units: totalUnitCount(a),
      unit_energy: a.unitEnergy,
      unit_area: a.unitArea,
      ...(a.imc ? { imc: a.imc } : {}),
    },
    ...(core.dataflows ? { dataflows: core.dataflows } : {}),
    shared_memory_group: core.sharedMemoryGroupId,
  };
}

export function linkJson(link: Link) {
  const ends = link.kind === 'link' ? { from: link.from, to: link.to } : { cores: link.cores, role: link.role };
  return { id: link.id, kind: link.kind, ...ends, bandwidth: bandwidthJson(link.bandwidth), unit_energy_cost: link.unitEnergyCost };
}

export function acceleratorJson(acc: Accelerator, format: string = acc.topology.format) {
  return {
    accelerator: acc.name,
    accelerator_format: format,
    cores: acc.cores.map(coreJson),
    links: acc.links.map(linkJson),
    edges: acc.edges.map((e) => ({ from: e.from, to: e.to, link: e.linkId })),
    offchip_core: acc.offchipCoreId,
    core_memory_sharing: acc.coreMemorySharing,
  };
}
