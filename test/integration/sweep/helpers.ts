import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CliIo } from '../../../src/cli/command';

export const LAB1 = resolve(import.meta.dirname, '../../../resources/inputs/stream-tutorial/lab1');

export function cliIo(cwd: string, signal?: AbortSignal): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, cwd, env: {}, ...(signal ? { signal } : {}) };
}

/** A 3 × 3 sweep of the tutorial's 4_convs on hda_bus: link bandwidth × core 0's array dimension D1. */
export function writeNinePointSweep(extra = ''): { dir: string; file: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ss-sweep-'));
  const file = join(dir, 'sweep.yaml');
  writeFileSync(
    file,
    `name: links-and-array
accelerator: ${LAB1}/hardware/hda_bus.yaml
workload: ${LAB1}/workload/4_convs.onnx
mapping: ${LAB1}/mapping/mapping.yaml
options: { mode: lbl }
axes:
  - field: links[*].bandwidth
    values: [8, 32, 128]
  - field: cores[0].array.dimensions.D1
    values: [8, 16, 32]
${extra}`,
  );
  return { dir, file, db: join(dir, 'workspace.sqlite') };
}
