import type { CustomSeriesRenderItem, CustomSeriesRenderItemReturn } from 'echarts';
import type { RunResult, ScheduledCn, ScheduledTransfer } from '../../engine/results/types';
import { colourOf, coreLabel, formatCycles, formatEnergy, formatBits } from './format';
import type { ChartOption, ChartStyle } from './types';

/** One row of the Gantt chart: a core or a link. */
export interface GanttRow {
  readonly kind: 'core' | 'link';
  /** Core id as a string, or link id. */
  readonly id: string;
  readonly label: string;
}

export interface GanttOptions extends ChartStyle {
  /** Include link rows with transfers (default true). */
  readonly showTransfers?: boolean;
  /** Fix the x range end, so that side-by-side Gantts of several runs share a time axis. */
  readonly xMax?: number;
  /**
   * The visible time window [from, to) in cycles, when the user zoomed in. Only bars overlapping it are put in
   * the option, so that a zoomed-in view of a large schedule drops below LARGE_GANTT and shows single CNs.
   */
  readonly window?: readonly [number, number];
}

/** Above this many bars the chart bundles bars (see bundleBars) and draws without animation. */
export const LARGE_GANTT = 3000;

/** Value layout of one bar in the custom series: [row, start, end, layerId, index into the source list]. */
export const BAR_ROW = 0;
export const BAR_START = 1;
export const BAR_END = 2;
export const BAR_LAYER = 3;
export const BAR_INDEX = 4;
/** For a bundle of bars (large schedules): one past the last index into the bundle's member list. */
export const BAR_INDEX_END = 5;

/** Most bars drawn by one element when a large schedule is bundled. */
export const BUNDLE_SIZE = 64;

export function ganttRows(result: Pick<RunResult, 'cores' | 'links' | 'schedule'>, showTransfers = true): GanttRow[] {
  const coreNames = new Map<number, string>();
  // Cores on their own clock (IMC) show it: the bars are on the common system-clock time base.
  const clock = (ns: number | undefined) => (ns !== undefined ? ` @ ${Number(ns.toPrecision(4))} ns` : '');
  for (const core of result.cores) coreNames.set(core.coreId, coreLabel(core.coreId, core.name) + clock(core.clockNs));
  for (const cn of result.schedule.cns) if (!coreNames.has(cn.coreId)) coreNames.set(cn.coreId, coreLabel(cn.coreId));
  const rows: GanttRow[] = [...coreNames.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([id, name]) => ({ kind: 'core', id: String(id), label: name }));
  if (!showTransfers) return rows;
  const linkLabels = new Map<string, string>();
  for (const link of result.links) linkLabels.set(link.linkId, link.label);
  const used = new Set<string>();
  for (const transfer of result.schedule.transfers) for (const id of transfer.linkIds) used.add(id);
  const linkIds = [...new Set([...result.links.map((l) => l.linkId).filter((id) => used.has(id)), ...used])];
  for (const id of linkIds) rows.push({ kind: 'link', id, label: linkLabels.get(id) ?? `link ${id}` });
  return rows;
}

/**
 * Draws one bar as a rectangle clipped to the plot area. Bars narrower than a pixel stay one pixel wide so
 * that short CNs remain visible when zoomed out.
 */
export function makeBarRenderer(fill: (layerId: number) => string, heightRatio: number): CustomSeriesRenderItem {
  return (params, api): CustomSeriesRenderItemReturn => {
    const row = Number(api.value(BAR_ROW));
    const from = api.coord([Number(api.value(BAR_START)), row]);
    const to = api.coord([Number(api.value(BAR_END)), row]);
    const band = (api.size?.([0, 1]) as number[] | undefined)?.[1] ?? 10;
    const height = band * heightRatio;
    const area = params.coordSys as unknown as { x: number; y: number; width: number; height: number };
    const x0 = Math.max(from[0], area.x);
    const x1 = Math.min(Math.max(to[0], from[0] + 1), area.x + area.width);
    if (x1 <= x0) return null;
    return {
      type: 'rect',
      shape: { x: x0, y: from[1] - height / 2, width: x1 - x0, height },
      style: { fill: fill(Number(api.value(BAR_LAYER))) },
    } as CustomSeriesRenderItemReturn;
  };
}

export function ganttBars(result: Pick<RunResult, 'cores' | 'links' | 'schedule'>, rows: readonly GanttRow[]) {
  const rowOf = new Map(rows.map((row, index) => [`${row.kind}:${row.id}`, index]));
  const cnBars: number[][] = [];
  result.schedule.cns.forEach((cn, index) => {
    const row = rowOf.get(`core:${cn.coreId}`);
    if (row !== undefined) cnBars.push([row, cn.start, cn.end, cn.layerId, index]);
  });
  const transferBars: number[][] = [];
  result.schedule.transfers.forEach((transfer, index) => {
    for (const linkId of transfer.linkIds) {
      const row = rowOf.get(`link:${linkId}`);
      if (row !== undefined) transferBars.push([row, transfer.start, transfer.end, transfer.layerId, index]);
    }
  });
  return { cnBars, transferBars };
}

/**
 * Large schedules: consecutive bars of one row and one layer are bundled into one item drawn as a single
 * compound path, so that tens of thousands of CNs cost a few hundred canvas elements instead of one each.
 * Items are [row, first start, last end, layerId, from, to) where from..to index `members`.
 */
export function bundleBars(bars: readonly number[][], bundleSize = BUNDLE_SIZE): { items: number[][]; members: number[][] } {
  const byRow = new Map<number, number[][]>();
  for (const bar of bars) {
    const list = byRow.get(bar[BAR_ROW]);
    if (list) list.push(bar);
    else byRow.set(bar[BAR_ROW], [bar]);
  }
  const items: number[][] = [];
  const members: number[][] = [];
  for (const [row, list] of [...byRow.entries()].sort((a, b) => a[0] - b[0])) {
    list.sort((a, b) => a[BAR_START] - b[BAR_START]);
    let from = members.length;
    for (let i = 0; i < list.length; i += 1) {
      const bar = list[i];
      members.push(bar);
      const next = list[i + 1];
      const full = members.length - from >= bundleSize;
      if (!next || full || next[BAR_LAYER] !== bar[BAR_LAYER]) {
        let end = bar[BAR_END];
        for (let k = from; k < members.length; k += 1) end = Math.max(end, members[k][BAR_END]);
        items.push([row, members[from][BAR_START], end, bar[BAR_LAYER], from, members.length]);
        from = members.length;
      }
    }
  }
  return { items, members };
}

/** Draws a bundle as one compound path of rectangles clipped to the plot area. */
export function makeBundleRenderer(members: readonly number[][], fill: (layerId: number) => string, heightRatio: number): CustomSeriesRenderItem {
  return (params, api): CustomSeriesRenderItemReturn => {
    const area = params.coordSys as unknown as { x: number; y: number; width: number; height: number };
    const band = (api.size?.([0, 1]) as number[] | undefined)?.[1] ?? 10;
    const height = band * heightRatio;
    const from = Number(api.value(BAR_INDEX));
    const to = Number(api.value(BAR_INDEX_END));
    const row = Number(api.value(BAR_ROW));
    const y = api.coord([0, row])[1] - height / 2;
    const parts: string[] = [];
    let lastRight = -Infinity;
    for (let i = from; i < to; i += 1) {
      const bar = members[i];
      const x0 = Math.max(api.coord([bar[BAR_START], row])[0], area.x);
      const x1 = Math.min(Math.max(api.coord([bar[BAR_END], row])[0], x0 + 1), area.x + area.width);
      if (x1 <= x0 || x1 <= lastRight) continue;
      const left = Math.max(x0, lastRight);
      parts.push(`M${left.toFixed(1)} ${y.toFixed(1)}h${(x1 - left).toFixed(1)}v${height.toFixed(1)}h${(left - x1).toFixed(1)}Z`);
      lastRight = x1;
    }
    if (parts.length === 0) return null;
    return { type: 'path', shape: { pathData: parts.join('') }, style: { fill: fill(Number(api.value(BAR_LAYER))) } } as CustomSeriesRenderItemReturn;
  };
}

function bundleTooltip(members: readonly number[][], value: readonly number[], describe: (index: number) => { name: string; where: string }): string {
  const from = value[BAR_INDEX];
  const to = value[BAR_INDEX_END];
  const first = describe(members[from][BAR_INDEX]);
  const count = to - from;
  return [
    `<b>${escapeHtml(first.name)}</b> · ${count} ${count === 1 ? 'item' : 'items'} on ${escapeHtml(first.where)}`,
    `${formatCycles(value[BAR_START])} → ${formatCycles(value[BAR_END])}`,
    '<span style="opacity:.7">large schedule: bars are drawn in bundles</span>',
  ].join('<br/>');
}

/** End of the Gantt time axis: the run latency, or the last CN / transfer if one ends later. */
export function ganttTimeEnd(result: Pick<RunResult, 'schedule' | 'latencyCycles'>): number {
  let end = result.latencyCycles;
  for (const cn of result.schedule.cns) if (cn.end > end) end = cn.end;
  for (const transfer of result.schedule.transfers) if (transfer.end > end) end = transfer.end;
  return end;
}

function cnTooltip(cn: ScheduledCn): string {
  return [
    `<b>${escapeHtml(cn.layerName)}</b> · CN ${cn.id} (tile ${cn.subId})`,
    `core ${cn.coreId}: ${formatCycles(cn.start)} → ${formatCycles(cn.end)} (${formatCycles(cn.end - cn.start)})`,
    `energy ${formatEnergy(cn.energyPj)}`,
  ].join('<br/>');
}

function transferTooltip(transfer: ScheduledTransfer): string {
  return [
    `<b>${escapeHtml(transfer.tensor)}</b> · ${transfer.kind.replace(/_/g, ' ')}`,
    `core ${transfer.fromCoreId} → core ${transfer.toCoreId}, ${formatBits(transfer.sizeBits)}`,
    `${formatCycles(transfer.start)} → ${formatCycles(transfer.end)}, energy ${formatEnergy(transfer.energyPj)}`,
  ].join('<br/>');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * Gantt schedule: one row per core, then one per link carrying transfers; CNs coloured by layer. Drawn with a
 * custom series on canvas so that tens of thousands of CNs stay fluid; zoom with the wheel or the slider.
 */
export function buildGanttOption(result: Pick<RunResult, 'cores' | 'links' | 'schedule' | 'latencyCycles' | 'clock'>, options: GanttOptions = {}): ChartOption {
  const rows = ganttRows(result, options.showTransfers ?? true);
  const all = ganttBars(result, rows);
  const win = options.window;
  const inWindow = (bar: number[]) => !win || (bar[BAR_END] >= win[0] && bar[BAR_START] <= win[1]);
  const cnBars = win ? all.cnBars.filter(inWindow) : all.cnBars;
  const transferBars = win ? all.transferBars.filter(inWindow) : all.transferBars;
  const large = cnBars.length + transferBars.length > LARGE_GANTT;
  const cns = result.schedule.cns;
  const transfers = result.schedule.transfers;
  const xMax = options.xMax ?? ganttTimeEnd(result);
  const zoom = win ? { startValue: win[0], endValue: win[1] } : {};
  const encode = { x: [BAR_START, BAR_END], y: BAR_ROW };
  const cnBundles = large ? bundleBars(cnBars) : null;
  const transferBundles = large ? bundleBars(transferBars) : null;
  const describeCn = (index: number) => ({ name: cns[index].layerName, where: `core ${cns[index].coreId}` });
  const describeTransfer = (index: number) => ({ name: `layer ${transfers[index].layerId} transfers`, where: `link ${transfers[index].linkIds.join(', ')}` });
  return {
    animation: options.animation ?? (!large && !win),
    title: options.title ? { text: options.title, left: 8, textStyle: { fontSize: 13 } } : undefined,
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (params: unknown) => {
        const p = params as { seriesIndex: number; value: number[] };
        if (cnBundles && transferBundles) {
          return p.seriesIndex === 0 ? bundleTooltip(cnBundles.members, p.value, describeCn) : bundleTooltip(transferBundles.members, p.value, describeTransfer);
        }
        const index = p.value[BAR_INDEX];
        return p.seriesIndex === 0 ? cnTooltip(cns[index]) : transferTooltip(transfers[index]);
      },
    },
    grid: { left: 110, right: 24, top: options.title ? 36 : 16, bottom: 56 },
    xAxis: {
      type: 'value',
      name: result.clock ? `cycles of the ${result.clock.systemClockNs} ns system clock` : 'cycles',
      min: 0,
      max: xMax > 0 ? xMax : undefined,
      axisLabel: { formatter: (v: number) => formatCycles(v) },
    },
    yAxis: {
      type: 'category',
      data: rows.map((row) => row.label),
      inverse: true,
      axisTick: { show: false },
      splitLine: { show: true, lineStyle: { opacity: 0.3 } },
    },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter', ...zoom },
      { type: 'slider', xAxisIndex: 0, filterMode: 'weakFilter', height: 18, bottom: 8, ...zoom },
      ...(rows.length > 16 ? [{ type: 'slider' as const, yAxisIndex: 0, width: 14, right: 4, filterMode: 'weakFilter' as const }] : []),
    ],
    series: [
      {
        type: 'custom',
        name: 'Computation',
        renderItem: cnBundles ? makeBundleRenderer(cnBundles.members, colourOf, 0.7) : makeBarRenderer(colourOf, 0.7),
        encode,
        data: cnBundles ? cnBundles.items : cnBars,
      },
      {
        type: 'custom',
        name: 'Transfers',
        renderItem: transferBundles ? makeBundleRenderer(transferBundles.members, colourOf, 0.4) : makeBarRenderer(colourOf, 0.4),
        itemStyle: { opacity: 0.8 },
        encode,
        data: transferBundles ? transferBundles.items : transferBars,
      },
    ],
  };
}
