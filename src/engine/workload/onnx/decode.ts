import type { InputIssue, Result } from '../../errors';
import { fail, ok } from '../../errors';
import { ATTR, onnxModelType } from './schema';

/** An attribute value reduced to what the importer uses. */
export type OnnxAttr = number | string | readonly number[] | readonly string[] | OnnxTensor;

export interface OnnxTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly dataType: number;
  /** Numeric contents when stored in the file (int32/int64/float/double, raw or typed); null otherwise. */
  readonly values: readonly number[] | null;
}

export interface OnnxNode {
  readonly index: number;
  readonly name: string;
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: ReadonlyMap<string, OnnxAttr>;
}

export interface OnnxValueInfo {
  readonly name: string;
  readonly elemType: number;
  /** Shape with symbolic or missing dims as null; null when the value has no shape at all. */
  readonly shape: readonly (number | null)[] | null;
}

export interface OnnxGraph {
  readonly nodes: readonly OnnxNode[];
  readonly initializers: ReadonlyMap<string, OnnxTensor>;
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  readonly valueInfo: readonly OnnxValueInfo[];
}

type Msg = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const toNum = (v: unknown): number => {
  if (typeof v === 'number') return v;
  if (v && typeof (v as { toNumber?: unknown }).toNumber === 'function') return (v as { toNumber(): number }).toNumber();
  return Number(v);
};

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** Small tensors only: big weight blobs are never needed for the workload. */
const MAX_DECODED_VALUES = 1 << 16;

function tensorValues(t: Msg, count: number): number[] | null {
  if (count > MAX_DECODED_VALUES) return null;
  const typed: unknown[] | undefined =
    t.int64Data?.length ? t.int64Data : t.int32Data?.length ? t.int32Data : t.floatData?.length ? t.floatData : t.doubleData?.length ? t.doubleData : undefined;
  if (typed) return typed.map(toNum);
  const raw: Uint8Array | undefined = t.rawData;
  if (!raw || raw.length === 0) return count === 0 ? [] : null;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: number[] = [];
  const dt = t.dataType as number;
  const width = dt === 7 || dt === 11 || dt === 13 ? 8 : dt === 1 || dt === 6 || dt === 12 ? 4 : dt === 2 || dt === 3 || dt === 9 ? 1 : 0;
  if (width === 0 || raw.byteLength < count * width) return null;
  for (let i = 0; i < count; i++) {
    const o = i * width;
    switch (dt) {
      case 7: out.push(Number(view.getBigInt64(o, true))); break;
      case 13: out.push(Number(view.getBigUint64(o, true))); break;
      case 11: out.push(view.getFloat64(o, true)); break;
      case 1: out.push(view.getFloat32(o, true)); break;
      case 6: out.push(view.getInt32(o, true)); break;
      case 12: out.push(view.getUint32(o, true)); break;
      case 3: out.push(view.getInt8(o)); break;
      default: out.push(view.getUint8(o));
    }
  }
  return out;
}

function toTensor(t: Msg): OnnxTensor {
  const dims = (t.dims ?? []).map(toNum);
  const count = dims.reduce((a: number, b: number) => a * b, 1);
  return { name: t.name ?? '', dims, dataType: t.dataType ?? 0, values: tensorValues(t, count) };
}

function toAttr(a: Msg): OnnxAttr | undefined {
  switch (a.type) {
    case ATTR.FLOAT: return a.f ?? 0;
    case ATTR.INT: return toNum(a.i ?? 0);
    case ATTR.STRING: return text(a.s ?? new Uint8Array());
    case ATTR.TENSOR: return a.t ? toTensor(a.t) : undefined;
    case ATTR.FLOATS: return (a.floats ?? []).map(toNum);
    case ATTR.INTS: return (a.ints ?? []).map(toNum);
    case ATTR.STRINGS: return (a.strings ?? []).map(text);
    default:
      // Files written without `type` (very old exporters): infer from the populated field.
      if (a.ints?.length) return a.ints.map(toNum);
      if (a.i !== undefined && a.i !== null) return toNum(a.i);
      return undefined;
  }
}

function toValueInfo(v: Msg): OnnxValueInfo {
  const tt = v.type?.tensorType;
  const dims: Msg[] | undefined = tt?.shape?.dim;
  const shape = tt?.shape ? (dims ?? []).map((d) => (d.dimValue !== undefined && d.dimValue !== null && toNum(d.dimValue) > 0 ? toNum(d.dimValue) : null)) : null;
  return { name: v.name ?? '', elemType: tt?.elemType ?? 0, shape };
}

/** Decodes an ONNX ModelProto. Any decoding failure becomes an input issue on the file. */
export function decodeOnnx(bytes: Uint8Array, file: string): Result<OnnxGraph> {
  let model: Msg;
  try {
    model = onnxModelType().decode(bytes) as unknown as Msg;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return fail([{ file, field: '', expected: 'an ONNX model (protobuf ModelProto)', found: `undecodable bytes (${reason})` }]);
  }
  const issues: InputIssue[] = [];
  const graph: Msg | undefined = model.graph;
  if (!graph || !Array.isArray(graph.node) || graph.node.length === 0) {
    issues.push({ file, field: 'graph.node', expected: 'an ONNX model with a graph of at least one node', found: graph ? 'an empty graph' : 'no graph' });
    return fail(issues);
  }
  const nodes: OnnxNode[] = graph.node.map((n: Msg, index: number) => {
    const attributes = new Map<string, OnnxAttr>();
    for (const a of n.attribute ?? []) {
      const v = toAttr(a);
      if (v !== undefined) attributes.set(a.name ?? '', v);
    }
    return { index, name: n.name ?? '', opType: n.opType ?? '', inputs: n.input ?? [], outputs: n.output ?? [], attributes };
  });
  nodes.forEach((n) => {
    if (!n.opType) issues.push({ file, field: `graph.node[${n.index}].op_type`, expected: 'an operator type', found: 'nothing' });
  });
  if (issues.length > 0) return fail(issues);
  const initializers = new Map<string, OnnxTensor>();
  for (const t of graph.initializer ?? []) {
    const tensor = toTensor(t);
    initializers.set(tensor.name, tensor);
  }
  return ok({
    nodes,
    initializers,
    inputs: (graph.input ?? []).map(toValueInfo),
    outputs: (graph.output ?? []).map(toValueInfo),
    valueInfo: (graph.valueInfo ?? []).map(toValueInfo),
  });
}
