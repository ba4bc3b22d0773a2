/**
 * "Export run file" (issue 13): a run made in the app (real worker process, real SQLite) is exported as a run file
 * with its inputs beside it, written to disk as the dashboard's zip holds it, and `stream-studio run run.yaml`
 * reproduces the run's latency, energy and allocation exactly. The web host sends the zip as bytes, not JSON.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareWorkerEntry, type WorkerBundle } from '../../../src/app/pipeline/worker-bundle';
import type { CliIo } from '../../../src/cli/command';
import { main } from '../../../src/cli/index';
import { startWebHost } from '../../../src/server';
import type { HardwareDesign, RunDetail, RunFileZip } from '../../../src/shared/api';
import { createWebClient } from '../../../src/shared/web-client';
import { readZip } from '../../../src/shared/zip';
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

/** Unpacks the dashboard's zip into a folder, as a user would. */
function unpack(exported: RunFileZip, into: string): void {
  for (const entry of readZip(exported.zip)) {
    const path = join(into, entry.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, entry.bytes);
  }
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
  let lastExport: { runId: number; zip: Uint8Array } | undefined;
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

        const exported = await call<RunFileZip>(services, 'runs.exportRunFile', { runId: done.id });
        expect(exported.fileName).toBe(`run-${done.id}.zip`);
        const entries = readZip(exported.zip);
        const folder = `run-${done.id}/`;
        expect(entries.map((e) => e.path)).toEqual(expect.arrayContaining([`${folder}run.yaml`, expect.stringMatching(/^run-\d+\/hardware\//), expect.stringMatching(/^run-\d+\/workload\//), expect.stringMatching(/^run-\d+\/mapping\//)]));
        unpack(exported, join(tmp.path, `case-${i}`));
        const runFile = join(tmp.path, `case-${i}`, folder, 'run.yaml');
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
        for (const entry of entries) expect(Buffer.from(readFileSync(join(dir, entry.path.slice(folder.length)))).equals(Buffer.from(entry.bytes))).toBe(true);
        lastExport = { runId: done.id, zip: exported.zip };
      }
    } finally {
      await services.close();
    }

    // Through the web host, the same zip arrives as an octet-stream reply (binary-body.ts), byte for byte.
    const host = await startWebHost({ port: 0, dbPath: join(tmp.path, 'ws.sqlite'), rendererDir: tmp.path, seed: false, concurrency: 1 });
    try {
      const types: (string | null)[] = [];
      const spy: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        types.push(response.headers.get('content-type'));
        return response;
      };
      const client = createWebClient({ baseUrl: host.origin, token: host.token, fetch: spy, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
      const viaHttp = await client.runs.exportRunFile({ runId: lastExport!.runId });
      expect(types).toEqual(['application/octet-stream']);
      expect(viaHttp.fileName).toBe(`run-${lastExport!.runId}.zip`);
      expect(Buffer.from(viaHttp.zip).equals(Buffer.from(lastExport!.zip))).toBe(true);
      await expect(client.runs.exportRunFile({ runId: 99_999 })).rejects.toMatchObject({ code: 'not_found' });
    } finally {
      await host.close();
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
