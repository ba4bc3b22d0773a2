import { deflateRawSync, inflateRawSync } from 'node:zlib';

export const ARTIFACT_ENCODING = 'json+deflate';

// Level 1: about 2.3× faster than the default 6 for 13 % more bytes; a sweep's coordinator stores every point's
// result, and its compression time competed with the workers for the cores (bench/sweep.bench.ts).
export function packJson(value: unknown): { data: Buffer; rawBytes: number } {
  const raw = Buffer.from(JSON.stringify(value), 'utf8');
  return { data: deflateRawSync(raw, { level: 1 }), rawBytes: raw.length };
}

/** One stored part of a run's result, compressed (a worker can pack it; the store only inserts it). */
export interface PackedArtifact {
  readonly kind: string;
  readonly rawBytes: number;
  readonly data: Uint8Array;
}

/** The large parts of a result, each stored as its own compressed artifact so a summary loads without them. */
const SPLIT_KEYS = ['schedule', 'memory', 'pareto', 'gaHistory', 'costLut'] as const;

/** A run result as the store keeps it: the split parts, then `result` (the rest). */
export function packRunResult(result: object): PackedArtifact[] {
  const rest: Record<string, unknown> = { ...result };
  const artifacts: PackedArtifact[] = [];
  for (const key of SPLIT_KEYS) {
    artifacts.push({ kind: key, ...packJson(rest[key]) });
    delete rest[key];
  }
  artifacts.push({ kind: 'result', ...packJson(rest) });
  return artifacts;
}

export function unpackJson<T>(data: Buffer, encoding: string): T {
  if (encoding !== ARTIFACT_ENCODING) throw new Error(`unknown artifact encoding ${encoding}`);
  return JSON.parse(inflateRawSync(data).toString('utf8')) as T;
}
