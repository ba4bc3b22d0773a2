/**
 * Protobuf wire-format decoding of the ONNX schema subset (`schema.ts`, the same table the writer encodes with),
 * without protobufjs: reading a model is on the start-up path of `stream-studio cost`/`run` for `.onnx` files,
 * and protobufjs costs more to load and to build its decoder than the decode itself.
 *
 * Decodes as protobufjs does for that table: a message becomes a plain object holding only the fields present
 * on the wire (so presence is `Object.hasOwn`), repeated fields become arrays (packed or not), nested messages
 * objects, unknown fields are skipped, and a field repeated on the wire keeps its last value. int64/uint64 give
 * a number when it is a safe integer, a bigint otherwise; bytes are views into `data` (no copy).
 */
import { ONNX_SUBSET } from './schema';

type Scalar = 'int64' | 'uint64' | 'int32' | 'float' | 'double' | 'string' | 'bytes';
const SCALARS: ReadonlySet<string> = new Set<Scalar>(['int64', 'uint64', 'int32', 'float', 'double', 'string', 'bytes']);
/** Scalars that may be packed in one length-delimited record when repeated. */
const PACKABLE: ReadonlySet<string> = new Set<Scalar>(['int64', 'uint64', 'int32', 'float', 'double']);

interface FieldSpec {
  readonly name: string;
  readonly repeated: boolean;
  /** A scalar type, or the nested message's fields. */
  readonly type: Scalar | MessageSpec;
}
type MessageSpec = Map<number, FieldSpec>;

export type Decoded = Record<string, unknown>;

let specs: Map<string, MessageSpec> | undefined;

/** The field tables of the schema's messages, by message name (built on first use). */
function messageSpecs(): Map<string, MessageSpec> {
  if (specs) return specs;
  const types = ONNX_SUBSET.nested.onnx.nested as Record<string, { fields: Record<string, { type: string; id: number; rule?: string }> }>;
  const built = new Map<string, MessageSpec>(Object.keys(types).map((name) => [name, new Map()]));
  for (const [name, { fields }] of Object.entries(types)) {
    const spec = built.get(name)!;
    for (const [field, f] of Object.entries(fields)) {
      const type = SCALARS.has(f.type) ? (f.type as Scalar) : built.get(f.type);
      if (!type) throw new Error(`ONNX schema: ${name}.${field} has unknown type ${f.type}`);
      spec.set(f.id, { name: field, repeated: f.rule === 'repeated', type });
    }
  }
  specs = built;
  return built;
}

const TWO_32 = 4294967296;
const utf8 = new TextDecoder();

class WireReader {
  pos = 0;
  private readonly view: DataView;
  /** The two 32-bit halves of the last 64-bit varint (`varint64`). */
  private lo = 0;
  private hi = 0;

  constructor(private readonly data: Uint8Array) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  private need(n: number, end: number): void {
    if (this.pos + n > end) throw new RangeError(`index out of range: ${this.pos} + ${n} > ${end}`);
  }

  /** A varint's low 32 bits, unsigned (tags, lengths; an int32 is this `| 0`). */
  uint32(end: number): number {
    this.varint64(end);
    return this.lo;
  }

  /** Reads a varint of up to 10 bytes into `lo`/`hi`. */
  varint64(end: number): void {
    let lo = 0;
    let hi = 0;
    for (let i = 0; ; i++) {
      if (i === 10) throw new Error('invalid varint encoding');
      this.need(1, end);
      const b = this.data[this.pos++]!;
      const bits = b & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= bits << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (7 * i - 32);
      if (b < 0x80) break;
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** The last varint as a signed or unsigned 64-bit integer: a number when safe, else a bigint. */
  int64(end: number, signed: boolean): number | bigint {
    this.varint64(end);
    const { lo, hi } = this;
    if (signed && hi >= 0x80000000) {
      const v = BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
      return v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
    }
    if (hi < 0x200000) return hi * TWO_32 + lo; // < 2^53
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  float(end: number): number {
    this.need(4, end);
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  double(end: number): number {
    this.need(8, end);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** A length-delimited record: returns its end and leaves `pos` at its start. */
  delimited(end: number): number {
    const len = this.uint32(end);
    this.need(len, end);
    return this.pos + len;
  }

  bytes(end: number): Uint8Array {
    const stop = this.delimited(end);
    const b = this.data.subarray(this.pos, stop);
    this.pos = stop;
    return b;
  }

  string(end: number): string {
    return utf8.decode(this.bytes(end));
  }

  scalar(type: Scalar, end: number): unknown {
    switch (type) {
      case 'int64': return this.int64(end, true);
      case 'uint64': return this.int64(end, false);
      case 'int32': return this.uint32(end) | 0;
      case 'float': return this.float(end);
      case 'double': return this.double(end);
      case 'string': return this.string(end);
      case 'bytes': return this.bytes(end);
    }
  }

  skip(wireType: number, end: number): void {
    switch (wireType) {
      case 0: this.varint64(end); break;
      case 1: this.need(8, end); this.pos += 8; break;
      case 2: this.pos = this.delimited(end); break;
      case 3:
        for (;;) {
          const inner = this.uint32(end) & 7;
          if (inner === 4) break;
          this.skip(inner, end);
        }
        break;
      case 5: this.need(4, end); this.pos += 4; break;
      default: throw new Error(`invalid wire type ${wireType} at offset ${this.pos}`);
    }
  }

  message(spec: MessageSpec, end: number): Decoded {
    const out: Decoded = {};
    while (this.pos < end) {
      const tag = this.uint32(end);
      const field = spec.get(tag >>> 3);
      const wireType = tag & 7;
      if (!field) {
        this.skip(wireType, end);
        continue;
      }
      const { type, name, repeated } = field;
      if (typeof type !== 'string') {
        const stop = this.delimited(end);
        const value = this.message(type, stop);
        this.pos = stop;
        if (repeated) ((out[name] ??= []) as unknown[]).push(value);
        else out[name] = value;
      } else if (!repeated) {
        out[name] = this.scalar(type, end);
      } else {
        const list = (out[name] ??= []) as unknown[];
        if (wireType === 2 && PACKABLE.has(type)) {
          const stop = this.delimited(end);
          while (this.pos < stop) list.push(this.scalar(type, stop));
        } else list.push(this.scalar(type, end));
      }
    }
    return out;
  }
}

/** Decodes `data` as the schema message `type` (e.g. 'ModelProto'); throws on malformed bytes. */
export function decodeMessage(data: Uint8Array, type: string): Decoded {
  const spec = messageSpecs().get(type);
  if (!spec) throw new Error(`ONNX schema has no message ${type}`);
  return new WireReader(data).message(spec, data.byteLength);
}
