import { ATTR } from './schema';

/**
 * A lossless document view of an ONNX model (within the fields of `schema.ts`), for rewriting models: unlike the
 * importer's `OnnxGraph` it keeps attribute types, tensor payloads (weights included) and the model header, so
 * `encodeOnnxModel(readOnnxModel(bytes))` is the same model. Read by `read.ts` (the one protobuf decode: the
 * importer's `decodeOnnx` is a projection of it), written by `write.ts`. Fields outside the schema subset (functions, training
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

export const ATTR_TYPE_CODES = {
  float: ATTR.FLOAT, int: ATTR.INT, string: ATTR.STRING, tensor: ATTR.TENSOR, graph: ATTR.GRAPH,
  floats: ATTR.FLOATS, ints: ATTR.INTS, strings: ATTR.STRINGS, tensors: 9, graphs: 10,
} as const;

/** TensorProto.DataLocation.EXTERNAL */
export const EXTERNAL = 1;

/** Attribute value as a plain number (int or float attributes), or undefined. */
export function numericAttribute(node: OnnxModelNode, name: string): number | undefined {
  const a = node.attributes.find((x) => x.name === name);
  if (!a) return undefined;
  if (a.type === 'int' || a.type === 'float') return Number(a.value);
  return undefined;
}
