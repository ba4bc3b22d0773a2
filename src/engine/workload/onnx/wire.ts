/**
 * Protobuf wire format of the ONNX schema subset (`schema.ts`): decoding for the reader, encoding for the writer,
 * without protobufjs (its load and the building of its coders cost more than reading or writing a model, and
 * reading a model is on the start-up path of `stream-studio cost`/`run` for `.onnx` files).
 *
 * Decodes as protobufjs does for that table: a message becomes a plain object holding only the fields present
 * on the wire (so presence is `Object.hasOwn`), repeated fields become arrays (packed or not), nested messages
 * objects, unknown fields are skipped, and a field repeated on the wire keeps its last value. int64/uint64 give
 * a number when it is a safe integer, a bigint otherwise; bytes are views into `data` (no copy).
 *
 * Encodes as protobufjs does (the same bytes): fields in field-number order, each field that is set (not
 * undefined/null) even at its default value, repeated numbers packed, empty repeated fields omitted; int64 from a
 * number or a bigint.
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
/** A message to encode: field name → value (nested messages as objects, repeated fields as arrays). */
export type Encodable = Readonly<Record<string, unknown>>;

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

/** The fields of each message in field-number order, for encoding. */
let ordered: Map<MessageSpec, [number, FieldSpec][]> | undefined;
function fieldsInOrder(spec: MessageSpec): [number, FieldSpec][] {
  ordered ??= new Map();
  let list = ordered.get(spec);
  if (!list) {
    list = [...spec].sort((a, b) => a[0] - b[0]);
    ordered.set(spec, list);
  }
  return list;
}

const utf8Encoder = new TextEncoder();
const WIRE: Record<Scalar, number> = { int64: 0, uint64: 0, int32: 0, float: 5, double: 1, string: 2, bytes: 2 };

/** Bytes in parts (large payloads such as weights are kept, not copied, until `finish`). */
class WireWriter {
  private readonly parts: Uint8Array[] = [];
  private buf = new Uint8Array(256);
  private pos = 0;
  length = 0;

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = new Uint8Array(Math.max(n, 2 * this.buf.length));
  }

  private flush(): void {
    if (this.pos === 0) return;
    this.parts.push(this.buf.subarray(0, this.pos));
    this.buf = new Uint8Array(this.buf.length);
    this.pos = 0;
  }

  private byte(b: number): void {
    this.buf[this.pos++] = b;
    this.length++;
  }

  /** An unsigned varint of a non-negative integer below 2^53. */
  varint(v: number): void {
    this.room(10);
    while (v >= 0x80) {
      this.byte((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.byte(v);
  }

  /** A 64-bit two's-complement varint (negative values take 10 bytes). */
  varint64(v: number | bigint): void {
    if (typeof v === 'number' && v >= 0 && v <= Number.MAX_SAFE_INTEGER) {
      this.varint(v);
      return;
    }
    let u = BigInt.asUintN(64, BigInt(v));
    this.room(10);
    while (u >= 0x80n) {
      this.byte(Number(u & 0x7fn) | 0x80);
      u >>= 7n;
    }
    this.byte(Number(u));
  }

  tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  fixed(bytes: number, write: (view: DataView) => void): void {
    this.room(bytes);
    write(new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, bytes));
    this.pos += bytes;
    this.length += bytes;
  }

  /** Appends bytes; large ones are kept as a part of their own. */
  raw(bytes: Uint8Array): void {
    if (bytes.length > 1024) {
      this.flush();
      this.parts.push(bytes);
      this.length += bytes.length;
      return;
    }
    this.room(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    this.length += bytes.length;
  }

  /** Appends another writer's bytes (a nested message) without copying them. */
  append(other: WireWriter): void {
    other.flush();
    this.flush();
    this.parts.push(...other.parts);
    this.length += other.length;
  }

  finish(): Uint8Array {
    this.flush();
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

function writeScalar(w: WireWriter, type: Scalar, v: unknown): void {
  switch (type) {
    case 'int64':
    case 'uint64': w.varint64(v as number | bigint); break;
    case 'int32': {
      const n = (v as number) | 0;
      if (n >= 0) w.varint(n);
      else w.varint64(n);
      break;
    }
    case 'float': w.fixed(4, (d) => d.setFloat32(0, v as number, true)); break;
    case 'double': w.fixed(8, (d) => d.setFloat64(0, v as number, true)); break;
    case 'string': {
      const b = utf8Encoder.encode(v as string);
      w.varint(b.length);
      w.raw(b);
      break;
    }
    case 'bytes': {
      const b = v as Uint8Array;
      w.varint(b.length);
      w.raw(b);
      break;
    }
  }
}

function writeMessage(w: WireWriter, spec: MessageSpec, m: Encodable): void {
  for (const [id, field] of fieldsInOrder(spec)) {
    const v = m[field.name];
    if (v === undefined || v === null) continue;
    const { type } = field;
    const values = field.repeated ? (v as readonly unknown[]) : [v];
    if (field.repeated && values.length === 0) continue;
    if (typeof type !== 'string') {
      for (const item of values) {
        const inner = new WireWriter();
        writeMessage(inner, type, item as Encodable);
        w.tag(id, 2);
        w.varint(inner.length);
        w.append(inner);
      }
    } else if (field.repeated && PACKABLE.has(type)) {
      const inner = new WireWriter();
      for (const item of values) writeScalar(inner, type, item);
      w.tag(id, 2);
      w.varint(inner.length);
      w.append(inner);
    } else {
      for (const item of values) {
        w.tag(id, WIRE[type]);
        writeScalar(w, type, item);
      }
    }
  }
}

/** Encodes `message` as the schema message `type` (e.g. 'ModelProto'). */
export function encodeMessage(message: Encodable, type: string): Uint8Array {
  const spec = messageSpecs().get(type);
  if (!spec) throw new Error(`ONNX schema has no message ${type}`);
  const w = new WireWriter();
  writeMessage(w, spec, message);
  return w.finish();
}
