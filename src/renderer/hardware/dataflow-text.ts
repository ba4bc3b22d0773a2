/**
 * A core's fixed spatial dataflow as one line of text, as the core panel edits it: `D1: K 32; D2: C 32, K 2`
 * (per array dimension, loop dimension and factor pairs). Empty text: no fixed dataflow (the mapping decides).
 */
import type { SpatialMapping } from '../../engine/hardware/types';

export function dataflowText(mapping: SpatialMapping | undefined): string {
  if (!mapping) return '';
  return Object.entries(mapping)
    .map(([dim, list]) => `${dim}: ${list.map((u) => `${u.loopDim} ${u.factor}`).join(', ')}`)
    .join('; ');
}

export type DataflowRead = { readonly ok: true; readonly mapping: SpatialMapping | undefined } | { readonly ok: false; readonly message: string };

export function parseDataflowText(text: string): DataflowRead {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, mapping: undefined };
  const mapping: Record<string, { loopDim: string; factor: number }[]> = {};
  for (const part of trimmed.split(';').map((p) => p.trim()).filter(Boolean)) {
    const match = /^(\w+)\s*:\s*(.+)$/.exec(part);
    if (!match) return { ok: false, message: `Expected "D1: K 32; D2: C 32" (found "${part}")` };
    const unrolls = match[2]!.split(',').map((u) => u.trim().split(/\s+/));
    if (unrolls.some((u) => u.length !== 2 || !Number.isInteger(Number(u[1])) || Number(u[1]) <= 0)) {
      return { ok: false, message: `Expected loop dimension and positive factor pairs in "${part}"` };
    }
    mapping[match[1]!] = unrolls.map(([loopDim, factor]) => ({ loopDim: loopDim!, factor: Number(factor) }));
  }
  return { ok: true, mapping };
}
