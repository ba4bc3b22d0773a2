import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Layer } from '../../../src/engine/workload';

export function findFiles(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findFiles(p, ext));
    else if (name.endsWith(ext)) out.push(p);
  }
  return out;
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export interface GoldenLayer {
  id: number;
  name: string;
  loop_sizes: Record<string, number>;
  pr_layer_dim_sizes: Record<string, number>;
  operand_size_elem: Record<string, number>;
  total_mac_count: number;
  padding: Record<string, [number, number]>;
  operand_precision: Record<string, number>;
  r_dims: Record<string, string[]>;
  ir_dims: Record<string, string[]>;
  pr_dims: Record<string, Record<string, string[]>>;
}

/** Compares a layer with a ZigZag golden dump (dims as sets: ZigZag builds ir lists from a Python set). */
export function expectMatchesGolden(layer: Layer, g: GoldenLayer): void {
  expect(layer.id).toBe(g.id);
  expect(layer.name).toBe(g.name);
  expect(layer.loopSizes).toEqual(g.loop_sizes);
  expect(layer.prLoopSizes).toEqual(g.pr_layer_dim_sizes);
  expect(layer.totalMacs).toBe(g.total_mac_count);
  expect(layer.operandSizeElem).toEqual(g.operand_size_elem);
  for (const [dim, pad] of Object.entries(g.padding)) expect(layer.padding[dim]).toEqual(pad);
  for (const op of layer.operands) {
    expect(layer.operandPrecision[op]).toBe(g.operand_precision[op]);
    expect([...layer.relevancy[op].r].sort()).toEqual([...g.r_dims[op]].sort());
    expect([...layer.relevancy[op].ir].sort()).toEqual([...g.ir_dims[op]].sort());
    expect(layer.relevancy[op].pr).toEqual(g.pr_dims[op]);
  }
  expect(layer.finalOutputPrecision).toBe(g.operand_precision.O_final);
}

