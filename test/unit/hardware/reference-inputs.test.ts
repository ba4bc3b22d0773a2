import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/engine/errors';
import { loadHardwareFile } from '../../../src/engine/hardware/io';
import { loadMappingFile } from '../../../src/engine/mapping/io';
import { loadWorkloadFile } from '../../../src/engine/workload/io';
import { INVALID_UPSTREAM, referenceFiles } from './reference-files';

const files = referenceFiles();

describe('every reference input file imports', () => {
  it('finds the reference corpus', () => {
    const count = (k: string) => files.filter((f) => f.kind === k).length;
    expect(count('accelerator')).toBeGreaterThanOrEqual(15);
    expect(count('core')).toBeGreaterThanOrEqual(30);
    expect(count('mapping')).toBeGreaterThanOrEqual(24);
    expect(count('workload')).toBeGreaterThanOrEqual(15);
  });

  for (const file of files.filter((f) => f.kind === 'accelerator' || f.kind === 'core')) {
    const invalid = INVALID_UPSTREAM[file.rel];
    it(`${file.rel} ${invalid ? 'fails precisely (invalid upstream)' : 'imports'}`, () => {
      const result = loadHardwareFile(file.path);
      if (!invalid) {
        if (!result.ok) throw new InputError(result.issues);
        expect(result.value.kind).toBe(file.kind);
        return;
      }
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const message = new InputError(result.issues).message;
      for (const field of invalid) expect(message).toContain(field);
      expect(message).not.toMatch(/\n\s+at /);
    });
  }

  for (const file of files.filter((f) => f.kind === 'mapping')) {
    it(`${file.rel} imports`, () => {
      const result = loadMappingFile(file.path);
      if (!result.ok) throw new InputError(result.issues);
      expect(result.value.entries.some((e) => e.name === 'default')).toBe(true);
    });
  }

  // Workloads belong to the workload importer; here we only check that each one either imports or is
  // rejected with issues naming the file (never a crash).
  for (const file of files.filter((f) => f.kind === 'workload')) {
    it(`${file.rel} imports or fails with a precise error`, async () => {
      const result = await loadWorkloadFile(file.path);
      if (result.ok) expect(result.value.nodes.length).toBeGreaterThan(0);
      else expect(result.issues.every((i) => i.file === file.path && i.expected.length > 0)).toBe(true);
    });
  }
});
