import { deflateRawSync, inflateRawSync } from 'node:zlib';

export const ARTIFACT_ENCODING = 'json+deflate';

export function packJson(value: unknown): { data: Buffer; rawBytes: number } {
  const raw = Buffer.from(JSON.stringify(value), 'utf8');
  return { data: deflateRawSync(raw, { level: 6 }), rawBytes: raw.length };
}

export function unpackJson<T>(data: Buffer, encoding: string): T {
  if (encoding !== ARTIFACT_ENCODING) throw new Error(`unknown artifact encoding ${encoding}`);
  return JSON.parse(inflateRawSync(data).toString('utf8')) as T;
}
