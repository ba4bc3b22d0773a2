// @vitest-environment node
import { describe, expect, it } from 'vitest';
import * as echarts from 'echarts';
import type { RunResult } from '../../../src/engine/results/types';
import { buildDashboardChart, DASHBOARD_CHARTS, ENERGY_PARTS, type DashboardChart } from '../../../src/shared/charts/index';
import { buildGanttOption } from '../../../src/shared/charts/gantt';
import { colourOf } from '../../../src/shared/charts/format';
import { largeResult, sampleResult } from './fixture';

function renderSvg(option: echarts.EChartsCoreOption, width = 800, height = 400): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The contents of the SVG's <text> elements: axis names, tick and category labels, legend entries. */
function textsOf(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

const coreLabels = (r: RunResult) => r.cores.map((c) => `core ${c.coreId} · ${c.name}`);
const coreName = (r: RunResult, id: number) => r.cores.find((c) => c.coreId === id)!.name;
const layerNames = (r: RunResult) => [...new Set(r.costLut.map((e) => e.layerName))];
const lutCores = (r: RunResult) => [...new Set(r.costLut.map((e) => `core ${e.coreId}`))];

/** What each chart must draw for a run: its axes and series, and the cores, links, memories and layers of the input. */
const EXPECTED_TEXT: Record<DashboardChart, (r: RunResult) => { present: string[]; absent?: string[] }> = {
  gantt: (r) => ({ present: ['cycles', ...coreLabels(r), ...r.links.map((l) => l.label)] }),
  memory: (r) => ({ present: ['cycles', ...r.memory.map((m) => `core ${m.coreId} · ${coreName(r, m.coreId)} · ${m.memoryName}`)] }),
  // Parts that are zero (here eviction) stay out of the legend.
  energy: (r) => ({
    present: ['energy', ...ENERGY_PARTS.filter((p) => r.energyBreakdown[p.key] !== 0).map((p) => p.label)],
    absent: ENERGY_PARTS.filter((p) => r.energyBreakdown[p.key] === 0).map((p) => p.label),
  }),
  utilisation: (r) => ({ present: ['%', ...coreLabels(r), ...r.cores.map((c) => `${Math.round(c.utilisation * 1000) / 10} %`)] }),
  pareto: () => ({ present: ['latency', 'energy', 'Pareto front'] }),
  convergence: (r) => ({ present: ['generation', 'Best latency', 'Mean latency', 'Best energy', 'Mean energy', ...r.gaHistory.map((g) => String(g.generation))] }),
  lutLatency: (r) => ({ present: ['core', ...layerNames(r), ...lutCores(r), ...r.costLut.map((e) => `${e.latencyCycles} cc`)] }),
  lutEnergy: (r) => ({ present: ['core', ...layerNames(r), ...lutCores(r), ...r.costLut.map((e) => `${e.energyPj} pJ`)] }),
};

describe('chart options render with echarts server-side rendering (as the CLI does)', () => {
  it.each(DASHBOARD_CHARTS.map((c) => c.id))('renders the %s chart to SVG with the axes, series and names of the run', (id) => {
    const result = sampleResult();
    const svg = renderSvg(buildDashboardChart(result, id, false));
    expect(svg.startsWith('<svg')).toBe(true);
    const { present, absent = [] } = EXPECTED_TEXT[id](result);
    expect(textsOf(svg)).toEqual(expect.arrayContaining(present));
    for (const text of absent) expect(textsOf(svg)).not.toContain(text);
  });

  it('draws the CN bars of the Gantt chart in their layer colours', () => {
    const svg = renderSvg(buildGanttOption(sampleResult(), { animation: false }));
    expect(svg.toLowerCase()).toContain(colourOf(1).toLowerCase());
  });

  it('renders a 20k-CN schedule (timing printed, not asserted)', () => {
    const result = largeResult(20_000, 16);
    const started = performance.now();
    const option = buildGanttOption(result, { animation: false });
    const built = performance.now();
    const svg = renderSvg(option, 1400, 500);
    const rendered = performance.now();
    console.log(`[timing] 20k-CN Gantt: option ${(built - started).toFixed(1)} ms, SVG render ${(rendered - built).toFixed(1)} ms, ${(svg.length / 1024).toFixed(0)} KiB`);
    expect(svg.startsWith('<svg')).toBe(true);
  });
});
