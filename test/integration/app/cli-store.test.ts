import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../src/engine/errors';
import { loadAcceleratorFile } from '../../../src/engine/hardware/io';
import { loadMappingFile } from '../../../src/engine/mapping/io';
import { runPipeline } from '../../../src/engine/stream';
import { loadWorkloadFile } from '../../../src/engine/workload/io';
import { main } from '../../../src/cli/index';
import { DEFAULT_CLI_PROJECT, runWithStore } from '../../../src/app/services/cli-store';
import { integrityCheck, Store } from '../../../src/app/store';
import { tempDir } from './helpers';

const ROOT = join(__dirname, '../../..');
const TESTING = join(ROOT, 'resources/inputs/stream/testing');
const inputs = {
  acceleratorPath: join(TESTING, 'hardware/dual_testing_core_offchip.yaml'),
  workloadPath: join(TESTING, 'workload/testing_workload_for_2_cores.yaml'),
  mappingPath: join(TESTING, 'mapping/testing_mapping.yaml'),
  options: { allocation: 'fixed' as const },
};
let tmp: ReturnType<typeof tempDir>;
let dbPath: string;

beforeAll(() => {
  tmp = tempDir('studio-cli-');
  dbPath = join(tmp.path, 'cli.sqlite');
});
afterAll(() => tmp.remove());

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, cwd: tmp.path, env });
  return { code, out, err };
}

describe('CLI on the workspace store', () => {
  it('stores command-line runs with their inputs and LUT, reusing both on the second run', async () => {
    const execute = async (costLut: Parameters<Parameters<typeof runWithStore>[1]>[0]) =>
      runPipeline({
        accelerator: unwrap(loadAcceleratorFile(inputs.acceleratorPath)),
        workload: unwrap(await loadWorkloadFile(inputs.workloadPath)),
        mapping: unwrap(loadMappingFile(inputs.mappingPath)),
        options: inputs.options,
        costLut,
      });
    const first = await runWithStore({ dbPath, ...inputs }, execute);
    const second = await runWithStore({ dbPath, ...inputs }, execute);
    expect(first.lut.misses).toBeGreaterThan(0);
    expect(second.lut.hits).toBe(first.lut.misses);
    expect(second.runId).toBe(first.runId + 1);

    const store = Store.open(dbPath);
    try {
      const project = store.projects.findByName(DEFAULT_CLI_PROJECT)!;
      expect(project.counts).toMatchObject({ designs: 1, workloads: 1, mappings: 1, runs: 2 });
      const run = store.runs.get(second.runId)!;
      expect(run).toMatchObject({ origin: 'cli', status: 'done' });
      expect(run.metrics!.latencyCycles).toBe(second.result.latencyCycles);
      expect(store.runs.result(second.runId)!.nCns).toBe(second.result.nCns);
      expect(integrityCheck(store.db)).toBe('ok');
    } finally {
      store.close();
    }
  });

  it('records a failing run as failed with its error', async () => {
    await expect(runWithStore({ dbPath, ...inputs, projectName: 'Failures' }, async () => Promise.reject(new Error('engine exploded')))).rejects.toThrow('engine exploded');
    const store = Store.open(dbPath);
    const [run] = store.runs.list({ projectId: store.projects.findByName('Failures')!.id });
    expect(run).toMatchObject({ status: 'failed', error: 'engine exploded' });
    store.close();
  });

  it('lists, shows and exports the stored runs (runs list|show|export)', async () => {
    const list = await cli(['runs', 'list', '--db', dbPath, '--json']);
    expect(list.code).toBe(0);
    const parsed = JSON.parse(list.out) as { runs: { run_id: number; status: string; lut: { hits: number } | null; project: string }[] };
    expect(parsed.runs.map((r) => r.status)).toEqual(['failed', 'done', 'done']);
    expect(parsed.runs[1]!.lut!.hits).toBeGreaterThan(0);
    expect(parsed.runs[1]!.project).toBe(DEFAULT_CLI_PROJECT);

    const table = await cli(['runs', 'list', '--db', dbPath, '--project', DEFAULT_CLI_PROJECT]);
    expect(table.out).toMatch(/^id\s+status/);
    expect(table.out).toContain('2 run(s)');

    const show = await cli(['runs', 'show', String(parsed.runs[1]!.run_id), '--db', dbPath]);
    expect(show.out).toMatch(/latency\s+\d+ cycles/);
    expect(show.out).toMatch(/LUT\s+\d+ hits, 0 misses/);

    const exported = await cli(['runs', 'export', String(parsed.runs[1]!.run_id), '--db', dbPath, '--out', 'run.json']);
    expect(exported.code).toBe(0);
    const file = JSON.parse(readFileSync(join(tmp.path, 'run.json'), 'utf8')) as { result: { nCns: number } };
    expect(file.result.nCns).toBeGreaterThan(0);

    expect((await cli(['runs', 'show', '999', '--db', dbPath])).code).toBe(1);
    expect((await cli(['runs', 'list', '--db', join(tmp.path, 'nope.sqlite')])).err).toMatch(/no workspace at/);
    expect((await cli(['runs', 'frobnicate', '--db', dbPath])).code).toBe(2);
  });

  it('stores `stream-studio run --db --project` runs: run_id and LUT hits in --json, visible to `runs list`', async () => {
    const args = ['run', '--accelerator', inputs.acceleratorPath, '--workload', inputs.workloadPath, '--mapping', inputs.mappingPath, '--allocation', 'fixed', '--db', dbPath, '--project', 'From run', '--json'];
    const first = await cli(args);
    expect(first.err).toBe('');
    const second = await cli(args);
    const a = JSON.parse(first.out) as { run_id: number; lut: { hits: number; misses: number }; latency_cycles: number };
    const b = JSON.parse(second.out) as typeof a;
    expect(b.run_id).toBe(a.run_id + 1);
    expect(b.lut.hits).toBeGreaterThan(0);
    expect(b.lut.misses).toBe(0);
    expect(b.latency_cycles).toBe(a.latency_cycles);
    const list = JSON.parse((await cli(['runs', 'list', '--db', dbPath, '--project', 'From run', '--json'])).out) as { runs: { run_id: number }[] };
    expect(list.runs.map((r) => r.run_id)).toEqual([b.run_id, a.run_id]);
    expect((await cli(['run', '--accelerator', 'a', '--workload', 'w', '--mapping', 'm', '--project', 'x'])).code).toBe(2);
  });

  it('opens the shared default workspace without --db: STREAM_STUDIO_DB, else under XDG_DATA_HOME, for runs and sweeps alike', async () => {
    const viaEnv = JSON.parse((await cli(['runs', 'list', '--json'], { STREAM_STUDIO_DB: dbPath })).out) as { runs: unknown[] };
    expect(viaEnv.runs).toHaveLength(5);
    const sweeps = await cli(['sweeps', 'list'], { STREAM_STUDIO_DB: dbPath });
    expect(sweeps.err).toBe('');
    expect(sweeps.code).toBe(0);
    const dataHome = join(tmp.path, 'xdg');
    const missing = await cli(['sweeps', 'list'], { XDG_DATA_HOME: dataHome });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`no workspace at ${join(dataHome, 'stream-studio', 'workspace.sqlite')} (give one with --db PATH)`);
    expect((await cli(['runs', 'list', '--db', join(tmp.path, 'nope.sqlite')], { STREAM_STUDIO_DB: dbPath })).err).toMatch(/no workspace at .*nope\.sqlite\n/);
  });

  it('works as a real command', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'bin/stream-studio.js'), 'runs', 'list', '--db', dbPath, '--json'], { encoding: 'utf8' });
    expect((JSON.parse(out) as { runs: unknown[] }).runs).toHaveLength(5);
  });
});
