/** The core files an accelerator file references (`acceleratorFileReferences`): the files the import reads, in any YAML spelling. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { acceleratorFileReferences, parseAcceleratorYaml } from '../../../src/engine/hardware/accelerator-yaml';
import { fileCoreSource } from '../../../src/engine/hardware/io';
import { referenceFiles } from './reference-files';

describe('core files an accelerator file references', () => {
  it('reads block and flow styles, quotes and comments, by core id, with the off-chip core last', () => {
    const block = 'name: x\ncores:\n  1: "simd.yaml" # vector\n  0: ./cores/tpu_like.yaml\noffchip_core: offchip.yaml\nbandwidth: 64\ncore_connectivity: ["0, 1"]\n';
    expect(acceleratorFileReferences(block)).toEqual(['./cores/tpu_like.yaml', 'simd.yaml', 'offchip.yaml']);
    const flowMap = "{name: x, cores: {0: cores/tpu_like.yaml, 1: 'simd.yaml'}, offchip_core: offchip.yaml, bandwidth: 64, core_connectivity: ['0, 1']}";
    expect(acceleratorFileReferences(flowMap)).toEqual(['cores/tpu_like.yaml', 'simd.yaml', 'offchip.yaml']);
    // The graph format lists its cores; a file used twice is listed once.
    const flowList = 'name: x\ncores: [cores/a.yaml, b.yaml, cores/a.yaml]\ngraph: {type: 2d_mesh, nb_rows: 1, nb_cols: 2, bandwidth: 64, unit_energy_cost: 0, offchip_core_id: 2}\n';
    expect(acceleratorFileReferences(flowList)).toEqual(['cores/a.yaml', 'b.yaml']);
    const blockList = 'name: x\ncores:\n  - cores/a.yaml\n  - >-\n    b.yaml\ngraph: {type: 2d_mesh, nb_rows: 1, nb_cols: 2, bandwidth: 64, unit_energy_cost: 0}\n';
    expect(acceleratorFileReferences(blockList)).toEqual(['cores/a.yaml', 'b.yaml']);
    // Typed format: the off-chip core is one of `cores` (offchip_core_id).
    expect(acceleratorFileReferences('name: x\ncores: {0: a.yaml, 1: dram.yaml}\noffchip_core_id: 1\ncore_connectivity: []\n')).toEqual(['a.yaml', 'dram.yaml']);
  });

  it('is undefined for a core file or text that is not YAML, and leaves out entries that are not file names', () => {
    expect(acceleratorFileReferences('name: c\nmemories: {}\noperational_array: {}\n')).toBeUndefined();
    expect(acceleratorFileReferences('cores: [a.yaml\n')).toBeUndefined();
    expect(acceleratorFileReferences('name: x\ncores: {0: a.yaml, 1: 7, 2: {file: b.yaml}}\n')).toEqual(['a.yaml']);
  });

  const accelerators = referenceFiles().filter((f) => f.kind === 'accelerator');
  it('lists, for every reference accelerator, the core files the import reads', () => {
    expect(accelerators.length).toBeGreaterThanOrEqual(15);
    for (const file of accelerators) {
      const text = readFileSync(file.path, 'utf8');
      const read: string[] = [];
      const source = fileCoreSource(file.path);
      parseAcceleratorYaml(text, file.path, (ref, field) => {
        read.push(ref);
        return source(ref, field);
      });
      expect(read.length, file.rel).toBeGreaterThan(0);
      expect(acceleratorFileReferences(text), file.rel).toEqual([...new Set(read)]);
    }
  });
});
