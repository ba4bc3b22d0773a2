/**
 * Slicing of ONNX tensors along one axis (weights, bias, per-channel quantisation parameters) for the weight
 * splitter: raw bytes, typed lists and 64-bit lists; what cannot be sliced (external data, strings) says why.
 */
import type { Int64, OnnxModelTensor, OnnxTensorData } from './model';
import { ONNX_DATA_TYPES } from './data-types';

export const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

function sliceElements<T>(values: readonly T[], dims: readonly number[], axis: number, start: number, end: number, perElement: number): T[] {
  const n = dims[axis];
  const inner = product(dims.slice(axis + 1)) * perElement;
  const outer = product(dims.slice(0, axis));
  const out: T[] = [];
  for (let o = 0; o < outer; o++) {
    const from = (o * n + start) * inner;
    for (let i = from; i < from + (end - start) * inner; i++) out.push(values[i]);
  }
  return out;
}

function sliceBytes(bytes: Uint8Array, dims: readonly number[], axis: number, start: number, end: number, width: number): Uint8Array {
  const n = dims[axis];
  const inner = product(dims.slice(axis + 1)) * width;
  const outer = product(dims.slice(0, axis));
  const out = new Uint8Array(outer * (end - start) * inner);
  for (let o = 0; o < outer; o++) {
    const from = (o * n + start) * inner;
    out.set(bytes.subarray(from, from + (end - start) * inner), o * (end - start) * inner);
  }
  return out;
}

type WideData = Extract<OnnxTensorData, { field: 'int64Data' | 'uint64Data' }>;
const isWide = (d: OnnxTensorData): d is WideData => d.kind === 'typed' && (d.field === 'int64Data' || d.field === 'uint64Data');

/** Slice [start, end) of a tensor along `axis`. Returns the data as `none` (with a reason) when it cannot be cut. */
export function sliceTensorData(t: OnnxModelTensor, axis: number, start: number, end: number): { data: OnnxTensorData; lost?: string } {
  const d = t.data;
  const count = product(t.dims);
  const bits = ONNX_DATA_TYPES[t.dataType]?.bits;
  const width = bits !== undefined && bits % 8 === 0 ? bits / 8 : 0;
  switch (d.kind) {
    case 'none':
      return { data: d };
    case 'raw':
      if (width === 0 || d.bytes.length !== count * width) return { data: { kind: 'none' }, lost: `raw data of ${d.bytes.length} bytes does not match ${count} elements of type ${t.dataType}` };
      return { data: { kind: 'raw', bytes: sliceBytes(d.bytes, t.dims, axis, start, end, width) } };
    case 'typed': {
      const per = d.values.length / count;
      if (!Number.isInteger(per) || per < 1) return { data: { kind: 'none' }, lost: `${d.values.length} stored values for ${count} elements` };
      if (isWide(d)) {
        return { data: { kind: 'typed', field: d.field, values: sliceElements<Int64>(d.values, t.dims, axis, start, end, per) } };
      }
      return { data: { kind: 'typed', field: d.field, values: sliceElements<number>(d.values, t.dims, axis, start, end, per) } };
    }
    case 'strings':
      if (d.values.length !== count) return { data: { kind: 'none' }, lost: `${d.values.length} strings for ${count} elements` };
      return { data: { kind: 'strings', values: sliceElements(d.values, t.dims, axis, start, end, 1) } };
    case 'external': {
      // A slice along the outermost non-trivial axis is one contiguous byte range of the external file.
      if (width === 0 || product(t.dims.slice(0, axis)) !== 1) return { data: { kind: 'none' }, lost: 'external data can only be cut along its outermost axis' };
      const rowBytes = product(t.dims.slice(axis + 1)) * width;
      const offset = Number(d.entries.find((e) => e.key === 'offset')?.value ?? 0);
      const entries = d.entries
        .filter((e) => e.key !== 'offset' && e.key !== 'length' && e.key !== 'checksum')
        .concat([{ key: 'offset', value: String(offset + start * rowBytes) }, { key: 'length', value: String((end - start) * rowBytes) }]);
      return { data: { kind: 'external', entries } };
    }
  }
}
