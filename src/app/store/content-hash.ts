import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so equal documents hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v as object).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

export function contentHash(value: unknown): string {
  const hash = createHash('sha256');
  if (value instanceof Uint8Array) hash.update(value);
  else if (typeof value === 'string') hash.update(value);
  else hash.update(canonicalJson(value));
  return hash.digest('hex').slice(0, 32);
}
