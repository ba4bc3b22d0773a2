import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callLogger, createStudioServices, type ApiCallRecord, type StudioServices } from '../../../src/app/services';
import { engineBridge } from '../../../src/app/services/engine';
import { childProcessLauncher } from '../../../src/app/pipeline/launcher';
import { defaultWorkerEntry } from '../../../src/app/pipeline/worker-entry';
import { integrityCheck } from '../../../src/app/store';
import { cactiKey } from '../../../src/engine';
import type { ApiEnvelope } from '../../../src/shared/api';
import { acceleratorFiles } from '../../support/accelerator-files';

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
    expect(names).toContain('ResNet-18 on four analog IMC cores');
    for (const p of projects) expect(p.counts.designs).toBeGreaterThan(0);
  });

  it('keeps the YAML an example design came from, and it re-imports on its own', async () => {
    const projects = await call<{ id: number }[]>('projects.list');
    for (const project of projects) {
      for (const summary of services.store.designs.list(project.id)) {
        const design = await call<{ coreCount: number; yamlSource: { main: string; files: { path: string; text: string }[] } }>('designs.get', { designId: summary.id });
        const again = await call<{ coreCount: number }>('designs.importYaml', { projectId: project.id, name: 'reimported', ...design.yamlSource });
        expect(again.coreCount).toBe(design.coreCount);
        await call('designs.delete', { designId: (again as unknown as { id: number }).id });
      }
    }
  });

  it('imports Stream YAML and ONNX, summarises the workload and exports YAML that re-imports', async () => {
    const project = await call<{ id: number }>('projects.create', { name: 'Imports', tags: ['t'] });
    const { main, files } = acceleratorFiles(join(INPUTS, 'stream-tutorial/lab1/hardware/hda_bus.yaml'));
    const design = await call<{ id: number; coreCount: number; accelerator: { cores: unknown[] } }>('designs.importYaml', { projectId: project.id, main, files });
    expect(design.coreCount).toBe(4);
    const onnx = new Uint8Array(readFileSync(join(INPUTS, 'stream-tutorial/lab1/workload/4_convs.onnx')));
    const workload = await call<{ layers: { macs: number; loopSizes: Record<string, number> }[]; totalMacs: number; edges: unknown[] }>('workloads.import', {
      projectId: project.id,
      name: '4 convs',
      format: 'onnx',
      onnx,
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
    const badOnnx = await services.dispatch('workloads.import', { projectId: project.id, name: 'x', format: 'onnx', onnx: new Uint8Array(8) });
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

  it('exports the whole workspace and imports it into another one', async () => {
    services.store.lut.record([['lut-key', { latencyTotal2: 1 }]]);
    const cactiQuery = { sizeBits: 3 * 2 ** 20, widthBits: 96, readPorts: 1, writePorts: 1, readWritePorts: 0, technologyNm: 22 };
    services.store.cacti.record([{ key: cactiKey(cactiQuery), query: cactiQuery, run: { ok: true, read: 12.5, write: 14, area: 0.5 } }]);
    const file = await call<{ json: string }>('workspace.export');
    const other = createStudioServices({ dbPath: join(dir, 'other.sqlite'), engine: engineBridge, launcher: childProcessLauncher(defaultWorkerEntry()), seed: false });
    try {
      const envelope = await other.dispatch('workspace.import', { json: file.json });
      expect(envelope.ok).toBe(true);
      const names = (rows: { name: string }[]) => rows.map((p) => p.name).sort();
      expect(names(other.store.projects.list())).toEqual(names(services.store.projects.list()));
      expect(other.store.lut.get('lut-key')).toEqual({ latencyTotal2: 1 });
      // The CACTI result arrives under its key, keeping the engine version that priced it.
      expect(other.store.cacti.stats()).toEqual(services.store.cacti.stats().map((r) => ({ ...r, hits: 0 })));
      expect(other.store.cacti.exportRows()).toEqual(services.store.cacti.exportRows());
      expect(other.store.cacti.exportRows()[0]!.run).toEqual({ ok: true, read: 12.5, write: 14, area: 0.5 });
      expect(integrityCheck(other.store.db)).toBe('ok');
    } finally {
      await other.close();
    }
  });

  it('tells a call log of every call once answered, with its error code when it failed', async () => {
    const calls: ApiCallRecord[] = [];
    const logged = createStudioServices({ dbPath: join(dir, 'logged.sqlite'), engine: engineBridge, launcher: childProcessLauncher(defaultWorkerEntry()), seed: false, onCall: (c) => calls.push(c) });
    try {
      await logged.dispatch('projects.list', undefined);
      await logged.dispatch('designs.get', { designId: 999_999 });
      await logged.dispatch('projects.create', { name: 42 });
      await logged.dispatch('no.such.channel', {});
      expect(calls.map((c) => [c.channel, c.error])).toEqual([
        ['projects.list', undefined],
        ['designs.get', 'not_found'],
        ['projects.create', 'invalid_request'],
        ['no.such.channel', 'invalid_request'],
      ]);
      for (const c of calls) expect(c.ms).toBeGreaterThanOrEqual(0);
    } finally {
      await logged.close();
    }
    const lines: string[] = [];
    expect(callLogger({}, (l) => lines.push(l))).toBeUndefined();
    callLogger({ STREAM_STUDIO_LOG_CALLS: '1' }, (l) => lines.push(l))!({ channel: 'runs.start', error: undefined, ms: 3.14 });
    expect(lines).toEqual(['api runs.start ok 3.1 ms']);
  });

  it('creates a project from a bundled example and lists the examples', async () => {
    const examples = await call<{ id: string }[]>('examples.list');
    expect(examples.map((e) => e.id)).toContain('testing-two-cores');
    const project = await call<{ name: string; counts: { designs: number; workloads: number; mappings: number } }>('examples.createProject', { exampleId: 'testing-two-cores' });
    expect(project.counts).toMatchObject({ designs: 1, workloads: 1, mappings: 1 });
    const unknown = await services.dispatch('examples.createProject', { exampleId: 'nope' });
    expect(unknown.ok).toBe(false);
  });

  it('refuses run options that name files or carry inputs, and malformed designs', async () => {
    const projects = await call<{ id: number; name: string }[]>('projects.list');
    const tutorial = projects.find((p) => p.name.startsWith('Tutorial'))!;
    const detail = await call<{ designs: { id: number }[]; workloads: { id: number }[]; mappings: { id: number }[] }>('projects.get', { projectId: tutorial.id });
    const ids = { projectId: tutorial.id, designId: detail.designs[0]!.id, workloadId: detail.workloads[0]!.id, mappingId: detail.mappings[0]!.id };
    for (const options of [{ workload_path: '/etc/passwd' }, { cost_lut_path: '/tmp/x.json' }, { plot_file_name: '/tmp/x.png' }]) {
      const refused = await services.dispatch('runs.start', { ...ids, options });
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.error.code).toBe('invalid_input');
        expect(refused.error.issues![0]!.field).toBe(Object.keys(options)[0]);
      }
    }
    // Options the engine's schema refuses (range, name) are refused at the API boundary, naming the option.
    for (const [options, field] of [[{ nb_ga_generations: -1 }, 'nb_ga_generations'], [{ nb_ga_generation: 3 }, '']] as const) {
      const refused = await services.dispatch('runs.start', { ...ids, options });
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.error.code).toBe('invalid_request');
        expect(refused.error.message).toContain(`request.options${field ? `.${field}` : ''}`);
      }
    }
    expect(services.store.runs.list({ projectId: tutorial.id })).toEqual([]);
    // A document that is not an accelerator is refused by the API's schema, naming the field.
    const malformed = await services.dispatch('designs.validate', { accelerator: { cores: 3 } });
    expect(malformed.ok).toBe(false);
    if (!malformed.ok) expect(malformed.error.message).toMatch(/designs\.validate: invalid request — request\.accelerator/);
    const valid = await call<{ accelerator: Record<string, unknown> }>('designs.get', { designId: ids.designId });
    expect(await call('designs.validate', { accelerator: valid.accelerator })).toEqual({ ok: true, issues: [] });
    const bad = await services.dispatch('designs.create', { projectId: tutorial.id, name: 'broken', accelerator: { name: 'x' } });
    expect(bad.ok).toBe(false);
  });

  it('compares runs: metric rows with the best value and the differing options', async () => {
    const project = await call<{ id: number }>('projects.create', { name: 'Compare' });
    const ids = [1, 2, 3].map((i) => {
      const run = services.store.runs.create({
        projectId: project.id,
        name: `r${i}`,
        origin: 'app',
        design: { id: null, name: 'd', hash: 'aaaaaaaa' },
        workload: { id: null, name: 'w', hash: 'bbbbbbbb' },
        mapping: { id: null, name: 'm', hash: i === 3 ? 'cccccccc' : 'dddddddd' },
        options: { allocation: 'fixed', seed: i },
      });
      services.store.runs.finish(run.id, {
        status: 'done',
        metrics: { latencyCycles: 100 * i, energyPj: 1000 / i, edp: 100_000, nCns: 4, peakMemoryBytes: 10, lutHits: 0, lutMisses: 4, durationMs: 5 },
      });
      return run.id;
    });
    const comparison = await call<{ metrics: { key: string; best: number | null; relative: (number | null)[] }[]; differences: { key: string; values: unknown[] }[]; results: unknown }>(
      'runs.compare',
      { runIds: ids },
    );
    const latency = comparison.metrics.find((m) => m.key === 'latencyCycles')!;
    expect(latency.best).toBe(0);
    expect(latency.relative).toEqual([0, 1, 2]);
    expect(comparison.metrics.find((m) => m.key === 'energyPj')!.best).toBe(2);
    expect(comparison.differences.map((d) => d.key)).toEqual(['mapping', 'options.seed']);
    expect(comparison.results).toBeNull();
    const missing = await services.dispatch('runs.compare', { runIds: [ids[0], 99_999] });
    expect(missing.ok).toBe(false);
  });

  it('carries runs and their results through a project export and import', async () => {
    const project = await call<{ id: number }>('projects.create', { name: 'With runs' });
    const run = services.store.runs.create({
      projectId: project.id,
      name: 'stored',
      origin: 'cli',
      design: { id: null, name: 'd', hash: 'h1' },
      workload: { id: null, name: 'w', hash: 'h2' },
      mapping: { id: null, name: 'm', hash: 'h3' },
      options: { seed: 3 },
    });
    const result = { latencyCycles: 10, energyPj: 20, edp: 200, nCns: 1, memoryPeaksBytes: {}, lut: { hits: 0, misses: 1 }, schedule: { cns: [], transfers: [] }, memory: [], pareto: [], gaHistory: [], costLut: [] };
    services.store.runs.markRunning(run.id);
    services.store.runs.finish(run.id, { status: 'done', result: result as never, metrics: { latencyCycles: 10, energyPj: 20, edp: 200, nCns: 1, peakMemoryBytes: 0, lutHits: 0, lutMisses: 1, durationMs: 1 } });
    services.store.runs.annotate(run.id, { tags: ['best'], notes: 'keep' });
    const file = await call<{ json: string }>('projects.export', { projectId: project.id });
    const copy = await call<{ id: number }>('projects.import', { json: file.json, name: 'With runs, imported' });
    const [imported] = services.store.runs.list({ projectId: copy.id });
    expect(imported).toMatchObject({ name: 'stored', origin: 'cli', status: 'done', tags: ['best'], notes: 'keep', createdAt: services.store.runs.get(run.id)!.createdAt });
    expect(services.store.runs.result(imported!.id)).toEqual(result);
    expect(integrityCheck(services.store.db)).toBe('ok');
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
