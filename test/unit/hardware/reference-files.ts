/** Locating and classifying the reference input files shared beside the checkout (../shared/reference). */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { INPUTS, REFERENCE } from '../../support/reference';

export type ReferenceKind = 'accelerator' | 'core' | 'mapping' | 'workload';

export interface ReferenceFile {
  readonly path: string;
  /** Path relative to ../shared/reference, e.g. `inputs/zigzag/hardware/tpu_like.yaml`. */
  readonly rel: string;
  readonly kind: ReferenceKind;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

function classify(path: string): ReferenceKind | undefined {
  if (path.endsWith('.onnx')) return 'workload';
  if (!/\.ya?ml$/.test(path)) return undefined;
  const data: unknown = parse(readFileSync(path, 'utf8'), { version: '1.1', uniqueKeys: false });
  if (Array.isArray(data)) {
    const first = data[0] as Record<string, unknown> | undefined;
    return first && ('equation' in first || 'operator_type' in first) ? 'workload' : 'mapping';
  }
  if (data && typeof data === 'object') {
    if ('cores' in data) return 'accelerator';
    if ('memories' in data) return 'core';
  }
  return undefined;
}

/** Every input file of the reference (inputs/ and zigzag-golden/inputs/), with its kind. */
export function referenceFiles(): ReferenceFile[] {
  const paths = [...walk(INPUTS), ...walk(join(REFERENCE, 'zigzag-golden', 'inputs'))].sort();
  const files: ReferenceFile[] = [];
  for (const path of paths) {
    const kind = classify(path);
    if (kind) files.push({ path, rel: relative(REFERENCE, path), kind });
  }
  return files;
}

export const ref = (rel: string) => join(REFERENCE, rel);

/**
 * Files that are stale or invalid upstream, with the fields our error must name:
 * - zigzag/hardware/eyeriss_like.yaml uses ports that are not declared (w_port_2, r_port_2 with w_port: 1,
 *   r_port: 1), a malformed port name `wr_port_2`, and port counts that do not match; ZigZag 3.8.0's
 *   validator rejects it too.
 */
export const INVALID_UPSTREAM: Readonly<Record<string, readonly string[]>> = {
  'inputs/zigzag/hardware/eyeriss_like.yaml': ['memories.rf_16B.ports[0].fl', 'memories.sram_1M.ports[0].tl', 'memories.rf_16B.rw_port'],
};

/**
 * Files in an older format that import with a one-line notice: stream/examples/hardware/cores/meta_prototype.yaml
 * still uses the pre-ZigZag-3.8 key `multipliers` instead of `operational_array`, and so do the two accelerators
 * built from it.
 */
export const OLDER_FORMAT: ReadonlySet<string> = new Set([
  'inputs/stream/examples/hardware/cores/meta_prototype.yaml',
  'inputs/stream/examples/hardware/meta_prototype_dual_core_simd_offchip.yaml',
  'inputs/stream/testing/hardware/simple_example_hw.yaml',
]);
