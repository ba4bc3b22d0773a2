import type { InputIssue, Result } from '../../errors';
import { fail } from '../../errors';
import { workloadNameFromFile } from '../file-name';
import { assembleWorkload } from '../graph';
import { buildLayer } from '../layer';
import type { LayerSpec } from '../layer';
import type { DependencyNode, OnnxNodeInfo, Workload, WorkloadFlavour, WorkloadImportOptions, WorkloadNode } from '../types';
import { decodeOnnx } from './decode';
import type { OnnxGraph, OnnxNode } from './decode';
import type { Shape, TensorFacts } from './shapes';
import { attrInt, attrInts, collectTensorFacts, spatialPads } from './shapes';

export interface OnnxImportOptions extends WorkloadImportOptions {
  /**
   * 'reference' reproduces the reference parsers' quirks that change loop sizes: Conv takes kernel/stride/
   * dilation/pads of ONNX's first spatial axis (H) for the X dimensions while OX/IX come from W; pooling takes H as
   * X; Stream pooling layers carry an extra C loop (equal to K) that multiplies their MAC count; auto_pad is ignored;
   * Stream's grouped (not depthwise) convs leave K out of the weight indices.
   * The default model maps X to the W axis everywhere, honours auto_pad and drops the spurious C loop.
   */
  readonly compat?: 'reference' | 'default';
}

/** Ops that only move or view data: zero-cost nodes that propagate dependencies. */
const DEPENDENCY_OPS = new Set([
  'Reshape', 'Flatten', 'Transpose', 'Concat', 'Gather', 'Split', 'Slice', 'Squeeze', 'Unsqueeze', 'LpNormalization',
  'Identity', 'Dropout', 'Constant', 'Shape', 'Expand', 'Tile', 'Cast',
]);
/** Element-wise ops Stream models as SIMD layers (ed4e12ef: Add, Mul, Relu, Gelu, Silu; the rest as classic Stream). */
const SIMD_OPS = new Set([
  'Add', 'Mul', 'Sub', 'Div', 'Pow', 'Relu', 'Gelu', 'Silu', 'Sigmoid', 'Exp', 'Sqrt', 'Reciprocal', 'Tanh', 'Clip',
  'LeakyRelu', 'HardSigmoid', 'HardSwish', 'Erf', 'Abs', 'Neg',
]);
const POOL_OPS = new Set(['MaxPool', 'AveragePool', 'GlobalMaxPool', 'GlobalAveragePool']);
/** Ops ZigZag knows to be free (not accelerated): zero-cost without a warning in the ZigZag view. */
const ZIGZAG_FREE_OPS = new Set([...SIMD_OPS, ...POOL_OPS, 'Softmax']);

const SOFTMAX_PARTS = ['max', 'exp', 'sum', 'div'] as const;

interface Ctx {
  readonly file: string;
  readonly flavour: WorkloadFlavour;
  readonly reference: boolean;
  readonly graph: OnnxGraph;
  readonly facts: TensorFacts;
  /** First id of each ONNX node (index), or -1 when the node is skipped. */
  readonly firstId: readonly number[];
  /** Tensor name -> id of the node producing it (the last id of an expanded node). */
  readonly producer: ReadonlyMap<string, number>;
  readonly issues: InputIssue[];
  readonly warnings: string[];
}

const nodeField = (n: OnnxNode): string => `graph.node[${n.index}]`;
const describe = (n: OnnxNode): string => `${n.opType}${n.name ? ` "${n.name}"` : ''}`;

/** Ids of the nodes producing this node's inputs, in input order (ZigZag's `get_node_predecessors`). */
function predecessors(ctx: Ctx, n: OnnxNode): number[] {
  const out: number[] = [];
  for (const input of n.inputs) {
    const p = input === '' ? undefined : ctx.producer.get(input);
    if (p !== undefined) out.push(p);
  }
  return out;
}

function requireShape(ctx: Ctx, n: OnnxNode, kind: 'input' | 'output', slot: number): Shape | null {
  const name = (kind === 'input' ? n.inputs : n.outputs)[slot];
  const shape = name ? ctx.facts.shapes.get(name) : undefined;
  if (!shape) {
    ctx.issues.push({
      file: ctx.file,
      field: `${nodeField(n)}.${kind}[${slot}]`,
      expected: `a known shape for tensor ${JSON.stringify(name ?? '')} of ${describe(n)} (value_info, graph input/output, initializer, or inferable from them)`,
      found: 'no shape',
    });
    return null;
  }
  return shape;
}

function onnxInfo(ctx: Ctx, n: OnnxNode): OnnxNodeInfo {
  const shapeOf = (t: string): readonly number[] | null => ctx.facts.shapes.get(t) ?? null;
  return {
    opType: n.opType,
    nodeName: n.name,
    inputs: n.inputs,
    outputs: n.outputs,
    inputShapes: n.inputs.map(shapeOf),
    outputShapes: n.outputs.map(shapeOf),
    group: attrInt(n, 'group', 1),
  };
}

/** ZigZag's precision attributes (`weight_size`, `act_size`, `output_size`) with their defaults 8 / 8 / 2×act. */
function precisions(n: OnnxNode, weightsConstant: boolean): Record<string, number> {
  const act = attrInt(n, 'act_size', 8);
  const weight = attrInt(n, 'weight_size', 8);
  const out = attrInt(n, 'output_size', 2 * act);
  return { W: weightsConstant ? weight : act, I: act, O_final: act, O: out };
}

/** ZigZag's operand sources from the predecessor count: 0 → both constant, 1 → W constant, 2 → W = 2nd, I = 1st. */
function zigzagSources(id: number, preds: readonly number[]): Record<string, number> {
  if (preds.length === 0) return { W: id, I: id };
  if (preds.length === 1) return { W: id, I: preds[0] };
  return { W: preds[1], I: preds[0] };
}

function dependencyNode(ctx: Ctx, n: OnnxNode, id: number, kind: 'propagation' | 'dummy'): DependencyNode {
  const sources = [...new Set(predecessors(ctx, n))];
  const attributes: Record<string, number | string | readonly number[]> = {};
  for (const [k, v] of n.attributes) {
    if (typeof v === 'number' || typeof v === 'string') attributes[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'number')) attributes[k] = v as number[];
  }
  // Constant-valued inputs (Reshape shape, Slice starts/ends, Gather indices, Split sizes) travel as attributes.
  const inputRoles: Record<string, readonly string[]> = {
    Reshape: ['data', 'shape'], Slice: ['data', 'starts', 'ends', 'axes', 'steps'], Gather: ['data', 'indices'],
    Split: ['input', 'split'], Squeeze: ['data', 'axes'], Unsqueeze: ['data', 'axes'], Expand: ['input', 'shape'],
    Tile: ['input', 'repeats'],
  };
  (inputRoles[n.opType] ?? []).forEach((role, i) => {
    const v = i > 0 && n.inputs[i] ? ctx.facts.values.get(n.inputs[i]) : undefined;
    if (v && !(role in attributes)) attributes[role] = v;
  });
  const out = n.outputs[0] ? ctx.facts.shapes.get(n.outputs[0]) : undefined;
  return {
    kind,
    id,
    name: n.name || `Node${id}`,
    operatorType: n.opType,
    type: n.opType.toLowerCase(),
    totalMacs: 0,
    sources,
    outputShape: out ?? null,
    attributes,
    onnx: onnxInfo(ctx, n),
  };
}

function unsupported(ctx: Ctx, n: OnnxNode, id: number, why: string): DependencyNode {
  ctx.warnings.push(`${nodeField(n)} (${describe(n)}): ${why}; imported as a zero-cost node`);
  return dependencyNode(ctx, n, id, 'dummy');
}

interface SpatialGeometry {
  ox: number; oy: number; ix: number; iy: number; fx: number; fy: number;
  sx: number; sy: number; dx: number; dy: number;
  padX: [number, number]; padY: [number, number];
}

/** Maps the two ONNX spatial axes (H, W) onto the Y/X loop dimensions; see `OnnxImportOptions.compat`. */
function geometry(ctx: Ctx, n: OnnxNode, x: Shape, y: Shape, kernel: readonly number[], swapOutputs: boolean): SpatialGeometry {
  const strides = attrInts(n, 'strides') ?? [1, 1];
  const dil = attrInts(n, 'dilations') ?? [1, 1];
  if (ctx.reference) {
    const pads = attrInts(n, 'pads') ?? [0, 0, 0, 0];
    // Reference: kernel/stride/dilation/pads of axis 0 (H) go to X; sizes of OX/IX come from W (conv) or H (pool).
    const [ox, oy, ix, iy] = swapOutputs ? [y[2], y[3], x[2], x[3]] : [y[3], y[2], x[3], x[2]];
    return {
      ox, oy, ix, iy, fx: kernel[0], fy: kernel[1], sx: strides[0] ?? 1, sy: strides[1] ?? 1, dx: dil[0] ?? 1, dy: dil[1] ?? 1,
      padX: [pads[0] ?? 0, pads[2] ?? 0], padY: [pads[1] ?? 0, pads[3] ?? 0],
    };
  }
  return {
    ox: y[3], oy: y[2], ix: x[3], iy: x[2], fx: kernel[1], fy: kernel[0],
    sx: strides[1] ?? 1, sy: strides[0] ?? 1, dx: dil[1] ?? 1, dy: dil[0] ?? 1,
    padX: spatialPads(n, 1, 2, x[3], kernel[1], strides[1] ?? 1, dil[1] ?? 1),
    padY: spatialPads(n, 0, 2, x[2], kernel[0], strides[0] ?? 1, dil[0] ?? 1),
  };
}

/**
 * Stream indexes grouped-conv weights by [g][c] only, which is right for depthwise convs (K = 1) but drops the K
 * factor of the weights of other grouped convs; the default keeps K there.
 */
function streamConvEquation(group: number, k: number, reference: boolean, spatial: 1 | 2): string {
  const w = group === 1 ? '[k]' : k > 1 && !reference ? '[g][k]' : '[g]';
  return spatial === 2
    ? `O[b][g][k][oy][ox]+=W${w}[c][fy][fx]*I[b][g][c][iy][ix]`
    : `O[b][g][k][ox]+=W${w}[c][fx]*I[b][g][c][ix]`;
}

function convSpec(ctx: Ctx, n: OnnxNode, id: number): LayerSpec | DependencyNode | null {
  const weightSlot = n.opType === 'QLinearConv' ? 3 : 1;
  const x = requireShape(ctx, n, 'input', 0);
  const y = requireShape(ctx, n, 'output', 0);
  if (!x || !y) return null;
  if (x.length !== y.length || (x.length !== 4 && x.length !== 3)) {
    return unsupported(ctx, n, id, `only 1-D and 2-D convolutions are modelled (input rank ${x.length})`);
  }
  const spatial = x.length - 2;
  const kernel = attrInts(n, 'kernel_shape') ?? ctx.facts.shapes.get(n.inputs[weightSlot] ?? '')?.slice(2);
  if (!kernel || kernel.length !== spatial) {
    ctx.issues.push({ file: ctx.file, field: `${nodeField(n)}.attribute.kernel_shape`, expected: `a ${spatial}-D kernel_shape for ${describe(n)} (attribute or weight shape)`, found: kernel ? `[${kernel.join(', ')}]` : 'nothing' });
    return null;
  }
  const group = attrInt(n, 'group', 1);
  const preds = predecessors(ctx, n);
  const stream = ctx.flavour === 'stream';
  const k = Math.ceil(y[1] / group);
  const c = Math.ceil(x[1] / group);
  let operandSource: Record<string, number>;
  if (stream) {
    const src = (slot: number): number => ctx.producer.get(n.inputs[slot] ?? '') ?? id;
    operandSource = { I: src(0), W: src(weightSlot) };
  } else {
    if (preds.length > 2) ctx.warnings.push(`${nodeField(n)} (${describe(n)}): more than two producing nodes; only the first two are kept`);
    operandSource = zigzagSources(id, preds);
  }
  const common = {
    id,
    name: n.name || `Layer${id}`,
    operatorType: n.opType,
    type: 'conv',
    operandPrecision: stream ? { O: 16, O_final: 8, W: 8, I: 8 } : precisions(n, true),
    operandSource,
    onnx: onnxInfo(ctx, n),
  };
  if (spatial === 1) {
    const s = attrInts(n, 'strides')?.[0] ?? 1;
    const d = attrInts(n, 'dilations')?.[0] ?? 1;
    return {
      ...common,
      equation: stream ? streamConvEquation(group, k, ctx.reference, 1) : 'O[b][g][k][ox]+=W[g][k][c][fx]*I[b][g][c][ix]',
      dimensionRelations: [`ix=${s}*ox+${d}*fx`],
      loopDims: ['B', 'K', 'G', 'OX', 'C', 'FX'],
      loopSizes: [y[0], k, group, y[2], c, kernel[0]],
      prLoopDims: ['IX'],
      prLoopSizes: [x[2]],
      padding: [ctx.reference ? [attrInts(n, 'pads')?.[0] ?? 0, attrInts(n, 'pads')?.[1] ?? 0] : spatialPads(n, 0, 1, x[2], kernel[0], s, d)],
    };
  }
  const g = geometry(ctx, n, x, y, kernel, false);
  return {
    ...common,
    equation: stream ? streamConvEquation(group, k, ctx.reference, 2) : 'O[b][g][k][oy][ox]+=W[g][k][c][fy][fx]*I[b][g][c][iy][ix]',
    dimensionRelations: [`ix=${g.sx}*ox+${g.dx}*fx`, `iy=${g.sy}*oy+${g.dy}*fy`],
    loopDims: ['B', 'K', 'G', 'OX', 'OY', 'C', 'FX', 'FY'],
    loopSizes: [y[0], k, group, g.ox, g.oy, c, g.fx, g.fy],
    prLoopDims: ['IX', 'IY'],
    prLoopSizes: [g.ix, g.iy],
    padding: [g.padX, g.padY],
  };
}

function poolSpec(ctx: Ctx, n: OnnxNode, id: number): LayerSpec | DependencyNode | null {
  const x = requireShape(ctx, n, 'input', 0);
  const y = requireShape(ctx, n, 'output', 0);
  if (!x || !y) return null;
  if (x.length !== 4 || y.length !== 4) return unsupported(ctx, n, id, `only 2-D pooling is modelled (input rank ${x.length})`);
  const global = n.opType.startsWith('Global');
  const kernel = global ? [x[2], x[3]] : attrInts(n, 'kernel_shape');
  if (!kernel || kernel.length !== 2) {
    ctx.issues.push({ file: ctx.file, field: `${nodeField(n)}.attribute.kernel_shape`, expected: `a 2-D kernel_shape for ${describe(n)}`, found: kernel ? `[${kernel.join(', ')}]` : 'nothing' });
    return null;
  }
  const g = geometry(ctx, n, x, y, kernel, true);
  const preds = predecessors(ctx, n);
  const withC = ctx.reference;
  return {
    id,
    name: n.name || `Layer${id}`,
    operatorType: n.opType,
    type: 'pooling',
    equation: 'O[b][k][oy][ox]+=W[fy][fx]*I[b][k][iy][ix]',
    dimensionRelations: [`ix=${g.sx}*ox+${g.dx}*fx`, `iy=${g.sy}*oy+${g.dy}*fy`],
    loopDims: withC ? ['B', 'K', 'OX', 'OY', 'C', 'FX', 'FY'] : ['B', 'K', 'OX', 'OY', 'FX', 'FY'],
    loopSizes: withC ? [y[0], y[1], g.ox, g.oy, x[1], g.fx, g.fy] : [y[0], y[1], g.ox, g.oy, g.fx, g.fy],
    operandPrecision: { O: 8, O_final: 8, W: 0, I: 8 },
    operandSource: preds.length > 0 ? { I: preds[0], W: id } : { I: id, W: id },
    prLoopDims: ['IX', 'IY'],
    prLoopSizes: [g.ix, g.iy],
    padding: [g.padX, g.padY],
    onnx: onnxInfo(ctx, n),
  };
}

function gemmSpec(ctx: Ctx, n: OnnxNode, id: number): LayerSpec | DependencyNode | null {
  let x = requireShape(ctx, n, 'input', 0);
  const y = requireShape(ctx, n, 'output', 0);
  if (!x || !y) return null;
  if (attrInt(n, 'transA', 0) && x.length === 2) x = [x[1], x[0]];
  if (x.length !== y.length || x.length < 2 || x.length > 4) {
    return unsupported(ctx, n, id, `input rank ${x.length} and output rank ${y.length} must be equal and 2, 3 or 4`);
  }
  const preds = predecessors(ctx, n);
  const weightsConstant = preds.length < 2;
  const batch = x.length >= 3 ? [x[0]] : [];
  const heads = x.length === 4 ? [x[1]] : [];
  const bh = `${batch.length ? '[b]' : ''}${heads.length ? '[h]' : ''}`;
  return {
    id,
    name: n.name || `Layer${id}`,
    operatorType: n.opType,
    type: n.opType.toLowerCase(),
    equation: `O${bh}[d][k]+=I${bh}[d][c]*W${weightsConstant ? '' : bh}[c][k]`,
    dimensionRelations: [],
    loopDims: ['C', 'D', 'K', ...(batch.length ? ['B'] : []), ...(heads.length ? ['H'] : [])],
    loopSizes: [x[x.length - 1], x[x.length - 2], y[y.length - 1], ...batch, ...heads],
    operandPrecision: precisions(n, weightsConstant),
    operandSource: zigzagSources(id, preds),
    onnx: onnxInfo(ctx, n),
  };
}

const SIMD_DIMS: Readonly<Record<number, readonly string[]>> = { 1: ['K'], 2: ['D', 'K'], 3: ['B', 'D', 'K'], 4: ['B', 'H', 'D', 'K'] };
const index = (dims: readonly string[]): string => dims.map((d) => `[${d.toLowerCase()}]`).join('');

/** Stream's operand sources for SIMD-like layers: 1 producer → W constant; 2 → W = 1st, I = 2nd. */
function streamSources(id: number, preds: readonly number[]): Record<string, number> {
  if (preds.length === 0) return { W: id, I: id };
  if (preds.length === 1) return { W: id, I: preds[0] };
  return { W: preds[0], I: preds[1] };
}

function simdSpec(ctx: Ctx, n: OnnxNode, id: number): LayerSpec | DependencyNode | null {
  const y = requireShape(ctx, n, 'output', 0);
  if (!y) return null;
  const preds = predecessors(ctx, n);
  const base = {
    id, name: n.name || `Layer${id}`, operatorType: n.opType, type: n.opType.toLowerCase(), dimensionRelations: [],
    operandSource: streamSources(id, preds), operandPrecision: precisions(n, preds.length < 2), onnx: onnxInfo(ctx, n),
  };
  if (n.inputs.length === 2 && (n.opType === 'Add' || n.opType === 'Mul')) {
    const a = ctx.facts.shapes.get(n.inputs[0]);
    const b = ctx.facts.shapes.get(n.inputs[1]);
    if (a && b && a.join(',') !== b.join(',')) {
      const small = a.join(',') === y.join(',') ? b : a;
      if (Math.abs(a.length - b.length) === 1 && y.length === 3 && small.length === 2) {
        return { ...base, equation: 'O[b][d][k]+=I[b][d][k]*W[d][k]', loopDims: ['B', 'D', 'K'], loopSizes: [...y] };
      }
      return unsupported(ctx, n, id, `broadcasting between shapes [${a.join(', ')}] and [${b.join(', ')}] is not modelled`);
    }
  }
  const x = requireShape(ctx, n, 'input', 0);
  if (!x) return null;
  if (x.join(',') !== y.join(',')) return unsupported(ctx, n, id, `input shape [${x.join(', ')}] differs from output shape [${y.join(', ')}]`);
  const dims = SIMD_DIMS[y.length];
  if (!dims) return unsupported(ctx, n, id, `element-wise ops of rank ${y.length} are not modelled (1 to 4)`);
  const single = preds.length < 2;
  return { ...base, equation: `O${index(dims)}+=I${index(dims)}*W${single ? '[]' : index(dims)}`, loopDims: dims, loopSizes: [...y] };
}

function softmaxSpecs(ctx: Ctx, n: OnnxNode, id: number): (LayerSpec | DependencyNode)[] | null {
  const x = requireShape(ctx, n, 'input', 0);
  if (!x) return null;
  const outer = SOFTMAX_OUTER_DIMS[x.length];
  if (!outer) return [unsupported(ctx, n, id, `softmax of rank ${x.length} is not modelled (2 to 4)`)];
  const dims = [...outer, 'C'];
  const pred = predecessors(ctx, n)[0];
  const [idMax, idExp, idSum] = [id, id + 1, id + 2];
  const reduce = `O${index(outer)}+=I${index(dims)}*W[]`;
  const rowwise = `O${index(dims)}+=I${index(dims)}+W${index(outer)}`;
  const sources = [
    { I: pred ?? idMax, W: idMax },
    { I: pred ?? idExp, W: idMax },
    { I: idExp, W: idSum },
    { I: idExp, W: idSum },
  ];
  const equations = [reduce, rowwise, reduce, rowwise];
  return SOFTMAX_PARTS.map((part, i) => ({
    id: id + i,
    name: `${n.name || `Layer${id}`}-${part}/`,
    operatorType: n.opType,
    type: part,
    equation: equations[i],
    dimensionRelations: [],
    loopDims: dims,
    loopSizes: [...x],
    operandPrecision: precisions(n, true),
    operandSource: sources[i],
    onnx: onnxInfo(ctx, n),
  }));
}

const SOFTMAX_OUTER_DIMS: Readonly<Record<number, readonly string[]>> = { 2: ['K'], 3: ['B', 'K'], 4: ['B', 'H', 'K'] };

/** How many graph nodes an ONNX node becomes in this flavour (0 = skipped). */
function expansion(n: OnnxNode, flavour: WorkloadFlavour, facts: TensorFacts): number {
  if (flavour === 'zigzag') return 1;
  if (n.inputs.length === 0) return 0; // Stream skips input-less nodes such as Constant
  const softmaxRank = n.opType === 'Softmax' ? facts.shapes.get(n.inputs[0])?.length : undefined;
  return softmaxRank !== undefined && softmaxRank in SOFTMAX_OUTER_DIMS ? 4 : 1;
}

function convertNode(ctx: Ctx, n: OnnxNode, id: number): (LayerSpec | DependencyNode)[] | null {
  const op = n.opType;
  const one = (x: LayerSpec | DependencyNode | null): (LayerSpec | DependencyNode)[] | null => (x ? [x] : null);
  if (op === 'Conv' || op === 'QLinearConv') return one(convSpec(ctx, n, id));
  if (op === 'Gemm' || op === 'MatMul') return one(gemmSpec(ctx, n, id));
  if (DEPENDENCY_OPS.has(op)) return [dependencyNode(ctx, n, id, 'propagation')];
  if (ctx.flavour === 'zigzag') {
    if (ZIGZAG_FREE_OPS.has(op)) return [dependencyNode(ctx, n, id, 'dummy')];
    return [unsupported(ctx, n, id, 'unsupported operator')];
  }
  if (POOL_OPS.has(op)) return one(poolSpec(ctx, n, id));
  if (SIMD_OPS.has(op)) return one(simdSpec(ctx, n, id));
  if (op === 'Softmax') return softmaxSpecs(ctx, n, id);
  return [unsupported(ctx, n, id, 'unsupported operator')];
}

/**
 * Converts a decoded ONNX graph into a workload in the ZigZag (3.8.0) or Stream (ed4e12ef) view.
 * Node ids: ZigZag numbers every ONNX node by its index; Stream skips input-less nodes and numbers sequentially,
 * a Softmax taking four ids.
 */
export function convertOnnxGraph(graph: OnnxGraph, fileName: string, options: OnnxImportOptions = {}): Result<Workload> {
  const flavour = options.flavour ?? 'stream';
  const facts = collectTensorFacts(graph);
  const firstId: number[] = [];
  const producer = new Map<string, number>();
  let next = 0;
  for (const n of graph.nodes) {
    const count = expansion(n, flavour, facts);
    firstId.push(count === 0 ? -1 : next);
    if (count > 0) for (const out of n.outputs) if (out !== '') producer.set(out, next + count - 1);
    next += count;
  }
  const ctx: Ctx = {
    file: fileName, flavour, reference: options.compat === 'reference', graph, facts, firstId, producer, issues: [], warnings: [],
  };
  if (facts.symbolic.length > 0) {
    ctx.warnings.push(`symbolic dimensions taken as 1 in tensors ${facts.symbolic.slice(0, 5).join(', ')}${facts.symbolic.length > 5 ? ', ...' : ''}`);
  }
  const nodes: WorkloadNode[] = [];
  const fields: string[] = [];
  for (const n of graph.nodes) {
    const id = firstId[n.index];
    if (id < 0) continue;
    const specs = convertNode(ctx, n, id);
    if (!specs) continue;
    for (const spec of specs) {
      fields.push(nodeField(n));
      if ('kind' in spec) {
        nodes.push(spec);
        continue;
      }
      const built = buildLayer(spec, { file: fileName, field: nodeField(n) });
      if (built.ok) nodes.push(built.value);
      else ctx.issues.push(...built.issues);
    }
  }
  if (ctx.issues.length > 0) return fail(ctx.issues);
  return assembleWorkload({
    name: workloadNameFromFile(fileName),
    origin: 'onnx',
    flavour,
    nodes,
    warnings: ctx.warnings,
    file: fileName,
    fieldOf: (i) => fields[i],
  });
}

/** Decodes and converts an ONNX model (pure: bytes in, workload or input issues out). */
export function parseOnnxWorkload(bytes: Uint8Array, fileName: string, options: OnnxImportOptions = {}): Result<Workload> {
  const graph = decodeOnnx(bytes, fileName);
  if (!graph.ok) return graph;
  return convertOnnxGraph(graph.value, fileName, options);
}
