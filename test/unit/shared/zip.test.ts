import { describe, expect, it } from 'vitest';
import { crc32, readZip, writeZip } from '../../../src/shared/zip';

const enc = new TextEncoder();

describe('zip (stored entries, for the exported run file)', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926);
  });

  it('writes a well-formed archive: local headers, central directory and its size/offset in the end record', () => {
    const entries = [
      { path: 'run-1/run.yaml', bytes: enc.encode('accelerator: hardware/a.yaml\n') },
      { path: 'run-1/workload/é.onnx', bytes: new Uint8Array([0, 1, 2, 255]) },
    ];
    const zip = writeZip(entries);
    const view = new DataView(zip.buffer);
    const end = zip.length - 22;
    expect(view.getUint32(end, true)).toBe(0x06054b50);
    const names = entries.map((e) => enc.encode(e.path).length);
    const centralSize = names.reduce((s, n) => s + 46 + n, 0);
    const centralOffset = entries.reduce((s, e, i) => s + 30 + names[i]! + e.bytes.length, 0);
    expect(view.getUint16(end + 10, true)).toBe(2);
    expect(view.getUint32(end + 12, true)).toBe(centralSize);
    expect(view.getUint32(end + 16, true)).toBe(centralOffset);
    expect(centralOffset + centralSize + 22).toBe(zip.length);
    expect(view.getUint32(centralOffset, true)).toBe(0x02014b50);
    expect(readZip(zip)).toEqual(entries);
  });

  it('refuses a corrupted entry', () => {
    const zip = writeZip([{ path: 'a.txt', bytes: enc.encode('hello') }]);
    zip[30 + 5] ^= 1;
    expect(() => readZip(zip)).toThrow(/a.txt: CRC mismatch/);
  });
});
