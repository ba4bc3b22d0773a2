/**
 * The editor's core library against the example core files it stands for: each library core must equal what the
 * engine's reader makes of its file, except for the deliberate differences listed in core-library.ts (the name,
 * and DIMC's array). Any drift between the library and the files fails here.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coreArea, parseCoreYaml, validateCore, validateDesign, type Core } from '../../../src/engine/browser';
import { CORE_FILES, CORE_LIBRARY, DIMC_ARRAY, coreFromTemplate, templateById } from '../../../src/renderer/hardware/core-library';
import { addBus, addCore, emptyDesign } from '../../../src/renderer/hardware/design';

const ROOT = resolve(import.meta.dirname, '../../..');

function fileCore(path: string): Core {
  const parsed = parseCoreYaml(readFileSync(resolve(ROOT, path), 'utf8'), path);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

/** Deliberate differences from the file, per template id (besides the name, which is the template id). */
const EXCEPTIONS: Readonly<Record<string, (core: Core) => Core>> = {
  dimc: (core) => ({ ...core, operationalArray: { ...core.operationalArray, imc: DIMC_ARRAY } }),
};

describe('core library', () => {
  it('names a core file for every template, and only those', () => {
    expect(Object.keys(CORE_FILES).sort()).toEqual(CORE_LIBRARY.map((t) => t.id).sort());
  });

  it.each(CORE_LIBRARY.map((t) => [t.id, CORE_FILES[t.id]]))('%s equals the core the engine reads from %s', (id, path) => {
    const fromFile = fileCore(path);
    const expected = (EXCEPTIONS[id] ?? ((c: Core) => c))({ ...fromFile, id: 5, name: id, sharedMemoryGroupId: 5 });
    const core = coreFromTemplate(templateById(id)!, 5);
    expect(core).toEqual(expected);
    expect(core.type).toBe(templateById(id)!.type);
    expect(validateCore(core)).toEqual([]);
  });

  it('DIMC differs from the AIMC file only by the array of ZigZag dimc.yaml', () => {
    expect(DIMC_ARRAY).toEqual({ imcType: 'digital', inputPrecision: [8, 8], bitSerialPrecision: 1, adcResolution: 0 });
    const { operationalArray: a, ...aimc } = coreFromTemplate(templateById('aimc')!, 0, 'x');
    const { operationalArray: d, ...dimc } = coreFromTemplate(templateById('dimc')!, 0, 'x');
    expect(dimc).toEqual(aimc);
    expect({ ...d, imc: undefined }).toEqual({ ...a, imc: undefined });
  });

  it('keeps the figures the audit found drifted (unit area, dataflows, rw ports, memory types: none of the files sets mem_type)', () => {
    const core = (id: string) => coreFromTemplate(templateById(id)!, 0);
    expect(core('eyeriss_like').operationalArray.unitArea).toBe(0.1);
    expect(core('simd').operationalArray.unitArea).toBe(0.01);
    expect(core('pooling').operationalArray.unitArea).toBe(0.01);
    expect(core('tpu_like').operationalArray.unitArea).toBe(1);
    expect(core('eyeriss_like').dataflows).toEqual({ D1: [{ loopDim: 'K', factor: 16 }], D2: [{ loopDim: 'C', factor: 16 }] });
    const ports = (id: string, memory: string) => core(id).memories.find((m) => m.instance.name === memory)!.instance.ports.map((p) => p.name);
    expect(ports('eyeriss_like', 'sram_8KB')).toEqual(['rw_port_1', 'rw_port_2']);
    expect(ports('eyeriss_like', 'sram_1M')).toEqual(['rw_port_1', 'rw_port_2']);
    expect(ports('simd', 'sram_128KB_2rw')).toEqual(['rw_port_1', 'rw_port_2']);
    expect(ports('tpu_like', 'rf_2B')).toEqual(['r_port_1', 'r_port_2', 'w_port_1', 'w_port_2']);
    for (const template of CORE_LIBRARY) {
      for (const m of coreFromTemplate(template, 0).memories) expect(m.instance.memType, `${template.id}.${m.instance.name}`).toBe('sram');
    }
    expect(coreArea(core('eyeriss_like')).operationalArray.total).toBeCloseTo(16.8, 10);
  });

  it('makes a valid design of every library core, twice each, on a bus with the off-chip core', () => {
    let design = emptyDesign('lib');
    for (const template of CORE_LIBRARY.filter((t) => t.type === 'compute')) {
      design = addCore(design, template).design;
      design = addCore(design, template).design;
    }
    const ids = design.cores.filter((c) => c.id !== design.offchipCoreId).map((c) => c.id);
    design = addBus(design, [...ids, design.offchipCoreId!]).design;
    expect(design.cores.map((c) => c.name)).toEqual([
      'tpu_like', 'tpu_like_2', 'eyeriss_like', 'eyeriss_like_2', 'aimc', 'aimc_2', 'dimc', 'dimc_2', 'simd', 'simd_2', 'pooling', 'pooling_2', 'offchip',
    ]);
    expect(validateDesign(design)).toEqual([]);
  });
});
