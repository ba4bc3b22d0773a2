/**
 * Chrome/Perfetto trace of a run (opens in ui.perfetto.dev or chrome://tracing): one track per core and per
 * link; CNs as compute slices, transfers and off-chip streaming as slices on the links they use.
 * One cycle is written as one microsecond.
 */
import type { RunResult } from './types';

interface TraceEvent {
  readonly name: string;
  readonly ph: 'X' | 'M';
  readonly pid: number;
  readonly tid: number;
  readonly ts?: number;
  readonly dur?: number;
  readonly cat?: string;
  readonly args?: Record<string, unknown>;
}

export interface ChromeTrace {
  readonly traceEvents: TraceEvent[];
  readonly displayTimeUnit: 'ns' | 'ms';
  readonly otherData: Record<string, unknown>;
}

export function toPerfettoTrace(result: RunResult): ChromeTrace {
  const events: TraceEvent[] = [];
  const pid = 1;
  events.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name: 'Stream schedule (1 µs = 1 cycle)' } });
  const coreTid = new Map<number, number>();
  let tid = 1;
  for (const core of result.cores) {
    coreTid.set(core.coreId, tid);
    events.push({ name: 'thread_name', ph: 'M', pid, tid, args: { name: `Core ${core.coreId} (${core.name})` } });
    events.push({ name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: tid } });
    tid++;
  }
  const linkTid = new Map<string, number>();
  for (const link of result.links) {
    linkTid.set(link.linkId, tid);
    events.push({ name: 'thread_name', ph: 'M', pid, tid, args: { name: `Link ${link.label}` } });
    events.push({ name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: tid } });
    tid++;
  }
  for (const cn of result.schedule.cns) {
    const t = coreTid.get(cn.coreId);
    if (t === undefined) continue;
    events.push({
      name: `${cn.layerName} #${cn.subId}`,
      cat: 'compute',
      ph: 'X',
      pid,
      tid: t,
      ts: cn.start,
      dur: cn.end - cn.start,
      args: { cn: cn.id, layer: cn.layerId, energy_pj: cn.energyPj, ranges: cn.loopRanges },
    });
  }
  for (const tr of result.schedule.transfers) {
    for (const linkId of tr.linkIds) {
      const t = linkTid.get(linkId);
      if (t === undefined) continue;
      events.push({
        name: `${tr.kind === 'block_streaming' ? 'stream' : 'transfer'} ${tr.tensor}`,
        cat: tr.kind === 'block_streaming' ? 'block' : 'transfer',
        ph: 'X',
        pid,
        tid: t,
        ts: tr.start,
        dur: tr.end - tr.start,
        args: { kind: tr.kind, bits: tr.sizeBits, from: tr.fromCoreId, to: tr.toCoreId, energy_pj: tr.energyPj },
      });
    }
  }
  return {
    traceEvents: events,
    displayTimeUnit: 'ms',
    otherData: { latency_cycles: result.latencyCycles, energy_pj: result.energyPj },
  };
}

/** The trace file's text: what `stream-studio run --trace` writes and the dashboard's "Perfetto trace" downloads. */
export function perfettoTraceJson(result: RunResult): string {
  return JSON.stringify(toPerfettoTrace(result));
}
