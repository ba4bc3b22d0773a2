/**
 * Workspace store and pipeline host figures:
 *  1. the same run twice: the second reuses the cost LUT stored by the first (hits, and wall time of both);
 *  2. 1,000 stored runs: time to list them all and to compare runs through the API (goal: < 100 ms each).
 * Run: npx tsx bench/store.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudioServices, type StudioServices } from '../src/app/services';
import { engineBridge } from '../src/app/services/engine';
import { childProcessLauncher } from '../src/app/pipeline/launcher';
import { prepareWorkerEntry } from '../src/app/pipeline/worker-bundle';
import { metricsOf } from '../src/app/store';
import type { ApiEnvelope, RunInfo } from '../src/shared/api';

async function call<T>(services: StudioServices, channel: string, request?: unknown): Promise<T> {
  const envelope = (await services.dispatch(channel, request)) as ApiEnvelope<T>;
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.message}`);
  return envelope.value;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function time<T>(fn: () => Promise<T>, repeats: number): Promise<{ ms: number; value: T }> {
  const samples: number[] = [];
  let value!: T;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    value = await fn();
    samples.push(performance.now() - t0);
  }
  return { ms: median(samples), value };
}

const dir = mkdtempSync(join(tmpdir(), 'studio-bench-'));
const worker = await prepareWorkerEntry();
const services = createStudioServices({ dbPath: join(dir, 'bench.sqlite'), engine: engineBridge, launcher: childProcessLauncher(worker.entry), seed: false, concurrency: 1 });
try {
  const project = await call<{ id: number }>(services, 'examples.createProject', { exampleId: 'tutorial-hda-bus' });
  const detail = await call<{ designs: { id: number }[]; workloads: { id: number }[]; mappings: { id: number }[] }>(services, 'projects.get', { projectId: project.id });
  const request = { projectId: project.id, designId: detail.designs[0]!.id, workloadId: detail.workloads[0]!.id, mappingId: detail.mappings[0]!.id, options: { allocation: 'fixed', compat: 'reference' } };

  console.log('1. identical run twice (Stream tutorial lab 1, hda_bus + 4 convs, fixed allocation), each in its own worker process');
  const walls: number[] = [];
  const runs: RunInfo[] = [];
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    const started = await call<RunInfo>(services, 'runs.start', request);
    const done = (await services.runs.whenFinished(started.id))!;
    walls.push(performance.now() - t0);
    if (done.status !== 'done') throw new Error(`run ${done.id} ${done.status}: ${done.error}`);
    runs.push(done);
    const m = done.metrics!;
    console.log(`   run ${i + 1}: wall ${walls[i]!.toFixed(0)} ms (pipeline ${m.durationMs.toFixed(0)} ms), LUT hits ${m.lutHits}, misses ${m.lutMisses}, latency ${m.latencyCycles} cycles`);
  }
  console.log(`   second / first wall time: ${(walls[1]! / walls[0]!).toFixed(3)}; pipeline time ratio ${(runs[1]!.metrics!.durationMs / runs[0]!.metrics!.durationMs).toFixed(3)}`);

  console.log('2. 1,000 stored runs');
  const template = services.store.runs.result(runs[0]!.id)!;
  const t0 = performance.now();
  services.store.transaction(() => {
    for (let i = 0; i < 1000; i++) {
      const run = services.store.runs.create({
        projectId: project.id,
        name: `bench run ${i}`,
        origin: 'app',
        design: { id: request.designId, name: runs[0]!.designName, hash: runs[0]!.designHash },
        workload: { id: request.workloadId, name: runs[0]!.workloadName, hash: runs[0]!.workloadHash },
        mapping: { id: request.mappingId, name: runs[0]!.mappingName, hash: runs[0]!.mappingHash },
        options: { allocation: 'fixed', seed: i },
      });
      const result = { ...template, latencyCycles: template.latencyCycles + i, edp: (template.latencyCycles + i) * template.energyPj };
      services.store.runs.markRunning(run.id);
      services.store.runs.finish(run.id, { status: 'done', result, metrics: metricsOf(result, 100 + i) });
    }
  });
  console.log(`   stored 1,000 runs with results in ${(performance.now() - t0).toFixed(0)} ms`);
  const listAll = await time(() => call<RunInfo[]>(services, 'runs.list', {}), 9);
  console.log(`   runs.list (all ${listAll.value.length}): ${listAll.ms.toFixed(1)} ms (median of 9)`);
  const listProject = await time(() => call<RunInfo[]>(services, 'runs.list', { projectId: project.id, status: ['done'], limit: 200 }), 9);
  console.log(`   runs.list (project, done, first 200): ${listProject.ms.toFixed(1)} ms`);
  const ids = listAll.value.slice(0, 8).map((r) => r.id);
  const compare = await time(() => call(services, 'runs.compare', { runIds: ids }), 9);
  console.log(`   runs.compare (8 runs, metrics + differences): ${compare.ms.toFixed(1)} ms`);
  const compareFull = await time(() => call(services, 'runs.compare', { runIds: ids, includeResults: true }), 9);
  console.log(`   runs.compare (8 runs with full results): ${compareFull.ms.toFixed(1)} ms`);
  const all16 = listAll.value.filter((_, i) => i % 63 === 0).slice(0, 16).map((r) => r.id);
  const compare16 = await time(() => call(services, 'runs.compare', { runIds: all16 }), 9);
  console.log(`   runs.compare (16 runs spread over the table): ${compare16.ms.toFixed(1)} ms`);
  const goal = Math.max(listAll.ms, compare.ms);
  console.log(`   slowest of list/compare: ${goal.toFixed(1)} ms (goal < 100 ms: ${goal < 100 ? 'met' : 'NOT met'})`);
} finally {
  await services.close();
  worker.dispose();
  rmSync(dir, { recursive: true, force: true });
}
