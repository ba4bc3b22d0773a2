/**
 * Core files from before ZigZag 3.8 (`multipliers:` instead of `operational_array:`) import with a one-line
 * notice, export in the current format, and the reference accelerators built from them run.
 */
import { describe, expect, it } from 'vitest';
import { exportCoreYaml } from '../../../src/engine/hardware/core-export';
import { parseCoreYaml } from '../../../src/engine/hardware/core-yaml';
import { loadAcceleratorFile, loadCoreFile } from '../../../src/engine/hardware/io';
import { importNotices } from '../../../src/engine/hardware/model';
import { loadMappingFile } from '../../../src/engine/mapping/io';
import { runPipeline } from '../../../src/engine/stream/pipeline';
import { loadWorkloadFile } from '../../../src/engine/workload/io';
import { expectOk } from '../../support/result';
import { ref } from './reference-files';

const META = ref('inputs/stream/examples/hardware/cores/meta_prototype.yaml');

describe('pre-ZigZag-3.8 core files', () => {
  it('read `multipliers` as the operational array, with one notice', () => {
    const core = expectOk(loadCoreFile(META));
    expect(core.operationalArray.dimensions.map((d) => d.size)).toEqual([32, 2, 4, 4]);
    expect(core.operationalArray.unitEnergy).toBe(0.04);
    expect(core.importNotices).toHaveLength(1);
    expect(core.importNotices![0]).toMatch(/meta_prototype\.yaml: core file from before ZigZag 3\.8 \(`multipliers:`\)/);
  });

  it('export in the current format and re-import identically, without a notice', () => {
    const core = expectOk(loadCoreFile(META));
    const text = expectOk(exportCoreYaml(core));
    expect(text).toContain('operational_array:');
    expect(text).not.toContain('multipliers:');
    const again = expectOk(parseCoreYaml(text, 'exported.yaml'));
    expect(again.importNotices).toBeUndefined();
    expect(again.operationalArray).toEqual(core.operationalArray);
    expect(again.memories.map((m) => m.instance)).toEqual(core.memories.map((m) => m.instance));
  });

  it('a file with both keys is still refused', () => {
    const text = `name: x\nmemories: {}\nmultipliers: {unit_energy: 1, unit_area: 1, dimensions: [D1], sizes: [2]}\noperational_array: {unit_energy: 1, unit_area: 1, dimensions: [D1], sizes: [2]}\n`;
    const r = parseCoreYaml(text, 'both.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.field)).toContain('multipliers');
  });

  it.each(['inputs/stream/examples/hardware/meta_prototype_dual_core_simd_offchip.yaml', 'inputs/stream/testing/hardware/simple_example_hw.yaml'])(
    '%s runs (fixed allocation, 2_conv.onnx)',
    async (file) => {
      const accelerator = expectOk(loadAcceleratorFile(ref(file)));
      expect(importNotices(accelerator.cores)).toHaveLength(1);
      const workload = expectOk(await loadWorkloadFile(ref('inputs/stream/testing/workload/2_conv.onnx'), { flavour: 'stream' }));
      const mapping = expectOk(loadMappingFile(ref('inputs/stream/testing/mapping/simple_example_mapping.yaml')));
      const r = await runPipeline({ accelerator, workload, mapping, options: { mode: 'lbl', allocation: 'fixed' } });
      expect(r.latencyCycles).toBeGreaterThan(0);
      expect(r.energyPj).toBeGreaterThan(0);
      expect(new Set(r.schedule.cns.map((cn) => cn.coreId)).size).toBeGreaterThanOrEqual(1);
    },
  );
});
