import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareWorkerEntry, type WorkerBundle } from '../../../src/app/pipeline/worker-bundle';
import { mulberry32 } from '../../../src/engine/prng';
import { integrityCheck } from '../../../src/app/store';
import type { StudioServices } from '../../../src/app/services';
import { exampleInputs, openServices, startRun, tempDir, waitFor, type ExampleInputs } from './helpers';

let worker: WorkerBundle;
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  worker = await prepareWorkerEntry();
  tmp = tempDir('studio-faults-');
});
afterAll(() => {
  worker.dispose();
  tmp.remove();
});

interface Snapshot {
  readonly results: Map<number, string>;
  readonly lut: Map<string, string>;
  readonly inputs: string;
}

function snapshot(services: StudioServices): Snapshot {
  const { store } = services;
  const results = new Map<number, string>();
  for (const run of store.runs.list({ status: ['done'] })) results.set(run.id, JSON.stringify([run.metrics, store.runs.result(run.id)]));
  const lut = new Map(store.lut.all().map(([k, v]) => [k, JSON.stringify(v)]));
  const projects = store.projects.list().sort((a, b) => a.id - b.id);
  const inputs = JSON.stringify(projects.map((p) => [p.id, p.name, store.designs.list(p.id), store.workloads.list(p.id), store.mappings.list(p.id)]));
  return { results, lut, inputs };
}

function expectNothingLost(before: Snapshot, after: Snapshot): void {
  for (const [id, stored] of before.results) expect(after.results.get(id), `result of run ${id}`).toBe(stored);
  for (const [key, entry] of before.lut) expect(after.lut.get(key), `LUT entry ${key}`).toBe(entry);
  expect(after.inputs).toBe(before.inputs);
}

describe('fault injection: the worker killed at random points', () => {
  it('never loses anything already stored (20 kills)', async () => {
    const seed = Number(process.env['FAULT_SEED'] ?? Date.now() % 100_000);
    const random = mulberry32(seed);
    const services = openServices(join(tmp.path, 'faults.sqlite'), worker, 1);
    const outcomes: string[] = [];
    try {
      const small = await exampleInputs(services, 'testing-two-cores');
      const tutorial = await exampleInputs(services, 'tutorial-hda-bus');
      const warm = (await services.runs.whenFinished((await startRun(services, small)).id))!;
      expect(warm.status).toBe('done');

      for (let i = 0; i < 20; i++) {
        const before = snapshot(services);
        const inputs: ExampleInputs = i % 3 === 2 ? tutorial : small;
        const run = await startRun(services, inputs);
        const delay = random() * 900;
        const started = performance.now();
        const pipeline = await waitFor(() => services.runs.activeWorkers().get(run.id) ?? (services.store.runs.get(run.id)!.status === 'done' && 'finished'), 20_000, 'the worker');
        const wait = delay - (performance.now() - started);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (pipeline !== 'finished') pipeline.worker.kill();
        const final = (await services.runs.whenFinished(run.id))!;
        outcomes.push(`${Math.round(delay)}ms:${final.status}`);
        expect(['done', 'failed'], `seed ${seed}, kill ${i}`).toContain(final.status);
        if (final.status === 'failed') expect(final.error).toMatch(/worker process/);
        if (final.status === 'done') expect(services.store.runs.result(run.id)).not.toBeNull();
        expect(integrityCheck(services.store.db), `seed ${seed}, kill ${i}`).toBe('ok');
        expect(services.store.runs.list({ status: ['queued', 'running'] })).toEqual([]);
        expectNothingLost(before, snapshot(services));
      }
      console.log(`fault injection seed ${seed}: ${outcomes.join(' ')}`);
      expect(outcomes.filter((o) => o.endsWith('failed')).length).toBeGreaterThan(0);
    } finally {
      await services.close();
    }
  });
});
