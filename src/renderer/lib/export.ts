/** Run result exports that need no server: the CN schedule as CSV and a Chrome/Perfetto trace. */
import type { RunResult } from '../../engine/results/types';

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

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
  return rows.map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

/**
 * Chrome trace-event JSON (opens in Perfetto / chrome://tracing): one process for cores, one for links,
 * one thread per core or link, one complete event per CN or transfer; 1 cycle = 1 µs of trace time.
 */
export function perfettoTrace(result: RunResult): string {
  const events: Record<string, unknown>[] = [];
  const coreName = new Map(result.cores.map((c) => [c.coreId, c.name]));
  const coreIds = new Set(result.schedule.cns.map((cn) => cn.coreId));
  events.push({ ph: 'M', name: 'process_name', pid: 1, args: { name: 'Cores' } });
  events.push({ ph: 'M', name: 'process_name', pid: 2, args: { name: 'Links' } });
  for (const id of coreIds) events.push({ ph: 'M', name: 'thread_name', pid: 1, tid: id, args: { name: coreName.get(id) ?? `Core ${id}` } });
  const linkTid = new Map<string, number>();
  for (const t of result.schedule.transfers) for (const id of t.linkIds) if (!linkTid.has(id)) linkTid.set(id, linkTid.size);
  const linkLabel = new Map(result.links.map((l) => [l.linkId, l.label]));
  for (const [id, tid] of linkTid) events.push({ ph: 'M', name: 'thread_name', pid: 2, tid, args: { name: linkLabel.get(id) ?? `link ${id}` } });
  for (const cn of result.schedule.cns) {
    events.push({ ph: 'X', name: `${cn.layerName} #${cn.subId}`, cat: 'cn', pid: 1, tid: cn.coreId, ts: cn.start, dur: cn.end - cn.start, args: { cn: cn.id, layer: cn.layerId, energy_pj: cn.energyPj } });
  }
  for (const t of result.schedule.transfers) {
    for (const id of t.linkIds) {
      events.push({ ph: 'X', name: t.tensor, cat: t.kind, pid: 2, tid: linkTid.get(id), ts: t.start, dur: t.end - t.start, args: { from: t.fromCoreId, to: t.toCoreId, bits: t.sizeBits, energy_pj: t.energyPj } });
    }
  }
  return JSON.stringify({ traceEvents: events, displayTimeUnit: 'ns', otherData: { unit: '1 µs = 1 clock cycle' } });
}
