/**
 * The importer's view of an ONNX model: nodes with their attributes reduced to plain values, small constant tensors
 * with their numbers, and value shapes. A projection of the one reader's document (`read.ts`), not a second decode.
 */
import type { InputIssue, Result } from '../../errors';
import { fail, ok } from '../../errors';
import { ONNX_DATA_TYPES } from './data-types';
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

function tensorValues(t: OnnxModelTensor): number[] | null {
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (count > MAX_DECODED_VALUES) return null;
  const data = t.data;
  if (data.kind === 'typed') return data.values.map(Number);
  if (data.kind !== 'raw') return count === 0 ? [] : null;
  const type = ONNX_DATA_TYPES[t.dataType];
  const read = type?.readRaw;
  if (!read) return null;
  const bytes = type.bits / 8;
  if (data.bytes.byteLength < count * bytes) return null;
  const view = new DataView(data.bytes.buffer, data.bytes.byteOffset, data.bytes.byteLength);
  return Array.from({ length: count }, (_, i) => read(view, i * bytes));
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
