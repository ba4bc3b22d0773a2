/**
 * How much CPU time the hypervisor gave to other guests while a benchmark ran (Linux `steal` in /proc/stat), as a
 * share of the machine's CPU time. On a shared VM host, CPU-time figures grow with it (cache and memory contention
 * come with it), so the benches print it next to their figures.
 */
import { readFileSync } from 'node:fs';

function cpuTicks(): { steal: number; total: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    if (fields.length < 8 || fields.some((x) => !Number.isFinite(x))) return undefined;
    return { steal: fields[7]!, total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}

/** Starts a measurement; the returned function gives the stolen share since then, as text ('' where unknown). */
export function stealMeter(): () => string {
  const from = cpuTicks();
  return () => {
    const to = cpuTicks();
    if (!from || !to || to.total <= from.total) return '';
    return `host steal ${((100 * (to.steal - from.steal)) / (to.total - from.total)).toFixed(1)} %`;
  };
}
