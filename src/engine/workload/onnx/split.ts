import type { Result } from '../../errors';
import { fail, ok } from '../../errors';
import type { Layer, Workload } from '../types';
import { isLayer } from '../types';
import type { OnnxImportOptions } from './convert';
import { convertOnnxGraph } from './convert';
import { decodeOnnx, onnxGraphOf } from './decode';
import type { OnnxModel } from './model';
import { readOnnxModel } from './read';
import { applySplits, type OnnxLayerSplit, type SplitRequest } from './split-rewrite';
import { encodeOnnxModel } from './write';

export type { OnnxLayerSplit } from './split-rewrite';

/**
 * Weight-driven layer splitting (the engine half of Stream's LayerSplittingStage): a Conv/QLinearConv/Gemm/MatMul
 * whose constant weights do not fit the weight memory of the cores it may run on becomes several nodes, each
 * computing a slice of the output channels (K) from a slice of the weights and bias, joined by a Concat on the
 * channel axis that takes over the original output tensor, so consumers and graph outputs are untouched.
 * Grouped convolutions are not split (their K loop is per group; depthwise weights are small anyway).
 */

/**
 * - `balanced` (default): the fewest parts whose largest slice fits; K spread as evenly as possible.
 * - `divisor` (the reference): the part count grows from ⌈weights / capacity⌉ until it divides K; equal parts.
 */
export type KPartition = 'balanced' | 'divisor';

export interface WeightSplitOptions extends OnnxImportOptions {
  /** Weight capacity in bits: one number for every layer, or per layer (see `layerWeightCapacity`). */
  readonly weightCapacityBits: number | ((layer: Layer) => number);
  /** `split_W_double_buffered`: the weight memory must hold two tiles, so each part gets half the capacity. */
  readonly doubleBuffered?: boolean;
  readonly partition?: KPartition;
}

/** Output channels per part, or null when the weights fit whole. Parts never exceed K (one channel each). */
export function kPartition(k: number, weightBits: number, capacityBits: number, mode: KPartition = 'balanced'): number[] | null {
  if (weightBits <= capacityBits || k <= 1) return null;
  let n = Math.min(k, Math.max(2, Math.ceil(weightBits / capacityBits)));
  if (mode === 'divisor') {
    while (k % n !== 0) n++;
    return Array.from({ length: n }, () => k / n);
  }
  const perChannel = weightBits / k;
  while (n < k && Math.ceil(k / n) * perChannel > capacityBits) n++;
  const base = Math.floor(k / n);
  return Array.from({ length: n }, (_, i) => base + (i < k % n ? 1 : 0));
}

/** Layer ops whose weights can be sliced along K. */
const SPLITTABLE_OPS = new Set(['Conv', 'QLinearConv', 'Gemm', 'MatMul']);


function planSplits(workload: Workload, options: WeightSplitOptions, warnings: string[]): SplitRequest[] {
  const out: SplitRequest[] = [];
  for (const layer of workload.nodes) {
    if (!isLayer(layer) || !SPLITTABLE_OPS.has(layer.operatorType) || !layer.constantOperands.includes('W')) continue;
    const weightBits = layer.operandSizeBits.W ?? 0;
    const k = layer.loopSizes.K ?? 1;
    const raw = typeof options.weightCapacityBits === 'number' ? options.weightCapacityBits : options.weightCapacityBits(layer);
    if (weightBits === 0 || raw === Infinity) continue;
    const capacityBits = options.doubleBuffered ? raw / 2 : raw;
    if (!(capacityBits > 0)) {
      warnings.push(`${layer.name}: no weight capacity on its cores (${raw} bits); not split`);
      continue;
    }
    if (weightBits <= capacityBits) continue;
    const kPerPart = kPartition(k, weightBits, capacityBits, options.partition);
    if (!kPerPart) {
      warnings.push(`${layer.name} (${layer.operatorType}): weights of ${weightBits} bits exceed ${capacityBits} bits but its K loop is ${k}; not split`);
      continue;
    }
    out.push({ layer, kPerPart, weightBits, capacityBits });
  }
  return out;
}

export interface WeightSplitResult {
  /** The split model as ONNX bytes (the input model unchanged when nothing had to be split). */
  readonly bytes: Uint8Array;
  readonly model: OnnxModel;
  readonly splits: readonly OnnxLayerSplit[];
  /** Layers that did not fit but could not be split, weights that could not be sliced, ... */
  readonly warnings: readonly string[];
}

/**
 * Splits every Conv/QLinearConv/Gemm/MatMul whose constant weights (the workload model's W operand size in bits) exceed the
 * capacity along K into the fewest parts that fit (see `KPartition`), with sliced weight and bias initializers,
 * value_info for every part output and a Concat producing the original output tensor. The workload is read with
 * the import options given (flavour, compat) so the weight sizes are those the pipeline uses.
 */
export function splitOnnxModelByWeights(bytes: Uint8Array, fileName: string, options: WeightSplitOptions): Result<WeightSplitResult> {
  const model = readOnnxModel(bytes, fileName);
  if (!model.ok) return model;
  const graph = onnxGraphOf(model.value, fileName);
  if (!graph.ok) return graph;
  const workload = convertOnnxGraph(graph.value, fileName, options);
  if (!workload.ok) return workload;
  const warnings: string[] = [];
  const requests = planSplits(workload.value, options, warnings);
  const result = applySplits(model.value, requests, warnings);
  if (result.splits.length === 0) return ok({ bytes, model: model.value, splits: [], warnings });
  const encoded = encodeOnnxModel(result.model);
  // Stream parses the split model again: make sure that works before anyone writes it to disk.
  const check = parseSplitModel(encoded, fileName, options);
  if (!check.ok) return fail(check.issues);
  return ok({ bytes: encoded, model: result.model, splits: result.splits, warnings });
}

function parseSplitModel(bytes: Uint8Array, fileName: string, options: OnnxImportOptions): Result<Workload> {
  const graph = decodeOnnx(bytes, fileName);
  return graph.ok ? convertOnnxGraph(graph.value, fileName, options) : graph;
}
