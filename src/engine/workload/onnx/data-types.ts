/** ONNX element data types (TensorProto.DataType) that the importer knows, by their code in the standard. */
export interface OnnxDataType {
  readonly name: string;
  /** Size of one element. */
  readonly bits: number;
  /** Reads one little-endian element of `raw_data` as a number; only for the types whose values the importer reads. */
  readonly readRaw?: (view: DataView, offset: number) => number;
}

/** The UINT8 code (QLinearConv's default output type). */
export const ONNX_UINT8 = 2;

export const ONNX_DATA_TYPES: Readonly<Partial<Record<number, OnnxDataType>>> = {
  1: { name: 'FLOAT', bits: 32, readRaw: (v, o) => v.getFloat32(o, true) },
  2: { name: 'UINT8', bits: 8, readRaw: (v, o) => v.getUint8(o) },
  3: { name: 'INT8', bits: 8, readRaw: (v, o) => v.getInt8(o) },
  4: { name: 'UINT16', bits: 16 },
  5: { name: 'INT16', bits: 16 },
  6: { name: 'INT32', bits: 32, readRaw: (v, o) => v.getInt32(o, true) },
  7: { name: 'INT64', bits: 64, readRaw: (v, o) => Number(v.getBigInt64(o, true)) },
  9: { name: 'BOOL', bits: 8, readRaw: (v, o) => v.getUint8(o) },
  10: { name: 'FLOAT16', bits: 16 },
  11: { name: 'DOUBLE', bits: 64, readRaw: (v, o) => v.getFloat64(o, true) },
  12: { name: 'UINT32', bits: 32, readRaw: (v, o) => v.getUint32(o, true) },
  13: { name: 'UINT64', bits: 64, readRaw: (v, o) => Number(v.getBigUint64(o, true)) },
  16: { name: 'BFLOAT16', bits: 16 },
};
