/**
 * The one ONNX reader: decodes a ModelProto (`wire.ts`, over the schema of `schema.ts`) into the lossless document view of
 * `model.ts`. The importer's graph view (`decode.ts`) and the weight splitter are built on it.
 */
import type { Result } from '../../errors';
import { fail, ok } from '../../errors';
import { ATTR } from './schema';
import { decodeMessage } from './wire';
import {
  ATTR_TYPE_CODES,
  EXTERNAL,
  type Int64,
  type OnnxDim,
  type OnnxModel,
  type OnnxModelAttribute,
  type OnnxModelGraph,
  type OnnxModelNode,
  type OnnxModelTensor,
  type OnnxModelValueInfo,
  type OnnxStringEntry,
  type OnnxTensorData,
} from './model';

type AttributeBase = Pick<OnnxModelAttribute, 'name' | 'docString' | 'refAttrName'>;

type Msg = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** An int64 field (number, bigint, or a Long or decimal string from other decoders) as a number when safe, a bigint otherwise. */
export function int64(v: unknown): Int64 {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (v === null || v === undefined) return 0;
  const s = String(v); // a Long prints in decimal, sign included
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : BigInt(s);
}

const toNumber = (v: unknown): number => Number(int64(v));
/** The decoder sets only the fields present on the wire. */
const own = (m: Msg, field: string): boolean => Object.prototype.hasOwnProperty.call(m, field);
/** A plain Uint8Array view of a bytes field (no copy: weights stay in the buffer the model was read from). */
const bytes = (b: Uint8Array | undefined): Uint8Array => (b ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array());
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
    m = decodeMessage(data, 'ModelProto');
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

