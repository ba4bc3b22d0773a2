/**
 * The accelerator document schema (the API's check of an accelerator's shape) accepts every accelerator the
 * importers produce, as it arrives over the API (JSON), and names the field of a malformed one.
 */
import { describe, expect, it } from 'vitest';
import { acceleratorDocumentSchema } from '../../../src/engine/hardware/document-schema';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import { referenceFiles } from './reference-files';

const accelerators = referenceFiles()
  .filter((f) => f.kind === 'accelerator')
  .map((f) => ({ rel: f.rel, loaded: loadAcceleratorFile(f.path) }))
  .filter((f) => f.loaded.ok);

describe('accelerator document schema', () => {
  it('accepts every reference accelerator the importer reads, after a JSON round trip', () => {
    expect(accelerators.length).toBeGreaterThan(10);
    for (const { rel, loaded } of accelerators) {
      const parsed = acceleratorDocumentSchema.safeParse(JSON.parse(JSON.stringify(loaded.ok ? loaded.value : null)));
      expect(parsed.success, `${rel}: ${parsed.success ? '' : parsed.error.issues[0]?.path.join('.')}`).toBe(true);
    }
  });

  it('names the field of a malformed document and refuses unknown fields', () => {
    const good = JSON.parse(JSON.stringify(accelerators[0]!.loaded.ok ? accelerators[0]!.loaded.value : null));
    const wrongType = structuredClone(good);
    wrongType.cores[0].memories[0].instance.sizeBits = 'big';
    const r1 = acceleratorDocumentSchema.safeParse(wrongType);
    expect(r1.success).toBe(false);
    expect(r1.error!.issues[0]!.path).toEqual(['cores', 0, 'memories', 0, 'instance', 'sizeBits']);
    const extra = { ...structuredClone(good), script: 'x' };
    expect(acceleratorDocumentSchema.safeParse(extra).success).toBe(false);
    expect(acceleratorDocumentSchema.safeParse({ cores: 3 }).success).toBe(false);
  });
});
