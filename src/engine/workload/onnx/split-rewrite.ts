/**
 * Graph rewriting for the weight splitter: a node whose weights are cut along K becomes one node per part (with
 * its sliced initializers and value_info) and a Concat that takes over the original output tensor; new names are
 * allocated so they never clash with the graph's.
 */
import type { Layer } from '../types';
import type { OnnxDim, OnnxModel, OnnxModelAttribute, OnnxModelGraph, OnnxModelNode, OnnxModelTensor, OnnxModelValueInfo } from './model';
import { numericAttribute } from './model';
import { product, sliceTensorData } from './tensor-slice';
import { ONNX_UINT8 } from './data-types';

/** A layer to cut: output channels per part, and the weights and capacity that made it necessary. */
export interface SplitRequest {
  readonly layer: Layer;
  readonly kPerPart: readonly number[];
  readonly weightBits: number;
  readonly capacityBits: number;
}

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
  const elemType = known?.elemType ?? (node.opType === 'QLinearConv' ? (initializers.get(node.inputs[7] ?? '')?.dataType ?? ONNX_UINT8) : cut[0].tensor.dataType);
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
export function applySplits(model: OnnxModel, requests: readonly SplitRequest[], warnings: string[]): { model: OnnxModel; splits: OnnxLayerSplit[] } {
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
