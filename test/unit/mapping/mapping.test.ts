import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, unwrap } from '../../../src/engine/errors';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import { loadMappingFile, saveMappingFile } from '../../../src/engine/mapping/io';
import { lookupMappingEntry } from '../../../src/engine/mapping/lookup';
import { exportMappingYaml } from '../../../src/engine/mapping/mapping-export';
import { parseMappingYaml } from '../../../src/engine/mapping/mapping-yaml';
import { checkMapping, validateMapping } from '../../../src/engine/mapping/validate';
import { ref, referenceFiles } from '../hardware/reference-files';

const mappingFiles = referenceFiles().filter((f) => f.kind === 'mapping');

describe('Stream mapping import', () => {
  const mapping = unwrap(loadMappingFile(ref('inputs/stream/examples/mapping/tpu_like_quad_core.yaml')));

  it('reads core allocations and tilings with * and all factors', () => {
    expect(mapping.format).toBe('stream');
    const conv = mapping.entries.find((e) => e.name === 'Conv')!;
    expect(conv.coreAllocation).toEqual([0, 1, 2, 3]);
    expect(conv.intraCoreTiling).toEqual([{ dim: 'OY', factor: 'all' }]);
    expect(conv.interCoreTiling).toEqual([{ dim: 'K', factor: '*' }]);
    expect(conv.memoryOperandLinks).toEqual({ O: 'O', I: 'I1', W: 'I2' });
  });

  it('looks entries up by layer name, then operator type, then default', () => {
    expect(lookupMappingEntry(mapping, 'conv1', 'Conv')?.matchedBy).toBe('op_type');
    expect(lookupMappingEntry(mapping, 'conv1', 'Relu')).toMatchObject({ name: 'default', matchedBy: 'default' });
    expect(lookupMappingEntry(mapping, 'Add', 'Conv')).toMatchObject({ name: 'Add', matchedBy: 'name', coreAllocation: [5] });
  });

  it('fills missing tilings from the default entry; `explicit` mode keeps an explicit empty list', () => {
    const m = unwrap(
      parseMappingYaml(
        `- name: default\n  core_allocation: [0, 1]\n  inter_core_tiling: ["K, 2"]\n  intra_core_tiling: ["OY, all"]\n` +
          `- name: Conv\n  intra_core_tiling: []\n`,
        'm.yaml',
      ),
    );
    const reference = lookupMappingEntry(m, 'c', 'Conv')!;
    expect(reference.coreAllocation).toEqual([0]);
    expect(reference.interCoreTiling).toEqual([{ dim: 'K', factor: 2 }]);
    expect(reference.intraCoreTiling).toEqual([{ dim: 'OY', factor: 'all' }]);
    const explicit = lookupMappingEntry(m, 'c', 'Conv', { tilingInheritance: 'explicit' })!;
    expect(explicit.intraCoreTiling).toEqual([]);
    expect(explicit.interCoreTiling).toEqual([{ dim: 'K', factor: 2 }]);
  });
});

describe('ZigZag mapping import', () => {
  it('reads mixed spatial mappings, hints and memory operand links', () => {
    const m = unwrap(loadMappingFile(ref('inputs/zigzag/mapping/tpu_like_mixed.yaml')));
    expect(m.format).toBe('zigzag');
    const d = m.entries.find((e) => e.name === 'default')!;
    expect(d.spatialMapping?.D2).toEqual([
      { loopDim: 'C', factor: 2 },
      { loopDim: 'FX', factor: 3 },
      { loopDim: 'FY', factor: 3 },
    ]);
    expect(d.spatialMappingHint?.D3).toEqual(['K', 'OX']);
    expect(d.coreAllocation).toBeUndefined();
  });

  it('reads temporal orderings and applies the default memory operand links', () => {
    const m = unwrap(parseMappingYaml('- name: default\n  temporal_ordering:\n    - [OX, 112]\n    - [K, "*"]\n', 't.yaml'));
    expect(m.entries[0]!.temporalOrdering).toEqual([{ dim: 'OX', size: 112 }, { dim: 'K', size: '*' }]);
    expect(m.entries[0]!.memoryOperandLinks).toEqual({ O: 'O', I: 'I1', W: 'I2' });
  });
});

describe('mapping round trip (import → export → import) over every reference mapping', () => {
  for (const file of mappingFiles) {
    it(file.rel, () => {
      const m = unwrap(loadMappingFile(file.path));
      const again = parseMappingYaml(exportMappingYaml(m), 'exported.yaml');
      if (!again.ok) throw new InputError(again.issues);
      expect(again.value).toEqual(m);
    });
  }
});

describe('saveMappingFile', () => {
  it('writes a file that loads back equal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'h1-mapping-'));
    try {
      const m = unwrap(loadMappingFile(ref('inputs/stream/examples/mapping/array_and_vec.yaml')));
      const path = unwrap(saveMappingFile(m, join(dir, 'sub', 'm.yaml')));
      expect(unwrap(loadMappingFile(path))).toEqual(m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('validateMapping', () => {
  const mapping = unwrap(loadMappingFile(ref('inputs/stream/examples/mapping/tpu_like_quad_core.yaml')));
  const quad = unwrap(loadAcceleratorFile(ref('inputs/stream/examples/hardware/tpu_like_quad_core.yaml')));
  const hda = unwrap(loadAcceleratorFile(ref('inputs/stream-tutorial/lab1/hardware/hda_bus.yaml')));

  it('accepts a mapping whose cores exist', () => {
    expect(validateMapping(mapping, 'm.yaml', { accelerator: quad })).toEqual([]);
  });

  it('names allocations of missing or off-chip cores', () => {
    const issues = validateMapping(mapping, 'm.yaml', { accelerator: hda });
    expect(issues.find((i) => i.field === '[3].core_allocation[0]')).toMatchObject({ found: '4', expected: 'the id of a core of accelerator three_core_hda_bus (0..3)' });
    expect(issues.find((i) => i.field === '[7].core_allocation[0]')?.found).toBe('5');
    const onOffchip = unwrap(parseMappingYaml('- name: default\n  core_allocation: [0, 3]\n', 'o.yaml'));
    expect(validateMapping(onOffchip, 'o.yaml', { accelerator: hda })).toEqual([
      { file: 'o.yaml', field: '[0].core_allocation[1]', expected: 'a compute core (core 3 is the off-chip/memory core)', found: '3' },
    ]);
  });

  it('names dimensions a targeted layer lacks; tolerates (warns about) those of op-type and default entries', () => {
    const layers = [
      { name: 'conv1', operatorType: 'Conv', loopDims: ['B', 'K', 'C', 'OY', 'OX', 'FY', 'FX'] },
      { name: 'fc', operatorType: 'Gemm', loopDims: ['B', 'D', 'C', 'K'] },
    ];
    const m = unwrap(
      parseMappingYaml(
        `- name: default\n  intra_core_tiling: ["D, all"]\n- name: Conv\n  intra_core_tiling: ["D, 2"]\n` +
          `- name: conv1\n  inter_core_tiling: ["Q, 2"]\n  spatial_mapping: {D1: ["K, 4"]}\n- name: Softmax\n`,
        'm.yaml',
      ),
    );
    const check = checkMapping(m, 'm.yaml', { layers });
    expect(check.errors).toEqual([
      { file: 'm.yaml', field: '[2].inter_core_tiling[0]', expected: 'a loop dimension of layer conv1 (B, C, FX, FY, K, OX, OY)', found: 'Q' },
    ]);
    expect(check.warnings.map((w) => `${w.field}=${w.found}`)).toEqual(['[1].intra_core_tiling[0]=D', '[3].name=Softmax']);
    expect(validateMapping(m, 'm.yaml', { layers })).toEqual(check.errors);
  });
});

const BAD = resolve(import.meta.dirname, '../../fixtures/bad/mapping');
const EXPECTED: Readonly<Record<string, string>> = {
  'map_no_default.yaml': 'an entry named "default"',
  'map_bad_tiling_factor.yaml': '[0].inter_core_tiling[0]',
  'map_zero_tiling_factor.yaml': '[0].intra_core_tiling[0]',
  'map_core_allocation_mistyped.yaml': '[0].core_allocation[0]',
  'map_bad_operand_link.yaml': '[0].memory_operand_links.W',
  'map_not_a_list.yaml': 'a list of mapping entries',
  'map_bad_spatial_mapping.yaml': '[0].spatial_mapping.D1[0]',
  'map_unknown_key.yaml': '[0].inter_core_tilling',
  'map_syntax_error.yaml': 'line 3',
  'map_bad_temporal_ordering.yaml': '[0].temporal_ordering[1]',
  'map_missing_name.yaml': '[0].name',
  'map_alias_bomb.yaml': 'valid YAML',
  'map_duplicate_name.yaml': '[2].name',
};

describe('malformed mapping files give precise errors', () => {
  it('covers every file of the corpus', () => {
    expect(readdirSync(BAD).sort()).toEqual(Object.keys(EXPECTED).sort());
  });
  for (const [name, field] of Object.entries(EXPECTED)) {
    it(name, () => {
      const result = loadMappingFile(join(BAD, name));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const message = new InputError(result.issues).message;
      expect(message).toContain(name);
      expect(message).toContain(field);
      expect(message).not.toMatch(/\n\s+at /);
    });
  }
});
