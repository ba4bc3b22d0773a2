/** AIMC and DIMC cores of the editor's core library: valid for the editor and the engine, costed by the IMC model, YAML round trip. */
import { describe, expect, it } from 'vitest';
import { exportCoreYaml } from '../../../src/engine/hardware/core-export';
import { parseCoreYaml } from '../../../src/engine/hardware/core-yaml';
import { validateCore, validateDesign } from '../../../src/engine/hardware/validate';
import { coreFromTemplate, templateById } from '../../../src/renderer/hardware/core-library';
import { addCore, emptyDesign, replaceCore } from '../../../src/renderer/hardware/design';
import { coreSpec } from '../../../src/engine/zigzag/adapters';

describe('IMC cores in the core library', () => {
  it.each([
    ['aimc', 14.07244],
    ['dimc', 3.75708],
  ])('%s: valid, macro clock %f ns, YAML round trip', (id, tclk) => {
    const core = coreFromTemplate(templateById(id)!, 0);
    expect(core.operationalArray.imc).toBeDefined();
    expect(validateCore(core)).toEqual([]);
    expect(coreSpec(core).imc!.macro.tclkNs).toBeCloseTo(tclk, 5);
    const text = exportCoreYaml(core);
    if (!text.ok) throw new Error(JSON.stringify(text.issues));
    const again = parseCoreYaml(text.value, 'x.yaml');
    if (!again.ok) throw new Error(JSON.stringify(again.issues));
    expect(again.value.operationalArray).toEqual(core.operationalArray);
  });

  it('live validation names the IMC field by its path in the design', () => {
    const added = addCore(emptyDesign('imc'), templateById('dimc')!);
    const core = added.design.cores[added.id];
    const withCore = (c: typeof core) => replaceCore(added.design, c);
    const bad = { ...core, operationalArray: { ...core.operationalArray, imc: { ...core.operationalArray.imc!, bitSerialPrecision: 3, adcResolution: 4 } } };
    const fields = validateDesign(withCore(bad)).map((i) => i.field);
    expect(fields).toContain(`cores[${added.id}].operationalArray.imc.bitSerialPrecision`);
    expect(fields).toContain(`cores[${added.id}].operationalArray.imc.adcResolution`);
    const noCells = { ...core, memories: core.memories.filter((m) => m.instance.name !== 'cells') };
    expect(validateDesign(withCore(noCells)).filter((i) => i.field === `cores[${added.id}].memories`).map((i) => i.expected).join(' ')).toMatch(/cells/);
  });
});
