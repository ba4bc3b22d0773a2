import type { RunResult, ScheduledCn, ScheduledTransfer } from '../../../src/engine/results/types';

/** A small but complete run result: 2 compute cores, 1 link, 3 layers, one GA history. */
export function sampleResult(overrides: Partial<RunResult> = {}): RunResult {
  const cns: ScheduledCn[] = [
    { id: 0, layerId: 0, layerName: 'conv1', subId: 0, coreId: 0, start: 0, end: 100, energyPj: 50 },
    { id: 1, layerId: 0, layerName: 'conv1', subId: 1, coreId: 1, start: 0, end: 120, energyPj: 60 },
    { id: 2, layerId: 1, layerName: 'conv2', subId: 0, coreId: 0, start: 130, end: 300, energyPj: 80 },
    { id: 3, layerId: 2, layerName: 'fc', subId: 0, coreId: 1, start: 310, end: 400, energyPj: 40 },
  ];
  const transfers: ScheduledTransfer[] = [
    { tensor: 'L0.O[1]', layerId: 0, operand: 'O', sizeBits: 4096, fromCoreId: 1, toCoreId: 0, linkIds: ['0'], start: 120, end: 130, energyPj: 5, kind: 'core_to_core' },
  ];
  return {
    latencyCycles: 400,
    energyPj: 1000,
    edp: 400_000,
    energyBreakdown: { onChipCompute: 100, onChipMemory: 130, offChip: 700, eviction: 0, sinkWriteback: 60, coreToCore: 5, links: 5, total: 1000 },
    memoryPeaksBytes: { '0:sram': 2048, '1:sram': 1024 },
    nCns: cns.length,
    allocation: { '0': [0, 1], '1': [0], '2': [1] },
    cores: [
      { coreId: 1, name: 'simd', busyCycles: 210, utilisation: 0.525, nCns: 2, energyPj: 100 },
      { coreId: 0, name: 'tpu_like', busyCycles: 270, utilisation: 0.675, nCns: 2, energyPj: 130 },
    ],
    links: [{ linkId: '0', label: 'core 0 ↔ core 1', bitsTransferred: 4096, busyCycles: 10, energyPj: 5 }],
    schedule: { cns, transfers },
    memory: [
      { key: '0:sram', coreId: 0, memoryName: 'sram', capacityBits: 65536, times: [0, 100, 300], usedBits: [8192, 16384, 0], peakBits: 16384 },
      { key: '1:sram', coreId: 1, memoryName: 'sram', capacityBits: 65536, times: [0, 120], usedBits: [8192, 0], peakBits: 8192 },
    ],
    pareto: [
      { latencyCycles: 500, energyPj: 900 },
      { latencyCycles: 400, energyPj: 1000 },
    ],
    gaHistory: [
      { generation: 0, bestLatencyCycles: 500, bestEnergyPj: 1100, meanLatencyCycles: 600, meanEnergyPj: 1200, evaluations: 4 },
      { generation: 1, bestLatencyCycles: 400, bestEnergyPj: 1000, meanLatencyCycles: 450, meanEnergyPj: 1050, evaluations: 8 },
    ],
    costLut: [
      { layerId: 0, layerName: 'conv1', coreId: 0, latencyCycles: 100, energyPj: 50 },
      { layerId: 0, layerName: 'conv1', coreId: 1, latencyCycles: 120, energyPj: 60 },
      { layerId: 1, layerName: 'conv2', coreId: 0, latencyCycles: 170, energyPj: 80 },
      { layerId: 2, layerName: 'fc', coreId: 1, latencyCycles: 90, energyPj: 40 },
    ],
    lut: { hits: 3, misses: 4 },
    warnings: [],
    timingsMs: { total: 12 },
    ...overrides,
  };
}

/** A synthetic large schedule: `n` CNs spread round-robin over `cores` cores, back to back. */
export function largeResult(n: number, cores: number): RunResult {
  const cns: ScheduledCn[] = [];
  const clock = new Array<number>(cores).fill(0);
  for (let i = 0; i < n; i += 1) {
    const core = i % cores;
    const duration = 10 + (i % 7);
    cns.push({ id: i, layerId: Math.floor(i / 500), layerName: `layer${Math.floor(i / 500)}`, subId: i % 500, coreId: core, start: clock[core], end: clock[core] + duration, energyPj: 1 });
    clock[core] += duration + 1;
  }
  const latency = Math.max(...clock);
  return sampleResult({
    latencyCycles: latency,
    nCns: n,
    schedule: { cns, transfers: [] },
    cores: Array.from({ length: cores }, (_, id) => ({ coreId: id, name: `Core ${id}`, busyCycles: clock[id], utilisation: clock[id] / latency, nCns: n / cores, energyPj: 1 })),
  });
}
