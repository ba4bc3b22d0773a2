import type { OnnxAttr, OnnxGraph, OnnxNode, OnnxTensor } from './decode';

export type Shape = readonly number[];

/** Tensor shapes and small constant values known after reading the file and running shape inference. */
export interface TensorFacts {
  readonly shapes: ReadonlyMap<string, Shape>;
  /** Values of constant integer-like tensors (initializers, Constant nodes, Shape outputs). */
  readonly values: ReadonlyMap<string, readonly number[]>;
  /** Names whose shape had symbolic dimensions that were taken as 1. */
  readonly symbolic: readonly string[];
}

export const UNARY_SAME_SHAPE = new Set([
  'Relu', 'LeakyRelu', 'PRelu', 'Elu', 'Selu', 'Celu', 'Gelu', 'Silu', 'Mish', 'Sigmoid', 'HardSigmoid', 'HardSwish',
  'Tanh', 'Clip', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Neg', 'Abs', 'Erf', 'Softmax', 'LogSoftmax', 'Softplus',
  'Softsign', 'LRN', 'BatchNormalization', 'InstanceNormalization', 'LayerNormalization', 'LpNormalization',
  'Dropout', 'Identity', 'Cast', 'Floor', 'Ceil', 'Round', 'Sin', 'Cos', 'Sign', 'QuantizeLinear', 'DequantizeLinear',
]);

export const BROADCAST_BINARY = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum', 'Mean', 'Equal', 'Less', 'Greater', 'Where', 'And', 'Or']);

export function attrInts(node: OnnxNode, name: string): number[] | undefined {
  const a = node.attributes.get(name);
  if (Array.isArray(a)) return (a as readonly unknown[]).map(Number);
  if (typeof a === 'number') return [a];
  if (a && typeof a === 'object' && 'values' in a) return (a as OnnxTensor).values?.slice() ?? undefined;
  return undefined;
}

export function attrInt(node: OnnxNode, name: string, fallback: number): number {
  const a: OnnxAttr | undefined = node.attributes.get(name);
  return typeof a === 'number' ? a : fallback;
}

export function attrString(node: OnnxNode, name: string, fallback: string): string {
  const a = node.attributes.get(name);
  return typeof a === 'string' ? a : fallback;
}

const prod = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);
const normAxis = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);

function broadcast(a: Shape, b: Shape): Shape | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Begin/end padding of one spatial axis, honouring `auto_pad`. */
export function spatialPads(node: OnnxNode, axis: number, nSpatial: number, inSize: number, k: number, s: number, d: number): [number, number] {
  const autoPad = attrString(node, 'auto_pad', 'NOTSET');
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const out = Math.ceil(inSize / s);
    const total = Math.max(0, (out - 1) * s + (k - 1) * d + 1 - inSize);
    const small = Math.floor(total / 2);
    return autoPad === 'SAME_UPPER' ? [small, total - small] : [total - small, small];
  }
  if (autoPad === 'VALID') return [0, 0];
  const pads = attrInts(node, 'pads') ?? [];
  return [pads[axis] ?? 0, pads[axis + nSpatial] ?? 0];
}

function windowShape(node: OnnxNode, input: Shape, outChannels: number, kernel: readonly number[]): Shape | null {
  const nSpatial = input.length - 2;
  if (nSpatial < 1 || kernel.length !== nSpatial) return null;
  const strides = attrInts(node, 'strides') ?? new Array<number>(nSpatial).fill(1);
  const dilations = attrInts(node, 'dilations') ?? new Array<number>(nSpatial).fill(1);
  const ceilMode = attrInt(node, 'ceil_mode', 0) === 1;
  const out: number[] = [input[0], outChannels];
  for (let i = 0; i < nSpatial; i++) {
    const [pb, pe] = spatialPads(node, i, nSpatial, input[2 + i], kernel[i], strides[i] ?? 1, dilations[i] ?? 1);
    const span = input[2 + i] + pb + pe - (dilations[i] ?? 1) * (kernel[i] - 1) - 1;
    const q = span / (strides[i] ?? 1);
    out.push((ceilMode ? Math.ceil(q) : Math.floor(q)) + 1);
  }
  return out.every((x) => Number.isInteger(x) && x > 0) ? out : null;
}

function matmulShape(a: Shape, b: Shape): Shape | null {
  if (a.length === 0 || b.length === 0) return null;
  const a2 = a.length === 1 ? [1, a[0]] : a;
  const b2 = b.length === 1 ? [b[0], 1] : b;
  if (a2[a2.length - 1] !== b2[b2.length - 2]) return null;
  const batch = broadcast(a2.slice(0, -2), b2.slice(0, -2));
  if (!batch) return null;
  const out = [...batch];
  if (a.length > 1) out.push(a2[a2.length - 2]);
  if (b.length > 1) out.push(b2[b2.length - 1]);
  return out;
}

/** Output shapes of one node from its input shapes; null when this importer cannot tell. */
function inferNode(node: OnnxNode, shapeOf: (name: string) => Shape | undefined, valueOf: (name: string) => readonly number[] | undefined): (Shape | null)[] {
  const ins = node.inputs.map((n) => (n === '' ? undefined : shapeOf(n)));
  const x = ins[0];
  const one = (s: Shape | null | undefined): (Shape | null)[] => [s ?? null];
  const op = node.opType;
  if (UNARY_SAME_SHAPE.has(op)) return node.outputs.map(() => x ?? null);
  if (BROADCAST_BINARY.has(op)) {
    const known = ins.filter((s): s is Shape => s !== undefined);
    if (known.length !== node.inputs.length || known.length === 0) return one(null);
    return one(known.reduce<Shape | null>((acc, s) => (acc ? broadcast(acc, s) : null), known[0]));
  }
  switch (op) {
    case 'Conv':
    case 'ConvInteger': {
      const w = ins[1];
      if (!x || !w) return one(null);
      const kernel = attrInts(node, 'kernel_shape') ?? w.slice(2);
      return one(windowShape(node, x, w[0], kernel));
    }
    case 'QLinearConv': {
      const w = ins[3];
      if (!x || !w) return one(null);
      return one(windowShape(node, x, w[0], attrInts(node, 'kernel_shape') ?? w.slice(2)));
    }
    case 'MaxPool':
    case 'AveragePool':
    case 'LpPool': {
      const kernel = attrInts(node, 'kernel_shape');
      if (!x || !kernel) return one(null);
      return node.outputs.map(() => windowShape(node, x, x[1], kernel));
    }
    case 'GlobalAveragePool':
    case 'GlobalMaxPool':
    case 'GlobalLpPool':
      return one(x ? [x[0], x[1], ...x.slice(2).map(() => 1)] : null);
    case 'Gemm': {
      const b = ins[1];
      if (!x || !b || x.length !== 2 || b.length !== 2) return one(null);
      const m = attrInt(node, 'transA', 0) ? x[1] : x[0];
      const n = attrInt(node, 'transB', 0) ? b[0] : b[1];
      return one([m, n]);
    }
    case 'MatMul':
    case 'MatMulInteger':
      return one(x && ins[1] ? matmulShape(x, ins[1]) : null);
    case 'Flatten': {
      if (!x) return one(null);
      const axis = normAxis(attrInt(node, 'axis', 1), x.length);
      return one([prod(x.slice(0, axis)), prod(x.slice(axis))]);
    }
    case 'Reshape': {
      const target = valueOf(node.inputs[1] ?? '') ?? attrInts(node, 'shape');
      if (!x || !target) return one(null);
      const out = target.map((t, i) => (t === 0 ? x[i] : t));
      const known = prod(out.filter((t) => t !== -1));
      const total = prod(x);
      const fixed = out.map((t) => (t === -1 ? total / known : t));
      return one(fixed.every((t) => Number.isInteger(t) && t > 0) && prod(fixed) === total ? fixed : null);
    }
    case 'Transpose': {
      if (!x) return one(null);
      const perm = attrInts(node, 'perm') ?? x.map((_, i) => x.length - 1 - i);
      return one(perm.length === x.length ? perm.map((p) => x[p]) : null);
    }
    case 'Concat': {
      if (ins.some((s) => !s) || !x) return one(null);
      const axis = normAxis(attrInt(node, 'axis', 0), x.length);
      const out = [...x];
      out[axis] = (ins as Shape[]).reduce((acc, s) => acc + s[axis], 0);
      return one(out);
    }
    case 'Gather': {
      const idx = ins[1];
      if (!x || !idx) return one(null);
      const axis = normAxis(attrInt(node, 'axis', 0), x.length);
      return one([...x.slice(0, axis), ...idx, ...x.slice(axis + 1)]);
    }
    case 'Split': {
      if (!x) return node.outputs.map(() => null);
      const axis = normAxis(attrInt(node, 'axis', 0), x.length);
      const sizes = attrInts(node, 'split') ?? valueOf(node.inputs[1] ?? '');
      return node.outputs.map((_, i) => {
        const size = sizes ? sizes[i] : x[axis] / node.outputs.length;
        if (!Number.isInteger(size)) return null;
        const out = [...x];
        out[axis] = size;
        return out;
      });
    }
    case 'Slice': {
      const starts = valueOf(node.inputs[1] ?? '') ?? attrInts(node, 'starts');
      const ends = valueOf(node.inputs[2] ?? '') ?? attrInts(node, 'ends');
      if (!x || !starts || !ends) return one(null);
      const axes = valueOf(node.inputs[3] ?? '') ?? attrInts(node, 'axes') ?? starts.map((_, i) => i);
      const steps = valueOf(node.inputs[4] ?? '') ?? starts.map(() => 1);
      const out = [...x];
      axes.forEach((a0, i) => {
        const a = normAxis(a0, x.length);
        const dim = x[a];
        const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + dim : v, 0), dim);
        const step = steps[i] ?? 1;
        out[a] = step > 0 ? Math.max(0, Math.ceil((clamp(ends[i]) - clamp(starts[i])) / step)) : Math.max(0, Math.ceil((clamp(starts[i]) - clamp(ends[i])) / -step));
      });
      return one(out);
    }
    case 'Squeeze': {
      if (!x) return one(null);
      const axes = (attrInts(node, 'axes') ?? valueOf(node.inputs[1] ?? ''))?.map((a) => normAxis(a, x.length));
      return one(x.filter((d, i) => (axes ? !axes.includes(i) : d !== 1)));
    }
    case 'Unsqueeze': {
      const axes0 = attrInts(node, 'axes') ?? valueOf(node.inputs[1] ?? '');
      if (!x || !axes0) return one(null);
      const rank = x.length + axes0.length;
      const axes = axes0.map((a) => normAxis(a, rank));
      const out: number[] = [];
      let j = 0;
      for (let i = 0; i < rank; i++) out.push(axes.includes(i) ? 1 : x[j++]);
      return one(out);
    }
    case 'Shape':
      return one(x ? [x.length] : null);
    case 'ReduceMean':
    case 'ReduceSum':
    case 'ReduceMax':
    case 'ReduceMin': {
      if (!x) return one(null);
      const axes = (attrInts(node, 'axes') ?? valueOf(node.inputs[1] ?? '') ?? x.map((_, i) => i)).map((a) => normAxis(a, x.length));
      const keep = attrInt(node, 'keepdims', 1) === 1;
      return one(keep ? x.map((d, i) => (axes.includes(i) ? 1 : d)) : x.filter((_, i) => !axes.includes(i)));
    }
    default:
      return node.outputs.map(() => null);
  }
}

/**
 * Collects the shapes the file states (graph inputs, outputs, value_info, initializers, in ZigZag's lookup
 * order) and infers the missing ones node by node. Symbolic dimensions (e.g. a named batch size) are taken as 1.
 */
export function collectTensorFacts(graph: OnnxGraph): TensorFacts {
  const shapes = new Map<string, Shape>();
  const values = new Map<string, readonly number[]>();
  const symbolic: string[] = [];
  const addInfo = (name: string, shape: readonly (number | null)[] | null): void => {
    if (shapes.has(name) || !shape) return;
    if (shape.some((d) => d === null)) symbolic.push(name);
    shapes.set(name, shape.map((d) => d ?? 1));
  };
  for (const v of graph.inputs) addInfo(v.name, v.shape);
  for (const v of graph.outputs) addInfo(v.name, v.shape);
  for (const v of graph.valueInfo) addInfo(v.name, v.shape);
  for (const [name, t] of graph.initializers) {
    if (!shapes.has(name)) shapes.set(name, t.dims);
    if (t.values) values.set(name, t.values);
  }
  for (const node of graph.nodes) {
    if (node.opType === 'Constant') {
      const t = node.attributes.get('value');
      if (t && typeof t === 'object' && 'dims' in t) {
        const tensor = t as OnnxTensor;
        if (!shapes.has(node.outputs[0])) shapes.set(node.outputs[0], tensor.dims);
        if (tensor.values) values.set(node.outputs[0], tensor.values);
      } else {
        const ints = attrInts(node, 'value_ints') ?? attrInts(node, 'value_int');
        if (ints) values.set(node.outputs[0], ints);
      }
      continue;
    }
    if (node.opType === 'Shape') {
      const x = shapes.get(node.inputs[0]);
      if (x && !values.has(node.outputs[0])) values.set(node.outputs[0], x);
    }
    if (node.outputs.every((o) => shapes.has(o))) continue;
    const inferred = inferNode(node, (n) => shapes.get(n), (n) => values.get(n));
    node.outputs.forEach((o, i) => {
      const s = inferred[i];
      if (s && !shapes.has(o)) shapes.set(o, s);
    });
  }
  return { shapes, values, symbolic };
}
