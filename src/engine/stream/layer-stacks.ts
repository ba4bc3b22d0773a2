/**
 * Layer stacks: groups of layers fused together (scheduled tile by tile). `lbl` puts every layer alone;
 * `fused` takes the user's stacks (missing layers become single stacks) or cuts automatically where the
 * accumulated weights exceed the cores' total weight capacity (only the first stack is fused, as in the reference).
 */
import { InputError } from '../errors';
import type { Layer, Workload } from '../workload/types';
import { isLayer } from '../workload/types';
import type { StreamOptions } from './options';

export type LayerStack = readonly number[];

export function computeLayerStacks(workload: Workload, options: StreamOptions, totalWeightCapacityBits: number): LayerStack[] {
  const layers = workload.nodes.filter(isLayer).slice().sort((a, b) => a.id - b.id);
  const layerIds = new Set(layers.map((l) => l.id));
  if (options.mode === 'lbl') return layers.map((l) => [l.id]);
  let stacks: number[][];
  if (options.layer_stacks) {
    const known = new Set(workload.nodes.map((n) => n.id));
    for (const id of options.layer_stacks.flat()) {
      if (!known.has(id)) throw InputError.single('<options>', 'layer_stacks', `layer ids of the workload (0..${Math.max(...known)})`, String(id));
    }
    stacks = options.layer_stacks.map((s) => [...s]);
    const covered = new Set(stacks.flat());
    for (const n of workload.nodes.slice().sort((a, b) => a.id - b.id)) if (!covered.has(n.id)) stacks.push([n.id]);
  } else if (options.stack_cutoff !== undefined) {
    stacks = cutAt(layers, [options.stack_cutoff], false);
  } else if (options.stack_cutoffs) {
    stacks = cutAt(layers, options.stack_cutoffs, true, totalWeightCapacityBits);
  } else {
    stacks = fuseFirstStack(layers, totalWeightCapacityBits);
  }
  return stacks.map((s) => s.filter((id) => layerIds.has(id))).filter((s) => s.length > 0);
}

function weightBits(layer: Layer): number | null {
  const op = layer.constantOperands[0];
  return op === undefined ? null : layer.operandSizeBits[op] ?? 0;
}

function fuseFirstStack(layers: readonly Layer[], capacity: number): number[][] {
  const stacks: number[][] = [];
  let current: number[] = [];
  let cumsum = 0;
  let firstComplete = false;
  for (const layer of layers) {
    if (firstComplete) {
      stacks.push(current);
      current = [layer.id];
      continue;
    }
    const bits = weightBits(layer);
    if (bits === null) {
      current.push(layer.id);
      continue;
    }
    cumsum += bits;
    if (cumsum / capacity > 1) {
      stacks.push(current);
      current = [layer.id];
      cumsum = bits;
      firstComplete = true;
    } else current.push(layer.id);
  }
  stacks.push(current);
  return stacks.filter((s) => s.length > 0);
}

function cutAt(layers: readonly Layer[], cutoffs: readonly number[], weightLimited: boolean, capacity = Infinity): number[][] {
  const stacks: number[][] = [];
  let current: number[] = [];
  let cutoffIdx = 0;
  let lbl = false;
  let cumsum = 0;
  for (const layer of layers) {
    if (lbl) {
      stacks.push(current);
      current = [layer.id];
      continue;
    }
    if (layer.id > cutoffs[cutoffIdx]) {
      stacks.push(current);
      current = [];
      cumsum = 0;
      cutoffIdx++;
      if (cutoffIdx >= cutoffs.length) lbl = true;
    }
    const bits = weightBits(layer);
    if (weightLimited && bits !== null) {
      cumsum += bits;
      if (cumsum / capacity > 1) {
        if (current.length > 0) stacks.push(current);
        current = [layer.id];
        cumsum = bits;
        lbl = true;
        continue;
      }
    }
    current.push(layer.id);
  }
  stacks.push(current);
  return stacks.filter((s) => s.length > 0);
}
