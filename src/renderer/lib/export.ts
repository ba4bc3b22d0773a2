/** Run result exports that need no server: the CN schedule as CSV and a Chrome/Perfetto trace. */
import type { RunResult } from '../../engine/results/types';

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function scheduleCsv(result: RunResult): string {
  const header = ['kind', 'id', 'layer_id', 'layer', 'sub_id', 'core', 'start', 'end', 'energy_pj', 'tensor', 'from_core', 'to_core', 'links', 'bits'];
  const rows: (string | number)[][] = [header];
  for (const cn of result.schedule.cns) rows.push(['cn', cn.id, cn.layerId, cn.layerName, cn.subId, cn.coreId, cn.start, cn.end, cn.energyPj, '', '', '', '', '']);
  for (const t of result.schedule.transfers) rows.push([t.kind, '', t.layerId, '', '', '', t.start, t.end, t.energyPj, t.tensor, t.fromCoreId, t.toCoreId, t.linkIds.join(' '), t.sizeBits]);
  return rows.map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

/** The Perfetto trace is the engine's (`perfettoTraceJson`), the same file `stream-studio run --trace` writes. */
export { perfettoTraceJson } from '../../engine/results/perfetto';
