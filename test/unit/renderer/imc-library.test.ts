/** AIMC and DIMC cores of the editor's core library: valid for the editor and the engine, costed by the IMC model, YAML round trip. */
import { describe, expect, it } from 'vitest';
import { exportCoreYaml } from '../../../src/engine/hardware/core-export';
import { parseCoreYaml } from '../../../src/engine/hardware/core-yaml';
import { validateCore as engineValidateCore } from '../../../src/engine/hardware/validate';
import { coreFromTemplate, templateById } from '../../../src/renderer/hardware/core-library';
import { validateCore } from '../../../src/renderer/hardware/validate';
import { coreSpec } from '../../../src/engine/zigzag/adapters';

describe('IMC cores in the core library', () => {
  it.each([
    ['aimc', 14.07244],
    ['dimc', 3.75708],
  ])('%s: valid, macro clock %f ns, YAML round trip', (id, tclk) => {
    const core = coreFromTemplate(templateById(id)!, 0);
    expect(core.operationalArray.imc).toBeDefined();
    expect(validateCore(core, 0)).toEqual([]);
    expect(engineValidateCore(core)).toEqual([]);
    expect(coreSpec(core).imc!.macro.tclkNs).toBeCloseTo(tclk, 5);
    const text = exportCoreYaml(core);
    if (!text.ok) throw new Error(JSON.stringify(text.issues));
    const again = parseCoreYaml(text.value, 'x.yaml');
    if (!again.ok) throw new Error(JSON.stringify(again.issues));
    expect(again.value.operationalArray).toEqual(core.operationalArray);
  });

  it('live validation names the IMC field', () => {
    const core = coreFromTemplate(templateById('dimc')!, 0);
    const bad = { ...core, operationalArray: { ...core.operationalArray, imc: { ...core.operationalArray.imc!, bitSerialPrecision: 3, adcResolution: 4 } } };
    const fields = validateCore(bad, 2).map((i) => i.field);
    expect(fields).toContain('cores[2].operationalArray.imc.bitSerialPrecision');
    expect(fields).toContain('cores[2].operationalArray.imc.adcResolution');
    const noCells = { ...core, memories: core.memories.filter((m) => m.instance.name !== 'cells') };
    expect(validateCore(noCells, 0).map((i) => i.expected).join(' ')).toMatch(/cells/);
  });
});
