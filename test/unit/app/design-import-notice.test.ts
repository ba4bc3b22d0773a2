/**
 * Issue 11, older core files: an accelerator whose cores are from before ZigZag 3.8 (`multipliers:`), imported in
 * the app (designs.importYaml, as the hardware editor and the project overview call it), tells the user so in one
 * line — the message list the renderer shows as toasts — and is exported in the current format.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStudioServices } from '../../../src/app/services';
import { engineBridge } from '../../../src/app/services/engine';
import type { ApiEnvelope, HardwareDesign, Project } from '../../../src/shared/api';
import { importedDesignMessages } from '../../../src/renderer/lib/import-messages';
import { INPUTS } from '../../support/reference';

const HW = join(INPUTS, 'stream/examples/hardware');
const services = createStudioServices({ dbPath: ':memory:', engine: engineBridge, launcher: { launch: () => { throw new Error('no runs here'); } } as never, spareWorker: false, seed: false });
afterAll(() => services.close());

async function call<T>(channel: string, request: unknown): Promise<T> {
  const envelope = (await services.dispatch(channel, request)) as ApiEnvelope<T>;
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value;
}

describe('importing a pre-3.8 accelerator in the app', () => {
  it('shows one notice naming the older format, and exports operational_array', async () => {
    const project = await call<Project>('projects.create', { name: 'older cores' });
    const main = 'meta_prototype_dual_core_simd_offchip.yaml';
    const files = [main, ...['meta_prototype', 'pooling', 'simd', 'offchip'].map((c) => `cores/${c}.yaml`)].map((path) => ({ path, text: readFileSync(join(HW, path), 'utf8') }));
    const design = await call<HardwareDesign>('designs.importYaml', { projectId: project.id, main, files });
    const messages = importedDesignMessages(design);
    expect(messages[0]).toBe(`Imported design “${design.name}” (5 cores)`);
    expect(messages.slice(1)).toHaveLength(1);
    expect(messages[1]).toMatch(/meta_prototype\.yaml: core file from before ZigZag 3\.8 \(`multipliers:`\), read as `operational_array:`; it is saved in the current format/);

    const exported = await call<{ files: { path: string; text: string }[] }>('designs.exportYaml', { designId: design.id });
    const meta = exported.files.find((f) => f.text.includes('32') && /operational_array:/.test(f.text) && !/multipliers:/.test(f.text));
    expect(meta).toBeDefined();
    expect(exported.files.some((f) => /^\s*multipliers:/m.test(f.text))).toBe(false);
  });
});
