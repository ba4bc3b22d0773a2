/** The one ONNX writer: serialises the document view of `model.ts` to ModelProto bytes (`wire.ts`). */
import { encodeMessage } from './wire';
import { ATTR_TYPE_CODES, EXTERNAL, type OnnxModel, type OnnxModelAttribute, type OnnxModelGraph, type OnnxModelTensor, type OnnxModelValueInfo } from './model';

type Msg = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Only non-empty strings are written, so documents read from files without them encode to the same bytes. */
function optionalString(target: Msg, key: string, value: string): void {
  if (value !== '') target[key] = value;
}

function writeTensor(t: OnnxModelTensor): Msg {
  const out: Msg = { dims: t.dims, dataType: t.dataType };
  optionalString(out, 'name', t.name);
  optionalString(out, 'docString', t.docString);
  const d = t.data;
  switch (d.kind) {
    case 'raw': out.rawData = d.bytes; break;
    case 'typed': out[d.field] = d.values; break;
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
    case 'int': out.i = a.value; break;
    case 'string': out.s = a.value; break;
    case 'tensor': out.t = writeTensor(a.value); break;
    case 'graph': out.g = writeGraph(a.value); break;
    case 'floats': out.floats = a.value; break;
    case 'ints': out.ints = a.value; break;
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
  return encodeMessage(m, 'ModelProto');
}
