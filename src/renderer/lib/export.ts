/** Run result exports that need no server: the CN schedule as CSV and a Chrome/Perfetto trace. */
import type { RunResult } from '../../engine/results/types';
import { csvText } from '../../shared/csv';

/**
 * start/end are cycles of the system clock. Runs with cores on their own clocks (IMC) add start_ns, end_ns
 * and the core's clock period (core_clock_ns) for CN rows.
 */
export function scheduleCsv(result: RunResult): string {
  const clock = result.clock;
  const header = ['kind', 'id', 'layer_id', 'layer', 'sub_id', 'core', 'start', 'end', 'energy_pj', 'tensor', 'from_core', 'to_core', 'links', 'bits'];
  if (clock) header.push('start_ns', 'end_ns', 'core_clock_ns');
  const ns = (cycles: number) => (clock ? [cycles * clock.systemClockNs] : []);
  const rows: (string | number)[][] = [header];
  for (const cn of result.schedule.cns) {
    const coreClock = clock ? [clock.coreClockNs[String(cn.coreId)] ?? clock.systemClockNs] : [];
    rows.push(['cn', cn.id, cn.layerId, cn.layerName, cn.subId, cn.coreId, cn.start, cn.end, cn.energyPj, '', '', '', '', '', ...ns(cn.start), ...ns(cn.end), ...coreClock]);
  }
  for (const t of result.schedule.transfers) {
    rows.push([t.kind, '', t.layerId, '', '', '', t.start, t.end, t.energyPj, t.tensor, t.fromCoreId, t.toCoreId, t.linkIds.join(' '), t.sizeBits, ...ns(t.start), ...ns(t.end), ...(clock ? [''] : [])]);
  }
  return csvText(rows);
}

/** The Perfetto trace is the engine's (`perfettoTraceJson`), the same file `stream-studio run --trace` writes. */
export { perfettoTraceJson } from '../../engine/browser';
