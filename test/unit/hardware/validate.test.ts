import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/engine/errors';
import { loadAcceleratorFile, loadCoreFile } from '../../../src/engine/hardware/io';
import type { Accelerator, Core } from '../../../src/engine/hardware/types';
import { validateAccelerator, validateCore, validateDesign } from '../../../src/engine/hardware/validate';
import { ref } from './reference-files';

const core = unwrap(loadCoreFile(ref('inputs/stream-tutorial/lab1/hardware/cores/accelerator1.yaml')));
const acc = unwrap(loadAcceleratorFile(ref('inputs/stream-tutorial/lab1/hardware/hda_bus.yaml')));

function withMemory(c: Core, index: number, patch: Record<string, unknown>): Core {
  const memories = c.memories.map((m, i) => (i === index ? { ...m, instance: { ...m.instance, ...patch } } : m));
  return { ...c, memories };
}

describe('validateCore / validateAccelerator (editor checks)', () => {
  it('accepts every imported reference core and accelerator', () => {
    expect(validateCore(core)).toEqual([]);
    expect(validateAccelerator(acc)).toEqual([]);
  });

  it('accepts every shipped example accelerator as an editor design, repeated core names included', () => {
    const root = join(__dirname, '../../../resources/inputs');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /(^|\/)hardware\/[^/]+\.yaml$/.test(f));
    const loaded = files.map((f) => ({ f, result: loadAcceleratorFile(join(root, f)) })).filter((l) => l.result.ok);
    expect(loaded.length).toBeGreaterThan(10);
    const quad = loaded.find((l) => l.f.endsWith('tpu_like_quad_core.yaml'));
    expect(quad && quad.result.ok && new Set(quad.result.value.cores.map((c) => c.name)).size).toBeLessThan(5);
    for (const { f, result } of loaded) if (result.ok) expect([f, validateDesign(result.value, f)]).toEqual([f, []]);
  });

  it('names the field of a negative size and of a bad port', () => {
    const bad = withMemory(core, 0, { sizeBits: -8 });
    expect(validateCore(bad, 'design')).toEqual([{ file: 'design', field: 'memories.rf_1B_I2.size', expected: 'a positive integer number of bits', found: '-8' }]);
    const port = core.memories[0]!.instance.ports[0]!;
    const badPort = withMemory(core, 0, { ports: [{ ...port, bandwidthMin: 64 }, ...core.memories[0]!.instance.ports.slice(1)] });
    expect(validateCore(badPort).map((i) => i.field)).toEqual(['memories.rf_1B_I2.ports[0].bandwidth_min']);
  });

  it('checks dataflows as the core file reader does: array dimensions, loop names, positive factors', () => {
    const dims = core.operationalArray.dimensions.map((d) => d.name);
    const ok = { ...core, dataflows: { [dims[0]!]: [{ loopDim: 'K', factor: 4 }] } };
    expect(validateCore(ok)).toEqual([]);
    const bad = { ...core, dataflows: { X: [{ loopDim: 'K', factor: 4 }], [dims[0]!]: [{ loopDim: '3K', factor: 0 }] } };
    expect(validateCore(bad).map((i) => [i.field, i.expected])).toEqual([
      ['dataflows.X', `one of the operational array dimensions (${dims.join(', ')})`],
      [`dataflows.${dims[0]}[0]`, 'a loop dimension name such as K'],
      [`dataflows.${dims[0]}[0]`, 'a positive integer unrolling factor'],
    ]);
  });

  it('prefixes core issues with the core index inside an accelerator', () => {
    const cores = acc.cores.map((c, i) => (i === 2 ? withMemory(c, 1, { readCost: -1 }) : c));
    const issues = validateAccelerator({ ...acc, cores });
    expect(issues.map((i) => i.field)).toEqual(['cores[2].memories.rf_1B_I1.r_cost']);
  });

  it('reports cores the off-chip core cannot reach', () => {
    const cut: Accelerator = { ...acc, edges: acc.edges.filter((e) => e.from !== 2 && e.to !== 2) };
    const issues = validateAccelerator(cut, 'hda.yaml');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'hda.yaml', field: 'core_connectivity', found: 'core 2 not connected' });
  });

  it('reports connections to cores that do not exist', () => {
    const topology = { ...acc.topology, connectivity: [{ type: 'bus' as const, cores: [0, 9], bandwidth: 32, unitEnergyCost: null }] };
    const issues = validateAccelerator({ ...acc, topology } as Accelerator);
    expect(issues.map((i) => i.field)).toContain('core_connectivity[0].cores[1]');
  });
});
