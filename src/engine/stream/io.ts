/** File-system side of the Stream pipeline: the cost LUT file (`cost_lut_path`) and model bytes for layer splitting. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../errors';
import type { CostLut, CostLutEntry } from './cost';
import { parseRunFile, type RunFile } from './run-file';

export class JsonFileCostLut implements CostLut {
  private readonly entries = new Map<string, CostLutEntry>();
  private dirty = false;

  constructor(readonly path: string) {
    if (!existsSync(path)) return;
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw InputError.single(path, '', 'a cost LUT JSON file written by Stream Studio (remove it to rebuild)', String(e));
    }
    const entries = (data as { entries?: Record<string, CostLutEntry> })?.entries;
    if (!entries || typeof entries !== 'object') throw InputError.single(path, 'entries', 'an object of cost entries keyed by content hash');
    for (const [k, v] of Object.entries(entries)) this.entries.set(k, v);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CostLutEntry | undefined {
    return this.entries.get(key);
  }

  set(key: string, entry: CostLutEntry): void {
    this.entries.set(key, entry);
    this.dirty = true;
  }

  save(): void {
    if (!this.dirty) return;
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(this.path, JSON.stringify({ format: 'stream-studio-cost-lut', version: 1, entries: Object.fromEntries(this.entries) }));
    this.dirty = false;
  }
}

export function readModelBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw InputError.single(path, '', 'a readable ONNX file', (e as NodeJS.ErrnoException).code ?? String(e));
  }
}

export function writeModelBytes(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

/** Reads and parses a run file (docs/run-file.md); input paths come back resolved against its directory. */
export function loadRunFile(path: string): RunFile {
  return parseRunFile(readRunFileText(path), path);
}

/** Reads a run file's text, or throws an InputError naming it (for formats built on run files). */
export function readRunFileText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw InputError.single(path, '', 'a readable run file (YAML)', (e as NodeJS.ErrnoException).code ?? String(e));
  }
}
