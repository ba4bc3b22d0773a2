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

/** The run's worker, once it is up, or 'finished' when the run ended before one was seen. */
function workerOf(services: StudioServices, runId: number) {
  return waitFor(() => services.runs.activeWorkers().get(runId) ?? (services.store.runs.get(runId)!.status === 'done' && ('finished' as const)), 20_000, 'the worker');
}

/**
 * How long a run of these inputs takes from its worker being up to its result being stored: the kills are drawn
 * from it, so they land in the middle of runs however fast the engine gets.
 */
async function workerLifetime(services: StudioServices, inputs: ExampleInputs): Promise<number> {
  const run = await startRun(services, inputs);
  await workerOf(services, run.id);
  const started = performance.now();
  await waitFor(() => services.store.runs.get(run.id)!.status === 'done', 20_000, 'the run to be stored');
  const lifetime = performance.now() - started;
  await services.runs.whenFinished(run.id);
  return lifetime;
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
      // The second run of each: the first also fills the cost LUT, which later runs read from the store.
      const lifetime = new Map<ExampleInputs, number>();
      for (const inputs of [small, tutorial]) {
        await workerLifetime(services, inputs);
        lifetime.set(inputs, await workerLifetime(services, inputs));
      }

      for (let i = 0; i < 20; i++) {
        const before = snapshot(services);
        const inputs: ExampleInputs = i % 3 === 2 ? tutorial : small;
        const run = await startRun(services, inputs);
        // Up to half a lifetime past the end, so that kills also meet a run as it stores its result or exits.
        const delay = random() * 1.5 * lifetime.get(inputs)!;
        const started = performance.now();
        const pipeline = await workerOf(services, run.id);
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
