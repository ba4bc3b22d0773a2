import type { CostLutCell, RunResult } from '../../engine/results/types';
import { formatCycles, formatEnergy } from './format';
import type { ChartOption, ChartStyle } from './types';

export type LutMetric = 'latency' | 'energy';

export interface LutGrid {
  /** Layer labels, in layer-id order (y axis). */
  readonly layers: readonly { id: number; name: string }[];
  readonly coreIds: readonly number[];
  /** [core index, layer index, value] for each costed pair. */
  readonly cells: readonly [number, number, number][];
  readonly min: number;
  readonly max: number;
}

/** Arranges LUT cells into a layer × core grid. Several cells of one (layer, core) pair keep the largest value. */
export function lutGrid(cells: readonly CostLutCell[], metric: LutMetric): LutGrid {
  const layerNames = new Map<number, string>();
  const coreSet = new Set<number>();
  for (const cell of cells) {
    layerNames.set(cell.layerId, cell.layerName);
    coreSet.add(cell.coreId);
  }
  const layers = [...layerNames.entries()].sort((a, b) => a[0] - b[0]).map(([id, name]) => ({ id, name }));
  const coreIds = [...coreSet].sort((a, b) => a - b);
  const layerIndex = new Map(layers.map((layer, i) => [layer.id, i]));
  const coreIndex = new Map(coreIds.map((id, i) => [id, i]));
  const values = new Map<string, [number, number, number]>();
  for (const cell of cells) {
    const x = coreIndex.get(cell.coreId) ?? 0;
    const y = layerIndex.get(cell.layerId) ?? 0;
    const value = metric === 'latency' ? cell.latencyCycles : cell.energyPj;
    const key = `${x}:${y}`;
    const known = values.get(key);
    if (!known || value > known[2]) values.set(key, [x, y, value]);
  }
  const list = [...values.values()];
  const numbers = list.map((cell) => cell[2]);
  return {
    layers,
    coreIds,
    cells: list,
    min: numbers.length ? Math.min(...numbers) : 0,
    max: numbers.length ? Math.max(...numbers) : 0,
  };
}

/** Cost LUT heatmap: rows are layers, columns cores, colour the latency or energy of the layer on that core. */
export function buildLutHeatmapOption(source: readonly CostLutCell[] | RunResult, metric: LutMetric = 'latency', style: ChartStyle = {}): ChartOption {
  const cells = Array.isArray(source) ? (source as readonly CostLutCell[]) : (source as RunResult).costLut;
  const grid = lutGrid(cells, metric);
  const format = metric === 'latency' ? formatCycles : formatEnergy;
  return {
    animation: style.animation ?? true,
    title: style.title ? { text: style.title, left: 8, textStyle: { fontSize: 13 } } : undefined,
    tooltip: {
      formatter: (params: unknown) => {
        const [x, y, value] = (params as { value: [number, number, number] }).value;
        return `<b>${grid.layers[y]?.name ?? ''}</b> on core ${grid.coreIds[x]}<br/>${metric} ${format(value)}`;
      },
    },
    grid: { left: 140, right: 24, top: style.title ? 40 : 16, bottom: 80 },
    xAxis: { type: 'category', name: 'core', data: grid.coreIds.map((id) => `core ${id}`), splitArea: { show: true } },
    yAxis: { type: 'category', data: grid.layers.map((layer) => layer.name), inverse: true, splitArea: { show: true } },
    visualMap: {
      min: grid.min,
      max: grid.max > grid.min ? grid.max : grid.min + 1,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 8,
      itemHeight: 160,
      formatter: (v: unknown) => format(Number(v)),
      inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] },
    },
    series: [
      {
        type: 'heatmap',
        name: metric,
        data: grid.cells as [number, number, number][],
        label: { show: grid.layers.length * grid.coreIds.length <= 120, formatter: (p: unknown) => format((p as { value: number[] }).value[2]), fontSize: 9 },
        emphasis: { itemStyle: { borderColor: '#222', borderWidth: 1 } },
      },
    ],
  };
}
