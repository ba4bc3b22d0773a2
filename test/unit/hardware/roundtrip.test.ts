import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, unwrap } from '../../../src/engine/errors';
import { exportCoreYaml } from '../../../src/engine/hardware/core-export';
import { parseCoreYaml } from '../../../src/engine/hardware/core-yaml';
import { loadAcceleratorFile, loadCoreFile, saveAcceleratorFile } from '../../../src/engine/hardware/io';
import type { Accelerator, Core } from '../../../src/engine/hardware/types';
import { INVALID_UPSTREAM, referenceFiles } from './reference-files';

const valid = referenceFiles().filter((f) => !INVALID_UPSTREAM[f.rel]);
const scratch = mkdtempSync(join(tmpdir(), 'h1-roundtrip-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A core without its import notices (an older-format file is written back in the current format, without one). */
const noNotices = (core: Core): Core => {
  const { importNotices: _, ...rest } = core;
  return rest;
};
/** Everything but the core file references, which the exporter rewrites to ./cores/<name>.yaml. */
const comparable = (acc: Accelerator) => ({ ...acc, cores: acc.cores.map(noNotices), coreFiles: [] });

describe('core YAML round trip (import → export → import gives an equal core)', () => {
  for (const file of valid.filter((f) => f.kind === 'core')) {
    it(file.rel, () => {
      const core = unwrap(loadCoreFile(file.path));
      const text = unwrap(exportCoreYaml(core));
      expect(unwrap(parseCoreYaml(text, 'exported.yaml'))).toEqual(noNotices(core));
    });
  }
});

describe('accelerator YAML round trip', () => {
  valid
    .filter((f) => f.kind === 'accelerator')
    .forEach((file, i) => {
      it(file.rel, () => {
        const acc = unwrap(loadAcceleratorFile(file.path));
        const dir = join(scratch, String(i));
        const written = unwrap(saveAcceleratorFile(acc, join(dir, 'accelerator.yaml')));
        expect(written.at(-1)).toBe(join(dir, 'accelerator.yaml'));
        const again = loadAcceleratorFile(join(dir, 'accelerator.yaml'));
        if (!again.ok) throw new InputError(again.issues);
        expect(comparable(again.value)).toEqual(comparable(acc));
        expect(again.value.coreFiles.every((f) => f?.startsWith('./cores/'))).toBe(true);
      });
    });
});

describe('format conversion', () => {
  const stripLegacy = (core: Core) => ({
    ...noNotices(core),
    format: 'any',
    // Port order and the order of functions on a port carry no meaning.
    memories: core.memories.map((m) => ({
      ...m,
      instance: {
        ...m.instance,
        legacy: undefined,
        ports: [...m.instance.ports]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((p) => ({ ...p, allocation: p.allocation.map((a) => `${a.operand} ${a.direction}`).sort() })),
      },
    })),
    hierarchy: {},
  });

  it('a legacy (3.8.0) core written in the ports format describes the same hardware', () => {
    for (const file of valid.filter((f) => f.kind === 'core')) {
      const core = unwrap(loadCoreFile(file.path));
      const other = core.format === 'zigzag-legacy' ? 'zigzag-ports' : 'zigzag-legacy';
      const text = exportCoreYaml(core, other);
      if (!text.ok) {
        // Only the newer format can express per-port widths; the legacy writer refuses precisely.
        expect(other).toBe('zigzag-legacy');
        expect(text.issues[0]!.field).toMatch(/^memories\..+\.ports$/);
        continue;
      }
      const converted = unwrap(parseCoreYaml(text.value, 'converted.yaml'));
      expect(converted.format).toBe(other);
      expect(stripLegacy(converted)).toEqual(stripLegacy(core));
    }
  });
});
