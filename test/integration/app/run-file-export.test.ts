/**
 * "Export run file" (issue 13): a run made in the app (real worker process, real SQLite) is exported as a run file
 * with its inputs beside it, written to disk as the dashboard's zip holds it, and `stream-studio run run.yaml`
 * reproduces the run's latency, energy and allocation exactly.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareWorkerEntry, type WorkerBundle } from '../../../src/app/pipeline/worker-bundle';
import type { CliIo } from '../../../src/cli/command';
import { main } from '../../../src/cli/index';
import type { HardwareDesign, RunDetail, RunFileExport } from '../../../src/shared/api';
import { readZip, writeZip } from '../../../src/shared/zip';
import { call, exampleInputs, openServices, tempDir } from './helpers';

let worker: WorkerBundle;
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  worker = await prepareWorkerEntry();
  tmp = tempDir('studio-runfile-export-');
});
afterAll(() => {
  worker.dispose();
  tmp.remove();
});

/** Writes the export the way the dashboard's zip holds it (through the zip writer and reader) and returns run.yaml's path. */
function unpack(exported: RunFileExport, into: string): string {
  const encoder = new TextEncoder();
  const zip = writeZip(exported.files.map((f) => ({ path: `${exported.folder}/${f.path}`, bytes: f.encoding === 'base64' ? Buffer.from(f.content, 'base64') : encoder.encode(f.content) })));
  for (const entry of readZip(zip)) {
    const path = join(into, entry.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, entry.bytes);
  }
  return join(into, exported.folder, exported.runFile);
}

async function cli(args: string[]): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: { write: (s: string) => void out.push(s) }, stderr: { write: (s: string) => void err.push(s) }, cwd: tmp.path, env: {} };
  const code = await main(args, io);
  expect(err.join(''), `stream-studio ${args[0]} stderr`).not.toMatch(/error/i);
  expect(code).toBe(0);
  return out.join('');
}

async function cliRun(runFile: string): Promise<{ latency_cycles: number; energy_pj: number; allocation: Record<string, number[]> }> {
  return JSON.parse(await cli(['run', runFile, '--json']));
}

describe('Export run file (app run → run file → stream-studio run)', () => {
  it('reproduces a run on an imported design (its YAML as uploaded) and on an editor design (written by the exporter)', async () => {
    const services = openServices(join(tmp.path, 'ws.sqlite'), worker);
    try {
      const inputs = await exampleInputs(services, 'testing-two-cores');
      const example = await call<HardwareDesign>(services, 'designs.get', { designId: inputs.designId });
      expect(example.yamlSource).not.toBeNull();
      // The same accelerator as an editor design: no YAML source, so the export writes it with the exporter.
      const edited = await call<HardwareDesign>(services, 'designs.create', { projectId: inputs.projectId, name: 'edited copy', accelerator: example.accelerator });
      expect(edited.yamlSource).toBeNull();
      const cases = [
        { designId: inputs.designId, options: { allocation: 'ga', nb_ga_individuals: 4, nb_ga_generations: 2, seed: 5, operands_to_prefetch: ['W'] } },
        { designId: edited.id, options: { mode: 'lbl', allocation: 'fixed', scheduler_candidate_selection: 'memory' } },
      ];
      for (const [i, c] of cases.entries()) {
        const started = await call<{ id: number }>(services, 'runs.start', { ...inputs, designId: c.designId, options: c.options });
        const done = (await services.runs.whenFinished(started.id))!;
        expect(done.error).toBeNull();
        const { result } = await call<RunDetail>(services, 'runs.get', { runId: done.id });

        const exported = await call<RunFileExport>(services, 'runs.exportRunFile', { runId: done.id });
        expect(exported.folder).toBe(`run-${done.id}`);
        expect(exported.files.map((f) => f.path)).toEqual(expect.arrayContaining(['run.yaml', expect.stringMatching(/^hardware\//), expect.stringMatching(/^workload\//), expect.stringMatching(/^mapping\//)]));
        const runFile = unpack(exported, join(tmp.path, `case-${i}`));
        const text = readFileSync(runFile, 'utf8');
        expect(text).toContain(`latency ${done.metrics!.latencyCycles} cycles`);
        for (const key of Object.keys(c.options)) expect(text).toContain(`${key}:`);

        const again = await cliRun(runFile);
        expect(again.latency_cycles).toBe(result!.latencyCycles);
        expect(again.energy_pj).toBe(result!.energyPj);
        expect(again.allocation).toEqual(result!.allocation);

        // The command line writes the same folder: `stream-studio runs run-file ID --out DIR`.
        const dir = join(tmp.path, `cli-${i}`);
        await cli(['runs', 'run-file', String(done.id), '--db', join(tmp.path, 'ws.sqlite'), '--out', dir]);
        for (const f of exported.files) {
          const bytes = readFileSync(join(dir, f.path));
          expect(f.encoding === 'base64' ? bytes.toString('base64') : bytes.toString('utf8')).toBe(f.content);
        }
      }
    } finally {
      await services.close();
    }
  }, 180_000);

  it('refuses a run whose design was edited since, naming the run and the design', async () => {
    const services = openServices(join(tmp.path, 'ws2.sqlite'), worker);
    try {
      const inputs = await exampleInputs(services, 'testing-two-cores');
      const started = await call<{ id: number }>(services, 'runs.start', { ...inputs, options: { allocation: 'fixed' } });
      await services.runs.whenFinished(started.id);
      const design = await call<HardwareDesign>(services, 'designs.get', { designId: inputs.designId });
      await call(services, 'designs.update', { designId: design.id, name: 'renamed', accelerator: { ...design.accelerator, name: 'changed' } });
      await expect(call(services, 'runs.exportRunFile', { runId: started.id })).rejects.toThrow(/conflict: run \d+ cannot be exported as a run file: its design "renamed" was edited since the run/);
    } finally {
      await services.close();
    }
  }, 60_000);
});
