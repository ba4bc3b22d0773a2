import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { onnxModelType } from '../../fixtures/onnx/protobufjs-type';
import { decodeMessage, encodeMessage, type Decoded } from '../../../src/engine/workload/onnx/wire';
import { findFiles } from './helpers';
import { FIXTURES, INPUTS } from '../../support/reference';

const ONNX_FILES = [...findFiles(INPUTS, '.onnx'), ...findFiles(FIXTURES, '.onnx')];

/**
 * protobufjs's decoded message as plain data, the way `wire.ts` gives it: fields present on the wire only
 * (protobufjs also gives absent repeated fields as own empty arrays), int64 as a number when safe else a bigint,
 * bytes as Uint8Array.
 */
function plain(v: unknown, type?: protobuf.Type, field?: protobuf.Field): unknown {
  if (Array.isArray(v)) return v.map((x) => plain(x, type, field));
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (field && /int64$/.test(field.type)) {
    const s = String(v);
    return Number.isSafeInteger(Number(s)) ? Number(s) : BigInt(s);
  }
  if (v && typeof v === 'object' && type) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      const value = (v as Record<string, unknown>)[key];
      if (Array.isArray(value) && value.length === 0) continue;
      const f = type.fields[key]!;
      f.resolve();
      out[key] = plain(value, f.resolvedType instanceof protobuf.Type ? f.resolvedType : undefined, f);
    }
    return out;
  }
  return v;
}

const bytesOf = (x: unknown): unknown =>
  x instanceof Uint8Array ? [...x] : Array.isArray(x) ? x.map(bytesOf) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, bytesOf(v)])) : x;

describe('wire.ts decodes ONNX ModelProto bytes as protobufjs does', () => {
  it('finds the ONNX files', () => {
    expect(ONNX_FILES.length).toBeGreaterThanOrEqual(12);
  });

  for (const path of ONNX_FILES) {
    const label = path.startsWith(INPUTS) ? path.slice(INPUTS.length) : path.slice(FIXTURES.length + 1);
    it(`${label}: same fields, values and presence (or both reject the bytes)`, () => {
      const bytes = readFileSync(path);
      let expected: unknown;
      try {
        const type = onnxModelType();
        expected = plain(type.decode(bytes), type);
      } catch {
        expect(() => decodeMessage(bytes, 'ModelProto')).toThrow();
        return;
      }
      expect(bytesOf(decodeMessage(bytes, 'ModelProto'))).toEqual(bytesOf(expected));
    });
  }

  it('reads int64 extremes, negative int32, floats, packed and unpacked repeated fields, and skips unknown fields', () => {
    const type = onnxModelType();
    const model = type.fromObject({
      irVersion: 9,
      modelVersion: '-5',
      graph: {
        node: [
          {
            opType: 'Slice',
            attribute: [
              { name: 'ends', type: 7, ints: ['9223372036854775807', '-9223372036854775808', '-1', '9007199254740991', '9007199254740992'] },
              { name: 'alpha', type: 1, f: 0.1 },
              { name: 'neg', type: 2, i: '-3' },
              { name: 'scales', type: 6, floats: [1.5, -2.25] },
            ],
          },
        ],
        initializer: [{ name: 'u', dataType: 13, dims: [2], uint64Data: ['18446744073709551615', '1'] }],
      },
    });
    const bytes = type.encode(model).finish();
    // An unknown field 15 (varint), 16 (fixed64), 17 (length-delimited) and 18 (fixed32) after the known ones.
    const unknown = [0x78, 0x96, 0x01, 0x81, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0x8a, 0x01, 2, 0xaa, 0xbb, 0x95, 0x01, 1, 2, 3, 4];
    const m = decodeMessage(new Uint8Array([...bytes, ...unknown]), 'ModelProto') as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(m.irVersion).toBe(9);
    expect(m.modelVersion).toBe(-5);
    const attrs = m.graph.node[0].attribute;
    expect(attrs[0].ints).toEqual([2n ** 63n - 1n, -(2n ** 63n), -1, 2 ** 53 - 1, 2n ** 53n]);
    expect(attrs[1].f).toBe(Math.fround(0.1));
    expect(attrs[2].i).toBe(-3);
    expect(attrs[3].floats).toEqual([1.5, -2.25]);
    expect(m.graph.initializer[0].uint64Data).toEqual([2n ** 64n - 1n, 1]);
    expect(Object.hasOwn(m.graph.node[0], 'name')).toBe(false);
    // Unpacked repeated floats (field 7, wire type 5, twice) read as the packed ones.
    const unpacked = new Uint8Array([0x3d, 0, 0, 0xc0, 0x3f, 0x3d, 0, 0, 0x10, 0xc0]);
    expect(decodeMessage(unpacked, 'AttributeProto').floats).toEqual([1.5, -2.25]);
  });

  it('rejects truncated and malformed bytes', () => {
    expect(() => decodeMessage(new Uint8Array([0xff, 0xff, 0xff, 0xff]), 'ModelProto')).toThrow(/out of range/);
    expect(() => decodeMessage(new Uint8Array([0x3a, 0x05, 0x0a]), 'ModelProto')).toThrow(/out of range/);
    expect(() => decodeMessage(new Uint8Array([0x7f]), 'ModelProto')).toThrow(/wire type 7/);
    expect(() => decodeMessage(new Uint8Array(Array(11).fill(0xff)), 'ModelProto')).toThrow(/varint/);
  });
});

/** A decoded message as protobufjs takes it for encoding: bigints as {low, high} words. */
function forProtobufjs(v: unknown): unknown {
  if (typeof v === 'bigint') {
    const u = BigInt.asUintN(64, v);
    return { low: Number(u & 0xffffffffn) | 0, high: Number(u >> 32n) | 0, unsigned: false };
  }
  if (Array.isArray(v)) return v.map(forProtobufjs);
  if (v instanceof Uint8Array) return v;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, forProtobufjs(x)]));
  return v;
}

describe('wire.ts encodes ONNX ModelProto messages to the bytes protobufjs writes', () => {
  for (const path of ONNX_FILES) {
    const label = path.startsWith(INPUTS) ? path.slice(INPUTS.length) : path.slice(FIXTURES.length + 1);
    it(`${label}: same bytes, and they decode to the same message`, () => {
      let message: Decoded;
      try {
        message = decodeMessage(readFileSync(path), 'ModelProto');
      } catch {
        return; // the malformed fixtures
      }
      const bytes = encodeMessage(message, 'ModelProto');
      const expected = onnxModelType().encode(forProtobufjs(message) as Record<string, unknown>).finish();
      expect(Buffer.from(bytes).equals(Buffer.from(expected))).toBe(true);
      expect(bytesOf(decodeMessage(bytes, 'ModelProto'))).toEqual(bytesOf(message));
    });
  }

  it('writes int64 extremes, negative int32, floats, defaults that are set, packed repeated numbers and large payloads as protobufjs does', () => {
    const weights = new Uint8Array(5000).map((_, i) => i % 251);
    const message = {
      irVersion: 0,
      producerName: '',
      modelVersion: -5,
      graph: {
        node: [
          {
            opType: 'Slice',
            attribute: [
              { name: 'ends', type: 7, ints: [2n ** 63n - 1n, -(2n ** 63n), -1, 2 ** 53 - 1, 2n ** 53n, 0] },
              { name: 'alpha', type: 1, f: 0.1 },
              { name: 'neg', type: -3, i: -3 },
              { name: 'scales', type: 6, floats: [1.5, -2.25], strings: [new Uint8Array([1, 2])] },
            ],
            input: ['a', 'ü'],
            output: [],
          },
        ],
        initializer: [
          { name: 'w', dataType: 1, dims: [5000], rawData: weights },
          { name: 'u', dataType: 13, dims: [2], uint64Data: [2n ** 64n - 1n, 1], doubleData: [Math.PI] },
        ],
        input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{}, { dimValue: 3 }, { dimParam: 'n' }] } } } }],
      },
    };
    const bytes = encodeMessage(message, 'ModelProto');
    const expected = onnxModelType().encode(forProtobufjs(message) as Record<string, unknown>).finish();
    expect(Buffer.from(bytes).equals(Buffer.from(expected))).toBe(true);
  });
});
