import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareWorkerEntry, type WorkerBundle } from '../../../src/app/pipeline/worker-bundle';
import { integrityCheck, Store } from '../../../src/app/store';
import type { PipelineProgress, RunDetail, RunInfo } from '../../../src/shared/api';
import { call, exampleInputs, openServices, startRun, tempDir, waitFor } from './helpers';

const ROOT = join(__dirname, '../../..');
let worker: WorkerBundle;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  worker = await prepareWorkerEntry();
  tmp = tempDir('studio-pipeline-');
});
afterAll(() => {
  worker.dispose();
  tmp.remove();
});

describe('pipeline host (real worker processes, real SQLite)', () => {
  it('runs a pipeline in a separate process, streams progress and stores the results; the second run hits the LUT', async () => {
    const services = openServices(join(tmp.path, 'run.sqlite'), worker);
    try {
      const inputs = await exampleInputs(services, 'testing-two-cores');
      const progress: PipelineProgress[] = [];
      const pids = new Set<number | undefined>();
      services.events.on('run.progress', (e) => progress.push(e.progress));
      services.events.on('run.status', (e) => {
        if (e.run.status === 'running') for (const p of services.runs.activeWorkers().values()) pids.add(p.worker.pid);
      });
      const finished: string[] = [];
      services.events.on('run.finished', (e) => finished.push(e.status));

      const first = await startRun(services, inputs);
      expect(first.status).toBe('queued');
      const done = (await services.runs.whenFinished(first.id))!;
      expect(done.error).toBeNull();
      expect(done.status).toBe('done');
      expect(progress.length).toBeGreaterThan(2);
      expect(progress.at(-1)!.percent).toBe(100);
      expect([...pids].every((pid) => typeof pid === 'number' && pid !== process.pid)).toBe(true);

      const detail = await call<RunDetail>(services, 'runs.get', { runId: first.id });
      expect(detail.result!.latencyCycles).toBe(done.metrics!.latencyCycles);
      expect(detail.result!.schedule.cns.length).toBe(detail.result!.nCns);
      expect(done.metrics!.lutMisses).toBeGreaterThan(0);
      const trace = await call<{ fileName: string; json: string }>(services, 'runs.exportTrace', { runId: first.id });
      expect((JSON.parse(trace.json) as { traceEvents: unknown[] }).traceEvents.length).toBeGreaterThan(0);

      const second = (await services.runs.whenFinished((await startRun(services, inputs)).id))!;
      expect(second.status).toBe('done');
      expect(second.metrics!.lutHits).toBe(done.metrics!.lutMisses);
      expect(second.metrics!.lutMisses).toBe(0);
      expect(second.metrics!.latencyCycles).toBe(done.metrics!.latencyCycles);
      expect(finished).toEqual(['done', 'done']);
      expect((await call<{ entries: number }>(services, 'lut.stats')).entries).toBe(done.metrics!.lutMisses);
      expect(integrityCheck(services.store.db)).toBe('ok');
    } finally {
      await services.close();
    }
  });

  it('cancels a running run within a second and marks it cancelled', async () => {
    const services = openServices(join(tmp.path, 'cancel.sqlite'), worker);
    try {
      const inputs = await exampleInputs(services, 'tutorial-hda-bus');
      const run = await startRun(services, inputs, { allocation: 'fixed', compat: 'reference' });
      await waitFor(() => services.store.runs.get(run.id)!.progress?.stage === 'IntraCoreMappingStage', 30_000, 'the cost model stage');
      const pid = services.runs.activeWorkers().get(run.id)!.worker.pid!;
      const t0 = performance.now();
      const cancelled = await call<RunInfo>(services, 'runs.cancel', { runId: run.id });
      const elapsed = performance.now() - t0;
      expect(cancelled.status).toBe('cancelled');
      expect(elapsed).toBeLessThan(1000);
      const gone = () => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      };
      // The worker is gone at once (only reaping the process may lag a moment).
      await waitFor(gone, 1000, 'the worker process to exit');
      expect(integrityCheck(services.store.db)).toBe('ok');
    } finally {
      await services.close();
    }
  });

  it('cancels a queued run without starting it', async () => {
    const services = openServices(join(tmp.path, 'queued.sqlite'), worker, 1);
    try {
      const inputs = await exampleInputs(services, 'tutorial-hda-bus');
      const running = await startRun(services, inputs, { allocation: 'fixed' });
      const waiting = await startRun(services, inputs, { allocation: 'fixed' });
      expect((await call<RunInfo>(services, 'runs.cancel', { runId: waiting.id })).status).toBe('cancelled');
      expect((await call<RunInfo>(services, 'runs.cancel', { runId: running.id })).status).toBe('cancelled');
      expect(services.store.runs.get(waiting.id)!.startedAt).toBeNull();
    } finally {
      await services.close();
    }
  });

  it('marks the run failed with the reason when its worker is killed', async () => {
    const services = openServices(join(tmp.path, 'kill.sqlite'), worker);
    try {
      const inputs = await exampleInputs(services, 'tutorial-hda-bus');
      const run = await startRun(services, inputs);
      await waitFor(() => services.store.runs.get(run.id)!.progress !== null, 30_000, 'progress');
      services.runs.activeWorkers().get(run.id)!.worker.kill();
      const failed = (await services.runs.whenFinished(run.id))!;
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(/killed \(SIGKILL\)/);
      expect(integrityCheck(services.store.db)).toBe('ok');
    } finally {
      await services.close();
    }
  });

  it('marks runs interrupted at the next start when the host process died mid-run', async () => {
    const dbPath = join(tmp.path, 'host.sqlite');
    const host = spawn(process.execPath, [join(ROOT, 'bin/stream-studio.js'), 'serve', '--port', '0', '--db', dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        host.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /Stream Studio at (\S+)/.exec(out);
          if (match) resolve(match[1]!);
        });
        host.once('exit', (code) => reject(new Error(`host exited with ${code}`)));
      });
      const { origin, searchParams } = new URL(url);
      const token = searchParams.get('token')!;
      const api = async <T>(channel: string, body: unknown): Promise<T> => {
        const res = await fetch(`${origin}/api/${channel}`, { method: 'POST', headers: { 'x-studio-token': token, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        const envelope = (await res.json()) as { ok: boolean; value: T; error: unknown };
        if (!envelope.ok) throw new Error(JSON.stringify(envelope.error));
        return envelope.value;
      };
      const projects = await api<{ id: number; name: string }[]>('projects.list', {});
      const tutorial = projects.find((p) => p.name.startsWith('Tutorial'))!;
      const detail = await api<{ designs: { id: number }[]; workloads: { id: number }[]; mappings: { id: number }[] }>('projects.get', { projectId: tutorial.id });
      const run = await api<RunInfo>('runs.start', {
        projectId: tutorial.id,
        designId: detail.designs[0]!.id,
        workloadId: detail.workloads[0]!.id,
        mappingId: detail.mappings[0]!.id,
        options: { allocation: 'fixed' },
      });
      for (;;) {
        const current = await api<RunDetail>('runs.get', { runId: run.id });
        if (current.run.status === 'running' && current.run.progress) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      host.kill('SIGKILL');
      await new Promise((r) => host.once('exit', r));
    } finally {
      if (host.exitCode === null && host.signalCode === null) host.kill('SIGKILL');
    }

    const peek = Store.open(dbPath);
    expect(peek.runs.list()[0]!.status).toBe('running');
    peek.close();
    const services = openServices(dbPath, worker);
    try {
      expect(services.interruptedAtStart).toBe(1);
      const [run] = services.store.runs.list();
      expect(run!.status).toBe('interrupted');
      expect(run!.error).toMatch(/host process stopped/);
      expect(integrityCheck(services.store.db)).toBe('ok');
    } finally {
      await services.close();
    }
  });
});
