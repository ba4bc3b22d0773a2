/**
 * One content hash for the engine (LUT keys), the store (designs, workloads, mappings) and the browser: SHA-256 in
 * plain TypeScript. It gives the store's existing hashes unchanged (the store used node:crypto SHA-256 over
 * key-sorted JSON), so a workspace written before keeps finding its designs, mappings and workloads by hash; the
 * cost LUT, whose keys came from another function, is emptied by migration 4.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, sha256Hex } from '../../../src/engine';
import { loadAcceleratorFile } from '../../../src/engine/io';
import { openDatabase, Store } from '../../../src/app/store';
import { MIGRATIONS } from '../../../src/app/store/migrations';

/** The store's hash before there was one function (src/app/store/content-hash.ts until 2026-12), as a reference. */
function storeHashBefore(value: unknown): string {
  const hash = createHash('sha256');
  if (value instanceof Uint8Array) hash.update(value);
  else if (typeof value === 'string') hash.update(value);
  else {
    hash.update(
      JSON.stringify(value, (_key, v: unknown) => {
        if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)) {
          const sorted: Record<string, unknown> = {};
          for (const k of Object.keys(v as object).sort()) sorted[k] = (v as Record<string, unknown>)[k];
          return sorted;
        }
        return v;
      }),
    );
  }
  return hash.digest('hex').slice(0, 32);
}

const accelerator = () => {
  const loaded = loadAcceleratorFile(join(__dirname, '../../../resources/inputs/stream/testing/hardware/simple_example_hw.yaml'));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  return loaded.value;
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'studio-hash-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('contentHash', () => {
  it('is SHA-256: equal to node:crypto around every block boundary', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 70_000]) {
      const bytes = randomBytes(n);
      expect(sha256Hex(bytes), `${n} bytes`).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('gives the hashes the store wrote before: documents, text and bytes', () => {
    const doc = accelerator();
    expect(contentHash(doc)).toBe(storeHashBefore(doc));
    const odd = { b: [1, null, Infinity, undefined, 'é😀'], a: { z: undefined, y: -0, x: 1e21 }, c: true };
    expect(canonicalJson(odd)).toBe(JSON.stringify({ a: { x: 1e21, y: 0 }, b: [1, null, null, null, 'é😀'], c: true }));
    expect(contentHash(odd)).toBe(storeHashBefore(odd));
    expect(contentHash('- name: default\n  core_allocation: [0]\n')).toBe(storeHashBefore('- name: default\n  core_allocation: [0]\n'));
    const bytes = new Uint8Array(randomBytes(4096));
    expect(contentHash(bytes)).toBe(storeHashBefore(bytes));
    // Key order does not matter; content does.
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash({ a: 1, b: 2 })).not.toBe(contentHash({ a: 1, b: 3 }));
  });

  it('keeps a workspace written by the previous schema working: designs found by hash, stale LUT entries dropped', () => {
    const path = join(dir, 'old.sqlite');
    const doc = accelerator();
    const yaml = '- name: default\n  core_allocation: [0]\n';
    // A workspace as the previous version left it: schema 3, rows hashed by the store's old function, a LUT entry
    // under a key of the engine's old (non-SHA) hash.
    const old = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version <= 3) });
    const now = new Date().toISOString();
    old.prepare("INSERT INTO projects (id, name, created_at, updated_at) VALUES (1, 'p', ?, ?)").run(now, now);
    old
      .prepare("INSERT INTO designs (project_id, name, origin, accelerator_json, content_hash, core_count, link_count, created_at, updated_at) VALUES (1, 'mesh', 'yaml', ?, ?, ?, ?, ?, ?)")
      .run(JSON.stringify(doc), storeHashBefore(doc), doc.cores.length, doc.links.length, now, now);
    old.prepare('INSERT INTO mappings (project_id, name, yaml, entry_count, content_hash, created_at, updated_at) VALUES (1, ?, ?, 1, ?, ?, ?)').run('m', yaml, storeHashBefore(yaml), now, now);
    old.prepare("INSERT INTO lut_entries (key, entry_json, created_at, last_used_at) VALUES ('0f1e2d3c4b5a69780f1e2d3c4b5a69', '{}', ?, ?)").run(now, now);
    old.close();

    const store = Store.open(path);
    expect(store.schemaVersion).toBeGreaterThanOrEqual(4);
    expect(store.lut.stats().entries).toBe(0);
    const design = store.designs.list(1).find((d) => d.contentHash === contentHash(doc));
    expect(design?.name).toBe('mesh');
    expect(store.designs.get(design!.id)!.accelerator).toEqual(doc);
    expect(store.mappings.list(1).find((m) => m.contentHash === contentHash(yaml))?.name).toBe('m');
    // Saving the same document again keeps its hash.
    expect(store.designs.update(design!.id, { accelerator: doc })!.contentHash).toBe(design!.contentHash);
    store.close();
  });
});
