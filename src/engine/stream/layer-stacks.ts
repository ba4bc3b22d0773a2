/**
 * Layer stacks: groups of layers fused together (scheduled tile by tile). `lbl` puts every layer alone;
 * `fused` takes the user's stacks (missing layers become single stacks), the cutoffs, or cuts automatically:
 * `stacks: "auto"` from the workload and the hardware (auto-stacks.ts), `"first-fit"` as the reference does
 * (the first stack takes layers until the cores' total weight capacity is full, then layer by layer).
 */
import { InputError } from '../errors';
import type { Mapping } from '../mapping/types';
import type { Layer, Workload } from '../workload/types';
import { isLayer } from '../workload/types';
import { automaticLayerStacks, describeStacks, type LayerStackPlan } from './auto-stacks';
import type { HardwareView } from './hardware-view';
import { isReferenceCompat, type StreamOptions } from './options';

export type LayerStack = readonly number[];

/** The stack rule that applies when no stacks or cutoffs are given. */
export function stackRule(options: StreamOptions): 'auto' | 'first-fit' | 'search' {
  return options.stacks ?? (isReferenceCompat(options.compat) ? 'first-fit' : 'auto');
}

/** The stacks of a run and why they are what they are. `search` is resolved by the stage (it needs allocations). */
export function planLayerStacks(workload: Workload, options: StreamOptions, hw: HardwareView, mapping: Mapping, totalWeightCapacityBits: number): LayerStackPlan {
  const automatic = options.mode === 'fused' && !options.layer_stacks && options.stack_cutoff === undefined && !options.stack_cutoffs && stackRule(options) !== 'first-fit';
  if (automatic) return automaticLayerStacks({ workload, mapping, hw, options });
  const stacks = computeLayerStacks(workload, options, totalWeightCapacityBits);
  const rule = options.mode === 'lbl' ? 'lbl' : options.layer_stacks ? 'given' : options.stack_cutoff !== undefined || options.stack_cutoffs ? 'cutoff' : 'first-fit';
  return describeStacks(workload, stacks, rule);
}

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
