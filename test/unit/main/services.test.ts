import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudioServices, type StudioServices } from '../../../src/main/services';
import { engineBridge } from '../../../src/main/services/engine';
import { acceleratorFiles } from '../../../src/main/services/examples';
import { childProcessLauncher } from '../../../src/main/pipeline/launcher';
import { defaultWorkerEntry } from '../../../src/main/pipeline/worker-entry';
import { integrityCheck } from '../../../src/main/store';
import type { ApiEnvelope } from '../../../src/shared/api';

const INPUTS = join(__dirname, '../../../resources/inputs');
let dir: string;
let services: StudioServices;

async function call<T = unknown>(channel: string, request?: unknown): Promise<T> {
  const envelope = (await services.dispatch(channel, request)) as ApiEnvelope<T>;
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'studio-services-'));
  services = createStudioServices({ dbPath: join(dir, 'w.sqlite'), engine: engineBridge, launcher: childProcessLauncher(defaultWorkerEntry()), concurrency: 1 });
});
afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('workspace services', () => {
  it('seeds a fresh workspace with the example projects', async () => {
    const projects = await call<{ name: string; counts: { designs: number; workloads: number; mappings: number } }[]>('projects.list');
    const names = projects.map((p) => p.name);
    expect(names).toContain('ResNet-18 on a TPU-like quad core');
    expect(names).toContain('Tutorial: 4 convs on a heterogeneous bus');
    expect(names).toContain('Eyeriss-like and Simba');
    for (const p of projects) expect(p.counts.designs).toBeGreaterThan(0);
  });

  it('imports Stream YAML and ONNX, summarises the workload and exports YAML that re-imports', async () => {
    const project = await call<{ id: number }>('projects.create', { name: 'Imports', tags: ['t'] });
    const { main, files } = acceleratorFiles(join(INPUTS, 'stream-tutorial/lab1/hardware/hda_bus.yaml'));
    const design = await call<{ id: number; coreCount: number; accelerator: { cores: unknown[] } }>('designs.importYaml', { projectId: project.id, main, files });
    expect(design.coreCount).toBe(4);
    const onnx = readFileSync(join(INPUTS, 'stream-tutorial/lab1/workload/4_convs.onnx')).toString('base64');
    const workload = await call<{ layers: { macs: number; loopSizes: Record<string, number> }[]; totalMacs: number; edges: unknown[] }>('workloads.import', {
      projectId: project.id,
      name: '4 convs',
      format: 'onnx',
      onnxBase64: onnx,
    });
    expect(workload.layers).toHaveLength(4);
    expect(workload.totalMacs).toBe(workload.layers.reduce((s, l) => s + l.macs, 0));
    expect(workload.layers[0]!.loopSizes['K']).toBeGreaterThan(0);
    expect(workload.edges.length).toBeGreaterThan(0);

    const exported = await call<{ main: string; files: { path: string; text: string }[] }>('designs.exportYaml', { designId: design.id });
    const again = await call<{ accelerator: unknown }>('designs.importYaml', { projectId: project.id, name: 'again', ...exported });
    expect((again.accelerator as { cores: unknown[] }).cores).toHaveLength(4);
  });

  it('reports bad inputs with the file, the field and what was expected', async () => {
    const project = await call<{ id: number }>('projects.create', { name: 'Bad inputs' });
    const bad = await services.dispatch('mappings.create', { projectId: project.id, name: 'broken', yaml: '- name: default\n  core_allocation: [zero]\n' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('invalid_input');
      expect(bad.error.issues?.[0]?.file).toBe('broken');
      expect(bad.error.issues?.[0]?.field).toMatch(/core_allocation/);
    }
    const missing = await services.dispatch('designs.get', { designId: 999_999 });
    expect(missing).toEqual({ ok: false, error: { code: 'not_found', message: 'design 999999 does not exist' } });
    const badOnnx = await services.dispatch('workloads.import', { projectId: project.id, name: 'x', format: 'onnx', onnxBase64: 'AAAAAAAA' });
    expect(badOnnx.ok).toBe(false);
  });

  it('exports a project to one JSON file and imports it back under a free name', async () => {
    const projects = await call<{ id: number; name: string }[]>('projects.list');
    const tutorial = projects.find((p) => p.name.startsWith('Tutorial'))!;
    const file = await call<{ fileName: string; json: string }>('projects.export', { projectId: tutorial.id });
    expect(file.fileName).toMatch(/\.stream-studio\.json$/);
    const imported = await call<{ id: number; name: string; counts: unknown }>('projects.import', { json: file.json });
    expect(imported.name).toBe(`${tutorial.name} (2)`);
    const original = await call<{ project: { counts: unknown } }>('projects.get', { projectId: tutorial.id });
    expect(imported.counts).toEqual(original.project.counts);
    const garbage = await services.dispatch('projects.import', { json: '{"format":"something else"}' });
    expect(garbage.ok).toBe(false);
    expect(integrityCheck(services.store.db)).toBe('ok');
  });

  it('creates a project from a bundled example and lists the examples', async () => {
    const examples = await call<{ id: string }[]>('examples.list');
    expect(examples.map((e) => e.id)).toContain('testing-two-cores');
    const project = await call<{ name: string; counts: { designs: number; workloads: number; mappings: number } }>('examples.createProject', { exampleId: 'testing-two-cores' });
    expect(project.counts).toMatchObject({ designs: 1, workloads: 1, mappings: 1 });
    const unknown = await services.dispatch('examples.createProject', { exampleId: 'nope' });
    expect(unknown.ok).toBe(false);
  });

  it('emits workspace events for changes', async () => {
    const seen: string[] = [];
    const off = services.events.on('workspace.changed', (e) => seen.push(`${e.entity}:${e.change}`));
    const project = await call<{ id: number }>('projects.create', { name: 'Events' });
    await call('projects.update', { projectId: project.id, notes: 'hello' });
    await call('projects.delete', { projectId: project.id });
    off();
    expect(seen).toEqual(['project:created', 'project:updated', 'project:deleted']);
  });
});
