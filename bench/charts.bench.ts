/**
 * Chart-option builders on large schedules: time to build the Gantt option and to render it to SVG with echarts'
 * server-side rendering (what the CLI does). Prints figures and ratios; asserts nothing.
 *   npx tsx bench/charts.bench.ts
 */
import * as echarts from 'echarts';
import type { RunResult, ScheduledCn } from '../src/engine/results/types';
import { buildGanttOption, buildMemoryOption } from '../src/shared/charts/index';

function syntheticRun(nCns: number, cores: number): RunResult {
  const cns: ScheduledCn[] = [];
  const clock = new Array<number>(cores).fill(0);
  for (let i = 0; i < nCns; i += 1) {
    const core = i % cores;
    const duration = 10 + (i % 13);
    cns.push({ id: i, layerId: Math.floor(i / 400), layerName: `layer${Math.floor(i / 400)}`, subId: i % 400, coreId: core, start: clock[core], end: clock[core] + duration, energyPj: 1 });
    clock[core] += duration + (i % 3);
  }
  const latency = Math.max(...clock);
  const times = Array.from({ length: nCns / 4 }, (_, i) => i * 4);
  return {
    latencyCycles: latency, energyPj: nCns, edp: latency * nCns,
    energyBreakdown: { onChipCompute: 1, onChipMemory: 1, offChip: 1, eviction: 0, sinkWriteback: 0, coreToCore: 0, links: 0, total: 3 },
    memoryPeaksBytes: {}, nCns, allocation: {},
    cores: Array.from({ length: cores }, (_, id) => ({ coreId: id, name: `Core ${id}`, busyCycles: clock[id], utilisation: clock[id] / latency, nCns: nCns / cores, energyPj: 1 })),
    links: [], schedule: { cns, transfers: [] },
    memory: [{ key: '0:sram', coreId: 0, memoryName: 'sram', capacityBits: 1e6, times, usedBits: times.map((t) => (t * 97) % 1e6), peakBits: 1e6 }],
    pareto: [], gaHistory: [], costLut: [], lut: { hits: 0, misses: 0 }, warnings: [], timingsMs: {},
  };
}

function time<T>(fn: () => T): [T, number] {
  const started = performance.now();
  const value = fn();
  return [value, performance.now() - started];
}

function renderSvg(option: echarts.EChartsCoreOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 1400, height: 500 });
  chart.setOption(option);
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

const base: Record<string, number> = {};
for (const n of [1_000, 5_000, 20_000]) {
  const run = syntheticRun(n, 16);
  const [gantt, buildMs] = time(() => buildGanttOption(run, { animation: false }));
  const [svg, renderMs] = time(() => renderSvg(gantt));
  const [memory, memoryMs] = time(() => buildMemoryOption(run, { animation: false }));
  const [, memoryRenderMs] = time(() => renderSvg(memory));
  base[n] = renderMs;
  const ratio = n === 1_000 ? '' : `  (${(renderMs / base[1_000]).toFixed(1)}× the 1k render for ${n / 1_000}× the CNs)`;
  console.log(`${String(n).padStart(6)} CNs: Gantt option ${buildMs.toFixed(1)} ms, SVG ${renderMs.toFixed(0)} ms (${(svg.length / 1024).toFixed(0)} KiB); memory curve (${n / 4} steps) option ${memoryMs.toFixed(1)} ms, SVG ${memoryRenderMs.toFixed(0)} ms${ratio}`);
}
