import type { Result } from '../../errors';
import { fail, ok } from '../../errors';
import { ATTR, onnxModelType } from './schema';

/**
 * A lossless document view of an ONNX model (within the fields of `schema.ts`), for rewriting models: unlike the
 * importer's `OnnxGraph` it keeps attribute types, tensor payloads (weights included) and the model header, so
 * `encodeOnnxModel(readOnnxModel(bytes))` is the same model. Fields outside the schema subset (functions, training
 * info, sparse initializers, non-tensor value types) are not kept.
 */

/** int64 values: a number when it is a safe integer, a bigint otherwise (e.g. INT64_MAX in Slice ends). */
export type Int64 = number | bigint;

export interface OnnxStringEntry {
  readonly key: string;
  readonly value: string;
}

export interface OnnxOpset {
  readonly domain: string;
  readonly version: number;
}

/** How a tensor stores its elements. `typed` lists use the TensorProto field named by `field`. */
export type OnnxTensorData =
  | { readonly kind: 'none' }
  | { readonly kind: 'raw'; readonly bytes: Uint8Array }
  | { readonly kind: 'typed'; readonly field: 'floatData' | 'int32Data' | 'doubleData'; readonly values: readonly number[] }
  | { readonly kind: 'typed'; readonly field: 'int64Data' | 'uint64Data'; readonly values: readonly Int64[] }
  | { readonly kind: 'strings'; readonly values: readonly Uint8Array[] }
  /** Stored in another file (`location`, `offset`, `length` entries, relative to the model's folder). */
  | { readonly kind: 'external'; readonly entries: readonly OnnxStringEntry[] };

export interface OnnxModelTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly dataType: number;
  readonly docString: string;
  readonly data: OnnxTensorData;
}

/** One dimension: a size, a symbolic name, or unknown (null). */
export type OnnxDim = number | string | null;

export interface OnnxModelValueInfo {
  readonly name: string;
  readonly docString: string;
  /** Null when the value has no tensor type (untyped, or a type outside the schema subset). */
  readonly tensorType: { readonly elemType: number; readonly shape: readonly OnnxDim[] | null } | null;
}

interface AttributeBase {
  readonly name: string;
  readonly docString: string;
  readonly refAttrName: string;
}

export type OnnxModelAttribute = AttributeBase &
  (
    | { readonly type: 'float'; readonly value: number }
    | { readonly type: 'int'; readonly value: Int64 }
    | { readonly type: 'string'; readonly value: Uint8Array }
    | { readonly type: 'tensor'; readonly value: OnnxModelTensor }
    | { readonly type: 'graph'; readonly value: OnnxModelGraph }
    | { readonly type: 'floats'; readonly value: readonly number[] }
    | { readonly type: 'ints'; readonly value: readonly Int64[] }
    | { readonly type: 'strings'; readonly value: readonly Uint8Array[] }
    | { readonly type: 'tensors'; readonly value: readonly OnnxModelTensor[] }
    | { readonly type: 'graphs'; readonly value: readonly OnnxModelGraph[] }
  );

export interface OnnxModelNode {
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  readonly docString: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: readonly OnnxModelAttribute[];
}

export interface OnnxModelGraph {
  readonly name: string;
  readonly docString: string;
  readonly nodes: readonly OnnxModelNode[];
  readonly initializers: readonly OnnxModelTensor[];
  readonly inputs: readonly OnnxModelValueInfo[];
  readonly outputs: readonly OnnxModelValueInfo[];
  readonly valueInfo: readonly OnnxModelValueInfo[];
}

export interface OnnxModel {
  readonly irVersion: number;
  readonly opsetImport: readonly OnnxOpset[];
  readonly producerName: string;
  readonly producerVersion: string;
  readonly domain: string;
  readonly modelVersion: number;
  readonly docString: string;
  readonly metadataProps: readonly OnnxStringEntry[];
  readonly graph: OnnxModelGraph;
}

const ATTR_TYPE_CODES = {
  float: ATTR.FLOAT, int: ATTR.INT, string: ATTR.STRING, tensor: ATTR.TENSOR, graph: ATTR.GRAPH,
  floats: ATTR.FLOATS, ints: ATTR.INTS, strings: ATTR.STRINGS, tensors: 9, graphs: 10,
} as const;

/** TensorProto.DataLocation.EXTERNAL */
const EXTERNAL = 1;

// ---------------------------------------------------------------------------------------------- reading

type Msg = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function int64(v: unknown): Int64 {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (v === null || v === undefined) return 0;
  const s = String(v); // protobufjs Long prints in decimal, sign included
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : BigInt(s);
}

const toNumber = (v: unknown): number => Number(int64(v));
/** protobufjs puts defaults on the prototype: own properties are the fields present on the wire. */
const own = (m: Msg, field: string): boolean => Object.prototype.hasOwnProperty.call(m, field);
const bytes = (b: Uint8Array | undefined): Uint8Array => (b ? new Uint8Array(b) : new Uint8Array());
const entries = (list: Msg[] | undefined): OnnxStringEntry[] => (list ?? []).map((e) => ({ key: e.key ?? '', value: e.value ?? '' }));

function readTensorData(t: Msg): OnnxTensorData {
  if (t.dataLocation === EXTERNAL) return { kind: 'external', entries: entries(t.externalData) };
  if (t.rawData?.length) return { kind: 'raw', bytes: bytes(t.rawData) };
  for (const field of ['floatData', 'int32Data', 'doubleData'] as const) {
    if (t[field]?.length) return { kind: 'typed', field, values: (t[field] as unknown[]).map(Number) };
  }
  for (const field of ['int64Data', 'uint64Data'] as const) {
    if (t[field]?.length) return { kind: 'typed', field, values: (t[field] as unknown[]).map(int64) };
  }
  if (t.stringData?.length) return { kind: 'strings', values: (t.stringData as Uint8Array[]).map(bytes) };
  return { kind: 'none' };
}

function readTensor(t: Msg): OnnxModelTensor {
  return { name: t.name ?? '', dims: (t.dims ?? []).map(toNumber), dataType: t.dataType ?? 0, docString: t.docString ?? '', data: readTensorData(t) };
}

function readValueInfo(v: Msg): OnnxModelValueInfo {
  const tt: Msg | undefined = v.type?.tensorType;
  const shape = tt?.shape
    ? (tt.shape.dim ?? []).map((d: Msg): OnnxDim => (d.dimParam ? d.dimParam : own(d, 'dimValue') ? toNumber(d.dimValue) : null))
    : null;
  return { name: v.name ?? '', docString: v.docString ?? '', tensorType: tt ? { elemType: tt.elemType ?? 0, shape } : null };
}

function readAttribute(a: Msg): OnnxModelAttribute | null {
  const base: AttributeBase = { name: a.name ?? '', docString: a.docString ?? '', refAttrName: a.refAttrName ?? '' };
  switch (a.type) {
    case ATTR.FLOAT: return { ...base, type: 'float', value: a.f ?? 0 };
    case ATTR.INT: return { ...base, type: 'int', value: int64(a.i) };
    case ATTR.STRING: return { ...base, type: 'string', value: bytes(a.s) };
    case ATTR.TENSOR: return a.t ? { ...base, type: 'tensor', value: readTensor(a.t) } : null;
    case ATTR.GRAPH: return a.g ? { ...base, type: 'graph', value: readGraph(a.g) } : null;
    case ATTR.FLOATS: return { ...base, type: 'floats', value: (a.floats ?? []).map(Number) };
    case ATTR.INTS: return { ...base, type: 'ints', value: (a.ints ?? []).map(int64) };
    case ATTR.STRINGS: return { ...base, type: 'strings', value: (a.strings ?? []).map(bytes) };
    case ATTR_TYPE_CODES.tensors: return { ...base, type: 'tensors', value: (a.tensors ?? []).map(readTensor) };
    case ATTR_TYPE_CODES.graphs: return { ...base, type: 'graphs', value: (a.graphs ?? []).map(readGraph) };
    default:
      // Very old exporters omit `type`: infer it from the populated field, as the importer does.
      if (a.ints?.length) return { ...base, type: 'ints', value: a.ints.map(int64) };
      if (a.floats?.length) return { ...base, type: 'floats', value: a.floats.map(Number) };
      if (own(a, 'i')) return { ...base, type: 'int', value: int64(a.i) };
      if (own(a, 's')) return { ...base, type: 'string', value: bytes(a.s) };
      if (own(a, 'f')) return { ...base, type: 'float', value: a.f };
      return null;
  }
}

function readGraph(g: Msg): OnnxModelGraph {
  return {
    name: g.name ?? '',
    docString: g.docString ?? '',
    nodes: (g.node ?? []).map((n: Msg): OnnxModelNode => ({
      name: n.name ?? '',
      opType: n.opType ?? '',
      domain: n.domain ?? '',
      docString: n.docString ?? '',
      inputs: [...(n.input ?? [])],
      outputs: [...(n.output ?? [])],
      attributes: (n.attribute ?? []).map(readAttribute).filter((x: OnnxModelAttribute | null): x is OnnxModelAttribute => x !== null),
    })),
    initializers: (g.initializer ?? []).map(readTensor),
    inputs: (g.input ?? []).map(readValueInfo),
    outputs: (g.output ?? []).map(readValueInfo),
    valueInfo: (g.valueInfo ?? []).map(readValueInfo),
  };
}

/** Reads an ONNX ModelProto into the lossless document view. */
export function readOnnxModel(data: Uint8Array, file: string): Result<OnnxModel> {
  let m: Msg;
  try {
    m = onnxModelType().decode(data) as unknown as Msg;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return fail([{ file, field: '', expected: 'an ONNX model (protobuf ModelProto)', found: `undecodable bytes (${reason})` }]);
  }
  if (!m.graph) return fail([{ file, field: 'graph', expected: 'an ONNX model with a graph', found: 'no graph' }]);
  return ok({
    irVersion: toNumber(m.irVersion),
    opsetImport: (m.opsetImport ?? []).map((o: Msg) => ({ domain: o.domain ?? '', version: toNumber(o.version) })),
    producerName: m.producerName ?? '',
    producerVersion: m.producerVersion ?? '',
    domain: m.domain ?? '',
    modelVersion: toNumber(m.modelVersion),
    docString: m.docString ?? '',
    metadataProps: entries(m.metadataProps),
    graph: readGraph(m.graph),
  });
}

// ---------------------------------------------------------------------------------------------- writing

/** protobufjs writes int64 fields from numbers or {low, high} words; bigints need the latter. */
function wireInt64(v: Int64): number | { low: number; high: number; unsigned: boolean } {
  if (typeof v === 'number') return v;
  const u = BigInt.asUintN(64, v);
  return { low: Number(u & 0xffffffffn) | 0, high: Number(u >> 32n) | 0, unsigned: false };
}

/** Only non-empty strings are written, so documents read from files without them encode to the same bytes. */
function optionalString(target: Msg, key: string, value: string): void {
  if (value !== '') target[key] = value;
}

function writeTensor(t: OnnxModelTensor): Msg {
  const out: Msg = { dims: t.dims.map(wireInt64), dataType: t.dataType };
  optionalString(out, 'name', t.name);
  optionalString(out, 'docString', t.docString);
  const d = t.data;
  switch (d.kind) {
    case 'raw': out.rawData = d.bytes; break;
    case 'typed': out[d.field] = d.field === 'int64Data' || d.field === 'uint64Data' ? d.values.map(wireInt64) : d.values; break;
    case 'strings': out.stringData = d.values; break;
    case 'external': out.dataLocation = EXTERNAL; out.externalData = d.entries.map((e) => ({ ...e })); break;
    case 'none': break;
  }
  return out;
}

function writeValueInfo(v: OnnxModelValueInfo): Msg {
  const out: Msg = { name: v.name };
  optionalString(out, 'docString', v.docString);
  if (v.tensorType) {
    const tensorType: Msg = { elemType: v.tensorType.elemType };
    if (v.tensorType.shape) {
      tensorType.shape = { dim: v.tensorType.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : typeof d === 'string' ? { dimParam: d } : {})) };
    }
    out.type = { tensorType };
  }
  return out;
}

function writeAttribute(a: OnnxModelAttribute): Msg {
  const out: Msg = { name: a.name, type: ATTR_TYPE_CODES[a.type] };
  optionalString(out, 'docString', a.docString);
  optionalString(out, 'refAttrName', a.refAttrName);
  switch (a.type) {
    case 'float': out.f = a.value; break;
    case 'int': out.i = wireInt64(a.value); break;
    case 'string': out.s = a.value; break;
    case 'tensor': out.t = writeTensor(a.value); break;
    case 'graph': out.g = writeGraph(a.value); break;
    case 'floats': out.floats = a.value; break;
    case 'ints': out.ints = a.value.map(wireInt64); break;
    case 'strings': out.strings = a.value; break;
    case 'tensors': out.tensors = a.value.map(writeTensor); break;
    case 'graphs': out.graphs = a.value.map(writeGraph); break;
  }
  return out;
}

function writeGraph(g: OnnxModelGraph): Msg {
  const out: Msg = {
    node: g.nodes.map((n) => {
      const node: Msg = { input: n.inputs, output: n.outputs, opType: n.opType, attribute: n.attributes.map(writeAttribute) };
      optionalString(node, 'name', n.name);
      optionalString(node, 'domain', n.domain);
      optionalString(node, 'docString', n.docString);
      return node;
    }),
    initializer: g.initializers.map(writeTensor),
    input: g.inputs.map(writeValueInfo),
    output: g.outputs.map(writeValueInfo),
    valueInfo: g.valueInfo.map(writeValueInfo),
  };
  optionalString(out, 'name', g.name);
  optionalString(out, 'docString', g.docString);
  return out;
}

/** Serialises a model to ONNX protobuf bytes (a ModelProto). */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const m: Msg = {
    irVersion: model.irVersion,
    opsetImport: model.opsetImport.map((o) => (o.domain ? { domain: o.domain, version: o.version } : { version: o.version })),
    modelVersion: model.modelVersion,
    graph: writeGraph(model.graph),
    metadataProps: model.metadataProps.map((e) => ({ ...e })),
  };
  optionalString(m, 'producerName', model.producerName);
  optionalString(m, 'producerVersion', model.producerVersion);
  optionalString(m, 'domain', model.domain);
  optionalString(m, 'docString', model.docString);
  return onnxModelType().encode(m).finish();
}

/** Attribute value as a plain number (int or float attributes), or undefined. */
export function numericAttribute(node: OnnxModelNode, name: string): number | undefined {
  const a = node.attributes.find((x) => x.name === name);
  if (!a) return undefined;
  if (a.type === 'int' || a.type === 'float') return Number(a.value);
  return undefined;
}
