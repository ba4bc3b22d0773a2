import type { RunResult } from '../../engine/results/types';
import { coreLabel, formatCycles, formatEnergy } from './format';
import type { ChartOption, ChartStyle } from './types';

/** Per-core utilisation (busy cycles / latency) as bars, in percent, with busy cycles and CN counts in the tooltip. */
export function buildUtilisationOption(result: Pick<RunResult, 'cores'>, style: ChartStyle = {}): ChartOption {
  const cores = [...result.cores].sort((a, b) => a.coreId - b.coreId);
  return {
    animation: style.animation ?? true,
    title: style.title ? { text: style.title, left: 8, textStyle: { fontSize: 13 } } : undefined,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const first = (params as { dataIndex: number }[])[0];
        const core = cores[first.dataIndex];
        return `<b>${coreLabel(core.coreId, core.name)}</b><br/>utilisation ${(core.utilisation * 100).toFixed(1)} %<br/>busy ${formatCycles(core.busyCycles)} · ${core.nCns} CNs<br/>energy ${formatEnergy(core.energyPj)}`;
      },
    },
    grid: { left: 56, right: 16, top: style.title ? 40 : 16, bottom: 48 },
    xAxis: { type: 'category', data: cores.map((core) => coreLabel(core.coreId, core.name)), axisLabel: { interval: 0, rotate: cores.length > 8 ? 45 : 0 } },
    yAxis: { type: 'value', name: '%', min: 0, max: 100 },
    series: [
      {
        type: 'bar',
        name: 'Utilisation',
        barMaxWidth: 40,
        itemStyle: { color: '#0072b2' },
        data: cores.map((core) => Math.round(core.utilisation * 1000) / 10),
        label: { show: cores.length <= 16, position: 'top', formatter: '{c} %', fontSize: 10 },
      },
    ],
  };
}
