import type { Result } from '../../errors';
import { fail, ok } from '../../errors';
import type { Accelerator, Core, MemoryOperand } from '../../hardware/types';
import { lookupMappingEntry } from '../../mapping/lookup';
import type { LookupOptions } from '../../mapping/lookup';
import type { Mapping } from '../../mapping/types';
import type { Layer, Workload } from '../types';
import { isLayer } from '../types';
import type { OnnxImportOptions } from './convert';
import { convertOnnxGraph } from './convert';
import { decodeOnnx, onnxGraphOf } from './decode';
import { numericAttribute } from './model';
import type { Int64, OnnxDim, OnnxModel, OnnxModelAttribute, OnnxModelGraph, OnnxModelNode, OnnxModelTensor, OnnxModelValueInfo, OnnxTensorData } from './model';
import { readOnnxModel } from './read';
import { encodeOnnxModel } from './write';
import { ONNX_DTYPE_BITS } from './schema';

/**
 * Weight-driven layer splitting (the engine half of the seed's LayerSplittingStage): a Conv/QLinearConv/Gemm/MatMul
 * whose constant weights do not fit the weight memory of the cores it may run on becomes several nodes, each
 * computing a slice of the output channels (K) from a slice of the weights and bias, joined by a Concat on the
 * channel axis that takes over the original output tensor, so consumers and graph outputs are untouched.
 * Grouped convolutions are not split (their K loop is per group; depthwise weights are small anyway).
 */

// ---------------------------------------------------------------------------------------------- capacities

/** Size in bits of the top memory level of a core's hierarchy for one memory operand; null when none holds it. */
export function coreWeightCapacityBits(core: Core, memoryOperand: MemoryOperand = 'I2'): number | null {
  const levels = core.hierarchy[memoryOperand];
  return levels.length > 0 ? levels[levels.length - 1].instance.sizeBits : null;
}

/** Cores that run layers: every compute core except the off-chip one. */
export function onChipComputeCores(accelerator: Accelerator): readonly Core[] {
  return accelerator.cores.filter((c) => c.id !== accelerator.offchipCoreId && c.type === 'compute');
}

/** Weight capacity (bits of the top memory level holding `memoryOperand`) of every on-chip compute core. */
export function weightCapacitiesByCore(accelerator: Accelerator, memoryOperand: MemoryOperand = 'I2'): ReadonlyMap<number, number> {
  const out = new Map<number, number>();
  for (const core of onChipComputeCores(accelerator)) {
    const bits = coreWeightCapacityBits(core, memoryOperand);
    if (bits !== null) out.set(core.id, bits);
  }
  return out;
}

/**
 * The weight capacity a layer must fit: the smallest capacity among the cores it may run on (the mapping
 * entry's `core_allocation`, with W's memory operand from its `memory_operand_links`; without a mapping, every
 * on-chip compute core and I2). Cores that hold no such memory are ignored; Infinity when none is left.
 */
export function layerWeightCapacity(accelerator: Accelerator, mapping?: Mapping, lookup?: LookupOptions): (layer: Layer) => number {
  const byOperand = new Map<MemoryOperand, ReadonlyMap<number, number>>();
  const capacities = (op: MemoryOperand): ReadonlyMap<number, number> => {
    let m = byOperand.get(op);
    if (!m) byOperand.set(op, (m = weightCapacitiesByCore(accelerator, op)));
    return m;
  };
  return (layer) => {
    const entry = mapping ? lookupMappingEntry(mapping, layer.name, layer.operatorType, lookup) : undefined;
    const caps = capacities(entry?.memoryOperandLinks.W ?? 'I2');
    const cores = entry ? entry.coreAllocation : [...caps.keys()];
    let min = Infinity;
    for (const id of cores) min = Math.min(min, caps.get(id) ?? Infinity);
    return min;
  };
}

// ---------------------------------------------------------------------------------------------- planning

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

interface SplitRequest {
  readonly layer: Layer;
  readonly kPerPart: readonly number[];
  readonly weightBits: number;
  readonly capacityBits: number;
}

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

// ---------------------------------------------------------------------------------------------- tensor slicing

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

function sliceElements<T>(values: readonly T[], dims: readonly number[], axis: number, start: number, end: number, perElement: number): T[] {
  const n = dims[axis];
  const inner = product(dims.slice(axis + 1)) * perElement;
  const outer = product(dims.slice(0, axis));
  const out: T[] = [];
  for (let o = 0; o < outer; o++) {
    const from = (o * n + start) * inner;
    for (let i = from; i < from + (end - start) * inner; i++) out.push(values[i]);
  }
  return out;
}

function sliceBytes(bytes: Uint8Array, dims: readonly number[], axis: number, start: number, end: number, width: number): Uint8Array {
  const n = dims[axis];
  const inner = product(dims.slice(axis + 1)) * width;
  const outer = product(dims.slice(0, axis));
  const out = new Uint8Array(outer * (end - start) * inner);
  for (let o = 0; o < outer; o++) {
    const from = (o * n + start) * inner;
    out.set(bytes.subarray(from, from + (end - start) * inner), o * (end - start) * inner);
  }
  return out;
}

type WideData = Extract<OnnxTensorData, { field: 'int64Data' | 'uint64Data' }>;
const isWide = (d: OnnxTensorData): d is WideData => d.kind === 'typed' && (d.field === 'int64Data' || d.field === 'uint64Data');

/** Slice [start, end) of a tensor along `axis`. Returns the data as `none` (with a reason) when it cannot be cut. */
function sliceTensorData(t: OnnxModelTensor, axis: number, start: number, end: number): { data: OnnxTensorData; lost?: string } {
  const d = t.data;
  const count = product(t.dims);
  const bits = ONNX_DTYPE_BITS[t.dataType];
  const width = bits !== undefined && bits % 8 === 0 ? bits / 8 : 0;
  switch (d.kind) {
    case 'none':
      return { data: d };
    case 'raw':
      if (width === 0 || d.bytes.length !== count * width) return { data: { kind: 'none' }, lost: `raw data of ${d.bytes.length} bytes does not match ${count} elements of type ${t.dataType}` };
      return { data: { kind: 'raw', bytes: sliceBytes(d.bytes, t.dims, axis, start, end, width) } };
    case 'typed': {
      const per = d.values.length / count;
      if (!Number.isInteger(per) || per < 1) return { data: { kind: 'none' }, lost: `${d.values.length} stored values for ${count} elements` };
      if (isWide(d)) {
        return { data: { kind: 'typed', field: d.field, values: sliceElements<Int64>(d.values, t.dims, axis, start, end, per) } };
      }
      return { data: { kind: 'typed', field: d.field, values: sliceElements<number>(d.values, t.dims, axis, start, end, per) } };
    }
    case 'strings':
      if (d.values.length !== count) return { data: { kind: 'none' }, lost: `${d.values.length} strings for ${count} elements` };
      return { data: { kind: 'strings', values: sliceElements(d.values, t.dims, axis, start, end, 1) } };
    case 'external': {
      // A slice along the outermost non-trivial axis is one contiguous byte range of the external file.
      if (width === 0 || product(t.dims.slice(0, axis)) !== 1) return { data: { kind: 'none' }, lost: 'external data can only be cut along its outermost axis' };
      const rowBytes = product(t.dims.slice(axis + 1)) * width;
      const offset = Number(d.entries.find((e) => e.key === 'offset')?.value ?? 0);
      const entries = d.entries
        .filter((e) => e.key !== 'offset' && e.key !== 'length' && e.key !== 'checksum')
        .concat([{ key: 'offset', value: String(offset + start * rowBytes) }, { key: 'length', value: String((end - start) * rowBytes) }]);
      return { data: { kind: 'external', entries } };
    }
  }
}

// ---------------------------------------------------------------------------------------------- graph rewriting

/** An input cut along K: the weights first, then bias and per-channel quantisation parameters. */
interface SlicedInput {
  readonly slot: number;
  readonly axis: number;
}

/** Which inputs of a node are cut along K (others, e.g. a bias broadcast over K, are shared by every part). */
interface KLayout {
  readonly sliced: readonly SlicedInput[];
  readonly outputAxis: number;
  readonly channels: number;
}

type InitializerOf = (name: string) => OnnxModelTensor | undefined;

/**
 * Per-output-channel inputs of a Conv-like node (bias, QLinearConv's w_scale/w_zero_point): cut when they hold
 * one value per channel, shared when they hold one value; anything else cannot be split.
 */
function perChannelInputs(node: OnnxModelNode, slots: readonly number[], channels: number, initializer: InitializerOf): SlicedInput[] | string {
  const out: SlicedInput[] = [];
  for (const slot of slots) {
    const name = node.inputs[slot] ?? '';
    if (!name) continue;
    const t = initializer(name);
    if (!t) return `its input ${JSON.stringify(name)} is not an initializer`;
    const count = product(t.dims);
    if (count === 1) continue;
    if (t.dims.length !== 1 || t.dims[0] !== channels) return `input ${JSON.stringify(name)} has shape [${t.dims.join(', ')}]`;
    out.push({ slot, axis: 0 });
  }
  return out;
}

function kLayout(node: OnnxModelNode, initializer: InitializerOf, outputRank: number): KLayout | string {
  const weightSlot = node.opType === 'QLinearConv' ? 3 : 1;
  const w = initializer(node.inputs[weightSlot] ?? '');
  if (!w) return 'its weights are not an initializer';
  if (node.opType === 'Conv' || node.opType === 'QLinearConv') {
    if ((numericAttribute(node, 'group') ?? 1) !== 1) return 'grouped convolutions are not split';
    if (w.dims.length < 3) return `weights of rank ${w.dims.length}`;
    const channels = w.dims[0];
    const rest = perChannelInputs(node, node.opType === 'Conv' ? [2] : [4, 5, 8], channels, initializer);
    if (typeof rest === 'string') return rest;
    return { sliced: [{ slot: weightSlot, axis: 0 }, ...rest], outputAxis: 1, channels };
  }
  if (w.dims.length !== 2) return `weights of rank ${w.dims.length}`;
  if (node.opType === 'MatMul') return { sliced: [{ slot: 1, axis: 1 }], outputAxis: outputRank - 1, channels: w.dims[1] };
  const transB = (numericAttribute(node, 'transB') ?? 0) !== 0;
  const channels = transB ? w.dims[0] : w.dims[1];
  const sliced: SlicedInput[] = [{ slot: 1, axis: transB ? 0 : 1 }];
  const biasName = node.inputs[2] ?? '';
  if (biasName) {
    // Gemm's C broadcasts to [M, N]: cut only when it varies along N.
    const bias = initializer(biasName);
    if (!bias) return 'its bias is not an initializer';
    const last = bias.dims[bias.dims.length - 1] ?? 1;
    if (last !== 1 && last !== channels) return `bias of shape [${bias.dims.join(', ')}]`;
    if (last === channels && channels !== 1) sliced.push({ slot: 2, axis: bias.dims.length - 1 });
  }
  return { sliced, outputAxis: 1, channels };
}

/** Unique, readable names: the wanted one, else with `_1`, `_2`, ... appended. */
class Names {
  private readonly used = new Set<string>();

  constructor(graph: OnnxModelGraph) {
    const add = (g: OnnxModelGraph): void => {
      for (const n of g.nodes) {
        this.used.add(n.name);
        n.inputs.forEach((x) => this.used.add(x));
        n.outputs.forEach((x) => this.used.add(x));
        for (const a of n.attributes) {
          if (a.type === 'graph') add(a.value);
          if (a.type === 'graphs') a.value.forEach(add);
        }
      }
      for (const t of g.initializers) this.used.add(t.name);
      for (const v of [...g.inputs, ...g.outputs, ...g.valueInfo]) this.used.add(v.name);
    };
    add(graph);
  }

  fresh(wanted: string): string {
    let name = wanted;
    for (let i = 1; this.used.has(name); i++) name = `${wanted}_${i}`;
    this.used.add(name);
    return name;
  }
}

/** Every tensor name a node of the graph (or of its subgraphs) reads. */
function consumedNames(graph: OnnxModelGraph, out = new Set<string>()): Set<string> {
  for (const n of graph.nodes) {
    n.inputs.forEach((x) => out.add(x));
    for (const a of n.attributes) {
      if (a.type === 'graph') consumedNames(a.value, out);
      if (a.type === 'graphs') a.value.forEach((g) => consumedNames(g, out));
    }
  }
  return out;
}

export interface OnnxLayerSplit {
  /** Name of the original ONNX node (its output tensor name when the node has no name). */
  readonly node: string;
  /** Id of the original layer in the workload parsed from the input model. */
  readonly layerId: number;
  readonly opType: string;
  readonly parts: number;
  /** Output channels of each part, in channel order; they sum to the original K. */
  readonly kPerPart: readonly number[];
  /** Names of the part nodes (`<node>_split<i>`), which become the layer names after re-import. */
  readonly partNodes: readonly string[];
  /** Name of the Concat node; its output keeps the original output tensor name. */
  readonly concatNode: string;
  readonly weightBits: number;
  /** Capacity each part had to fit (halved when double-buffered). */
  readonly capacityBits: number;
  readonly partWeightBits: readonly number[];
}

export interface WeightSplitResult {
  /** The split model as ONNX bytes (the input model unchanged when nothing had to be split). */
  readonly bytes: Uint8Array;
  readonly model: OnnxModel;
  readonly splits: readonly OnnxLayerSplit[];
  /** Layers that did not fit but could not be split, weights that could not be sliced, ... */
  readonly warnings: readonly string[];
}

interface Rewrite {
  readonly replacement: OnnxModelNode[];
  readonly newInitializers: OnnxModelTensor[];
  readonly newValueInfo: OnnxModelValueInfo[];
  readonly newInputs: OnnxModelValueInfo[];
  readonly replaced: string[];
  readonly split: OnnxLayerSplit;
}

function valueInfoOf(graph: OnnxModelGraph, name: string): OnnxModelValueInfo | undefined {
  return graph.valueInfo.find((v) => v.name === name) ?? graph.outputs.find((v) => v.name === name) ?? graph.inputs.find((v) => v.name === name);
}

const withDim = (shape: readonly OnnxDim[], axis: number, size: number): OnnxDim[] => shape.map((d, i) => (i === axis ? size : d));

function rewriteNode(graph: OnnxModelGraph, node: OnnxModelNode, request: SplitRequest, names: Names, warnings: string[]): Rewrite | null {
  const initializers = new Map(graph.initializers.map((t) => [t.name, t]));
  const output = node.outputs[0];
  const known = valueInfoOf(graph, output)?.tensorType;
  const inferred = request.layer.onnx?.outputShapes[0] ?? null;
  // The file's shape keeps symbolic dims (e.g. batch); unknown ones come from the importer's shape inference.
  const outShape: readonly OnnxDim[] | null =
    known?.shape && (!inferred || known.shape.length === inferred.length) ? known.shape.map((d, i) => d ?? inferred?.[i] ?? null) : inferred;
  const layout = kLayout(node, (n) => initializers.get(n), outShape?.length ?? 2);
  const label = node.name || output;
  // Warnings name the layer as the workload shows it (unnamed ONNX nodes become `Layer<id>` there).
  const subject = request.layer.name;
  if (typeof layout === 'string') {
    warnings.push(`${subject} (${node.opType}): weights of ${request.weightBits} bits exceed ${request.capacityBits} bits but ${layout}; not split`);
    return null;
  }
  const k = request.kPerPart.reduce((a, b) => a + b, 0);
  if (layout.channels !== k || !outShape || outShape[layout.outputAxis] !== k) {
    warnings.push(`${subject} (${node.opType}): ${layout.channels} output channels in the weights, K = ${k} in the layer, output shape [${outShape?.join(', ') ?? '?'}]; not split`);
    return null;
  }
  const cut = layout.sliced.map((x) => ({ ...x, tensor: initializers.get(node.inputs[x.slot])! }));
  // A QLinearConv output has the type of its y_zero_point (uint8 by default).
  const elemType = known?.elemType ?? (node.opType === 'QLinearConv' ? (initializers.get(node.inputs[7] ?? '')?.dataType ?? 2) : cut[0].tensor.dataType);
  const inputInfo = (t: OnnxModelTensor): boolean => graph.inputs.some((v) => v.name === t.name);
  const out: Omit<Rewrite, 'split'> = { replacement: [], newInitializers: [], newValueInfo: [], newInputs: [], replaced: cut.map((x) => x.tensor.name) };
  const slice = (t: OnnxModelTensor, axis: number, start: number, end: number, part: number): string => {
    const sliced = sliceTensorData(t, axis, start, end);
    if (sliced.lost) warnings.push(`${subject}: ${t.name} written without values (${sliced.lost})`);
    const tensor: OnnxModelTensor = { ...t, name: names.fresh(`${t.name}_split${part}`), dims: withDim(t.dims, axis, end - start) as number[], data: sliced.data };
    out.newInitializers.push(tensor);
    // Models from IR < 4 list every initializer among the graph inputs as well.
    if (inputInfo(t)) out.newInputs.push({ name: tensor.name, docString: '', tensorType: { elemType: t.dataType, shape: tensor.dims } });
    return tensor.name;
  };
  const partOutputs: string[] = [];
  const partNodes: string[] = [];
  let start = 0;
  request.kPerPart.forEach((kp, i) => {
    const end = start + kp;
    const inputs = [...node.inputs];
    for (const x of cut) inputs[x.slot] = slice(x.tensor, x.axis, start, end, i);
    const partOutput = names.fresh(`${output}_split${i}`);
    const partName = names.fresh(`${label}_split${i}`);
    out.replacement.push({ ...node, name: partName, inputs, outputs: [partOutput] });
    out.newValueInfo.push({ name: partOutput, docString: '', tensorType: { elemType, shape: withDim(outShape, layout.outputAxis, kp) } });
    partOutputs.push(partOutput);
    partNodes.push(partName);
    start = end;
  });
  const concatNode = names.fresh(`${label}_concat`);
  const axis: OnnxModelAttribute = { name: 'axis', docString: '', refAttrName: '', type: 'int', value: layout.outputAxis };
  const perChannel = request.weightBits / k;
  if (perChannel * Math.max(...request.kPerPart) > request.capacityBits) {
    warnings.push(`${subject}: even one output channel of weights (${perChannel} bits) exceeds the capacity (${request.capacityBits} bits); split into ${k} parts anyway`);
  }
  out.replacement.push({ name: concatNode, opType: 'Concat', domain: '', docString: '', inputs: partOutputs, outputs: [output], attributes: [axis] });
  const split: OnnxLayerSplit = {
    node: label, layerId: request.layer.id, opType: node.opType, parts: request.kPerPart.length, kPerPart: request.kPerPart,
    partNodes, concatNode, weightBits: request.weightBits, capacityBits: request.capacityBits,
    partWeightBits: request.kPerPart.map((kp) => (request.weightBits * kp) / k),
  };
  return { ...out, split };
}

/** Applies the split requests to the document; requests whose node cannot be split become warnings. */
function applySplits(model: OnnxModel, requests: readonly SplitRequest[], warnings: string[]): { model: OnnxModel; splits: OnnxLayerSplit[] } {
  const graph = model.graph;
  const byOutput = new Map(requests.map((r) => [r.layer.onnx?.outputs[0] ?? '', r]));
  const names = new Names(graph);
  const nodes: OnnxModelNode[] = [];
  const splits: OnnxLayerSplit[] = [];
  const initializers: OnnxModelTensor[] = [];
  const valueInfo: OnnxModelValueInfo[] = [];
  const inputs: OnnxModelValueInfo[] = [];
  const replaced = new Set<string>();
  for (const node of graph.nodes) {
    const request = node.outputs.length === 1 ? byOutput.get(node.outputs[0]) : undefined;
    const rewrite = request && request.layer.operatorType === node.opType ? rewriteNode(graph, node, request, names, warnings) : null;
    if (!rewrite) {
      nodes.push(node);
      continue;
    }
    nodes.push(...rewrite.replacement);
    initializers.push(...rewrite.newInitializers);
    valueInfo.push(...rewrite.newValueInfo);
    inputs.push(...rewrite.newInputs);
    rewrite.replaced.forEach((n) => replaced.add(n));
    splits.push(rewrite.split);
  }
  if (splits.length === 0) return { model, splits };
  const rewritten: OnnxModelGraph = { ...graph, nodes };
  // Sliced tensors stay only while another node still reads them (shared weights).
  const stillUsed = consumedNames(rewritten);
  const keep = (name: string): boolean => !replaced.has(name) || stillUsed.has(name);
  return {
    model: {
      ...model,
      graph: {
        ...rewritten,
        initializers: [...graph.initializers.filter((t) => keep(t.name)), ...initializers],
        inputs: [...graph.inputs.filter((v) => keep(v.name)), ...inputs],
        valueInfo: [...graph.valueInfo, ...valueInfo],
      },
    },
    splits,
  };
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
  // The seed parses the split model again: make sure that works before anyone writes it to disk.
  const check = parseSplitModel(encoded, fileName, options);
  if (!check.ok) return fail(check.issues);
  return ok({ bytes: encoded, model: result.model, splits: result.splits, warnings });
}

function parseSplitModel(bytes: Uint8Array, fileName: string, options: OnnxImportOptions): Result<Workload> {
  const graph = decodeOnnx(bytes, fileName);
  return graph.ok ? convertOnnxGraph(graph.value, fileName, options) : graph;
}
