/**
 * A minimal ZIP archive (PKWARE APPNOTE 6.3): entries stored without compression, UTF-8 names, CRC-32. Enough to
 * hand a folder of small text inputs to a browser download (the run dashboard's "Export run file") and to read it
 * back in tests. Pure (no Node, no DOM).
 */

export interface ZipEntry {
  /** `/`-separated path inside the archive. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** 1980-01-01 00:00, the earliest DOS date: archives of equal entries are byte-identical. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const UTF8_FLAG = 0x0800;

/** Writes the entries, in order, as a stored (uncompressed) ZIP archive. */
export function writeZip(entries: readonly ZipEntry[]): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const named = entries.map((e) => ({ ...e, name: encoder.encode(e.path.replace(/\\/g, '/').replace(/^\/+/, '')), crc: crc32(e.bytes) }));
  const localSize = named.reduce((sum, e) => sum + 30 + e.name.length + e.bytes.length, 0);
  const centralSize = named.reduce((sum, e) => sum + 46 + e.name.length, 0);
  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  let at = 0;
  const u16 = (v: number) => (view.setUint16(at, v, true), (at += 2));
  const u32 = (v: number) => (view.setUint32(at, v >>> 0, true), (at += 4));
  const put = (bytes: Uint8Array) => (out.set(bytes, at), (at += bytes.length));
  const offsets: number[] = [];
  for (const e of named) {
    offsets.push(at);
    u32(0x04034b50);
    u16(20);
    u16(UTF8_FLAG);
    u16(0);
    u16(DOS_TIME);
    u16(DOS_DATE);
    u32(e.crc);
    u32(e.bytes.length);
    u32(e.bytes.length);
    u16(e.name.length);
    u16(0);
    put(e.name);
    put(e.bytes);
  }
  const centralStart = at;
  named.forEach((e, i) => {
    u32(0x02014b50);
    u16(20);
    u16(20);
    u16(UTF8_FLAG);
    u16(0);
    u16(DOS_TIME);
    u16(DOS_DATE);
    u32(e.crc);
    u32(e.bytes.length);
    u32(e.bytes.length);
    u16(e.name.length);
    u16(0);
    u16(0);
    u16(0);
    u16(0);
    u32(0);
    u32(offsets[i]!);
    put(e.name);
  });
  const centralBytes = at - centralStart;
  u32(0x06054b50);
  u16(0);
  u16(0);
  u16(named.length);
  u16(named.length);
  u32(centralBytes);
  u32(centralStart);
  u16(0);
  return out;
}

/** Reads a stored ZIP archive (as `writeZip` writes it); throws on compressed entries or a bad CRC. */
export function readZip(archive: Uint8Array): ZipEntry[] {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  let end = archive.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a ZIP archive: no end of central directory');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error(`ZIP central directory entry ${i}: bad signature`);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const path = decoder.decode(archive.subarray(at + 46, at + 46 + nameLength));
    if (method !== 0) throw new Error(`ZIP entry ${path}: compression method ${method}, only stored entries are read`);
    const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const bytes = archive.slice(dataStart, dataStart + size);
    if (crc32(bytes) !== crc) throw new Error(`ZIP entry ${path}: CRC mismatch`);
    entries.push({ path, bytes });
    at += 46 + nameLength + extra;
  }
  return entries;
}
