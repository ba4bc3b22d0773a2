/**
 * The importer's view of an ONNX model: nodes with their attributes reduced to plain values, small constant tensors
 * with their numbers, and value shapes. A projection of the one reader's document (`read.ts`), not a second decode.
 */
import type { InputIssue, Result } from '../../errors';
import { fail, ok } from '../../errors';
import type { OnnxModel, OnnxModelAttribute, OnnxModelTensor, OnnxModelValueInfo } from './model';
import { readOnnxModel } from './read';

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

/** Small tensors only: big weight blobs are never needed for the workload. */
const MAX_DECODED_VALUES = 1 << 16;

/** Readers of one little-endian element of `raw_data`, by TensorProto.DataType (the types the importer reads). */
const RAW_ELEMENT: Readonly<Record<number, { readonly bytes: number; read(view: DataView, offset: number): number }>> = {
  1: { bytes: 4, read: (v, o) => v.getFloat32(o, true) }, // FLOAT
  2: { bytes: 1, read: (v, o) => v.getUint8(o) }, // UINT8
  3: { bytes: 1, read: (v, o) => v.getInt8(o) }, // INT8
  6: { bytes: 4, read: (v, o) => v.getInt32(o, true) }, // INT32
  7: { bytes: 8, read: (v, o) => Number(v.getBigInt64(o, true)) }, // INT64
  9: { bytes: 1, read: (v, o) => v.getUint8(o) }, // BOOL
  11: { bytes: 8, read: (v, o) => v.getFloat64(o, true) }, // DOUBLE
  12: { bytes: 4, read: (v, o) => v.getUint32(o, true) }, // UINT32
  13: { bytes: 8, read: (v, o) => Number(v.getBigUint64(o, true)) }, // UINT64
};

function tensorValues(t: OnnxModelTensor): number[] | null {
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (count > MAX_DECODED_VALUES) return null;
  const data = t.data;
  if (data.kind === 'typed') return data.values.map(Number);
  if (data.kind !== 'raw') return count === 0 ? [] : null;
  const element = RAW_ELEMENT[t.dataType];
  if (!element || data.bytes.byteLength < count * element.bytes) return null;
  const view = new DataView(data.bytes.buffer, data.bytes.byteOffset, data.bytes.byteLength);
  return Array.from({ length: count }, (_, i) => element.read(view, i * element.bytes));
}

const toTensor = (t: OnnxModelTensor): OnnxTensor => ({ name: t.name, dims: t.dims, dataType: t.dataType, values: tensorValues(t) });

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** Attribute values the importer uses (graphs and tensor lists are not). */
function toAttr(a: OnnxModelAttribute): OnnxAttr | undefined {
  switch (a.type) {
    case 'float': return a.value;
    case 'int': return Number(a.value);
    case 'string': return text(a.value);
    case 'tensor': return toTensor(a.value);
    case 'floats': return a.value;
    case 'ints': return a.value.map(Number);
    case 'strings': return a.value.map(text);
    default: return undefined;
  }
}

function toValueInfo(v: OnnxModelValueInfo): OnnxValueInfo {
  const tt = v.tensorType;
  return { name: v.name, elemType: tt?.elemType ?? 0, shape: tt?.shape ? tt.shape.map((d) => (typeof d === 'number' && d > 0 ? d : null)) : null };
}

/** Reads an ONNX ModelProto into the importer's view. Any decoding failure becomes an input issue on the file. */
export function decodeOnnx(bytes: Uint8Array, file: string): Result<OnnxGraph> {
  const read = readOnnxModel(bytes, file);
  return read.ok ? onnxGraphOf(read.value, file) : read;
}

/** The importer's view of a model already read by `readOnnxModel`. */
export function onnxGraphOf(model: OnnxModel, file: string): Result<OnnxGraph> {
  const graph = model.graph;
  if (graph.nodes.length === 0) {
    return fail([{ file, field: 'graph.node', expected: 'an ONNX model with a graph of at least one node', found: 'an empty graph' }]);
  }
  const issues: InputIssue[] = [];
  const nodes: OnnxNode[] = graph.nodes.map((n, index) => {
    if (!n.opType) issues.push({ file, field: `graph.node[${index}].op_type`, expected: 'an operator type', found: 'nothing' });
    const attributes = new Map<string, OnnxAttr>();
    for (const a of n.attributes) {
      const v = toAttr(a);
      if (v !== undefined) attributes.set(a.name, v);
    }
    return { index, name: n.name, opType: n.opType, inputs: n.inputs, outputs: n.outputs, attributes };
  });
  if (issues.length > 0) return fail(issues);
  return ok({
    nodes,
    initializers: new Map(graph.initializers.map((t) => [t.name, toTensor(t)])),
    inputs: graph.inputs.map(toValueInfo),
    outputs: graph.outputs.map(toValueInfo),
    valueInfo: graph.valueInfo.map(toValueInfo),
  });
}
